"""A small stateful stand-in for Cal.com behind ``httpx.MockTransport``, for the resource tests.

It keeps bookings, reservations, event types, schedules, webhooks and managed users in dicts,
answers in Cal.com's envelope, records every request it receives (``fake.requests``), and can be
told to misbehave once (``fake.fail_next(...)``): process a create and then drop the connection,
answer 500 after storing, or let someone else take a slot first.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import httpx

from cal_client import AsyncCal

API_KEY = "cal_test_resources0123456789abcdef"
BASE = "https://api.cal.com"
Json = dict[str, Any]


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def parse(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def booking_json(
    *,
    id: int,
    uid: str,
    start: dt.datetime,
    minutes: int = 30,
    event_type_id: int = 42,
    attendee: Json | None = None,
    metadata: Json | None = None,
    status: str = "accepted",
    recurring_uid: str | None = None,
    seat_uid: str | None = None,
) -> Json:
    person = attendee or {"name": "Ada", "email": "ada@example.com", "timeZone": "Europe/London"}
    data: Json = {
        "id": id,
        "uid": uid,
        "title": "Intro between Host and Ada",
        "description": None,
        "hosts": [
            {
                "id": 1,
                "name": "Host",
                "email": "host@example.com",
                "displayEmail": "host@example.com",
                "username": "host",
                "timeZone": "UTC",
            }
        ],
        "status": status,
        "start": iso(start),
        "end": iso(start + dt.timedelta(minutes=minutes)),
        "duration": minutes,
        "eventTypeId": event_type_id,
        "eventType": {"id": event_type_id, "slug": "intro"},
        "location": None,
        "absentHost": False,
        "createdAt": "2025-01-01T08:00:00.000Z",
        "updatedAt": None,
        "metadata": metadata or {},
    }
    if seat_uid is not None:
        data["seatUid"] = seat_uid
        data["attendees"] = [
            {
                "name": person["name"],
                "email": person.get("email", "x@example.com"),
                "displayEmail": person.get("email", "x@example.com"),
                "timeZone": person["timeZone"],
                "absent": False,
                "seatUid": seat_uid,
                "bookingFieldsResponses": {},
                "metadata": metadata or {},
            }
        ]
        data["metadata"] = {}
    else:
        data["attendees"] = [
            {
                "name": person["name"],
                "email": person.get("email", "x@example.com"),
                "displayEmail": person.get("email", "x@example.com"),
                "timeZone": person["timeZone"],
                "absent": False,
            }
        ]
        data["bookingFieldsResponses"] = {}
    if recurring_uid is not None:
        data["recurringBookingUid"] = recurring_uid
    return data


def event_type_json(id: int = 42, *, title: str = "Intro", slug: str = "intro", length: int = 30) -> Json:
    return {
        "id": id,
        "lengthInMinutes": length,
        "title": title,
        "slug": slug,
        "bookingUrl": f"https://cal.com/host/{slug}",
        "description": "",
        "locations": [],
        "bookingFields": [],
        "disableGuests": False,
        "recurrence": None,
        "metadata": {},
        "price": 0,
        "currency": "usd",
        "lockTimeZoneToggleOnBookingPage": False,
        "forwardParamsSuccessRedirect": None,
        "successRedirectUrl": None,
        "isInstantEvent": False,
        "scheduleId": None,
        "hidden": False,
        "bookingRequiresAuthentication": False,
        "ownerId": 1,
        "users": [],
    }


def schedule_json(id: int, body: Json) -> Json:
    return {
        "id": id,
        "ownerId": 1,
        "name": body.get("name", "Schedule"),
        "timeZone": body.get("timeZone", "UTC"),
        "availability": body.get("availability", []),
        "isDefault": body.get("isDefault", False),
        "overrides": body.get("overrides", []),
    }


def webhook_json(id: str, body: Json, owner: Json) -> Json:
    return {
        "id": id,
        "payloadTemplate": body.get("payloadTemplate", ""),
        "triggers": body.get("triggers", []),
        "subscriberUrl": body.get("subscriberUrl", "https://example.com"),
        "active": body.get("active", True),
        **owner,
    }


def managed_user_json(id: int) -> Json:
    return {
        "id": id,
        "email": f"user{id}+client@example.com",
        "username": f"user{id}",
        "name": f"User {id}",
        "bio": None,
        "timeZone": "UTC",
        "weekStart": "Monday",
        "createdDate": "2025-01-01T00:00:00.000Z",
        "timeFormat": 24,
        "defaultScheduleId": None,
    }


@dataclass
class Seen:
    """One request as the fake received it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: httpx.Headers
    body: Any

    @property
    def version(self) -> str | None:
        return self.headers.get("cal-api-version")

    def q(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None


@dataclass
class ScriptedCal:
    """A scripted Cal.com for unit tests (not ``cal_client.testing.FakeCal``, the full in-process server).

    ``slots`` are free slot starts (UTC) of event type 42; bookings take them. ``fail_next`` scripts
    one fault; ``requests`` records what the SDK sent.
    """

    slots: list[dt.datetime] = field(default_factory=list)
    bookings: dict[str, Json] = field(default_factory=dict)
    managed_users: int = 0
    requests: list[Seen] = field(default_factory=list)
    recurring_event_type: int | None = None
    seated_event_type: int | None = None
    faults: list[tuple[str, str, str]] = field(default_factory=list)
    steal_before_booking: set[dt.datetime] = field(default_factory=set)
    webhooks: dict[str, Json] = field(default_factory=dict)
    schedules: dict[int, Json] = field(default_factory=dict)
    default_schedule: int | None = None
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    # -- set-up ------------------------------------------------------------------------------------

    def client(self, **kwargs: Any) -> AsyncCal:
        if "auth" not in kwargs:
            kwargs.setdefault("api_key", API_KEY)
        return AsyncCal(transport=httpx.MockTransport(self.handle), **kwargs)

    def fail_next(self, method: str, path: str, kind: str) -> None:
        """``kind``: reset_after_send (store, then drop the connection), error_500_after_store,
        error_500 (store nothing), reset_before_send."""
        self.faults.append((method, path, kind))

    def of(self, method: str, path: str) -> list[Seen]:
        return [seen for seen in self.requests if seen.method == method and seen.path == path]

    @property
    def last(self) -> Seen:
        return self.requests[-1]

    # -- dispatch ------------------------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        seen = Seen(
            method=request.method,
            path=request.url.path,
            query=parse_qs(request.url.query.decode(), keep_blank_values=True),
            headers=request.headers,
            body=body,
        )
        self.requests.append(seen)
        fault = self._take_fault(seen)
        if fault == "reset_before_send":
            raise httpx.ConnectError("connection refused", request=request)
        if fault == "error_500":
            return _json(500, {"status": "error", "error": {"code": "InternalServerError", "message": "boom"}})
        for method, pattern, route in self._routes():
            match = re.fullmatch(pattern, seen.path)
            if method == seen.method and match:
                status, payload = route(seen, *match.groups())
                if fault == "reset_after_send":
                    raise httpx.ReadError("connection reset by peer", request=request)
                if fault == "error_500_after_store":
                    return _json(500, {"status": "error", "error": {"code": "InternalServerError", "message": "x"}})
                return _json(status, payload, request_id=f"req-{len(self.requests)}")
        return _json(404, {"status": "error", "error": {"code": "NotFoundException", "message": "no route"}})

    def _take_fault(self, seen: Seen) -> str | None:
        for index, (method, path, kind) in enumerate(self.faults):
            if method == seen.method and path == seen.path:
                del self.faults[index]
                return kind
        return None

    def _routes(self) -> list[tuple[str, str, Callable[..., tuple[int, Any]]]]:
        return [
            ("GET", r"/v2/slots", self._find_slots),
            ("POST", r"/v2/slots/reservations", self._reserve),
            ("GET", r"/v2/slots/reservations/([^/]+)", self._get_reservation),
            ("PATCH", r"/v2/slots/reservations/([^/]+)", self._update_reservation),
            ("DELETE", r"/v2/slots/reservations/([^/]+)", lambda seen, uid: (200, {"status": "success"})),
            ("POST", r"/v2/bookings", self._create_booking),
            ("GET", r"/v2/bookings", self._list_bookings),
            ("GET", r"/v2/bookings/([^/]+)", self._get_booking),
            ("POST", r"/v2/bookings/([^/]+)/cancel", self._cancel),
            ("POST", r"/v2/bookings/([^/]+)/reschedule", self._reschedule),
            ("POST", r"/v2/bookings/([^/]+)/confirm", lambda seen, uid: self._status(uid, "accepted")),
            ("POST", r"/v2/bookings/([^/]+)/decline", lambda seen, uid: self._status(uid, "rejected")),
            ("POST", r"/v2/bookings/([^/]+)/mark-absent", lambda seen, uid: self._status(uid, "accepted")),
            ("POST", r"/v2/bookings/([^/]+)/reassign", lambda seen, uid: (200, _ok({"bookingUid": uid}))),
            ("POST", r"/v2/bookings/([^/]+)/reassign/(\d+)", lambda s, uid, user: (200, _ok({"bookingUid": uid}))),
            ("GET", r"/v2/bookings/([^/]+)/calendar-links", self._links),
            ("GET", r"/v2/bookings/([^/]+)/references", self._references),
            ("GET", r"/v2/bookings/([^/]+)/recordings", lambda s, uid: (200, _ok([]))),
            ("GET", r"/v2/bookings/([^/]+)/transcripts", lambda s, uid: (200, _ok(["https://t.example/1"]))),
            ("POST", r"/v2/event-types", lambda seen: (201, _ok(event_type_json(7, **_et(seen.body))))),
            ("GET", r"/v2/event-types", lambda seen: (200, _ok([event_type_json(42), event_type_json(43)]))),
            ("GET", r"/v2/event-types/(\d+)", lambda seen, id: (200, _ok(event_type_json(int(id))))),
            (
                "PATCH",
                r"/v2/event-types/(\d+)",
                lambda seen, id: (200, _ok(event_type_json(int(id), **_et(seen.body)))),
            ),
            ("DELETE", r"/v2/event-types/(\d+)", self._delete_event_type),
            ("POST", r"/v2/schedules", self._create_schedule),
            ("GET", r"/v2/schedules", lambda seen: (200, _ok(list(self.schedules.values())))),
            ("GET", r"/v2/schedules/default", self._default_schedule),
            ("GET", r"/v2/schedules/(\d+)", lambda seen, id: (200, _ok(self.schedules.get(int(id))))),
            ("PATCH", r"/v2/schedules/(\d+)", self._update_schedule),
            ("DELETE", r"/v2/schedules/(\d+)", self._delete_schedule),
            ("GET", r"/v2/me", lambda seen: (200, _ok(_me({})))),
            ("PATCH", r"/v2/me", lambda seen: (200, _ok(_me(seen.body)))),
            ("GET", r"/v2/calendars", self._calendars),
            ("GET", r"/v2/calendars/busy-times", self._busy),
            ("GET", r"/v2/calendars/(\w+)/check", lambda seen, app: (200, {"status": "success"})),
            ("GET", r"/v2/calendars/(\w+)/connect", lambda s, app: (200, _ok({"authUrl": "https://auth.example"}))),
            ("POST", r"/v2/calendars/(\w+)/credentials", lambda s, app: (201, {"status": "success"})),
            ("POST", r"/v2/calendars/(\w+)/disconnect", self._disconnect),
            ("GET", r"/v2/calendars/ics-feed/check", lambda seen: (200, {"status": "success"})),
            ("POST", r"/v2/calendars/ics-feed/save", self._ics),
            ("POST", r"/v2/selected-calendars", self._selected),
            ("DELETE", r"/v2/selected-calendars", self._selected),
            ("PUT", r"/v2/destination-calendars", self._selected),
            ("POST", r"/v2/webhooks", lambda seen: self._create_webhook(seen, {"userId": 1})),
            ("GET", r"/v2/webhooks", lambda seen: self._list_webhooks(seen, {"userId": 1})),
            ("GET", r"/v2/webhooks/([^/]+)", lambda seen, id: (200, _ok(self.webhooks[id]))),
            ("PATCH", r"/v2/webhooks/([^/]+)", self._update_webhook),
            ("DELETE", r"/v2/webhooks/([^/]+)", lambda seen, id: (200, _ok(self.webhooks.pop(id)))),
            ("POST", r"/v2/event-types/(\d+)/webhooks", lambda s, e: self._create_webhook(s, {"eventTypeId": int(e)})),
            ("GET", r"/v2/event-types/(\d+)/webhooks", lambda s, e: self._list_webhooks(s, {"eventTypeId": int(e)})),
            ("DELETE", r"/v2/event-types/(\d+)/webhooks", lambda s, e: (200, _ok("2 webhooks deleted"))),
            ("GET", r"/v2/event-types/(\d+)/webhooks/([^/]+)", lambda s, e, id: (200, _ok(self.webhooks[id]))),
            ("PATCH", r"/v2/event-types/(\d+)/webhooks/([^/]+)", lambda s, e, id: self._update_webhook(s, id)),
            ("DELETE", r"/v2/event-types/(\d+)/webhooks/([^/]+)", lambda s, e, id: (200, _ok(self.webhooks.pop(id)))),
            ("POST", r"/v2/oauth-clients/([^/]+)/webhooks", lambda s, c: self._create_webhook(s, {"oAuthClientId": c})),
            ("GET", r"/v2/oauth-clients/([^/]+)/webhooks", lambda s, c: self._list_webhooks(s, {"oAuthClientId": c})),
            ("DELETE", r"/v2/oauth-clients/([^/]+)/webhooks", lambda s, c: (200, _ok("1 webhooks deleted"))),
            ("GET", r"/v2/oauth-clients/([^/]+)/webhooks/([^/]+)", lambda s, c, id: (200, _ok(self.webhooks[id]))),
            ("PATCH", r"/v2/oauth-clients/([^/]+)/webhooks/([^/]+)", lambda s, c, id: self._update_webhook(s, id)),
            (
                "DELETE",
                r"/v2/oauth-clients/([^/]+)/webhooks/([^/]+)",
                lambda s, c, id: (200, _ok(self.webhooks.pop(id))),
            ),
            ("POST", r"/v2/organizations/(\d+)/webhooks", lambda s, o: self._create_webhook(s, {"teamId": int(o)})),
            ("GET", r"/v2/organizations/(\d+)/webhooks", lambda s, o: self._list_webhooks(s, {"teamId": int(o)})),
            ("GET", r"/v2/organizations/(\d+)/webhooks/([^/]+)", lambda s, o, id: (200, _ok(self.webhooks[id]))),
            ("PATCH", r"/v2/organizations/(\d+)/webhooks/([^/]+)", lambda s, o, id: self._update_webhook(s, id)),
            ("DELETE", r"/v2/organizations/(\d+)/webhooks/([^/]+)", lambda s, o, id: (200, _ok(self.webhooks.pop(id)))),
            ("GET", r"/v2/oauth-clients/([^/]+)/users", self._list_managed_users),
            ("GET", r"/v2/oauth-clients/([^/]+)/users/(\d+)", lambda s, c, u: (200, _ok(managed_user_json(int(u))))),
            ("POST", r"/v2/oauth-clients/([^/]+)/users", self._create_managed_user),
            ("PATCH", r"/v2/oauth-clients/([^/]+)/users/(\d+)", lambda s, c, u: (200, _ok(managed_user_json(int(u))))),
            ("DELETE", r"/v2/oauth-clients/([^/]+)/users/(\d+)", lambda s, c, u: (200, _ok(managed_user_json(int(u))))),
            ("POST", r"/v2/oauth-clients/([^/]+)/users/(\d+)/force-refresh", lambda s, c, u: (200, _ok(_keys()))),
        ]

    # -- slots ---------------------------------------------------------------------------------------

    def _taken(self) -> set[dt.datetime]:
        return {parse(b["start"]) for b in self.bookings.values() if b["status"] != "cancelled"}

    def _find_slots(self, seen: Seen) -> tuple[int, Any]:
        start, end = seen.q("start"), seen.q("end")
        assert start and end
        low = parse(start) if "T" in start else dt.datetime.fromisoformat(start).replace(tzinfo=dt.UTC)
        high = parse(end) if "T" in end else dt.datetime.fromisoformat(end).replace(tzinfo=dt.UTC, hour=23, minute=59)
        zone = seen.q("timeZone")
        tz = dt.timezone(dt.timedelta(hours=2)) if zone == "Europe/Paris" else dt.UTC
        days: dict[str, list[Json]] = {}
        for moment in sorted(self.slots):
            if low <= moment <= high and moment not in self._taken():
                local = moment.astimezone(tz)
                slot: Json = {"start": local.isoformat(timespec="milliseconds").replace("+00:00", "Z")}
                if seen.q("format") == "range":
                    slot["end"] = (local + dt.timedelta(minutes=30)).isoformat(timespec="milliseconds")
                days.setdefault(local.date().isoformat(), []).append(slot)
        return 200, _ok(days)

    def _reservation(self, body: Json, uid: str = "res-1") -> Json:
        start = parse(body["slotStart"])
        return {
            "eventTypeId": body["eventTypeId"],
            "slotStart": iso(start),
            "slotEnd": iso(start + dt.timedelta(minutes=body.get("slotDuration", 30))),
            "slotDuration": body.get("slotDuration", 30),
            "reservationUid": uid,
            "reservationDuration": body.get("reservationDuration", 5),
            "reservationUntil": iso(start),
        }

    def _reserve(self, seen: Seen) -> tuple[int, Any]:
        return 201, _ok(self._reservation(seen.body))

    def _get_reservation(self, seen: Seen, uid: str) -> tuple[int, Any]:
        return 200, _ok(self._reservation({"eventTypeId": 42, "slotStart": "2050-01-03T09:00:00Z"}, uid))

    def _update_reservation(self, seen: Seen, uid: str) -> tuple[int, Any]:
        return 200, _ok(self._reservation(seen.body, uid))

    # -- bookings ------------------------------------------------------------------------------------

    def _create_booking(self, seen: Seen) -> tuple[int, Any]:
        body = seen.body
        start = parse(body["start"])
        if start in self.steal_before_booking:
            self.steal_before_booking.discard(start)
            self._store(start, {"name": "Someone", "email": "else@example.com", "timeZone": "UTC"}, {})
        if start in self._taken() and body.get("eventTypeId") != self.seated_event_type:
            return 400, {
                "status": "error",
                "error": {
                    "code": "BadRequestException",
                    "message": "User either already has booking at this time or is not available",
                },
            }
        metadata = body.get("metadata", {})
        if body.get("eventTypeId") == self.recurring_event_type:
            series = f"series{next(self._ids)}"
            items = [
                self._store(start + dt.timedelta(weeks=week), body["attendee"], metadata, recurring_uid=series)
                for week in range(body.get("recurrenceCount", 3))
            ]
            return 201, _ok(items)
        if body.get("eventTypeId") == self.seated_event_type:
            return 201, _ok(self._store(start, body["attendee"], metadata, seat_uid=f"seat-{next(self._ids)}"))
        return 201, _ok(self._store(start, body["attendee"], metadata))

    def _store(self, start: dt.datetime, attendee: Json, metadata: Json, **extra: Any) -> Json:
        number = next(self._ids)
        booking = booking_json(
            id=number, uid=f"uid{number}", start=start, attendee=attendee, metadata=metadata, **extra
        )
        self.bookings[booking["uid"]] = booking
        return booking

    def _list_bookings(self, seen: Seen) -> tuple[int, Any]:
        items = list(self.bookings.values())
        if email := seen.q("attendeeEmail"):
            items = [b for b in items if any(a["email"] == email for a in b["attendees"])]
        if after := seen.q("afterStart"):
            items = [b for b in items if parse(b["start"]) >= parse(after)]
        if before := seen.q("beforeEnd"):
            items = [b for b in items if parse(b["end"]) <= parse(before)]
        items.sort(key=lambda b: b["start"])
        skip, take = int(seen.q("skip") or 0), int(seen.q("take") or 100)
        page = items[skip : skip + take]
        total = len(items)
        return 200, {
            "status": "success",
            "data": page,
            "pagination": {
                "totalItems": total,
                "remainingItems": max(total - skip - len(page), 0),
                "returnedItems": len(page),
                "itemsPerPage": take,
                "currentPage": skip // take + 1 if page else 0,
                "totalPages": -(-total // take),
                "hasNextPage": skip + take < total,
                "hasPreviousPage": skip > 0,
            },
        }

    def _get_booking(self, seen: Seen, uid: str) -> tuple[int, Any]:
        series = [b for b in self.bookings.values() if b.get("recurringBookingUid") == uid]
        if series:
            return 200, _ok(sorted(series, key=lambda b: b["start"]))
        if uid not in self.bookings:
            return 404, {"status": "error", "error": {"code": "NotFoundException", "message": f"{uid} not found"}}
        return 200, _ok(self.bookings[uid])

    def _status(self, uid: str, status: str) -> tuple[int, Any]:
        self.bookings[uid]["status"] = status
        return 200, _ok(self.bookings[uid])

    def _cancel(self, seen: Seen, uid: str) -> tuple[int, Any]:
        return self._status(uid, "cancelled")

    def _reschedule(self, seen: Seen, uid: str) -> tuple[int, Any]:
        old = self.bookings[uid]
        old["status"] = "cancelled"
        new = self._store(parse(seen.body["start"]), old["attendees"][0], old["metadata"])
        new["rescheduledFromUid"] = uid
        return 201, _ok(new)

    def _references(self, seen: Seen, uid: str) -> tuple[int, Any]:
        reference = {"type": "google_calendar", "eventUid": "evt-1", "destinationCalendarId": None, "id": 3}
        return 200, {"status": "success", "data": [reference]}

    def _links(self, seen: Seen, uid: str) -> tuple[int, Any]:
        return 200, {"status": "success", "data": [{"label": "Google", "link": "https://calendar.google.com/x"}]}

    # -- the rest ------------------------------------------------------------------------------------

    def _delete_event_type(self, seen: Seen, id: str) -> tuple[int, Any]:
        return 200, _ok({"id": int(id), "lengthInMinutes": 30, "title": "Intro", "slug": "intro"})

    def _create_schedule(self, seen: Seen) -> tuple[int, Any]:
        number = next(self._ids)
        self.schedules[number] = schedule_json(number, seen.body)
        if seen.body.get("isDefault"):
            self.default_schedule = number
        return 201, _ok(self.schedules[number])

    def _update_schedule(self, seen: Seen, id: str) -> tuple[int, Any]:
        current = self.schedules[int(id)]
        self.schedules[int(id)] = schedule_json(int(id), {**current, **seen.body})
        return 200, _ok(self.schedules[int(id)])

    def _delete_schedule(self, seen: Seen, id: str) -> tuple[int, Any]:
        del self.schedules[int(id)]
        return 200, {"status": "success"}

    def _default_schedule(self, seen: Seen) -> tuple[int, Any]:
        if self.default_schedule is None:
            return 200, {"status": "success", "data": None}
        return 200, _ok(self.schedules[self.default_schedule])

    def _calendars(self, seen: Seen) -> tuple[int, Any]:
        return 200, _ok(
            {
                "connectedCalendars": [
                    {
                        "integration": {
                            "name": "Google Calendar",
                            "description": "Google Calendar",
                            "type": "google_calendar",
                            "variant": "calendar",
                            "categories": ["calendar"],
                            "logo": "/icon.svg",
                            "publisher": "Cal.com",
                            "slug": "google-calendar",
                            "url": "https://cal.com/",
                            "email": "help@cal.com",
                            "locationOption": None,
                        },
                        "credentialId": 7,
                    }
                ],
                "destinationCalendar": {
                    "id": 1,
                    "integration": "google_calendar",
                    "externalId": "ada@example.com",
                    "primaryEmail": "ada@example.com",
                    "userId": 1,
                    "eventTypeId": None,
                    "credentialId": 7,
                },
            }
        )

    def _busy(self, seen: Seen) -> tuple[int, Any]:
        return 200, _ok([{"start": "2050-01-03T09:00:00.000Z", "end": "2050-01-03T10:00:00.000Z"}])

    def _disconnect(self, seen: Seen, app: str) -> tuple[int, Any]:
        return 200, _ok(_credential(seen.body["id"]))

    def _ics(self, seen: Seen) -> tuple[int, Any]:
        return 201, _ok(_credential(9))

    def _selected(self, seen: Seen) -> tuple[int, Any]:
        return 200, _ok({"userId": 1, "integration": "google_calendar", "externalId": "a@x.com", "credentialId": 7})

    def _create_webhook(self, seen: Seen, owner: Json) -> tuple[int, Any]:
        id = f"wh-{next(self._ids)}"
        self.webhooks[id] = webhook_json(id, seen.body, owner)
        return 201, _ok(self.webhooks[id])

    def _list_webhooks(self, seen: Seen, owner: Json) -> tuple[int, Any]:
        key, value = next(iter(owner.items()))
        items = [w for w in self.webhooks.values() if w.get(key) == value]
        skip, take = int(seen.q("skip") or 0), int(seen.q("take") or 250)
        return 200, _ok(items[skip : skip + take])

    def _update_webhook(self, seen: Seen, id: str) -> tuple[int, Any]:
        self.webhooks[id] = {**self.webhooks[id], **seen.body}
        return 200, _ok(self.webhooks[id])

    def _list_managed_users(self, seen: Seen, client: str) -> tuple[int, Any]:
        offset, limit = int(seen.q("offset") or 0), int(seen.q("limit") or 50)
        if offset > 250:
            return 400, {"status": "error", "error": {"code": "BadRequestException", "message": "offset max 250"}}
        ids = range(1, self.managed_users + 1)[offset : offset + limit]
        return 200, _ok([managed_user_json(i) for i in ids])

    def _create_managed_user(self, seen: Seen, client: str) -> tuple[int, Any]:
        self.managed_users += 1
        return 201, _ok({"user": managed_user_json(self.managed_users), **_keys()})


def _ok(data: Any) -> Json:
    return {"status": "success", "data": data}


def _json(status: int, payload: Any, *, request_id: str | None = None) -> httpx.Response:
    headers = {"x-request-id": request_id} if request_id else {}
    return httpx.Response(status, json=payload, headers=headers)


def _et(body: Json) -> Json:
    out: Json = {}
    if "title" in body:
        out["title"] = body["title"]
    if "slug" in body:
        out["slug"] = body["slug"]
    if "lengthInMinutes" in body:
        out["length"] = body["lengthInMinutes"]
    return out


def _me(body: Json) -> Json:
    return {
        "id": 1,
        "username": "ada",
        "email": "ada@example.com",
        "name": "Ada Lovelace",
        "bio": None,
        "avatarUrl": None,
        "timeFormat": body.get("timeFormat", 24),
        "defaultScheduleId": None,
        "weekStart": body.get("weekStart", "Monday"),
        "timeZone": body.get("timeZone", "UTC"),
        "organizationId": None,
    }


def _keys() -> Json:
    return {
        "accessToken": "access",
        "refreshToken": "refresh",
        "accessTokenExpiresAt": 1_760_000_000_000,
        "refreshTokenExpiresAt": 1_790_000_000_000,
    }


def _credential(id: int) -> Json:
    return {
        "id": id,
        "type": "google_calendar",
        "userId": 1,
        "teamId": None,
        "appId": "google-calendar",
        "invalid": False,
    }
