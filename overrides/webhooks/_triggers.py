"""The webhook triggers Cal.com knows: the spec's ``CreateWebhookInputDto.triggers`` enum."""

from __future__ import annotations

from typing import Final

from cal_client.models.create_webhook_input_dto_triggers_item import CreateWebhookInputDtoTriggersItem

__all__ = ["BOOKING_TRIGGERS", "FLAT_TRIGGERS", "TRIGGERS"]

# Read from the generated enum, so a regeneration that brings new triggers brings them here too.
TRIGGERS: Final[tuple[str, ...]] = tuple(member.value for member in CreateWebhookInputDtoTriggersItem)
"""Every trigger name a webhook subscription accepts (the locked spec's enum); a trigger without an
event class of its own parses to ``UnknownEvent``, whole."""

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
