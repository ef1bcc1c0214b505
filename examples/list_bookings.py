"""Page through bookings: ``await`` a list for its first page, ``async for`` it for everything.

CAL_API_KEY=cal_live_... python examples/list_bookings.py --status upcoming
python examples/list_bookings.py --sandbox
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt

from cal_client.resources.bookings import BookingStatusFilter

from cal_client import AsyncCal, CalError


async def show(cal: AsyncCal, status: BookingStatusFilter) -> int:
    # One request: the first page, with Cal.com's pagination metadata and the raw response.
    page = await cal.bookings.list(status=status, take=50, sort_start="asc")
    total = page.pagination.total_items if page.pagination else len(page)
    request_id = page.response.request_id if page.response else None
    print(f"{int(total)} {status} booking(s); first page has {len(page)} (request id {request_id})")

    # As many requests as needed, 50 bookings each.
    count = 0
    async for booking in cal.bookings.list(status=status, take=50):
        print(f"  {booking.start:%Y-%m-%d %H:%M %Z}  {booking.uid}  {booking.title}")
        count += 1
    return count


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sandbox", action="store_true", help="use the in-process fake Cal.com, with 3 bookings")
    parser.add_argument(
        "--status", default="upcoming", choices=["upcoming", "recurring", "past", "cancelled", "unconfirmed"]
    )
    args = parser.parse_args(argv)
    if args.sandbox:
        from cal_client.resources import Attendee
        from cal_client.testing import FakeCal

        fake = FakeCal()
        cal = AsyncCal(
            fake.sandbox.api_key, base_url="http://fakecal.test", transport=fake.transport(), allow_insecure_http=True
        )
        now = dt.datetime.now(dt.UTC)
        slots = await cal.slots.find(
            event_type_id=fake.sandbox.event_type_id, start=now, end=now + dt.timedelta(days=7)
        )
        for slot in slots.all()[:3]:
            await cal.bookings.create(
                event_type_id=fake.sandbox.event_type_id,
                start=slot.start,
                attendee=Attendee(name="Ada", email="ada@example.com", time_zone="UTC"),
            )
    else:
        try:
            cal = AsyncCal()  # CAL_API_KEY from the environment
        except (CalError, ValueError) as exc:  # no or malformed credentials
            parser.exit(2, f"{parser.prog}: {exc}\n(without an account, try --sandbox)\n")
    async with cal:
        try:
            await show(cal, args.status)
        except CalError as exc:
            parser.exit(1, f"{parser.prog}: {exc}\n")


if __name__ == "__main__":
    asyncio.run(main())
