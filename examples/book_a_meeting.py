r"""The everyday booking flow: check slots → book → store the UID → reschedule → cancel.

Against your Cal.com account (an API key from Settings → Developer → API keys)::

    CAL_API_KEY=cal_live_... python examples/book_a_meeting.py --event-type-id 123 \
        --name "Ada Lovelace" --email ada@example.com --time-zone Europe/London

Or offline, against the in-process fake Cal.com (needs the ``testing`` extra)::

    python examples/book_a_meeting.py --sandbox
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt

from cal_client.resources import Attendee

from cal_client import AsyncCal, CalError


async def book_reschedule_cancel(cal: AsyncCal, event_type_id: int, attendee: Attendee) -> None:
    # 1. Free slots over the next week, by day, in the attendee's time zone.
    now = dt.datetime.now(dt.UTC)
    slots = await cal.slots.find(
        event_type_id=event_type_id, start=now, end=now + dt.timedelta(days=7), time_zone=attendee.time_zone
    )
    if slots.count < 2:
        raise SystemExit("fewer than two free slots in the next 7 days")
    for day, day_slots in slots.items():
        print(day, " ".join(slot.start.strftime("%H:%M") for slot in day_slots))

    # 2. Book the first one. Exactly once: a dropped connection is reconciled, never double-booked.
    first, later = slots.all()[0], slots.all()[1]
    created = await cal.bookings.create(event_type_id=event_type_id, start=first.start, attendee=attendee)
    uid = created.uid  # 3. store this: it is how the booking is found, moved or cancelled later
    print(f"booked {uid} ({created.kind}) at {created.start.isoformat()}")

    # 4. Reschedule: Cal.com makes a new booking with a new UID and cancels the old one.
    moved = await cal.bookings.reschedule(uid, start=later.start, reason="a clash came up")
    uid = moved.uid
    print(f"moved to {moved.start.isoformat()} as {uid}")

    # 5. Cancel.
    cancelled = await cal.bookings.cancel(uid, reason="no longer needed")
    print(f"{uid} is now {cancelled.status.value if not isinstance(cancelled, list) else 'cancelled'}")


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sandbox", action="store_true", help="use the in-process fake Cal.com")
    parser.add_argument("--event-type-id", type=int)
    parser.add_argument("--name", default="Ada Lovelace")
    parser.add_argument("--email", default="ada@example.com")
    parser.add_argument("--time-zone", default="Europe/London")
    args = parser.parse_args(argv)
    attendee = Attendee(name=args.name, email=args.email, time_zone=args.time_zone)

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
        await book_reschedule_cancel(cal, event_type_id, attendee)


if __name__ == "__main__":
    asyncio.run(main())
