"""Quickstart: find free slots, book one, reschedule it, cancel it, and receive the signed webhooks.

    python examples/quickstart.py            # sandbox: a FakeCal on 127.0.0.1, no account needed
    CAL_API_KEY=cal_live_... python examples/quickstart.py --live   # your real Cal.com account

It runs against the sandbox unless ``--live`` says otherwise; an exported ``CAL_API_KEY`` alone
never sends it to a real account. Live, it books with your first event type (or
``CAL_EVENT_TYPE_ID``) a few days ahead and cancels straight after; it subscribes a webhook only
when ``CAL_WEBHOOK_URL`` names a public endpoint of yours (Cal.com cannot reach 127.0.0.1).
``make demo`` runs this file (``make demo CAL_DEMO_LIVE=1`` adds ``--live``).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import secrets
import sys
from contextlib import ExitStack
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from cal_client.resources import Attendee

from cal_client import AsyncCal, CalError, webhooks

TRIGGERS = ["BOOKING_CREATED", "BOOKING_RESCHEDULED", "BOOKING_CANCELLED"]
WEBHOOK_WAIT_SECONDS = 10.0


@dataclass
class Target:
    """Where the example runs: the API, the event type to book, and where webhooks can arrive."""

    cal: AsyncCal
    event_type_id: int
    time_zone: str
    webhook_url: str | None = None
    received: object | None = None  # a sandbox WebhookReceiver, when webhooks arrive locally


def say(label: str, text: str) -> None:
    print(f"{label:>12}  {text}", flush=True)


def when(moment: dt.datetime, zone: str) -> str:
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%a %d %b %H:%M} {zone}"


async def run(target: Target) -> None:
    cal = target.cal
    secret = secrets.token_hex(16)
    hook = None
    if target.webhook_url:
        hook = await cal.webhooks.create(subscriber_url=target.webhook_url, triggers=TRIGGERS, secret=secret)
        say("webhook", f"subscribed {target.webhook_url} to {', '.join(TRIGGERS)}")
    else:
        say("webhook", "skipped (set CAL_WEBHOOK_URL to a public endpoint to receive them)")

    today = dt.datetime.now(dt.UTC).date()
    slots = await cal.slots.find(
        event_type_id=target.event_type_id,
        start=today + dt.timedelta(days=1),
        end=today + dt.timedelta(days=7),
        time_zone=target.time_zone,
    )
    say("slots", f"{slots.count} free slots over {len(slots)} days for event type {target.event_type_id}")
    starts = slots.starts()
    if len(starts) < 2:
        raise SystemExit("not enough free slots in the next week to book and reschedule")
    first, later = starts[0], starts[len(starts) // 2]

    attendee = Attendee(name="Ada Lovelace", email="ada@example.com", time_zone=target.time_zone)
    created = await cal.bookings.create(event_type_id=target.event_type_id, start=first, attendee=attendee)
    booking = created.booking
    say("booked", f"{booking.uid}  {when(first, target.time_zone)}  with {attendee.name} ({booking.status})")

    moved = await cal.bookings.reschedule(booking.uid, start=later, reason="a clash came up")
    say("rescheduled", f"{booking.uid} -> {moved.uid}  now {when(later, target.time_zone)}")

    cancelled = await cal.bookings.cancel(moved.uid, reason="demo finished")
    status = cancelled[0].status if isinstance(cancelled, list) else cancelled.status
    say("cancelled", f"{moved.uid}  status {status}")

    if target.received is not None:
        from cal_client.testing import WebhookReceiver

        assert isinstance(target.received, WebhookReceiver)
        arrived = await asyncio.to_thread(target.received.wait_for, len(TRIGGERS), timeout=WEBHOOK_WAIT_SECONDS)
        for delivery in arrived:
            event = webhooks.parse(delivery.body, delivery.headers, secret=secret)  # raises if the signature is bad
            uid = getattr(event, "uid", None)
            say("webhook", f"{event.trigger_event} for {uid}: X-Cal-Signature-256 verified")
    if hook is not None:
        await cal.webhooks.delete(hook.id)


def sandbox(stack: ExitStack) -> Target:
    from cal_client.testing import FakeCal, WebhookReceiver, serve

    fake = FakeCal()
    server = stack.enter_context(fake.serve())
    receiver = WebhookReceiver()
    hooks = stack.enter_context(serve(receiver))
    say("sandbox", f"FakeCal serving on {server.url} (uvicorn, loopback); webhooks to {hooks.url}")
    cal = AsyncCal(api_key=fake.sandbox.api_key, base_url=server.url)
    return Target(cal, fake.sandbox.event_type_id, fake.sandbox.time_zone, f"{hooks.url}/cal-webhooks", receiver)


async def real() -> Target:
    cal = AsyncCal()  # CAL_API_KEY (and CAL_API_URL, if set)
    me = await cal.me.get()
    event_type_id = int(os.environ.get("CAL_EVENT_TYPE_ID", "0"))
    if not event_type_id:
        async for event_type in cal.event_types.list():
            event_type_id = event_type.id
            break
    if not event_type_id:
        raise SystemExit("no event type to book: create one or set CAL_EVENT_TYPE_ID")
    say("cal.com", f"{cal.base_url} as {me.username}, event type {event_type_id}")
    return Target(cal, event_type_id, me.time_zone or "UTC", os.environ.get("CAL_WEBHOOK_URL"))


async def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--sandbox", action="store_true", help="a local FakeCal on 127.0.0.1 (the default)")
    mode.add_argument("--live", action="store_true", help="your Cal.com account (CAL_API_KEY): books and cancels")
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        try:
            target = await real() if args.live else sandbox(stack)
        except (CalError, ValueError) as exc:  # no or malformed credentials
            parser.exit(2, f"{parser.prog}: {exc}\n(without an account, run it without --live: the sandbox)\n")
        async with target.cal:
            await run(target)
    if target.received is not None:
        say("sandbox", "stopped FakeCal and the webhook receiver")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
