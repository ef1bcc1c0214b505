"""``with_raw_response``: the same result, plus status, headers and request id, with no second call."""

from __future__ import annotations

import asyncio
import datetime as dt

from cal_client.resources import Attendee, CreatedBooking, RawResponse
from resources_fake import ScriptedCal

from cal_client import AsyncCal

ADA = Attendee(name="Ada", email="ada@example.com", time_zone="Europe/London")
NINE = dt.datetime(2050, 1, 3, 9, tzinfo=dt.UTC)


async def test_raw_create_carries_status_headers_and_request_id(cal: AsyncCal, fake: ScriptedCal) -> None:
    raw = await cal.bookings.with_raw_response.create(event_type_id=42, start=NINE, attendee=ADA)
    assert isinstance(raw, RawResponse) and isinstance(raw.data, CreatedBooking)
    assert raw.status_code == 201
    assert raw.request_id == "req-1" == raw.headers["x-request-id"]
    assert raw.http_response.request.url.path == "/v2/bookings"
    assert raw.parsed.data.uid == raw.data.uid  # the whole envelope is there too
    assert len(fake.requests) == 1


async def test_raw_keeps_every_response_of_a_multi_request_method(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.fail_next("POST", "/v2/bookings", "reset_after_send")
    raw = await cal.bookings.with_raw_response.create(event_type_id=42, start=NINE, attendee=ADA)
    assert raw.data.reconciled
    # The failed POST has no response; the listing that found the booking does.
    assert [r.http_response.request.url.path for r in raw.responses] == ["/v2/bookings"]
    assert raw.response.http_response.request.method == "GET"


async def test_raw_views_exist_on_every_namespace(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.slots = [NINE]
    slots = await cal.slots.with_raw_response.find(event_type_id=42, start=NINE, end=NINE)
    assert slots.status_code == 200 and slots.data.count == 1
    me = await cal.me.with_raw_response.get()
    assert me.data.username == "ada" and me.request_id is not None
    schedule = await cal.schedules.with_raw_response.get_default()
    assert schedule.data is None and schedule.status_code == 200
    event_type = await cal.event_types.with_raw_response.get(42)
    assert event_type.data is not None and event_type.data.id == 42
    hook = await cal.webhooks.with_raw_response.create(subscriber_url="https://e.com/x", triggers=["BOOKING_PAID"])
    assert hook.status_code == 201
    busy = await cal.calendars.with_raw_response.busy_times(credential_id=7, external_id="a", time_zone="UTC")
    assert len(busy.data) == 1


async def test_plain_calls_are_unaffected_and_concurrent_raw_calls_do_not_mix(cal: AsyncCal, fake: ScriptedCal) -> None:
    first, second, plain = await asyncio.gather(
        cal.bookings.with_raw_response.create(event_type_id=42, start=NINE, attendee=ADA),
        cal.bookings.with_raw_response.create(event_type_id=42, start=NINE + dt.timedelta(hours=1), attendee=ADA),
        cal.bookings.create(event_type_id=42, start=NINE + dt.timedelta(hours=2), attendee=ADA),
    )
    assert len(first.responses) == len(second.responses) == 1
    assert first.parsed.data.uid == first.data.uid and second.parsed.data.uid == second.data.uid
    assert first.data.uid != second.data.uid
    assert isinstance(plain, CreatedBooking)


async def test_list_pages_carry_their_response(cal: AsyncCal, fake: ScriptedCal) -> None:
    page = await cal.webhooks.list()
    assert page.response.status_code == 200 and page.response.request_id == "req-1"
