"""Typed webhook events, one class per payload shape Cal.com sends.

Every event keeps the decoded body as ``raw`` and the trigger's data as ``payload`` (both left out
of ``repr``: they hold attendees' personal data), so fields this module does not name are never
lost. A field Cal.com left out, or sent with an unexpected type, is ``None``. Datetimes are
timezone-aware.

Which trigger gives which class (``webhooks.EVENT_CLASSES``)::

    BOOKING_CREATED, _REQUESTED, _RESCHEDULED,    BookingEvent
      _CANCELLED, _REJECTED, _PAYMENT_INITIATED,
      _PAID
    RECORDING_READY                               RecordingReadyEvent (a BookingEvent)
    RECORDING_TRANSCRIPTION_GENERATED             TranscriptionGeneratedEvent (a BookingEvent)
    BOOKING_NO_SHOW_UPDATED                       BookingNoShowUpdatedEvent
    MEETING_STARTED, MEETING_ENDED                MeetingEvent
    AFTER_HOSTS_/AFTER_GUESTS_CAL_VIDEO_NO_SHOW   CalVideoNoShowEvent
    INSTANT_MEETING                               InstantMeetingEvent
    FORM_SUBMITTED, FORM_SUBMITTED_NO_EVENT       FormSubmittedEvent
    OOO_CREATED                                   OutOfOfficeEvent
    any other trigger                             UnknownEvent
    a custom payloadTemplate body                 RawEvent
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any, Self
from urllib.parse import parse_qs

import attrs

from ._coerce import as_datetime, as_int, as_mapping, as_number, as_sequence, as_str, get_path

__all__ = [
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
]


def _json_field() -> Any:
    # Decoded JSON stays out of repr (long, and holds attendees' personal data) and out of the
    # hash (dicts are unhashable), so events stay hashable by their typed fields.
    return attrs.field(factory=dict, repr=False, hash=False)


def _minutes(value: object) -> int | None:
    number = as_number(value)
    if isinstance(number, float):
        return int(number) if number.is_integer() else None
    return number


# --- parts ---------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Person:
    """An organizer, attendee or user. ``utc_offset`` is in minutes, added by Cal.com's sender."""

    name: str | None = None
    email: str | None = None
    time_zone: str | None = None
    locale: str | None = None
    utc_offset: int | None = None
    id: int | None = None
    username: str | None = None
    raw: Mapping[str, Any] = _json_field()

    @classmethod
    def from_json(cls, value: object) -> Person | None:
        if not isinstance(value, Mapping):
            return None
        language = value.get("language")
        locale = as_str(get_path(value, "language", "locale")) or as_str(language) or as_str(value.get("locale"))
        return cls(
            name=as_str(value.get("name")),
            email=as_str(value.get("email")),
            time_zone=as_str(value.get("timeZone")),
            locale=locale,
            utc_offset=_minutes(value.get("utcOffset")),
            id=as_int(value.get("id")),
            username=as_str(value.get("username")),
            raw=value,
        )


def _people(value: object) -> tuple[Person, ...]:
    return tuple(person for person in map(Person.from_json, as_sequence(value)) if person is not None)


@attrs.frozen(kw_only=True)
class NoShowAttendee:
    """An attendee whose no-show flag was set or cleared."""

    email: str | None = None
    no_show: bool | None = None


@attrs.frozen(kw_only=True)
class FormFieldResponse:
    """One routing-form answer: ``response`` keeps option ids (``{label, id}``); ``value`` is the legacy label form."""

    value: Any = attrs.field(default=None, hash=False)
    response: Any = attrs.field(default=None, hash=False)


@attrs.frozen(kw_only=True)
class TranscriptLink:
    """Where to download a meeting transcript in one ``format``."""

    format: str | None = None
    link: str | None = None


@attrs.frozen(kw_only=True)
class OutOfOfficeEntry:
    """An out-of-office period; ``to_user`` is who bookings are redirected to, if anyone."""

    id: int | None = None
    uuid: str | None = None
    start: _dt.datetime | None = None
    end: _dt.datetime | None = None
    notes: str | None = None
    reason: str | None = None
    reason_emoji: str | None = None
    reason_id: int | None = None
    user: Person | None = None
    to_user: Person | None = None
    created_at: _dt.datetime | None = None
    updated_at: _dt.datetime | None = None
    raw: Mapping[str, Any] = _json_field()

    @classmethod
    def from_json(cls, value: object) -> OutOfOfficeEntry | None:
        if not isinstance(value, Mapping):
            return None
        return cls(
            id=as_int(value.get("id")),
            uuid=as_str(value.get("uuid")),
            start=as_datetime(value.get("start")),
            end=as_datetime(value.get("end")),
            notes=as_str(value.get("notes")),
            reason=as_str(get_path(value, "reason", "reason")),
            reason_emoji=as_str(get_path(value, "reason", "emoji")),
            reason_id=as_int(value.get("reasonId")),
            user=Person.from_json(value.get("user")),
            to_user=Person.from_json(value.get("toUser")),
            created_at=as_datetime(value.get("createdAt")),
            updated_at=as_datetime(value.get("updatedAt")),
            raw=value,
        )


# --- events --------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class WebhookEvent:
    """What every parsed webhook has.

    ``created_at`` is when Cal.com produced the delivery (``None`` for bodies that do not say,
    such as the flat MEETING_STARTED/ENDED ones). ``payload`` is the trigger's data, ``raw`` the
    whole decoded body.
    """

    trigger_event: str
    created_at: _dt.datetime | None = None
    payload: Mapping[str, Any] = _json_field()
    raw: Mapping[str, Any] = _json_field()

    @classmethod
    def from_payload(
        cls,
        trigger_event: str,
        payload: Mapping[str, Any],
        *,
        created_at: _dt.datetime | None = None,
        raw: Mapping[str, Any] | None = None,
    ) -> Self:
        """Build the event from a trigger's ``payload`` object (never raises on odd field types)."""
        return cls(
            trigger_event=trigger_event,
            created_at=created_at,
            payload=payload,
            raw=payload if raw is None else raw,
            **cls._fields(payload),
        )

    @classmethod
    def _fields(cls, payload: Mapping[str, Any]) -> dict[str, Any]:
        return {}


@attrs.frozen(kw_only=True)
class UnknownEvent(WebhookEvent):
    """A trigger this version of cal_client does not know; read ``payload``/``raw``."""


@attrs.frozen(kw_only=True)
class BookingEvent(WebhookEvent):
    """A booking was created, requested, rescheduled, cancelled, rejected or paid for.

    The payload is the booking's calendar event: ``uid`` is the booking UID used by the Bookings
    API, ``event_type_slug`` is the payload's ``type``.
    """

    uid: str | None = None
    booking_id: int | None = None
    event_type_id: int | None = None
    event_type_slug: str | None = None
    title: str | None = None
    description: str | None = None
    start_time: _dt.datetime | None = None
    end_time: _dt.datetime | None = None
    organizer: Person | None = None
    attendees: tuple[Person, ...] = ()
    location: str | None = None
    status: str | None = None
    responses: Mapping[str, Any] = _json_field()
    metadata: Mapping[str, Any] = _json_field()
    video_call_url: str | None = None
    price: int | float | None = None
    currency: str | None = None
    length: int | None = None
    reschedule_uid: str | None = None
    reschedule_id: int | None = None
    reschedule_start_time: _dt.datetime | None = None
    reschedule_end_time: _dt.datetime | None = None
    rescheduled_by: str | None = None
    cancellation_reason: str | None = None
    cancelled_by: str | None = None
    rejection_reason: str | None = None
    payment_id: int | None = None

    @classmethod
    def _fields(cls, payload: Mapping[str, Any]) -> dict[str, Any]:
        metadata = as_mapping(payload.get("metadata"))
        return {
            "uid": as_str(payload.get("uid")),
            "booking_id": as_int(payload.get("bookingId")),
            "event_type_id": as_int(payload.get("eventTypeId")),
            "event_type_slug": as_str(payload.get("type")),
            "title": as_str(payload.get("title")),
            "description": as_str(payload.get("description")),
            "start_time": as_datetime(payload.get("startTime")),
            "end_time": as_datetime(payload.get("endTime")),
            "organizer": Person.from_json(payload.get("organizer")),
            "attendees": _people(payload.get("attendees")),
            "location": as_str(payload.get("location")),
            "status": as_str(payload.get("status")),
            "responses": as_mapping(payload.get("responses")),
            "metadata": metadata,
            "video_call_url": as_str(metadata.get("videoCallUrl")),
            "price": as_number(payload.get("price")),
            "currency": as_str(payload.get("currency")),
            "length": as_int(payload.get("length")),
            "reschedule_uid": as_str(payload.get("rescheduleUid")),
            "reschedule_id": as_int(payload.get("rescheduleId")),
            "reschedule_start_time": as_datetime(payload.get("rescheduleStartTime")),
            "reschedule_end_time": as_datetime(payload.get("rescheduleEndTime")),
            "rescheduled_by": as_str(payload.get("rescheduledBy")),
            "cancellation_reason": as_str(payload.get("cancellationReason")),
            "cancelled_by": as_str(payload.get("cancelledBy")),
            "rejection_reason": as_str(payload.get("rejectionReason")),
            "payment_id": as_int(payload.get("paymentId")),
        }


@attrs.frozen(kw_only=True)
class RecordingReadyEvent(BookingEvent):
    """A Cal Video recording of the booking can be downloaded from ``download_link``."""

    download_link: str | None = None

    @classmethod
    def _fields(cls, payload: Mapping[str, Any]) -> dict[str, Any]:
        return {**super()._fields(payload), "download_link": as_str(payload.get("downloadLink"))}


@attrs.frozen(kw_only=True)
class TranscriptionGeneratedEvent(BookingEvent):
    """Transcripts of the booking's Cal Video meeting are ready."""

    transcripts: tuple[TranscriptLink, ...] = ()
    recording_url: str | None = None

    @classmethod
    def _fields(cls, payload: Mapping[str, Any]) -> dict[str, Any]:
        links = as_mapping(payload.get("downloadLinks"))
        transcripts = tuple(
            TranscriptLink(format=as_str(item.get("format")), link=as_str(item.get("link")))
            for item in as_sequence(links.get("transcription"))
            if isinstance(item, Mapping)
        )
        return {**super()._fields(payload), "transcripts": transcripts, "recording_url": as_str(links.get("recording"))}


@attrs.frozen(kw_only=True)
class BookingNoShowUpdatedEvent(WebhookEvent):
    """Attendees of a booking were marked (or unmarked) as no-shows."""

    message: str | None = None
    booking_uid: str | None = None
    booking_id: int | None = None
    attendees: tuple[NoShowAttendee, ...] = ()

    @classmethod
    def _fields(cls, payload: Mapping[str, Any]) -> dict[str, Any]:
        attendees = tuple(
            NoShowAttendee(
                email=as_str(item.get("email")),
                no_show=item.get("noShow") if isinstance(item.get("noShow"), bool) else None,
            )
            for item in as_sequence(payload.get("attendees"))
            if isinstance(item, Mapping)
        )
        return {
            "message": as_str(payload.get("message")),
            "booking_uid": as_str(payload.get("bookingUid")),
            "booking_id": as_int(payload.get("bookingId")),
            "attendees": attendees,
        }


@attrs.frozen(kw_only=True)
class MeetingEvent(WebhookEvent):
    """A booked meeting started or ended (sent by Cal.com's scheduler at start/end time).

    The payload is the stored booking row. Cal.com sends it flat (``{triggerEvent, ...booking}``),
    so ``created_at`` is ``None`` there and the row's own ``createdAt`` is ``booking_created_at``.
    """

    booking_id: int | None = None
    uid: str | None = None
    title: str | None = None
    description: str | None = None
    start_time: _dt.datetime | None = None
    end_time: _dt.datetime | None = None
    status: str | None = None
    location: str | None = None
    user_id: int | None = None
    event_type_id: int | None = None
    attendees: tuple[Person, ...] = ()
    responses: Mapping[str, Any] = _json_field()
    metadata: Mapping[str, Any] = _json_field()
    booking_created_at: _dt.datetime | None = None

    @classmethod
    def _fields(cls, payload: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "booking_id": as_int(payload.get("id")),
            "uid": as_str(payload.get("uid")),
            "title": as_str(payload.get("title")),
            "description": as_str(payload.get("description")),
            "start_time": as_datetime(payload.get("startTime")),
            "end_time": as_datetime(payload.get("endTime")),
            "status": as_str(payload.get("status")),
            "location": as_str(payload.get("location")),
            "user_id": as_int(payload.get("userId")),
            "event_type_id": as_int(payload.get("eventTypeId")),
            "attendees": _people(payload.get("attendees")),
            "responses": as_mapping(payload.get("responses")),
            "metadata": as_mapping(payload.get("metadata")),
            "booking_created_at": as_datetime(payload.get("createdAt")),
        }


@attrs.frozen(kw_only=True)
class CalVideoNoShowEvent(WebhookEvent):
    """A host (AFTER_HOSTS_…) or every guest (AFTER_GUESTS_…) did not join the Cal Video call in time."""

    booking_id: int | None = None
    booking_uid: str | None = None
    title: str | None = None
    start_time: _dt.datetime | None = None
    end_time: _dt.datetime | None = None
    attendees: tuple[Person, ...] = ()
    participants: tuple[Mapping[str, Any], ...] = attrs.field(default=(), hash=False)
    host_email: str | None = None
    event_type_id: int | None = None
    rescheduled_by: str | None = None
    message: str | None = None

    @classmethod
    def _fields(cls, payload: Mapping[str, Any]) -> dict[str, Any]:
        participants = tuple(item for item in as_sequence(payload.get("participants")) if isinstance(item, Mapping))
        return {
            "booking_id": as_int(payload.get("bookingId")),
            "booking_uid": as_str(payload.get("bookingUid")),
            "title": as_str(payload.get("title")),
            "start_time": as_datetime(payload.get("startTime")),
            "end_time": as_datetime(payload.get("endTime")),
            "attendees": _people(payload.get("attendees")),
            "participants": participants,
            "host_email": as_str(payload.get("hostEmail")),
            "event_type_id": as_int(get_path(payload, "eventType", "id")),
            "rescheduled_by": as_str(payload.get("rescheduledBy")),
            "message": as_str(payload.get("message")),
        }


@attrs.frozen(kw_only=True)
class InstantMeetingEvent(WebhookEvent):
    """Someone is waiting in an instant meeting; hosts join through ``connect_and_join_url``."""

    uid: str | None = None
    event_type_id: int | None = None
    event_type_title: str | None = None
    connect_and_join_url: str | None = None
    responses: Mapping[str, Any] = _json_field()
    custom_inputs: Mapping[str, Any] = _json_field()

    @classmethod
    def _fields(cls, payload: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "uid": as_str(payload.get("uid")),
            "event_type_id": as_int(payload.get("eventTypeId")),
            "event_type_title": as_str(payload.get("eventTypeTitle")),
            "connect_and_join_url": as_str(payload.get("connectAndJoinUrl")),
            "responses": as_mapping(payload.get("responses")),
            "custom_inputs": as_mapping(payload.get("customInputs")),
        }


@attrs.frozen(kw_only=True)
class FormSubmittedEvent(WebhookEvent):
    """A routing form was submitted (FORM_SUBMITTED), or submitted without a booking following (…_NO_EVENT).

    ``responses`` maps each field's identifier (or label) to its answer.
    """

    form_id: str | None = None
    form_name: str | None = None
    team_id: int | None = None
    responses: Mapping[str, FormFieldResponse] = _json_field()
    response_id: int | None = None
    redirect: Mapping[str, Any] | None = attrs.field(default=None, hash=False)

    @classmethod
    def _fields(cls, payload: Mapping[str, Any]) -> dict[str, Any]:
        responses = {
            str(key): (
                FormFieldResponse(value=answer.get("value"), response=answer.get("response"))
                if isinstance(answer, Mapping)
                else FormFieldResponse(value=answer, response=answer)
            )
            for key, answer in as_mapping(payload.get("responses")).items()
        }
        redirect = payload.get("redirect")
        return {
            "form_id": as_str(payload.get("formId")),
            "form_name": as_str(payload.get("formName")),
            "team_id": as_int(payload.get("teamId")),
            "responses": responses,
            "response_id": as_int(payload.get("responseId")),
            "redirect": redirect if isinstance(redirect, Mapping) else None,
        }


@attrs.frozen(kw_only=True)
class OutOfOfficeEvent(WebhookEvent):
    """A user created an out-of-office entry."""

    entry: OutOfOfficeEntry | None = None

    @classmethod
    def _fields(cls, payload: Mapping[str, Any]) -> dict[str, Any]:
        return {"entry": OutOfOfficeEntry.from_json(payload.get("oooEntry"))}


@attrs.frozen(kw_only=True)
class RawEvent:
    """A verified body that is not one of Cal.com's default shapes: a custom ``payloadTemplate``.

    ``body`` is the bytes as received. ``data`` is the decoded JSON when the body was JSON
    (``None`` otherwise) and ``trigger_event`` its ``triggerEvent`` if the template included one.
    A template that is not JSON is sent as ``application/x-www-form-urlencoded``; its text is
    whatever the template rendered, so read ``text``, or ``form()`` if it is a real form.
    """

    body: bytes = attrs.field(repr=False)
    content_type: str | None = None
    data: Any = attrs.field(default=None, repr=False, hash=False)
    trigger_event: str | None = None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def form(self) -> dict[str, list[str]]:
        """The body read as ``application/x-www-form-urlencoded`` fields."""
        return parse_qs(self.text, keep_blank_values=True)
