"""Slots and reservations (``cal-api-version`` 2024-09-04; no auth needed, cal-api-v2.md 7.4)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from .._errors import bad_request, forbidden, not_found, unauthorized, unprocessable
from .._routing import Call, Route, ok, route
from .._slots import MAX_RANGE_DAYS, free_starts
from .._store import EventType, Reservation
from .._validation import MAX_MINUTES, Int, Num, Str, is_time_zone, parse_date, parse_datetime, require_valid
from .._webhooks import iso_ms

Json = dict[str, Any]
ROUTES: list[Route] = []
VERSIONS = ("2024-09-04",)
# Query keys each selector allows; anything else is a 400 from the forbid-unknown pipe.
COMMON_KEYS = {"start", "end", "timeZone", "duration", "format", "bookingUidToReschedule"}
SELECTOR_KEYS: tuple[tuple[set[str], set[str]], ...] = (
    ({"eventTypeId"}, set()),
    ({"eventTypeSlug", "username"}, {"organizationSlug"}),
    ({"eventTypeSlug", "teamSlug"}, {"organizationSlug"}),
    ({"usernames"}, {"organizationSlug"}),
)
RESERVE = {
    "eventTypeId": Int(required=True),
    "slotStart": Str(required=True, kind="iso8601"),
    "slotDuration": Num(minimum=1, maximum=MAX_MINUTES),
    "reservationDuration": Num(minimum=1, maximum=MAX_MINUTES),
}
DEFAULT_RESERVATION_MINUTES = 5


@route(ROUTES, "GET", "/v2/slots", versions=VERSIONS, auth="none")
def get_slots(call: Call) -> Json:
    keys = {k for k, _ in call.query}
    event_type = _selected_event_type(call, keys)
    start = _bound(call, "start", end_of_day=False)
    end = _bound(call, "end", end_of_day=True)
    if end < start:
        raise bad_request("end must be after start")
    if (end - start).days > MAX_RANGE_DAYS:
        raise bad_request(f"FakeCal answers at most {MAX_RANGE_DAYS} days of slots per request")
    zone_name = call.arg("timeZone")
    if zone_name is not None and not is_time_zone(zone_name):
        raise bad_request("timeZone property is wrong,timeZone must be a valid IANA time zone")
    slot_format = call.arg("format") or "time"
    if slot_format not in ("time", "range"):
        raise bad_request("format property is wrong,format must be one of the following values: time, range")
    minutes = _duration(call, event_type)
    starts = free_starts(
        call.store,
        event_type,
        start=start,
        end=end,
        minutes=minutes,
        now=call.now,
        ignore_booking_uid=call.arg("bookingUidToReschedule"),
    )
    zone = ZoneInfo(zone_name) if zone_name else None
    days: dict[str, list[Json]] = {}
    for slot in starts:
        local = slot.astimezone(zone) if zone else slot
        item = {"start": _iso_in_zone(local, zone_name)}
        if slot_format == "range":
            item["end"] = _iso_in_zone(local + dt.timedelta(minutes=minutes), zone_name)
        days.setdefault(local.date().isoformat(), []).append(item)
    return ok(days)


@route(ROUTES, "POST", "/v2/slots/reservations", versions=VERSIONS, auth="optional", status=201)
def reserve(call: Call) -> Json:
    body = require_valid(call.body, RESERVE)
    reservation = Reservation(str(uuid.uuid4()), 0, call.now, call.now, 0, call.now)
    _fill(call, reservation, body)
    call.store.reservations[reservation.uid] = reservation
    return ok(_output(reservation, with_duration=True))


@route(ROUTES, "GET", "/v2/slots/reservations/{uid}", versions=VERSIONS, auth="none")
def get_reservation(call: Call) -> Json:
    return ok(_output(_live(call), with_duration=False))


@route(ROUTES, "PATCH", "/v2/slots/reservations/{uid}", versions=VERSIONS, auth="optional")
def update_reservation(call: Call) -> Json:
    reservation = _live(call)
    body = require_valid(call.body, RESERVE)
    _fill(call, reservation, body)
    return ok(_output(reservation, with_duration=True))


@route(ROUTES, "DELETE", "/v2/slots/reservations/{uid}", versions=VERSIONS, auth="none")
def delete_reservation(call: Call) -> Json:
    del call.store.reservations[_live(call).uid]
    return {"status": "success"}


def _selected_event_type(call: Call, keys: set[str]) -> EventType:
    for needed, optional in SELECTOR_KEYS:
        if needed <= keys:
            unknown = sorted(keys - needed - optional - COMMON_KEYS)
            if unknown:
                raise bad_request(
                    ", ".join(f"{name} property is wrong,property {name} should not exist" for name in unknown)
                )
            break
    else:
        raise bad_request(
            "Either eventTypeId, eventTypeSlug + username, eventTypeSlug + teamSlug or usernames must be provided"
        )
    if "teamSlug" in needed or "usernames" in needed:
        raise not_found("FakeCal has no teams or dynamic events: select the event type by eventTypeId or slug")
    if "eventTypeId" in needed:
        raw = call.arg("eventTypeId") or ""
        if not raw.isdigit():
            raise bad_request("eventTypeId property is wrong,eventTypeId must be an integer number")
        event_type = call.store.event_types.get(int(raw))
    else:
        owner = call.store.user_by_username(call.arg("username") or "")
        event_type = next(
            (
                e
                for e in call.store.event_types.values()
                if owner is not None and e.owner_id == owner.id and e.slug == call.arg("eventTypeSlug")
            ),
            None,
        )
    if event_type is None:
        raise not_found("Event type not found")
    return event_type


def _bound(call: Call, name: str, *, end_of_day: bool) -> dt.datetime:
    raw = call.arg(name)
    if not raw:
        raise bad_request(f"{name} property is wrong,{name} must be a valid ISO 8601 date string")
    day = parse_date(raw)
    if day is not None:
        when = dt.datetime.combine(day, dt.time(23, 59, 59) if end_of_day else dt.time(), dt.UTC)
    else:
        parsed = parse_datetime(raw)
        if parsed is None:
            raise bad_request(f"{name} property is wrong,{name} must be a valid ISO 8601 date string")
        when = parsed
    if end_of_day and when.time() == dt.time():
        # Cal.com pushes an end at exactly midnight to the end of that day.
        when = when.replace(hour=23, minute=59, second=59)
    return when


def _duration(call: Call, event_type: EventType) -> int:
    raw = call.arg("duration")
    if raw is None:
        return event_type.length
    if not raw.isdigit() or int(raw) < 1:
        raise bad_request("duration property is wrong,duration must be a positive integer")
    minutes = int(raw)
    if minutes != event_type.length and minutes not in event_type.length_options:
        raise bad_request(f"duration {minutes} is not one of the event type's lengths")
    return minutes


def _fill(call: Call, reservation: Reservation, body: Json) -> None:
    event_type = call.store.event_types.get(body["eventTypeId"])
    if event_type is None:
        raise not_found(f"Event type with id={body['eventTypeId']} not found")
    minutes = DEFAULT_RESERVATION_MINUTES
    if "reservationDuration" in body:
        if call.principal is None:
            raise unauthorized("reservationDuration can only be set by an authenticated request")
        if call.principal.user.id != event_type.owner_id:
            raise forbidden("Only the event type's owner can set reservationDuration")
        minutes = int(body["reservationDuration"])
    start = parse_datetime(body["slotStart"])
    assert start is not None  # validated as ISO 8601 above
    length = int(body.get("slotDuration", event_type.length))
    end = start + dt.timedelta(minutes=length)
    if any(b.start < end and b.end > start for b in call.store.busy_bookings(event_type.owner_id)):
        raise unprocessable(f"Can't reserve a slot that is already booked: {iso_ms(start)}")
    reservation.event_type_id = event_type.id
    reservation.slot_start, reservation.slot_end = start, end
    reservation.reservation_minutes = minutes
    reservation.until = call.now + dt.timedelta(minutes=minutes)
    reservation.user_id = call.principal.user.id if call.principal else None


def _live(call: Call) -> Reservation:
    reservation = call.store.reservations.get(call.params["uid"])
    if reservation is None or reservation.until <= call.now:
        raise not_found(f"Reserved slot with uid={call.params['uid']} not found")
    return reservation


def _output(reservation: Reservation, *, with_duration: bool) -> Json:
    data: Json = {
        "eventTypeId": reservation.event_type_id,
        "slotStart": iso_ms(reservation.slot_start),
        "slotEnd": iso_ms(reservation.slot_end),
        "slotDuration": int((reservation.slot_end - reservation.slot_start).total_seconds() // 60),
        "reservationUid": reservation.uid,
        "reservationUntil": iso_ms(reservation.until),
    }
    if with_duration:
        data["reservationDuration"] = reservation.reservation_minutes
    return data


def _iso_in_zone(when: dt.datetime, zone_name: str | None) -> str:
    """Luxon's ``toISO()``: milliseconds, ``Z`` in UTC, else the zone's offset."""
    text = when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}"
    if zone_name is None or zone_name in ("UTC", "Etc/UTC"):
        return text + "Z"
    offset = when.strftime("%z")
    return f"{text}{offset[:3]}:{offset[3:]}"
