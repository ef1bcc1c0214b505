"""Receive Cal.com webhooks: verify the signature, then parse the body into a typed event.

    from cal_client import webhooks

    event = webhooks.parse(body, request.headers, secret=WEBHOOK_SECRET)  # raw body bytes
    if isinstance(event, webhooks.BookingEvent):
        print(event.trigger_event, event.uid, event.start_time, event.attendees)

``verify`` checks ``X-Cal-Signature-256`` (hex HMAC-SHA256 of the raw body) on its own; failures
raise :class:`WebhookVerificationError` with a ``reason``. ``TRIGGERS`` lists the 18 triggers a
subscription can ask for. See ``_events`` for which class each trigger parses to.
"""

from ._events import (
    BookingEvent,
    BookingNoShowUpdatedEvent,
    CalVideoNoShowEvent,
    FormFieldResponse,
    FormSubmittedEvent,
    InstantMeetingEvent,
    MeetingEvent,
    NoShowAttendee,
    OutOfOfficeEntry,
    OutOfOfficeEvent,
    Person,
    RawEvent,
    RecordingReadyEvent,
    TranscriptionGeneratedEvent,
    TranscriptLink,
    UnknownEvent,
    WebhookEvent,
)
from ._parse import EVENT_CLASSES, decode, parse
from ._triggers import TRIGGERS
from ._verify import NO_SECRET_SIGNATURE, SIGNATURE_HEADER, WebhookVerificationError, sign, verify

__all__ = [
    "EVENT_CLASSES",
    "NO_SECRET_SIGNATURE",
    "SIGNATURE_HEADER",
    "TRIGGERS",
    "BookingEvent",
    "BookingNoShowUpdatedEvent",
    "CalVideoNoShowEvent",
    "FormFieldResponse",
    "FormSubmittedEvent",
    "InstantMeetingEvent",
    "MeetingEvent",
    "NoShowAttendee",
    "OutOfOfficeEntry",
    "OutOfOfficeEvent",
    "Person",
    "RawEvent",
    "RecordingReadyEvent",
    "TranscriptLink",
    "TranscriptionGeneratedEvent",
    "UnknownEvent",
    "WebhookEvent",
    "WebhookVerificationError",
    "decode",
    "parse",
    "sign",
    "verify",
]
