"""``idempotency_key=``: the caller's own key makes a create safe to send again, from any process."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx
import pytest
from cal_client.resources import IDEMPOTENCY_KEY, Attendee, BookingOutcomeUnknownError
from cal_client.resources._validation import CalValidationError
from resources_fake import ScriptedCal, parse

from cal_client import AsyncCal

ADA = Attendee(name="Ada", email="ada@example.com", time_zone="Europe/London")
NINE = dt.datetime(2050, 1, 3, 9, tzinfo=dt.UTC)


def worker(fake: ScriptedCal, handler: object = None) -> AsyncCal:
    """A second client over the same fake: another process, as far as the SDK can tell."""
    return AsyncCal(api_key="cal_test_worker0123456789", transport=httpx.MockTransport(handler or fake.handle))


async def test_the_same_key_from_another_client_returns_the_booking_already_made(
    cal: AsyncCal, fake: ScriptedCal
) -> None:
    first = await cal.bookings.create(event_type_id=42, start=NINE, attendee=ADA, idempotency_key="order-17")
    async with worker(fake) as other:
        again = await other.bookings.create(event_type_id=42, start=NINE, attendee=ADA, idempotency_key="order-17")
    assert len(fake.bookings) == 1
    assert len(fake.of("POST", "/v2/bookings")) == 1  # the second call only looked
    assert again.uid == first.uid and again.reconciled and not first.reconciled
    assert again.idempotency_key == first.idempotency_key == "order-17"
    assert fake.of("POST", "/v2/bookings")[0].body["metadata"][IDEMPOTENCY_KEY] == "order-17"


async def test_a_retry_after_an_unknown_outcome_finds_the_booking_instead_of_booking_twice(fake: ScriptedCal) -> None:
    """The first process cannot tell (its listing fails too) and gives up; the retry finds it."""
    fake.fail_next("POST", "/v2/bookings", "reset_after_send")
    plain = fake.handle
    listing_works = False

    def handle(request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and not listing_works:
            return httpx.Response(503, json={"status": "error", "error": {"code": "Unavailable", "message": "x"}})
        return plain(request)

    async with worker(fake, handle) as first:
        with pytest.raises(BookingOutcomeUnknownError) as info:
            await first.bookings.create(event_type_id=42, start=NINE, attendee=ADA, idempotency_key="req-9")
    assert info.value.idempotency_key == "req-9"
    listing_works = True
    async with worker(fake, handle) as second:
        created = await second.bookings.create(event_type_id=42, start=NINE, attendee=ADA, idempotency_key="req-9")
    assert len(fake.bookings) == 1 and created.reconciled
    assert len(fake.of("POST", "/v2/bookings")) == 1


async def test_its_own_booking_is_not_reported_as_a_conflict(cal: AsyncCal, fake: ScriptedCal) -> None:
    """Another process books with the key between this call's look and its send: Cal.com answers 409."""
    plain = fake.handle

    def handle(request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and not fake.bookings:
            body = fake.of("GET", "/v2/bookings")[-1]  # the look happened; now the other process lands
            assert body is not None
            fake._store(
                NINE,
                {"name": "Ada", "email": "ada@example.com", "timeZone": "Europe/London"},
                {IDEMPOTENCY_KEY: "race-1"},
            )
            return httpx.Response(409, json={"status": "error", "error": {"code": "Conflict", "message": "taken"}})
        return plain(request)

    async with worker(fake, handle) as client:
        created = await client.bookings.create(event_type_id=42, start=NINE, attendee=ADA, idempotency_key="race-1")
    assert created.reconciled and len(fake.bookings) == 1
    assert created.uid == next(iter(fake.bookings))


async def test_concurrent_creates_with_one_key_send_once(cal: AsyncCal, fake: ScriptedCal) -> None:
    results = await asyncio.gather(
        *(cal.bookings.create(event_type_id=42, start=NINE, attendee=ADA, idempotency_key="k") for _ in range(5))
    )
    assert len(fake.of("POST", "/v2/bookings")) == 1
    assert {created.uid for created in results} == {next(iter(fake.bookings))}
    assert sum(not created.reconciled for created in results) == 1


async def test_book_first_available_with_a_key_returns_the_booking_made_anywhere_in_the_window(
    cal: AsyncCal, fake: ScriptedCal
) -> None:
    fake.slots = [NINE + dt.timedelta(minutes=30 * i) for i in range(3)]
    fake.steal_before_booking = {NINE}  # the first slot is taken: the key goes with the next one
    window = (dt.date(2050, 1, 3), dt.date(2050, 1, 4))
    first = await cal.bookings.book_first_available(
        event_type_id=42, window=window, attendee=ADA, idempotency_key="visit-3"
    )
    again = await cal.bookings.book_first_available(
        event_type_id=42, window=window, attendee=ADA, idempotency_key="visit-3"
    )
    assert first.start == NINE + dt.timedelta(minutes=30)
    assert again.uid == first.uid and again.reconciled
    assert len(fake.of("POST", "/v2/bookings")) == 2  # the stolen slot, then ours; nothing on the second call
    [look] = fake.of("GET", "/v2/bookings")[-1:]
    assert look.query["afterStart"] == ["2050-01-02T23:59:00Z"]
    assert parse(look.query["beforeEnd"][0]) >= dt.datetime(2050, 1, 4, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"idempotency_key": ""}, "idempotency_key"),
        ({"idempotency_key": 17}, "idempotency_key"),
        ({"idempotency_key": "x" * 501}, "1-500 printable"),
        ({"idempotency_key": "a\nb"}, "printable"),
        ({"idempotency_key": "ok", "exactly_once": False}, "exactly_once=True"),
    ],
)
async def test_a_bad_key_is_refused_before_anything_is_sent(
    cal: AsyncCal, fake: ScriptedCal, kwargs: dict[str, object], fragment: str
) -> None:
    with pytest.raises(CalValidationError) as info:
        await cal.bookings.create(event_type_id=42, start=NINE, attendee=ADA, **kwargs)  # type: ignore[arg-type]
    assert info.value.argument == "idempotency_key" and fragment in str(info.value)
    assert fake.requests == []
