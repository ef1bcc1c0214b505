"""From a received request (body + headers) to a verified, typed event."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from ._coerce import as_datetime
from ._events import (
    BookingEvent,
    BookingNoShowUpdatedEvent,
    CalVideoNoShowEvent,
    FormSubmittedEvent,
    InstantMeetingEvent,
    MeetingEvent,
    OutOfOfficeEvent,
    RawEvent,
    RecordingReadyEvent,
    TranscriptionGeneratedEvent,
    UnknownEvent,
    WebhookEvent,
)
from ._triggers import BOOKING_TRIGGERS, FLAT_TRIGGERS
from ._verify import SIGNATURE_HEADER, Body, as_bytes, verify

__all__ = ["EVENT_CLASSES", "decode", "parse"]

EVENT_CLASSES: Final[Mapping[str, type[WebhookEvent]]] = {
    **dict.fromkeys(BOOKING_TRIGGERS, BookingEvent),
    "BOOKING_NO_SHOW_UPDATED": BookingNoShowUpdatedEvent,
    "FORM_SUBMITTED": FormSubmittedEvent,
    "FORM_SUBMITTED_NO_EVENT": FormSubmittedEvent,
    "MEETING_STARTED": MeetingEvent,
    "MEETING_ENDED": MeetingEvent,
    "RECORDING_READY": RecordingReadyEvent,
    "RECORDING_TRANSCRIPTION_GENERATED": TranscriptionGeneratedEvent,
    "INSTANT_MEETING": InstantMeetingEvent,
    "OOO_CREATED": OutOfOfficeEvent,
    "AFTER_HOSTS_CAL_VIDEO_NO_SHOW": CalVideoNoShowEvent,
    "AFTER_GUESTS_CAL_VIDEO_NO_SHOW": CalVideoNoShowEvent,
}
"""Which event class each known trigger parses to; any other trigger gives :class:`UnknownEvent`."""

_FORM_MEDIA_TYPE: Final = "application/x-www-form-urlencoded"


def parse(body: Body, headers: Mapping[str, str], *, secret: str | None) -> WebhookEvent | RawEvent:
    """Verify a delivered webhook and return it as a typed event.

    ``body`` is the request body exactly as received; prefer the raw bytes (text is encoded as
    UTF-8, which is what Cal.com signs, so a body decoded any other way fails verification).
    ``headers`` is any mapping of the request headers; names are matched case-insensitively.

    ``secret`` is the webhook's secret: the signature is checked against the raw bytes before
    anything is decoded, and :class:`WebhookVerificationError` is raised if it does not match,
    is missing, or is ``no-secret-provided``. ``secret=None`` skips verification; use it only for
    webhooks created without a secret, whose bodies anyone could have sent.

    Cal.com's default bodies become the trigger's event class (see ``EVENT_CLASSES``), an unknown
    trigger becomes :class:`UnknownEvent`, and anything else (a custom ``payloadTemplate``,
    form-urlencoded or not JSON at all) a :class:`RawEvent` holding the verified bytes. Odd or
    missing fields never raise: they are ``None`` and stay available in ``raw``.
    """
    data = as_bytes(body)
    if secret is not None:
        verify(data, _header(headers, SIGNATURE_HEADER), secret)
    return decode(data, _header(headers, "content-type"))


def decode(body: bytes, content_type: str | None = None) -> WebhookEvent | RawEvent:
    """The event in an already-verified body (``parse`` without the signature check)."""
    if content_type is not None and content_type.partition(";")[0].strip().lower() == _FORM_MEDIA_TYPE:
        return RawEvent(body=body, content_type=content_type)
    try:
        decoded: Any = json.loads(body)
    except (ValueError, RecursionError):
        return RawEvent(body=body, content_type=content_type)
    if not isinstance(decoded, dict):
        return RawEvent(body=body, content_type=content_type, data=decoded)
    trigger = decoded.get("triggerEvent")
    if not isinstance(trigger, str):
        return RawEvent(body=body, content_type=content_type, data=decoded)

    event_class = EVENT_CLASSES.get(trigger, UnknownEvent)
    payload = decoded.get("payload")
    if isinstance(payload, dict):
        return event_class.from_payload(trigger, payload, created_at=as_datetime(decoded.get("createdAt")), raw=decoded)
    if trigger in FLAT_TRIGGERS or event_class is UnknownEvent:
        # The scheduler's flat body is the booking row itself; its createdAt is the booking's.
        flat = {key: value for key, value in decoded.items() if key != "triggerEvent"}
        return event_class.from_payload(trigger, flat, raw=decoded)
    # A known trigger without its payload object is a custom template that happens to be JSON.
    return RawEvent(body=body, content_type=content_type, data=decoded, trigger_event=trigger)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    # Case-insensitive mappings (httpx, starlette, werkzeug) answer directly; a plain dict may not.
    value = headers.get(name)
    if value is None:
        wanted = name.lower()
        value = next((v for k, v in headers.items() if isinstance(k, str) and k.lower() == wanted), None)
    return value
