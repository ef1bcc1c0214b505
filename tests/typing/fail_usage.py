"""Mistakes both checkers must refuse: every line marked ``# expect-error`` and no other.

tests/typing/test_typing.py runs mypy --strict and pyright on this file and compares the lines.
"""

from __future__ import annotations

import datetime as dt

from cal_client import AsyncCal, Attendee, NotFoundError, webhooks


async def mistakes(cal: AsyncCal, now: dt.datetime) -> None:
    await cal.bookings.get(123)  # expect-error: a uid is a str
    count: int = await cal.bookings.get("uid")  # expect-error: the result is a booking, not Any
    await cal.bookings.list(takee=5)  # expect-error: misspelled keyword
    await cal.slots.find(event_type_id=1, start=now, end=now, time_zon="UTC")  # expect-error: misspelled keyword
    attendee = Attendee(name="Ada", email="ada@example.com", time_zone="UTC")
    await cal.bookings.create(event_type_id=1, start=now, atendee=attendee)  # expect-error: misspelled keyword
    await cal.bookings.create(event_type_id="1", start=now, attendee=attendee)  # expect-error: an id is an int
    await cal.bookings.with_raw_response.create(start=now, attendee=attendee, gests=[])  # expect-error: misspelled
    await cal.webhooks.for_event_type(1).with_raw_response.delete_all(1)  # expect-error: takes no argument
    print(cal.bookings.get("uid").uid)  # expect-error: the coroutine was not awaited
    for _ in cal.bookings.list():  # expect-error: a paginator is iterated with `async for`
        pass
    print(count)


def more_mistakes(body: bytes) -> None:
    AsyncCal(api_key=123)  # expect-error: a key is a str
    event = webhooks.parse(body, {}, secret="s")
    print(event.uid)  # expect-error: narrow to an event class first
    print(NotFoundError.status_code.upper())  # expect-error: status_code is an int
