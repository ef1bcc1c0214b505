"""What a user writes, with the types both checkers must infer (``make typecheck``; tests/typing/test_typing.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeAlias, assert_type

from cal_client.testing import FakeCal

from cal_client import (
    APIStatusError,
    AsyncCal,
    AsyncPaginator,
    Attendee,
    AvailableSlots,
    CalError,
    CalValidationError,
    CreatedBooking,
    NotFoundError,
    Page,
    RateLimitError,
    RawResponse,
    webhooks,
)
from cal_client.models import (
    BookingOutput20240813,
    EventTypeWebhookOutputDto,
    GetRecurringSeatedBookingOutput20240813,
    GetSeatedBookingOutput20240813,
    RecurringBookingOutput20240813,
    Slot20240904,
)

Booking: TypeAlias = (
    BookingOutput20240813
    | GetRecurringSeatedBookingOutput20240813
    | GetSeatedBookingOutput20240813
    | RecurringBookingOutput20240813
)
# One booking from bookings.get; a recurring series from bookings.get_series.
Series: TypeAlias = list[RecurringBookingOutput20240813] | list[GetRecurringSeatedBookingOutput20240813]


async def series(cal: AsyncCal, recurring_booking_uid: str) -> None:
    """Typed only (the sandbox's event types are not recurring): a series is a list of occurrences."""
    occurrences = await cal.bookings.get_series(recurring_booking_uid)
    assert_type(occurrences, Series)
    assert_type([o.start for o in occurrences], list[dt.datetime])


async def flow() -> None:
    fake = FakeCal()
    async with AsyncCal(api_key=fake.sandbox.api_key, base_url="http://localhost", transport=fake.transport()) as cal:
        assert_type(cal, AsyncCal)
        now = dt.datetime.now(dt.UTC)

        slots = await cal.slots.find(event_type_id=1, start=now, end=now + dt.timedelta(days=7), time_zone="UTC")
        assert_type(slots, AvailableSlots)
        assert_type(slots.first(), Slot20240904 | None)
        assert_type(slots.starts(), list[dt.datetime])

        attendee = Attendee(name="Ada", email="ada@example.com", time_zone="Europe/Paris")
        created = await cal.bookings.create(event_type_id=1, start=slots.starts()[0], attendee=attendee)
        assert_type(created, CreatedBooking)
        assert_type(created.uid, str)
        assert_type(created.start, dt.datetime)

        fetched = await cal.bookings.get(created.uid)
        assert_type(fetched, Booking)
        assert_type(fetched.start, dt.datetime)  # usable without narrowing
        assert_type(cal.bookings.list(take=5), AsyncPaginator[Booking])
        assert_type(await cal.bookings.list(take=5), Page[Booking])
        async for booking in cal.bookings.list(attendee_email="ada@example.com"):
            assert_type(booking, Booking)

        raw = await cal.bookings.with_raw_response.get(created.uid)
        assert_type(raw, RawResponse[Booking])
        assert_type(raw.data.start, dt.datetime)
        assert_type(raw.status_code, int)


async def raw_views(cal: AsyncCal, attendee: Attendee, now: dt.datetime) -> None:
    """Typed only: a raw twin takes its method's arguments and wraps its result."""
    created = await cal.bookings.with_raw_response.create(event_type_id=1, start=now, attendee=attendee)
    assert_type(created, RawResponse[CreatedBooking])
    scoped = cal.webhooks.for_event_type(1).with_raw_response
    hook = await scoped.create(subscriber_url="https://example.com/hook", triggers=["BOOKING_CREATED"])
    assert_type(hook, RawResponse[EventTypeWebhookOutputDto])
    assert_type(await scoped.delete_all(), RawResponse[str])


def receive(body: bytes, headers: dict[str, str], secret: str) -> None:
    assert_type(webhooks.verify(body, headers["x-cal-signature-256"], secret), None)
    event = webhooks.parse(body, headers, secret=secret)
    assert_type(event, webhooks.WebhookEvent | webhooks.RawEvent)
    if isinstance(event, webhooks.BookingEvent):
        assert_type(event.start_time, dt.datetime | None)


def handle(exc: Exception) -> None:
    if isinstance(exc, NotFoundError):
        assert_type(exc.status_code, int)
        assert_type(exc.request_id, str | None)
        assert_type(exc.details, list[Any])
    if isinstance(exc, RateLimitError):
        assert_type(exc, RateLimitError)
    assert issubclass(NotFoundError, APIStatusError) and issubclass(CalValidationError, CalError)
