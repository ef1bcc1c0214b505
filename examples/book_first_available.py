"""Book the earliest free slot in a window, moving on if someone takes it first.

    CAL_API_KEY=cal_live_... python examples/book_first_available.py --event-type-id 123 --days 3
    python examples/book_first_available.py --sandbox

``book_first_available`` looks the slots up once and books them earliest first; when Cal.com says
a slot was taken in the meantime it tries the next one (``max_attempts`` slots at most).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt

from cal_client.resources import Attendee, NoSlotAvailableError

from cal_client import AsyncCal, CalError


async def book_earliest(cal: AsyncCal, event_type_id: int, days: int) -> str | None:
    today = dt.datetime.now(dt.UTC).date()
    try:
        created = await cal.bookings.book_first_available(
            event_type_id=event_type_id,
            window=(today, today + dt.timedelta(days=days)),  # whole days, or aware datetimes
            attendee=Attendee(name="Grace Hopper", email="grace@example.com", time_zone="America/New_York"),
            metadata={"source": "examples/book_first_available.py"},
            max_attempts=3,
        )
    except NoSlotAvailableError as exc:
        print(f"nothing booked: {exc}")
        return None
    print(f"booked {created.uid} at {created.start.astimezone().isoformat()} (local time)")
    return created.uid


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sandbox", action="store_true", help="use the in-process fake Cal.com")
    parser.add_argument("--event-type-id", type=int)
    parser.add_argument("--days", type=int, default=7)
    args = parser.parse_args(argv)
    if args.sandbox:
        from cal_client.testing import FakeCal

        fake = FakeCal()
        cal = AsyncCal(
            fake.sandbox.api_key, base_url="http://fakecal.test", transport=fake.transport(), allow_insecure_http=True
        )
        event_type_id = fake.sandbox.event_type_id
    else:
        if args.event_type_id is None:
            parser.error("--event-type-id is required (or use --sandbox)")
        try:
            cal = AsyncCal()  # CAL_API_KEY from the environment
        except (CalError, ValueError) as exc:  # no or malformed credentials
            parser.exit(2, f"{parser.prog}: {exc}\n(without an account, try --sandbox)\n")
        event_type_id = args.event_type_id
    async with cal:
        await book_earliest(cal, event_type_id, args.days)


if __name__ == "__main__":
    asyncio.run(main())
