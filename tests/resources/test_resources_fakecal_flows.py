"""The seed workflows end to end against ``cal_client.testing.FakeCal`` (in-process ASGI)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from cal_client.resources import Attendee, CreatedBooking

from cal_client import AsyncCal

testing = pytest.importorskip("cal_client.testing", reason="FakeCal needs the testing extra (starlette)")

ADA = Attendee(name="Ada", email="ada@example.com", time_zone="Europe/Paris")
MONDAY = dt.date(2030, 1, 7)


class Interposer(httpx.AsyncBaseTransport):
    """Forwards to FakeCal, letting a test act around one request (e.g. drop the reply)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.before: tuple[str, Callable[[], Awaitable[None]]] | None = None  # ("METHOD /path", hook), once
        self.drop_reply_of: str | None = None  # "METHOD /path": answer that request with a reset, once

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.before is not None and self.before[0] == f"{request.method} {request.url.path}":
            hook, self.before = self.before[1], None
            await hook()
        response = await self.inner.handle_async_request(request)
        if self.drop_reply_of == f"{request.method} {request.url.path}":
            self.drop_reply_of = None
            await response.aclose()
            raise httpx.ReadError("connection reset by peer after the request was sent", request=request)
        return response


@pytest.fixture
def fakecal() -> object:
    return testing.FakeCal(clock=testing.FrozenClock("2030-01-07T06:00:00Z"))


@pytest.fixture
async def wire(fakecal: object) -> AsyncIterator[tuple[AsyncCal, Interposer]]:
    interposer = Interposer(fakecal.transport())  # type: ignore[attr-defined]
    sandbox = fakecal.sandbox  # type: ignore[attr-defined]
    async with AsyncCal(
        sandbox.api_key, base_url="http://fakecal.test", transport=interposer, allow_insecure_http=True
    ) as cal:
        yield cal, interposer


async def test_check_slots_book_store_reschedule_cancel(wire: tuple[AsyncCal, Interposer], fakecal: object) -> None:
    cal, _ = wire
    event_type_id = fakecal.sandbox.event_type_id  # type: ignore[attr-defined]
    slots = await cal.slots.find(event_type_id=event_type_id, start=MONDAY, end=MONDAY, time_zone="Europe/Paris")
    first = slots.first()
    assert first is not None and first.start.utcoffset() == dt.timedelta(hours=1)

    created = await cal.bookings.create(event_type_id=event_type_id, start=first.start, attendee=ADA)
    assert isinstance(created, CreatedBooking) and created.kind == "single"
    assert created.start == first.start
    stored_uid = created.uid

    fetched = await cal.bookings.get(stored_uid)
    assert not isinstance(fetched, list) and fetched.uid == stored_uid

    later = slots.all()[2].start
    moved = await cal.bookings.reschedule(stored_uid, start=later, reason="clash")
    assert moved.uid != stored_uid and moved.start == later

    cancelled = await cal.bookings.cancel(moved.uid, reason="no longer needed")
    assert not isinstance(cancelled, list) and cancelled.status.value == "cancelled"
    store = fakecal.store  # type: ignore[attr-defined]
    assert {b.uid: b.status for b in store.bookings.values()} == {stored_uid: "cancelled", moved.uid: "cancelled"}


async def test_exactly_once_create_survives_a_reset_after_send(
    wire: tuple[AsyncCal, Interposer], fakecal: object
) -> None:
    cal, interposer = wire
    event_type_id = fakecal.sandbox.event_type_id  # type: ignore[attr-defined]
    slots = await cal.slots.find(event_type_id=event_type_id, start=MONDAY, end=MONDAY)
    first = slots.first()
    assert first is not None
    interposer.drop_reply_of = "POST /v2/bookings"

    created = await cal.bookings.create(event_type_id=event_type_id, start=first.start, attendee=ADA)

    bookings = list(fakecal.store.bookings.values())  # type: ignore[attr-defined]
    assert len(bookings) == 1
    assert created.reconciled and created.uid == bookings[0].uid


async def test_book_first_available_when_the_first_slot_goes_meanwhile(
    wire: tuple[AsyncCal, Interposer], fakecal: object
) -> None:
    cal, interposer = wire
    sandbox = fakecal.sandbox  # type: ignore[attr-defined]
    slots = await cal.slots.find(event_type_id=sandbox.event_type_id, start=MONDAY, end=MONDAY)
    earliest, second = slots.all()[:2]

    async def someone_else_books_first() -> None:
        async with fakecal.client() as http:  # type: ignore[attr-defined]
            response = await http.post(
                "/v2/bookings",
                headers={"cal-api-version": "2024-08-13"},
                json={
                    "start": earliest.start.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
                    "eventTypeId": sandbox.event_type_id,
                    "attendee": {"name": "Bob", "email": "bob@example.com", "timeZone": "UTC"},
                },
            )
            assert response.status_code == 201, response.text

    interposer.before = ("POST /v2/bookings", someone_else_books_first)
    created = await cal.bookings.book_first_available(
        event_type_id=sandbox.event_type_id, window=(MONDAY, MONDAY), attendee=ADA
    )
    assert created.start == second.start
    emails = sorted(a.email for b in fakecal.store.bookings.values() for a in b.attendees)  # type: ignore[attr-defined]
    assert emails == ["ada@example.com", "bob@example.com"]
