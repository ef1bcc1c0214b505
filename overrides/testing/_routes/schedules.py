"""Schedules (``cal-api-version`` 2024-06-11 or 2024-06-14): the windows slots are cut from."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from .._errors import not_found
from .._routing import Call, Route, ok, route
from .._store import WEEKDAYS, Availability, Override, Schedule, Store, User, Window
from .._validation import HH_MM, Arr, Bool, Obj, Str, require_valid

Json = dict[str, Any]
ROUTES: list[Route] = []
VERSIONS = ("2024-06-11", "2024-06-14")

AVAILABILITY = Obj(
    fields={
        "days": Arr(required=True, item=Str(enum=WEEKDAYS)),
        "startTime": Str(required=True, pattern=HH_MM),
        "endTime": Str(required=True, pattern=HH_MM),
    }
)
OVERRIDE = Obj(
    fields={
        "date": Str(required=True, kind="date"),
        "startTime": Str(required=True, pattern=HH_MM),
        "endTime": Str(required=True, pattern=HH_MM),
    }
)
CREATE = {
    "name": Str(required=True),
    "timeZone": Str(required=True, kind="timezone"),
    "isDefault": Bool(required=True),
    "availability": Arr(item=AVAILABILITY),
    "overrides": Arr(item=OVERRIDE),
}
UPDATE = {name: dataclasses.replace(rule, required=False) for name, rule in CREATE.items()}
WORKING_HOURS = [{"days": list(WEEKDAYS[:5]), "startTime": "09:00", "endTime": "17:00"}]


def output(store: Store, schedule: Schedule) -> Json:
    owner = store.users.get(schedule.owner_id)
    return {
        "id": schedule.id,
        "ownerId": schedule.owner_id,
        "name": schedule.name,
        "timeZone": schedule.time_zone,
        "availability": [
            {"days": a.days, "startTime": _hh_mm(a.window.start), "endTime": _hh_mm(a.window.end)}
            for a in schedule.availability
        ],
        "isDefault": owner is not None and owner.default_schedule_id == schedule.id,
        "overrides": [
            {"date": o.date.isoformat(), "startTime": _hh_mm(o.window.start), "endTime": _hh_mm(o.window.end)}
            for o in schedule.overrides
        ],
    }


def create_schedule(store: Store, owner: User, body: Json) -> Schedule:
    """Store a schedule from a validated create body (also used to seed and for managed users)."""
    schedule = Schedule(
        id=store.next_id("schedule"),
        owner_id=owner.id,
        name=body["name"],
        time_zone=body["timeZone"],
        availability=_availability(body.get("availability", WORKING_HOURS)),
        overrides=_overrides(body.get("overrides", [])),
    )
    store.schedules[schedule.id] = schedule
    if body.get("isDefault") or owner.default_schedule_id is None:
        owner.default_schedule_id = schedule.id
    return schedule


@route(ROUTES, "POST", "/v2/schedules", versions=VERSIONS, status=201)
def create(call: Call) -> Json:
    body = require_valid(call.body, CREATE)
    return ok(output(call.store, create_schedule(call.store, call.user(), body)))


@route(ROUTES, "GET", "/v2/schedules", versions=VERSIONS)
def list_schedules(call: Call) -> Json:
    user = call.user()
    return ok([output(call.store, s) for s in call.store.schedules.values() if s.owner_id == user.id])


@route(ROUTES, "GET", "/v2/schedules/default", versions=VERSIONS)
def get_default(call: Call) -> Json:
    user = call.user()
    schedule = call.store.schedules.get(user.default_schedule_id or 0)
    return ok(None if schedule is None else output(call.store, schedule))


@route(ROUTES, "GET", "/v2/schedules/{scheduleId}", versions=VERSIONS)
def get(call: Call) -> Json:
    return ok(output(call.store, _owned(call)))


@route(ROUTES, "PATCH", "/v2/schedules/{scheduleId}", versions=VERSIONS)
def update(call: Call) -> Json:
    schedule = _owned(call)
    body = require_valid(call.body, UPDATE)
    schedule.name = body.get("name", schedule.name)
    schedule.time_zone = body.get("timeZone", schedule.time_zone)
    if "availability" in body:
        schedule.availability = _availability(body["availability"])
    if "overrides" in body:
        schedule.overrides = _overrides(body["overrides"])
    owner = call.user()
    if body.get("isDefault") is True:
        owner.default_schedule_id = schedule.id
    elif body.get("isDefault") is False and owner.default_schedule_id == schedule.id:
        owner.default_schedule_id = None
    return ok(output(call.store, schedule))


@route(ROUTES, "DELETE", "/v2/schedules/{scheduleId}", versions=VERSIONS)
def delete(call: Call) -> Json:
    schedule = _owned(call)
    del call.store.schedules[schedule.id]
    owner = call.user()
    if owner.default_schedule_id == schedule.id:
        owner.default_schedule_id = None
    return {"status": "success"}


def _owned(call: Call) -> Schedule:
    schedule_id = call.int_param("scheduleId")
    schedule = call.store.schedules.get(schedule_id)
    if schedule is None:
        raise not_found(f"Schedule with id={schedule_id} not found")
    call.owned_by_caller(schedule.owner_id, f"Schedule with id={schedule_id}")
    return schedule


def _availability(items: list[Json]) -> list[Availability]:
    return [Availability(list(dict.fromkeys(i["days"])), _window(i)) for i in items]


def _overrides(items: list[Json]) -> list[Override]:
    return [Override(dt.date.fromisoformat(i["date"]), _window(i)) for i in items]


def _window(item: Json) -> Window:
    return Window(dt.time.fromisoformat(item["startTime"]), dt.time.fromisoformat(item["endTime"]))


def _hh_mm(when: dt.time) -> str:
    return when.strftime("%H:%M")
