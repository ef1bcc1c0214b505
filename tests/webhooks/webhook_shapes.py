"""Webhook bodies in the shapes Cal.com documents and sends, one builder per trigger.

Sources: docs/developing/guides/automation/webhooks.mdx (the booking example),
packages/features/webhooks/lib/sendPayload.ts (wrapper, generic sender, utcOffset, no-show and
OOO payloads), scheduleTrigger.ts (flat MEETING_* bodies), formSubmissionUtils.ts and
triggerFormSubmittedNoEventWebhook.ts (forms), handleInstantMeeting.ts, triggerNoShow/common.ts,
as summarised in ../shared/docs/cal-api-v2.md section 6. Values are made up; keys and nesting are
Cal.com's.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

CREATED_AT = "2025-10-01T09:30:00.538Z"


def js_stringify(data: Any) -> bytes:
    """Bytes as Node's JSON.stringify writes them: compact, non-ASCII left as is, UTF-8."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def independent_hmac_sha256(key: bytes, message: bytes) -> str:
    """HMAC-SHA256 built from RFC 2104's definition on hashlib alone (no ``hmac`` module)."""
    block = 64
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    key = key.ljust(block, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key) + message).digest()
    return hashlib.sha256(bytes(b ^ 0x5C for b in key) + inner).hexdigest()


def calendar_event(**extra: Any) -> dict[str, Any]:
    """The booking payload (a CalendarEvent plus event-type info), as in the docs' example."""
    event: dict[str, Any] = {
        "type": "60min",
        "title": "60min between Pro Example and Zoë Ångström",
        "description": "Bring the Q3 numbers 📈",
        "additionalNotes": "",
        "customInputs": {},
        "startTime": "2025-10-02T09:30:00Z",
        "endTime": "2025-10-02T10:30:00Z",
        "organizer": {
            "id": 5,
            "name": "Pro Example",
            "email": "pro@example.com",
            "username": "pro",
            "timeZone": "Asia/Kolkata",
            "language": {"locale": "en"},
            "timeFormat": "h:mma",
            "utcOffset": 330,
        },
        "responses": {
            "name": {"label": "your_name", "value": "Zoë Ångström"},
            "email": {"label": "email_address", "value": "zoe@example.com"},
            "location": {"label": "location", "value": {"optionValue": "", "value": "inPerson"}},
        },
        "userFieldsResponses": {},
        "attendees": [
            {
                "email": "zoe@example.com",
                "name": "Zoë Ångström",
                "timeZone": "Europe/Stockholm",
                "language": {"locale": "sv"},
                "utcOffset": 120,
            },
            {
                "email": "guest@example.com",
                "name": "山田太郎",
                "timeZone": "Asia/Tokyo",
                "language": {"locale": "ja"},
                "utcOffset": 540,
            },
        ],
        "location": "Calcom HQ",
        "destinationCalendar": None,
        "hideCalendarNotes": False,
        "requiresConfirmation": None,
        "eventTypeId": 7,
        "seatsShowAttendees": True,
        "seatsPerTimeSlot": None,
        "uid": "bFJeNb2uX8ANpT3JL5EfXw",
        "eventTitle": "60min",
        "eventDescription": "",
        "price": 0,
        "currency": "usd",
        "length": 60,
        "bookingId": 91,
        "metadata": {"videoCallUrl": "https://app.cal.com/video/bFJeNb2uX8ANpT3JL5EfXw"},
        "status": "ACCEPTED",
    }
    event.update(extra)
    return event


def wrapped(trigger: str, payload: dict[str, Any], **root: Any) -> dict[str, Any]:
    """``{triggerEvent, createdAt, payload}``; ``root`` fields go first, as the generic sender spreads them."""
    return {**root, "triggerEvent": trigger, "createdAt": CREATED_AT, "payload": payload}


def booking_row(**extra: Any) -> dict[str, Any]:
    """A stored Booking row as the scheduler serialises it for MEETING_STARTED/ENDED."""
    row: dict[str, Any] = {
        "id": 91,
        "uid": "bFJeNb2uX8ANpT3JL5EfXw",
        "userId": 5,
        "eventTypeId": 7,
        "title": "60min between Pro Example and Zoë Ångström",
        "description": "Bring the Q3 numbers 📈",
        "customInputs": {},
        "responses": {"name": "Zoë Ångström", "email": "zoe@example.com"},
        "startTime": "2025-10-02T09:30:00.000Z",
        "endTime": "2025-10-02T10:30:00.000Z",
        "location": "integrations:daily",
        "createdAt": "2025-09-30T08:00:00.000Z",
        "updatedAt": None,
        "status": "ACCEPTED",
        "paid": False,
        "metadata": {"videoCallUrl": "https://app.cal.com/video/bFJeNb2uX8ANpT3JL5EfXw"},
        "attendees": [{"name": "Zoë Ångström", "email": "zoe@example.com"}],
        "eventType": {"bookingFields": []},
    }
    row.update(extra)
    return row


def documented_body(trigger: str) -> dict[str, Any]:
    """The default (template-less) body Cal.com sends for ``trigger``."""
    if trigger == "BOOKING_CREATED":
        return wrapped(trigger, calendar_event())
    if trigger == "BOOKING_REQUESTED":
        return wrapped(trigger, calendar_event(status="PENDING", requiresConfirmation=True))
    if trigger == "BOOKING_RESCHEDULED":
        return wrapped(
            trigger,
            calendar_event(
                uid="newUid7Xy",
                bookingId=92,
                rescheduleUid="bFJeNb2uX8ANpT3JL5EfXw",
                rescheduleId=91,
                rescheduleStartTime="2025-10-02T09:30:00Z",
                rescheduleEndTime="2025-10-02T10:30:00Z",
                rescheduledBy="pro@example.com",
                startTime="2025-10-03T14:00:00Z",
                endTime="2025-10-03T15:00:00Z",
            ),
        )
    if trigger == "BOOKING_CANCELLED":
        return wrapped(
            trigger,
            calendar_event(status="CANCELLED", cancellationReason="Conflit d'agenda", cancelledBy="zoe@example.com"),
        )
    if trigger == "BOOKING_REJECTED":
        return wrapped(trigger, calendar_event(status="REJECTED", rejectionReason="Fully booked that week"))
    if trigger == "BOOKING_PAYMENT_INITIATED":
        return wrapped(trigger, calendar_event(status="PENDING", price=5000, paymentId=17, paymentData={"id": 17}))
    if trigger == "BOOKING_PAID":
        return wrapped(trigger, calendar_event(price=5000, paymentId=17, paymentData={"id": 17, "success": True}))
    if trigger == "BOOKING_NO_SHOW_UPDATED":
        return wrapped(
            trigger,
            {
                "message": "zoe@example.com marked as no-show",
                "bookingUid": "bFJeNb2uX8ANpT3JL5EfXw",
                "bookingId": 91,
                "attendees": [{"email": "zoe@example.com", "noShow": True}],
            },
        )
    if trigger == "FORM_SUBMITTED":
        responses = {
            "email": {"value": "zoe@example.com", "response": "zoe@example.com"},
            "team-size": {"value": ["11-50"], "response": [{"label": "11-50", "id": "opt-2"}]},
        }
        payload = {"formId": "form-uuid-1", "formName": "Sales routing", "teamId": None, "responses": responses}
        # The generic sender puts each answer's legacy value at the root too, before the known keys.
        return wrapped(trigger, payload, **{"email": "zoe@example.com", "team-size": ["11-50"]})
    if trigger == "FORM_SUBMITTED_NO_EVENT":
        return wrapped(
            trigger,
            {
                "formId": "form-uuid-1",
                "formName": "Sales routing",
                "teamId": 3,
                "redirect": {"type": "eventTypeRedirectUrl", "value": "team/sales/demo"},
                "responseId": 4021,
                "responses": {"email": {"value": "zoe@example.com", "response": "zoe@example.com"}},
            },
        )
    if trigger in ("MEETING_STARTED", "MEETING_ENDED"):
        return {"triggerEvent": trigger, **booking_row()}
    if trigger == "RECORDING_READY":
        return wrapped(trigger, calendar_event(downloadLink="https://cal.example/recordings/91.mp4"))
    if trigger == "RECORDING_TRANSCRIPTION_GENERATED":
        links = {
            "transcription": [
                {"format": "json", "link": "https://cal.example/transcripts/91.json"},
                {"format": "vtt", "link": "https://cal.example/transcripts/91.vtt"},
            ],
            "recording": "https://cal.example/recordings/91.mp4",
        }
        return wrapped(trigger, calendar_event(downloadLinks=links))
    if trigger == "INSTANT_MEETING":
        return wrapped(
            trigger,
            {
                "triggerEvent": "INSTANT_MEETING",
                "uid": "instUid42",
                "responses": {"name": {"value": "Zoë Ångström"}},
                "connectAndJoinUrl": "https://app.cal.com/connect-and-join?token=abc123",
                "eventTypeId": 12,
                "eventTypeTitle": "Instant help",
                "customInputs": {},
            },
        )
    if trigger == "OOO_CREATED":
        return wrapped(
            trigger,
            {
                "oooEntry": {
                    "id": 8,
                    "start": "2025-12-22T00:00:00.000Z",
                    "end": "2026-01-02T23:59:59.999Z",
                    "createdAt": "2025-10-01T09:29:59.000Z",
                    "updatedAt": "2025-10-01T09:29:59.000Z",
                    "notes": "Winter break ❄️",
                    "reason": {"emoji": "🏝️", "reason": "vacation"},
                    "reasonId": 1,
                    "user": {
                        "id": 5,
                        "name": "Pro Example",
                        "username": "pro",
                        "timeZone": "Asia/Kolkata",
                        "email": "pro@example.com",
                    },
                    "toUser": {"id": 6, "name": "Backup", "username": "backup", "email": "backup@example.com"},
                    "uuid": "6b0b1f38-6f55-4c86-9d0c-6b2f3c8f1a11",
                }
            },
        )
    if trigger in ("AFTER_HOSTS_CAL_VIDEO_NO_SHOW", "AFTER_GUESTS_CAL_VIDEO_NO_SHOW"):
        host = trigger == "AFTER_HOSTS_CAL_VIDEO_NO_SHOW"
        return wrapped(
            trigger,
            {
                "title": "60min between Pro Example and Zoë Ångström",
                "bookingId": 91,
                "bookingUid": "bFJeNb2uX8ANpT3JL5EfXw",
                "startTime": "2025-10-02T09:30:00.000Z",
                "attendees": [
                    {"id": 301, "email": "zoe@example.com", "name": "Zoë Ångström", "timeZone": "Europe/Stockholm"}
                ],
                "endTime": "2025-10-02T10:30:00.000Z",
                "participants": [{"user_id": None, "participant_id": "p-1", "join_time": 1759397400}],
                **({"hostEmail": "pro@example.com"} if host else {}),
                "eventType": {"id": 7, "teamId": None, "parentId": None, "calVideoSettings": None},
                "webhook": {
                    "id": "wh-uuid",
                    "subscriberUrl": "https://example.com/hook",
                    "appId": None,
                    "time": 5,
                    "timeUnit": "MINUTE",
                    "eventTriggers": [trigger],
                    "payloadTemplate": None,
                },
                "message": (
                    "Host with email pro@example.com didn't join the call or didn't join before 2025-10-02 09:35:00 Z"
                    if host
                    else "Guest didn't join the call or didn't join before 2025-10-02 09:35:00 Z"
                ),
            },
        )
    raise KeyError(trigger)
