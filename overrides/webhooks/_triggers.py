"""The webhook triggers Cal.com knows, in the order of the spec's ``CreateWebhookInputDto.triggers`` enum."""

from __future__ import annotations

from typing import Final

__all__ = ["BOOKING_TRIGGERS", "FLAT_TRIGGERS", "TRIGGERS"]

TRIGGERS: Final[tuple[str, ...]] = (
    "BOOKING_CREATED",
    "BOOKING_PAYMENT_INITIATED",
    "BOOKING_PAID",
    "BOOKING_RESCHEDULED",
    "BOOKING_REQUESTED",
    "BOOKING_CANCELLED",
    "BOOKING_REJECTED",
    "BOOKING_NO_SHOW_UPDATED",
    "FORM_SUBMITTED",
    "MEETING_ENDED",
    "MEETING_STARTED",
    "RECORDING_READY",
    "INSTANT_MEETING",
    "RECORDING_TRANSCRIPTION_GENERATED",
    "OOO_CREATED",
    "AFTER_HOSTS_CAL_VIDEO_NO_SHOW",
    "AFTER_GUESTS_CAL_VIDEO_NO_SHOW",
    "FORM_SUBMITTED_NO_EVENT",
)
"""All 18 trigger names a webhook subscription accepts."""

BOOKING_TRIGGERS: Final[frozenset[str]] = frozenset(
    {
        "BOOKING_CREATED",
        "BOOKING_PAYMENT_INITIATED",
        "BOOKING_PAID",
        "BOOKING_RESCHEDULED",
        "BOOKING_REQUESTED",
        "BOOKING_CANCELLED",
        "BOOKING_REJECTED",
    }
)
"""Triggers whose payload is the booking's calendar event."""

FLAT_TRIGGERS: Final[frozenset[str]] = frozenset({"MEETING_STARTED", "MEETING_ENDED"})
"""Triggers sent by Cal.com's scheduler as ``{triggerEvent, ...booking}``, without the ``payload`` wrapper."""
