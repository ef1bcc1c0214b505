"""The usual mistakes: each marked line must fail ``mypy --strict`` with the error code after ``# E:``."""

from __future__ import annotations

from cal_client import AsyncCal
from cal_client.api.bookings import get_booking
from cal_client.api.webhooks import create_webhook


async def main(cal: AsyncCal) -> None:
    await cal.call(get_booking, booking_uidx="abc")  # E: call-arg
    await cal.call(get_booking, booking_uid=123)  # E: arg-type
    await cal.call(get_booking)  # E: call-arg
    await cal.call(create_webhook, body={"active": True})  # E: arg-type
    cal.call(get_booking, booking_uid="abc")  # E: unused-coroutine
    booking = await cal.call(get_booking, booking_uid="abc")
    print(booking.no_such_field)  # E: attr-defined
    await cal.api.bookings.get_booking(booking_uidx="abc")  # E: call-arg
    await cal.api.bookings.get_booking(booking_uid=123)  # E: arg-type
    await cal.api.webhooks.create_webhook(body={"active": True})  # E: arg-type
    cal.api.me.get_me()  # E: unused-coroutine
    count: int = await cal.api.me.get_me()  # E: assignment
    await cal.api.no_such_module.get_me()  # E: attr-defined
    page = await cal.api.webhooks.get_webhooks(take="10")  # E: arg-type
    print(count, page)
