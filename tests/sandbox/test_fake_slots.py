"""FakeCal's slots engine, in-process: availability windows, time zones, DST, notice, conflicts."""

from __future__ import annotations

import httpx
from cal_client.testing import FakeCal, FrozenClock
from sandbox_helpers import SCHEDULES, SLOTS, book, slots


async def test_working_hours_become_slots_in_utc(local: httpx.AsyncClient) -> None:
    data = await slots(local, eventTypeId=1, start="2030-01-07", end="2030-01-13")
    # Mon 7th: 09:00-17:00 London (= UTC in January), but the 120-minute notice from 08:00 hides 09:00-09:30.
    assert data["2030-01-07"][0] == {"start": "2030-01-07T10:00:00.000Z"}
    assert data["2030-01-07"][-1] == {"start": "2030-01-07T16:30:00.000Z"}
    assert len(data["2030-01-07"]) == 14
    assert len(data["2030-01-08"]) == 16
    assert sorted(data) == ["2030-01-07", "2030-01-08", "2030-01-09", "2030-01-10", "2030-01-11"]  # no weekend


async def test_time_zone_moves_date_keys_and_offsets(local: httpx.AsyncClient) -> None:
    data = await slots(local, eventTypeId=1, start="2030-01-08", end="2030-01-08", timeZone="Asia/Tokyo")
    # 09:00 London = 18:00 Tokyo; 16:30 London = 01:30 the next day in Tokyo.
    assert data["2030-01-08"][0] == {"start": "2030-01-08T18:00:00.000+09:00"}
    assert data["2030-01-09"][-1] == {"start": "2030-01-09T01:30:00.000+09:00"}


async def test_range_format_adds_the_end(local: httpx.AsyncClient) -> None:
    data = await slots(local, eventTypeId=1, start="2030-01-08", end="2030-01-08", format="range")
    assert data["2030-01-08"][0] == {"start": "2030-01-08T09:00:00.000Z", "end": "2030-01-08T09:30:00.000Z"}


async def test_daylight_saving_keeps_wall_clock_hours(local: httpx.AsyncClient, fake: FakeCal) -> None:
    assert isinstance(fake.clock, FrozenClock)
    fake.clock.set("2030-03-29T08:00:00Z")
    # British Summer Time starts on Sunday 31 March 2030: 09:00 London is 08:00 UTC from Monday.
    data = await slots(local, eventTypeId=1, start="2030-03-29", end="2030-04-01")
    assert data["2030-03-29"][-1]["start"] == "2030-03-29T16:30:00.000Z"
    assert data["2030-04-01"][0]["start"] == "2030-04-01T08:00:00.000Z"
    assert data["2030-04-01"][-1]["start"] == "2030-04-01T15:30:00.000Z"


async def test_a_booking_takes_its_slot_away(local: httpx.AsyncClient) -> None:
    created = await book(local, "2030-01-08T10:00:00Z")
    assert created.status_code == 201, created.text
    data = await slots(local, eventTypeId=1, start="2030-01-08", end="2030-01-08")
    starts = [s["start"] for s in data["2030-01-08"]]
    assert "2030-01-08T10:00:00.000Z" not in starts
    assert "2030-01-08T09:30:00.000Z" in starts and "2030-01-08T10:30:00.000Z" in starts
    again = await book(local, "2030-01-08T10:00:00Z")
    assert again.status_code == 400
    assert again.json()["error"]["message"] == "User either already has booking at this time or is not available"


async def test_buffers_and_interval_shape_the_grid(local: httpx.AsyncClient, fake: FakeCal) -> None:
    buffered = fake.add_event_type(
        fake.sandbox.user_id, title="Deep dive", slug="deep", length=60, slotInterval=30, afterEventBuffer=30
    )
    assert (await book(local, "2030-01-08T12:00:00Z")).status_code == 201  # a 30-minute booking 12:00-12:30
    data = await slots(local, eventTypeId=buffered, start="2030-01-08", end="2030-01-08")
    starts = [s["start"][11:16] for s in data["2030-01-08"]]
    # 60 minutes + 30 buffer may not touch 12:00-12:30: 10:30 ends its buffer at 12:00, 12:30 starts after.
    assert starts[:6] == ["09:00", "09:30", "10:00", "10:30", "12:30", "13:00"]
    assert starts[-1] == "16:00"


async def test_schedule_override_replaces_the_weekly_hours(local: httpx.AsyncClient, fake: FakeCal) -> None:
    patch = {"overrides": [{"date": "2030-01-09", "startTime": "13:00", "endTime": "14:00"}]}
    response = await local.patch(f"/v2/schedules/{fake.sandbox.schedule_id}", json=patch, headers=SCHEDULES)
    assert response.status_code == 200, response.text
    data = await slots(local, eventTypeId=1, start="2030-01-09", end="2030-01-10")
    assert data["2030-01-09"] == [{"start": "2030-01-09T13:00:00.000Z"}, {"start": "2030-01-09T13:30:00.000Z"}]
    assert len(data["2030-01-10"]) == 16


async def test_slug_and_username_select_the_event_type(local: httpx.AsyncClient, fake: FakeCal) -> None:
    data = await slots(
        local, eventTypeSlug="30min", username=fake.sandbox.username, start="2030-01-08", end="2030-01-08"
    )
    assert len(data["2030-01-08"]) == 16


async def test_bad_queries_are_400s_with_the_pipe_message(local: httpx.AsyncClient) -> None:
    stale = await local.get(
        "/v2/slots",
        params={"eventTypeId": 1, "start": "2030-01-08", "end": "2030-01-08", "slotFormat": "range"},
        headers=SLOTS,
    )
    assert stale.status_code == 400
    assert stale.json()["error"]["message"] == "slotFormat property is wrong,property slotFormat should not exist"
    mixed = await local.get(
        "/v2/slots",
        params={"eventTypeId": 1, "username": "x", "start": "2030-01-08", "end": "2030-01-08"},
        headers=SLOTS,
    )
    assert mixed.status_code == 400
    unknown = await local.get(
        "/v2/slots", params={"eventTypeId": 999, "start": "2030-01-08", "end": "2030-01-08"}, headers=SLOTS
    )
    assert unknown.status_code == 404


async def test_reservation_hides_the_slot_until_it_expires(local: httpx.AsyncClient, fake: FakeCal) -> None:
    reserved = await local.post(
        "/v2/slots/reservations", json={"eventTypeId": 1, "slotStart": "2030-01-08T11:00:00Z"}, headers=SLOTS
    )
    assert reserved.status_code == 201, reserved.text
    reservation = reserved.json()["data"]
    assert reservation["reservationDuration"] == 5
    assert reservation["slotEnd"] == "2030-01-08T11:30:00.000Z"
    assert reservation["reservationUntil"] == "2030-01-07T08:05:00.000Z"
    starts = [
        s["start"] for s in (await slots(local, eventTypeId=1, start="2030-01-08", end="2030-01-08"))["2030-01-08"]
    ]
    assert "2030-01-08T11:00:00.000Z" not in starts
    assert isinstance(fake.clock, FrozenClock)
    fake.clock.advance(minutes=6)
    starts = [
        s["start"] for s in (await slots(local, eventTypeId=1, start="2030-01-08", end="2030-01-08"))["2030-01-08"]
    ]
    assert "2030-01-08T11:00:00.000Z" in starts
    gone = await local.get(f"/v2/slots/reservations/{reservation['reservationUid']}", headers=SLOTS)
    assert gone.status_code == 404


async def test_reserving_a_booked_slot_is_422(local: httpx.AsyncClient) -> None:
    assert (await book(local, "2030-01-08T15:00:00Z")).status_code == 201
    clash = await local.post(
        "/v2/slots/reservations", json={"eventTypeId": 1, "slotStart": "2030-01-08T15:00:00Z"}, headers=SLOTS
    )
    assert clash.status_code == 422
    assert clash.json()["error"]["code"] == "UnprocessableEntityException"


async def test_custom_reservation_duration_needs_the_owner(local: httpx.AsyncClient, fake: FakeCal) -> None:
    body = {"eventTypeId": 1, "slotStart": "2030-01-08T11:00:00Z", "reservationDuration": 30}
    anonymous = await local.post("/v2/slots/reservations", json=body, headers={**SLOTS, "Authorization": ""})
    assert anonymous.status_code == 401
    _other_id, other_key = fake.add_user("other-host")
    stranger = await local.post(
        "/v2/slots/reservations", json=body, headers={**SLOTS, "Authorization": f"Bearer {other_key}"}
    )
    assert stranger.status_code == 403
    owner = await local.post("/v2/slots/reservations", json=body, headers=SLOTS)
    assert owner.status_code == 201
    assert owner.json()["data"]["reservationUntil"] == "2030-01-07T08:30:00.000Z"
