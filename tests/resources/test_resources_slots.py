"""``cal.slots``: the real slots wire format, selectors and reservations."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from cal_client._errors import ResponseParseError
from cal_client.resources import AvailableSlots, CalValidationError
from resources_fake import ScriptedCal

from cal_client import AsyncCal

VERSION = "2024-09-04"
NINE = dt.datetime(2050, 1, 3, 9, tzinfo=dt.UTC)


async def test_find_returns_days_of_aware_slots(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.slots = [NINE, NINE + dt.timedelta(minutes=30), NINE + dt.timedelta(days=1)]
    slots = await cal.slots.find(
        event_type_id=42, start=dt.date(2050, 1, 3), end=dt.date(2050, 1, 5), time_zone="Europe/Paris", format="range"
    )
    seen = fake.last
    assert (seen.method, seen.path, seen.version) == ("GET", "/v2/slots", VERSION)
    assert seen.query == {
        "start": ["2050-01-03"],
        "end": ["2050-01-05"],
        "eventTypeId": ["42"],
        "timeZone": ["Europe/Paris"],
        "format": ["range"],
    }
    assert isinstance(slots, AvailableSlots)
    assert list(slots) == [dt.date(2050, 1, 3), dt.date(2050, 1, 4)]
    assert slots.count == 3 and len(slots) == 2 and slots.time_zone == "Europe/Paris"
    first = slots[dt.date(2050, 1, 3)][0]
    assert first.start == NINE and first.start.utcoffset() == dt.timedelta(hours=2)
    assert first.end == NINE + dt.timedelta(minutes=30) and first.end.tzinfo is not None
    assert slots["2050-01-04"][0].start == NINE + dt.timedelta(days=1)
    assert slots.first() is first
    assert slots.starts() == fake.slots


async def test_find_with_times_duration_and_reschedule(cal: AsyncCal, fake: ScriptedCal) -> None:
    await cal.slots.find(
        event_type_slug="intro",
        username="host",
        organization_slug="acme",
        start=NINE,
        end="2050-01-04T00:00:00+01:00",
        duration=45,
        booking_uid_to_reschedule="uid1",
    )
    assert fake.last.query == {
        "start": ["2050-01-03T09:00:00Z"],
        "end": ["2050-01-03T23:00:00Z"],
        "eventTypeSlug": ["intro"],
        "username": ["host"],
        "organizationSlug": ["acme"],
        "duration": ["45"],
        "bookingUidToReschedule": ["uid1"],
    }


async def test_find_by_team_and_by_dynamic_group(cal: AsyncCal, fake: ScriptedCal) -> None:
    await cal.slots.find(event_type_slug="demo", team_slug="sales", start=NINE, end=NINE)
    assert fake.last.query["teamSlug"] == ["sales"] and "username" not in fake.last.query
    await cal.slots.find(usernames=["ada", "bob"], organization_slug="acme", start=NINE, end=NINE)
    assert fake.last.query == {
        "start": ["2050-01-03T09:00:00Z"],
        "end": ["2050-01-03T09:00:00Z"],
        "usernames": ["ada,bob"],
        "organizationSlug": ["acme"],
    }


async def test_empty_result(cal: AsyncCal, fake: ScriptedCal) -> None:
    slots = await cal.slots.find(event_type_id=42, start=NINE, end=NINE)
    assert len(slots) == 0 and slots.first() is None and slots.all() == []


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"event_type_id": 42, "username": "host"}, "username"),
        ({"event_type_slug": "intro"}, "username"),
        ({"event_type_slug": "intro", "username": "a", "team_slug": "b"}, "team_slug"),
        ({"usernames": ["ada"], "organization_slug": "acme"}, "usernames"),
        ({"usernames": ["ada", "bob"]}, "organization_slug"),
        ({"usernames": "ada,bob", "organization_slug": "acme"}, "usernames"),
        ({}, "event_type_id"),
        ({"event_type_id": "42"}, "event_type_id"),
        ({"event_type_id": 42, "time_zone": "Paris"}, "time_zone"),
        ({"event_type_id": 42, "format": "slots"}, "format"),
        ({"event_type_id": 42, "duration": 0}, "duration"),
        ({"event_type_id": 42, "start": dt.datetime(2050, 1, 3, 9)}, "start"),
        ({"event_type_id": 42, "end": NINE - dt.timedelta(days=1)}, "end"),
    ],
)
async def test_bad_arguments_are_rejected_before_any_request(
    cal: AsyncCal, fake: ScriptedCal, kwargs: dict[str, object], argument: str
) -> None:
    call: dict[str, object] = {"start": NINE, "end": NINE + dt.timedelta(days=1), **kwargs}
    with pytest.raises(CalValidationError) as info:
        await cal.slots.find(**call)  # type: ignore[arg-type]
    assert info.value.argument == argument
    assert fake.requests == []


async def test_unexpected_day_key_is_a_parse_error() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"status": "success", "data": {"soon": [{"start": "2050-01-03T09:00:00Z"}]}})

    async with AsyncCal(api_key="cal_test_slots0123456789", transport=httpx.MockTransport(handle)) as cal:
        with pytest.raises(ResponseParseError, match="day keys"):
            await cal.slots.find(event_type_id=42, start=NINE, end=NINE)


async def test_seated_slot_fields_are_kept() -> None:
    day = {
        "2050-01-03": [{"start": "2050-01-03T09:00:00.000Z", "seatsBooked": 1, "seatsRemaining": 3, "seatsTotal": 4}]
    }

    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"status": "success", "data": day})

    async with AsyncCal(api_key="cal_test_slots0123456789", transport=httpx.MockTransport(handle)) as cal:
        slots = await cal.slots.find(event_type_id=42, start=NINE, end=NINE)
    [slot] = slots.all()
    assert (slot.seats_booked, slot.seats_remaining, slot.seats_total) == (1, 3, 4)


async def test_reservations(cal: AsyncCal, fake: ScriptedCal) -> None:
    held = await cal.slots.reserve(event_type_id=42, slot_start=NINE, slot_duration=30, reservation_duration=10)
    seen = fake.last
    assert (seen.method, seen.path, seen.version) == ("POST", "/v2/slots/reservations", VERSION)
    assert seen.body == {
        "eventTypeId": 42,
        "slotStart": "2050-01-03T09:00:00Z",
        "slotDuration": 30,
        "reservationDuration": 10,
    }
    assert held.reservation_uid == "res-1"

    found = await cal.slots.get_reservation("res-1")
    assert (fake.last.method, fake.last.path, fake.last.version) == ("GET", "/v2/slots/reservations/res-1", VERSION)
    assert found is not None and found.reservation_uid == "res-1"

    moved = await cal.slots.update_reservation("res-1", event_type_id=42, slot_start="2050-01-03T10:00:00+00:00")
    assert (fake.last.method, fake.last.path) == ("PATCH", "/v2/slots/reservations/res-1")
    assert fake.last.body == {"eventTypeId": 42, "slotStart": "2050-01-03T10:00:00Z"}
    assert moved.slot_start == NINE + dt.timedelta(hours=1)

    assert await cal.slots.delete_reservation("res-1") is None
    assert (fake.last.method, fake.last.path, fake.last.version) == ("DELETE", "/v2/slots/reservations/res-1", VERSION)


async def test_reserve_rejects_naive_start_and_string_ids(cal: AsyncCal, fake: ScriptedCal) -> None:
    with pytest.raises(CalValidationError, match="slot_start"):
        await cal.slots.reserve(event_type_id=42, slot_start=dt.datetime(2050, 1, 3, 9))
    with pytest.raises(CalValidationError, match="event_type_id"):
        await cal.slots.reserve(event_type_id="42", slot_start=NINE)  # type: ignore[arg-type]
    assert fake.requests == []
