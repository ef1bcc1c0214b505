"""Bookings (``cal-api-version`` 2024-08-13, cal-api-v2.md 7): create, read, list and change state.

A booking is only made at a start the slots engine offers; states move pending -> accepted |
rejected, and accepted | pending -> cancelled (a reschedule cancels the old booking and links
both ways). Each change sends the host's subscribed webhooks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from .._errors import bad_request, not_found
from .._routing import Call, Route, ok, route
from .._slots import is_free
from .._store import Attendee, Booking, EventType, Store, booking_uid
from .._validation import (
    MAX_MINUTES,
    AnyOf,
    Arr,
    Bool,
    Custom,
    Int,
    Obj,
    Str,
    parse_datetime,
    require_valid,
)
from .._webhooks import booking_payload, iso_ms

Json = dict[str, Any]
ROUTES: list[Route] = []
MANAGED_TAG = re.compile(r"\+[a-zA-Z0-9]{25}")
VERSIONS = ("2024-08-13",)
# The attendee.language enum of the spec (Cal.com's supported locales).
# fmt: off
LANGUAGES = (
    "ar", "ca", "de", "es", "eu", "he", "id", "ja", "lv", "pl", "ro", "sr", "th", "vi", "az", "cs", "el", "es-419",
    "fi", "hr", "it", "km", "nl", "pt", "ru", "sv", "tr", "zh-CN", "bg", "da", "en", "et", "fr", "hu", "iw", "ko",
    "no", "pt-BR", "sk", "ta", "uk", "zh-TW", "bn",
)
# fmt: on
PAST_MESSAGE = "Attempting to book a meeting in the past."
BUSY_MESSAGE = "User either already has booking at this time or is not available"


def _metadata(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "must be an object"
    if len(value) > 50:
        return "must have at most 50 keys"
    if any(len(str(k)) > 40 for k in value) or any(isinstance(v, str) and len(v) > 500 for v in value.values()):
        return "keys must be at most 40 characters and string values at most 500"
    return None


ATTENDEE = Obj(
    required=True,
    forbid_unknown=True,
    fields={
        "name": Str(required=True, non_empty=True),
        "email": Str(kind="email"),
        "timeZone": Str(required=True, kind="timezone"),
        "language": Str(enum=LANGUAGES),
        "phoneNumber": Str(),
    },
)
CREATE = {
    "start": Str(required=True, kind="iso8601"),
    "attendee": ATTENDEE,
    "eventTypeId": Int(),
    "eventTypeSlug": Str(),
    "username": Str(),
    "teamSlug": Str(),
    "organizationSlug": Str(),
    "guests": Arr(item=Str(kind="email")),
    "meetingUrl": Str(),
    "location": AnyOf(options=(Str(), Obj(fields={"type": Str(required=True)}))),
    "metadata": Custom(test=_metadata, constraint="isMetadata"),
    "lengthInMinutes": Int(minimum=1, maximum=MAX_MINUTES),
    "bookingFieldsResponses": Obj(),
    "emailVerificationCode": Str(),
    "routing": Obj(),
    "instant": Bool(),
    "recurrenceCount": Int(minimum=1, maximum=1000),
}
RESCHEDULE = {
    "start": Str(required=True, kind="iso8601"),
    "rescheduledBy": Str(kind="email"),
    "reschedulingReason": Str(),
    "emailVerificationCode": Str(),
    "seatUid": Str(),
}
CANCEL = {"cancellationReason": Str(), "cancelSubsequentBookings": Bool(), "seatUid": Str()}
DECLINE = {"reason": Str()}
MARK_ABSENT = {
    "host": Bool(),
    "attendees": Arr(item=Obj(fields={"email": Str(required=True), "absent": Bool(required=True)}), min_items=1),
}
STATUS_FILTERS = ("upcoming", "recurring", "past", "cancelled", "unconfirmed")
SORTS = {"sortStart": "start", "sortEnd": "end", "sortCreated": "created", "sortUpdatedAt": "updated"}


def output(store: Store, booking: Booking) -> Json:
    """A booking as Cal.com's bookings output service writes it (getOutputBooking)."""
    host = store.users[booking.host_id]
    event_type = store.event_types.get(booking.event_type_id)
    responses = dict(booking.responses)
    # The service adds the display forms of the booker's and guests' addresses to the responses.
    if isinstance(responses.get("email"), str):
        responses["displayEmail"] = display_email(responses["email"])
    if isinstance(responses.get("guests"), list):
        responses["displayGuests"] = [display_email(guest) for guest in responses["guests"] if isinstance(guest, str)]
    data: Json = {
        "id": booking.id,
        "uid": booking.uid,
        "title": booking.title,
        "description": booking.description,
        "hosts": [
            {
                "id": host.id,
                "name": host.name,
                "email": host.email,
                "displayEmail": display_email(host.email),
                "username": host.username,
                "timeZone": host.time_zone,
            }
        ],
        "status": booking.status,
        "cancellationReason": booking.cancellation_reason or "",
        "cancelledByEmail": booking.cancelled_by_email or "",
        "start": iso_ms(booking.start),
        "end": iso_ms(booking.end),
        "duration": booking.minutes,
        # A deleted event type nulls the booking's relation and its id.
        "eventTypeId": booking.event_type_id if event_type else None,
        "eventType": {"id": event_type.id, "slug": event_type.slug} if event_type else None,
        "attendees": [_attendee(a) for a in booking.attendees],
        "location": booking.location,
        "meetingUrl": booking.location,
        "absentHost": booking.absent_host,
        "createdAt": iso_ms(booking.created),
        "updatedAt": iso_ms(booking.updated) if booking.updated else None,
        "rating": None,
        "icsUid": f"{booking.uid}@Cal.com",
        "rescheduledByEmail": booking.rescheduled_by_email,
        "bookingFieldsResponses": responses,
        "metadata": booking.metadata,
    }
    if "guests" in booking.responses:
        data["guests"] = booking.responses["guests"]
    optional = {
        "reschedulingReason": booking.rescheduling_reason,
        "rescheduledFromUid": booking.rescheduled_from_uid,
        "rescheduledToUid": booking.rescheduled_to_uid,
    }
    data |= {key: value for key, value in optional.items() if value is not None}
    return data


@route(ROUTES, "POST", "/v2/bookings", versions=VERSIONS, auth="optional", status=201)
def create(call: Call) -> Json:
    body = require_valid(call.body, CREATE, forbid_unknown=True, flat=True)
    attendee_in = body["attendee"]
    if not attendee_in.get("email") and not attendee_in.get("phoneNumber"):
        raise bad_request("attendee property is wrong,attendee must have an email or a phoneNumber")
    if body.get("instant"):
        raise bad_request("Instant bookings are only available for team event types")
    event_type = _event_type_for(call, body)
    if "recurrenceCount" in body:
        raise bad_request(f"Event type with id={event_type.id} is not a recurring event type")
    minutes = _length(event_type, body.get("lengthInMinutes"))
    start = parse_datetime(body["start"])
    assert start is not None  # validated as ISO 8601
    if start < call.now:
        raise bad_request(PAST_MESSAGE)
    responses = dict(body.get("bookingFieldsResponses") or {})
    _check_required_fields(event_type, responses)
    if not is_free(call.store, event_type, start, minutes=minutes, now=call.now):
        raise bad_request(BUSY_MESSAGE)
    host = call.store.users[event_type.owner_id]
    attendee = Attendee(
        name=attendee_in["name"],
        email=attendee_in.get("email") or f"{attendee_in['phoneNumber'].lstrip('+')}@sms.cal.com",
        time_zone=attendee_in["timeZone"],
        language=attendee_in.get("language", "en"),
        phone=attendee_in.get("phoneNumber"),
    )
    guests = list(body.get("guests", []))
    booking = Booking(
        id=call.store.next_id("booking"),
        uid=booking_uid(),
        event_type_id=event_type.id,
        host_id=host.id,
        title=f"{event_type.title} between {host.name} and {attendee.name}",
        description=responses.get("notes") if isinstance(responses.get("notes"), str) else None,
        status="pending" if event_type.requires_confirmation else "accepted",
        start=start,
        end=start + dt.timedelta(minutes=minutes),
        attendees=[attendee],
        created=call.now,
        updated=call.now,
        guests=guests,
        location=_location(body.get("location"), event_type),
        metadata=dict(body.get("metadata", {})),
        responses={
            "name": attendee.name,
            "email": attendee.email,
            **({"guests": guests} if guests else {}),
            **responses,
        },
    )
    call.store.bookings[booking.uid] = booking
    trigger = "BOOKING_REQUESTED" if booking.status == "pending" else "BOOKING_CREATED"
    call.emit(host.id, trigger, booking_payload(call.store, booking))
    return ok(output(call.store, booking))


@route(ROUTES, "GET", "/v2/bookings/{bookingUid}", versions=VERSIONS, auth="optional")
def get(call: Call) -> Json:
    return ok(output(call.store, _booking(call)))


@route(ROUTES, "GET", "/v2/bookings", versions=VERSIONS)
def list_bookings(call: Call) -> Json:
    user = call.user()
    take = _int_arg(call, "take", 100, 1, 250)
    skip = _int_arg(call, "skip", 0, 0, None)
    found = [b for b in call.store.bookings.values() if b.host_id == user.id]
    statuses = call.args("status")
    for status in statuses:
        if status not in STATUS_FILTERS:
            raise bad_request(f"status must be one of the following values: {', '.join(STATUS_FILTERS)}")
    if statuses:
        found = [b for b in found if any(_has_status(b, s, call.now) for s in statuses)]
    found = [b for b in found if _matches_filters(call, b)]
    found = _sorted(call, found)
    page = found[skip : skip + take]
    total = len(found)
    pagination = {
        "totalItems": total,
        "remainingItems": max(total - skip - len(page), 0),
        "returnedItems": len(page),
        "itemsPerPage": take,
        "currentPage": skip // take + 1 if page else 0,
        "totalPages": -(-total // take),
        "hasNextPage": skip + take < total,
        "hasPreviousPage": skip > 0,
    }
    return ok([output(call.store, b) for b in page]) | {"pagination": pagination}


@route(ROUTES, "POST", "/v2/bookings/{bookingUid}/cancel", versions=VERSIONS, auth="optional")
def cancel(call: Call) -> Json:
    booking = _booking(call)
    body = require_valid(call.body if call.body is not None else {}, CANCEL, forbid_unknown=True, flat=True)
    if "seatUid" in body:
        raise bad_request(f"Booking with uid={booking.uid} is not a seated booking")
    if booking.status in ("cancelled", "rejected"):
        raise bad_request("This booking has already been cancelled.")
    booking.status = "cancelled"
    booking.cancellation_reason = body.get("cancellationReason")
    booking.cancelled_by_email = call.principal.user.email if call.principal else None
    booking.updated = call.now
    call.emit(booking.host_id, "BOOKING_CANCELLED", booking_payload(call.store, booking))
    return ok(output(call.store, booking))


@route(ROUTES, "POST", "/v2/bookings/{bookingUid}/reschedule", versions=VERSIONS, auth="optional", status=201)
def reschedule(call: Call) -> Json:
    old = _booking(call)
    body = require_valid(call.body, RESCHEDULE, forbid_unknown=True, flat=True)
    if "seatUid" in body:
        raise bad_request(f"Booking with uid={old.uid} is not a seated booking")
    if old.status in ("cancelled", "rejected"):
        raise bad_request(f"Can't reschedule booking with uid={old.uid}: it is {old.status}")
    event_type = call.store.event_types.get(old.event_type_id)
    if event_type is None:
        raise not_found(f"Event type with id={old.event_type_id} not found")
    start = parse_datetime(body["start"])
    assert start is not None  # validated as ISO 8601
    if start < call.now:
        raise bad_request(PAST_MESSAGE)
    if not is_free(call.store, event_type, start, minutes=old.minutes, now=call.now, ignore=old.uid):
        raise bad_request(BUSY_MESSAGE)
    new = Booking(
        id=call.store.next_id("booking"),
        uid=booking_uid(),
        event_type_id=old.event_type_id,
        host_id=old.host_id,
        title=old.title,
        description=old.description,
        status="pending" if event_type.requires_confirmation else "accepted",
        start=start,
        end=start + (old.end - old.start),
        attendees=[Attendee(**vars(a)) for a in old.attendees],
        created=call.now,
        updated=call.now,
        guests=list(old.guests),
        location=old.location,
        metadata=dict(old.metadata),
        responses=dict(old.responses),
        rescheduling_reason=body.get("reschedulingReason"),
        rescheduled_by_email=body.get("rescheduledBy"),
        rescheduled_from_uid=old.uid,
    )
    old.status = "cancelled"
    old.rescheduled_to_uid = new.uid
    old.rescheduling_reason = new.rescheduling_reason
    old.rescheduled_by_email = new.rescheduled_by_email
    old.updated = call.now
    call.store.bookings[new.uid] = new
    extra = {
        "rescheduleUid": old.uid,
        "rescheduleId": old.id,
        "rescheduleStartTime": iso_ms(old.start),
        "rescheduleEndTime": iso_ms(old.end),
        "rescheduledBy": new.rescheduled_by_email,
    }
    call.emit(new.host_id, "BOOKING_RESCHEDULED", booking_payload(call.store, new, extra=extra))
    return ok(output(call.store, new))


@route(ROUTES, "POST", "/v2/bookings/{bookingUid}/confirm", versions=VERSIONS)
def confirm(call: Call) -> Json:
    booking = _pending_of_caller(call)
    booking.status = "accepted"
    booking.updated = call.now
    call.emit(booking.host_id, "BOOKING_CREATED", booking_payload(call.store, booking))
    return ok(output(call.store, booking))


@route(ROUTES, "POST", "/v2/bookings/{bookingUid}/decline", versions=VERSIONS)
def decline(call: Call) -> Json:
    booking = _pending_of_caller(call)
    body = require_valid(call.body if call.body is not None else {}, DECLINE)
    booking.status = "rejected"
    booking.updated = call.now
    extra = {"rejectionReason": body.get("reason")}
    call.emit(booking.host_id, "BOOKING_REJECTED", booking_payload(call.store, booking, extra=extra))
    return ok(output(call.store, booking))


@route(ROUTES, "POST", "/v2/bookings/{bookingUid}/mark-absent", versions=VERSIONS)
def mark_absent(call: Call) -> Json:
    booking = _booking(call)
    call.owned_by_caller(booking.host_id, f"Booking with uid={booking.uid}")
    body = require_valid(call.body if call.body is not None else {}, MARK_ABSENT)
    by_email = {a.email: a for a in booking.attendees}
    for item in body.get("attendees", []):
        if item["email"] not in by_email:
            raise bad_request(f"Attendee with email {item['email']} is not an attendee of booking {booking.uid}")
    if "host" in body:
        booking.absent_host = body["host"]
    for item in body.get("attendees", []):
        by_email[item["email"]].absent = item["absent"]
    booking.updated = call.now
    if body.get("attendees"):
        payload = {
            "message": f"{len(body['attendees'])} attendee(s) updated",
            "bookingUid": booking.uid,
            "bookingId": booking.id,
            "attendees": [{"email": i["email"], "noShow": i["absent"]} for i in body["attendees"]],
        }
        call.emit(booking.host_id, "BOOKING_NO_SHOW_UPDATED", payload)
    return ok(output(call.store, booking))


def _booking(call: Call) -> Booking:
    uid = call.params["bookingUid"]
    booking = call.store.bookings.get(uid)
    if booking is None:
        raise not_found(f"Booking with uid={uid} was not found in the database")
    return booking


def _pending_of_caller(call: Call) -> Booking:
    booking = _booking(call)
    call.owned_by_caller(booking.host_id, f"Booking with uid={booking.uid}")
    if booking.status != "pending":
        raise bad_request(f"Booking with uid={booking.uid} is not pending: it is {booking.status}")
    return booking


def _event_type_for(call: Call, body: Json) -> EventType:
    if "eventTypeId" in body:
        event_type = call.store.event_types.get(body["eventTypeId"])
        if event_type is None:
            raise not_found(f"Event type with id={body['eventTypeId']} not found")
        return event_type
    if "eventTypeSlug" in body and "username" in body:
        owner = call.store.user_by_username(body["username"])
        found = [e for e in call.store.event_types.values() if owner and e.owner_id == owner.id]
        match = next((e for e in found if e.slug == body["eventTypeSlug"]), None)
        if match is None:
            raise not_found(f"Event type with slug={body['eventTypeSlug']} of user {body['username']} not found")
        return match
    if "eventTypeSlug" in body and "teamSlug" in body:
        raise not_found(f"Team with slug={body['teamSlug']} not found")
    raise bad_request("Either eventTypeId or eventTypeSlug + username or eventTypeSlug + teamSlug must be provided")


def _length(event_type: EventType, requested: int | None) -> int:
    if requested is None or requested == event_type.length:
        return event_type.length
    if requested not in event_type.length_options:
        raise bad_request(f"lengthInMinutes {requested} is not one of the event type's lengths")
    return requested


def _check_required_fields(event_type: EventType, responses: Json) -> None:
    for field in event_type.booking_fields:
        wanted = field.get("isDefault") is False and field.get("required") and not field.get("hidden")
        if wanted and field["slug"] not in responses:
            raise bad_request(f"bookingFieldsResponses property is wrong,{field['slug']} is required")


def _location(given: Any, event_type: EventType) -> str | None:
    if isinstance(given, str):
        return given
    location = given if isinstance(given, dict) else (event_type.locations[0] if event_type.locations else None)
    if location is None:
        return None
    for key in ("address", "link", "phone", "location", "value"):
        if isinstance(location.get(key), str):
            return str(location[key])
    integration = location.get("integration")
    if isinstance(integration, str):
        return "integrations:daily" if integration == "cal-video" else f"integrations:{integration}"
    return None


def display_email(email: str) -> str:
    """The address without a managed user's ``+<OAuth client id>`` tag, as Cal.com strips it: the
    first ``+`` followed by 25 letters or digits (the length of a client id)."""
    return MANAGED_TAG.sub("", email, count=1)


def _attendee(attendee: Attendee) -> Json:
    data: Json = {
        "name": attendee.name,
        "email": attendee.email,
        "displayEmail": display_email(attendee.email),
        "timeZone": attendee.time_zone,
        "language": attendee.language,
        "absent": attendee.absent,
    }
    if attendee.phone:
        data["phoneNumber"] = attendee.phone
    return data


def _has_status(booking: Booking, status: str, now: dt.datetime) -> bool:
    live = booking.status not in ("cancelled", "rejected")
    return {
        "upcoming": live and booking.end >= now,
        "past": live and booking.end < now,
        "cancelled": not live,
        "unconfirmed": booking.status == "pending" and booking.end >= now,
        "recurring": False,
    }[status]


def _matches_filters(call: Call, booking: Booking) -> bool:
    checks: dict[str, Callable[[str], bool]] = {
        "attendeeEmail": lambda v: any(a.email == v for a in booking.attendees),
        "attendeeName": lambda v: any(a.name == v for a in booking.attendees),
        "bookingUid": lambda v: booking.uid == v,
        "eventTypeId": lambda v: str(booking.event_type_id) == v,
        "afterStart": lambda v: booking.start >= _instant(v),
        "beforeEnd": lambda v: booking.end <= _instant(v),
        "afterCreatedAt": lambda v: booking.created >= _instant(v),
        "beforeCreatedAt": lambda v: booking.created <= _instant(v),
        "afterUpdatedAt": lambda v: (booking.updated or booking.created) >= _instant(v),
        "beforeUpdatedAt": lambda v: (booking.updated or booking.created) <= _instant(v),
        "teamId": lambda v: False,
    }
    for name, check in checks.items():
        value = call.arg(name)
        if value is not None and not check(value):
            return False
    ids = call.args("eventTypeIds")
    if ids and str(booking.event_type_id) not in ids:
        return False
    return not call.args("teamsIds")


def _sorted(call: Call, bookings: list[Booking]) -> list[Booking]:
    for name, attribute in SORTS.items():
        direction = call.arg(name)
        if direction is not None:
            if direction not in ("asc", "desc"):
                raise bad_request(f"{name} must be one of the following values: asc, desc")
            return sorted(
                bookings,
                key=lambda b: getattr(b, attribute) or b.created,
                reverse=direction == "desc",
            )
    return sorted(bookings, key=lambda b: (b.start, b.id))


def _instant(value: str) -> dt.datetime:
    when = parse_datetime(value)
    if when is None:
        raise bad_request(f"{value!r} must be a valid ISO 8601 date string")
    return when


def _int_arg(call: Call, name: str, default: int, minimum: int, maximum: int | None) -> int:
    raw = call.arg(name)
    if raw is None:
        return default
    if not raw.lstrip("-").isdigit():
        raise bad_request(f"{name} must be an integer number")
    value = int(raw)
    if value < minimum or (maximum is not None and value > maximum):
        raise bad_request(f"{name} must be between {minimum} and {maximum if maximum is not None else 'any'}")
    return value
