"""Exactly-once ``bookings.create`` and ``book_first_available`` against the stateful fake."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from cal_client._errors import (
    APIConnectionError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    NotFoundError,
)
from cal_client.resources import (
    IDEMPOTENCY_KEY,
    Attendee,
    BookingOutcomeUnknownError,
    NoSlotAvailableError,
)
from resources_fake import ScriptedCal, parse

from cal_client import AsyncCal

ADA = Attendee(name="Ada", email="ada@example.com", time_zone="Europe/London")
NINE = dt.datetime(2050, 1, 3, 9, tzinfo=dt.UTC)


def keys_sent(fake: ScriptedCal) -> list[str]:
    return [seen.body["metadata"][IDEMPOTENCY_KEY] for seen in fake.of("POST", "/v2/bookings")]


async def test_reset_after_send_is_reconciled_into_the_one_booking(
    cal: AsyncCal, fake: ScriptedCal, no_sleep: list[float]
) -> None:
    fake.fail_next("POST", "/v2/bookings", "reset_after_send")
    created = await cal.bookings.create(event_type_id=42, start=NINE, attendee=ADA)

    assert len(fake.bookings) == 1
    [stored] = fake.bookings.values()
    assert created.uid == stored["uid"] and created.reconciled
    assert created.kind == "single"
    [post] = fake.of("POST", "/v2/bookings")  # never sent twice
    assert created.idempotency_key == post.body["metadata"][IDEMPOTENCY_KEY]
    [listing] = fake.of("GET", "/v2/bookings")
    assert listing.version == "2024-08-13"
    assert listing.query == {
        "attendeeEmail": ["ada@example.com"],
        "eventTypeId": ["42"],
        "afterStart": ["2050-01-03T08:59:00Z"],
        "beforeEnd": ["2050-01-05T09:00:00Z"],
        "sortStart": ["asc"],
        "take": ["250"],
        "skip": ["0"],
    }
    assert no_sleep == [0.5]  # one short wait before looking, no transport retry


async def test_500_after_the_booking_was_stored_is_reconciled(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.fail_next("POST", "/v2/bookings", "error_500_after_store")
    created = await cal.bookings.create(event_type_id=42, start=NINE, attendee=ADA)
    assert len(fake.bookings) == 1 and created.reconciled
    assert len(fake.of("POST", "/v2/bookings")) == 1


async def test_500_without_a_booking_is_sent_again_with_the_same_key(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.fail_next("POST", "/v2/bookings", "error_500")
    created = await cal.bookings.create(event_type_id=42, start=NINE, attendee=ADA)
    assert len(fake.bookings) == 1 and not created.reconciled
    first, second = keys_sent(fake)
    assert first == second == created.idempotency_key
    assert [seen.method for seen in fake.requests] == ["POST", "GET", "POST"]


async def test_connect_error_is_retried_by_the_transport_without_reconciling(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.fail_next("POST", "/v2/bookings", "reset_before_send")
    created = await cal.bookings.create(event_type_id=42, start=NINE, attendee=ADA)
    assert len(fake.bookings) == 1 and not created.reconciled
    assert [seen.method for seen in fake.requests] == ["POST", "POST"]


async def test_late_first_attempt_seen_as_conflict_on_retry_is_found(cal: AsyncCal, fake: ScriptedCal) -> None:
    """The first create ends in a 500 but completes server-side after the SDK looked: the retry
    collides with it, and the SDK finds its own booking instead of reporting the conflict."""
    fake.fail_next("POST", "/v2/bookings", "error_500")
    plain = fake.handle

    def handle(request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and len(fake.of("POST", "/v2/bookings")) == 1:
            first = fake.of("POST", "/v2/bookings")[0].body
            fake._store(parse(first["start"]), first["attendee"], first["metadata"])
        return plain(request)

    async with AsyncCal(api_key="cal_test_late0123456789", transport=httpx.MockTransport(handle)) as client:
        created = await client.bookings.create(event_type_id=42, start=NINE, attendee=ADA)
    assert len(fake.bookings) == 1 and created.reconciled
    assert [seen.method for seen in fake.requests] == ["POST", "GET", "POST", "GET"]


async def test_gives_up_after_max_attempts_and_says_nothing_was_booked(cal: AsyncCal, fake: ScriptedCal) -> None:
    for _ in range(2):
        fake.fail_next("POST", "/v2/bookings", "error_500")
    with pytest.raises(InternalServerError) as info:
        await cal.bookings.create(event_type_id=42, start=NINE, attendee=ADA, max_attempts=2)
    assert fake.bookings == {}
    assert len(fake.of("POST", "/v2/bookings")) == 2
    assert any("found no booking carrying metadata" in note for note in info.value.__notes__)


async def test_unknown_outcome_when_bookings_cannot_be_listed(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.fail_next("POST", "/v2/bookings", "reset_after_send")
    plain = fake.handle
    listings: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            listings.append(request)
            return httpx.Response(401, json={"status": "error", "error": {"code": "Unauthorized", "message": "no"}})
        return plain(request)

    async with AsyncCal(api_key="cal_test_unknown0123456789", transport=httpx.MockTransport(handle)) as client:
        with pytest.raises(BookingOutcomeUnknownError) as info:
            await client.bookings.create(event_type_id=42, start=NINE, attendee=ADA)
    error = info.value
    assert len(fake.bookings) == 1  # it was made: the SDK must not claim otherwise, nor book again
    assert len(fake.of("POST", "/v2/bookings")) == 1
    assert [request.url.path for request in listings] == ["/v2/bookings"]
    assert error.idempotency_key == next(iter(fake.bookings.values()))["metadata"][IDEMPOTENCY_KEY]
    assert isinstance(error.__cause__, APIConnectionError) and error.__cause__.maybe_processed
    assert "listing bookings" in str(error) and isinstance(error.__context__, AuthenticationError)


async def test_exactly_once_off_raises_the_ambiguous_failure(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.fail_next("POST", "/v2/bookings", "reset_after_send")
    with pytest.raises(APIConnectionError):
        await cal.bookings.create(event_type_id=42, start=NINE, attendee=ADA, exactly_once=False)
    assert [seen.method for seen in fake.requests] == ["POST"]


async def test_a_plain_4xx_is_raised_without_reconciling(cal: AsyncCal, fake: ScriptedCal) -> None:
    await cal.bookings.create(event_type_id=42, start=NINE, attendee=ADA)
    with pytest.raises(BadRequestError, match="already has booking"):
        await cal.bookings.create(event_type_id=42, start=NINE, attendee=ADA)
    assert [seen.method for seen in fake.requests] == ["POST", "POST"]


async def test_recurring_booking_is_reconciled_as_the_whole_series(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.recurring_event_type = 42
    fake.fail_next("POST", "/v2/bookings", "reset_after_send")
    created = await cal.bookings.create(event_type_id=42, start=NINE, attendee=ADA, recurrence_count=3)
    assert created.kind == "recurring" and created.reconciled
    assert len(created.bookings) == 3 == len(fake.bookings)
    assert fake.last.path == f"/v2/bookings/{created.recurring_booking_uid}"


async def test_seated_booking_is_reconciled_with_its_seat(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.seated_event_type = 42
    fake.fail_next("POST", "/v2/bookings", "reset_after_send")
    created = await cal.bookings.create(event_type_id=42, start=NINE, attendee=ADA)
    assert created.kind == "seated" and created.reconciled
    assert created.seat_uid == next(iter(fake.bookings.values()))["seatUid"]


# -- book_first_available -------------------------------------------------------------------------


def half_hours(count: int) -> list[dt.datetime]:
    return [NINE + dt.timedelta(minutes=30 * i) for i in range(count)]


async def test_books_the_earliest_slot(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.slots = half_hours(3)
    created = await cal.bookings.book_first_available(
        event_type_id=42, window=(dt.date(2050, 1, 3), dt.date(2050, 1, 4)), attendee=ADA
    )
    assert created.start == NINE
    slots_query, create = fake.requests
    assert (slots_query.path, slots_query.version) == ("/v2/slots", "2024-09-04")
    assert slots_query.query == {"start": ["2050-01-03"], "end": ["2050-01-04"], "eventTypeId": ["42"]}
    assert create.body["start"] == "2050-01-03T09:00:00Z"


async def test_moves_on_when_a_slot_is_taken_between_check_and_book(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.slots = half_hours(3)
    fake.steal_before_booking = {NINE}
    created = await cal.bookings.book_first_available(
        event_type_id=42, window=(NINE, NINE + dt.timedelta(hours=2)), attendee=ADA, length_in_minutes=30
    )
    assert created.start == NINE + dt.timedelta(minutes=30)
    assert [seen.body["start"] for seen in fake.of("POST", "/v2/bookings")] == [
        "2050-01-03T09:00:00Z",
        "2050-01-03T09:30:00Z",
    ]
    assert fake.of("GET", "/v2/slots")[0].query["duration"] == ["30"]
    ours = [b for b in fake.bookings.values() if b["attendees"][0]["email"] == "ada@example.com"]
    assert len(ours) == 1 and len(fake.bookings) == 2


async def test_stops_after_max_attempts(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.slots = half_hours(4)
    fake.steal_before_booking = set(half_hours(4))
    with pytest.raises(NoSlotAvailableError) as info:
        await cal.bookings.book_first_available(
            event_type_id=42, window=(NINE, NINE + dt.timedelta(hours=3)), attendee=ADA, max_attempts=2
        )
    assert [start for start, _ in info.value.tried] == half_hours(2)
    assert all(isinstance(error, BadRequestError) for _, error in info.value.tried)
    assert len(fake.of("POST", "/v2/bookings")) == 2


async def test_no_slot_in_the_window(cal: AsyncCal, fake: ScriptedCal) -> None:
    with pytest.raises(NoSlotAvailableError, match="no free slot"):
        await cal.bookings.book_first_available(
            event_type_id=42, window=(NINE, NINE + dt.timedelta(hours=1)), attendee=ADA
        )
    assert fake.of("POST", "/v2/bookings") == []


async def test_other_errors_are_not_treated_as_a_taken_slot(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.slots = half_hours(2)
    plain = fake.handle

    def handle(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(404, json={"status": "error", "error": {"code": "NotFoundException", "message": "x"}})
        return plain(request)

    async with AsyncCal(api_key="cal_test_other0123456789", transport=httpx.MockTransport(handle)) as client:
        with pytest.raises(NotFoundError):
            await client.bookings.book_first_available(
                event_type_id=42, window=(NINE, NINE + dt.timedelta(hours=1)), attendee=ADA
            )
