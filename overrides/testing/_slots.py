"""The slots engine: which start times an event type offers, given its schedule and the bookings.

A start is offered when it lies inside one of the schedule's windows for that local date (an
override for the date replaces the weekly availability), steps by ``slotInterval`` (default: the
event length) from the window's start, ends inside the window, respects the minimum booking
notice, and does not overlap a busy booking of the host (widened by the event's buffers) or an
unexpired reservation. Windows are wall-clock times in the schedule's time zone, so DST moves
them in UTC exactly as it does for Cal.com.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from ._store import WEEKDAYS, EventType, Schedule, Store, Window

# Bounds the date walk: a slots query spans at most this many days.
MAX_RANGE_DAYS = 366


def schedule_for(store: Store, event_type: EventType) -> Schedule | None:
    if event_type.schedule_id is not None:
        return store.schedules.get(event_type.schedule_id)
    host = store.users.get(event_type.owner_id)
    if host is None or host.default_schedule_id is None:
        return None
    return store.schedules.get(host.default_schedule_id)


def free_starts(
    store: Store,
    event_type: EventType,
    *,
    start: dt.datetime,
    end: dt.datetime,
    minutes: int,
    now: dt.datetime,
    ignore_booking_uid: str | None = None,
    hide_reserved: bool = True,
) -> list[dt.datetime]:
    """Offered slot starts (UTC) with ``start <= slot <= end``.

    Reserved slots are hidden from the slots list (others should not pick them) but do not stop
    a booking: the booking body carries no reservation UID, so the holder could not be told apart.
    """
    schedule = schedule_for(store, event_type)
    if schedule is None or end < start:
        return []
    zone = ZoneInfo(schedule.time_zone)
    length = dt.timedelta(minutes=minutes)
    step = dt.timedelta(minutes=event_type.slot_interval or minutes)
    earliest = now + dt.timedelta(minutes=event_type.minimum_notice)
    before = dt.timedelta(minutes=event_type.before_buffer)
    after = dt.timedelta(minutes=event_type.after_buffer)
    busy = [(b.start, b.end) for b in store.busy_bookings(event_type.owner_id, except_uid=ignore_booking_uid)]
    if hide_reserved:
        busy += [
            (r.slot_start, r.slot_end)
            for r in store.reservations.values()
            if r.until > now and _owner_of(store, r.event_type_id) == event_type.owner_id
        ]
    first_day = start.astimezone(zone).date() - dt.timedelta(days=1)
    days = min((end.astimezone(zone).date() - first_day).days + 2, MAX_RANGE_DAYS + 2)
    found: list[dt.datetime] = []
    for offset in range(days):
        day = first_day + dt.timedelta(days=offset)
        for window in windows_on(schedule, day):
            opens = dt.datetime.combine(day, window.start, zone).astimezone(dt.UTC)
            closes = dt.datetime.combine(day, window.end, zone).astimezone(dt.UTC)
            slot = opens
            while slot + length <= closes:
                if (
                    start <= slot <= end
                    and slot >= earliest
                    and not _overlaps(slot - before, slot + length + after, busy)
                ):
                    found.append(slot)
                slot += step
    return sorted(set(found))


def windows_on(schedule: Schedule, day: dt.date) -> list[Window]:
    overrides = [o.window for o in schedule.overrides if o.date == day]
    if overrides:
        return overrides
    weekday = WEEKDAYS[day.weekday()]
    return [a.window for a in schedule.availability if weekday in a.days]


def is_free(
    store: Store, event_type: EventType, when: dt.datetime, *, minutes: int, now: dt.datetime, ignore: str | None = None
) -> bool:
    found = free_starts(
        store,
        event_type,
        start=when,
        end=when,
        minutes=minutes,
        now=now,
        ignore_booking_uid=ignore,
        hide_reserved=False,
    )
    return when in found


def _overlaps(start: dt.datetime, end: dt.datetime, busy: list[tuple[dt.datetime, dt.datetime]]) -> bool:
    return any(start < b_end and end > b_start for b_start, b_end in busy)


def _owner_of(store: Store, event_type_id: int) -> int | None:
    event_type = store.event_types.get(event_type_id)
    return None if event_type is None else event_type.owner_id
