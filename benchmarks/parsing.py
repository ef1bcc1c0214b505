"""Parsing: a 1,000-booking ``GET /v2/bookings`` body -> models.

Compares CPU time, in one process and interleaved round by round (ratios are medians of the
per-round ratios):

- ``json.loads`` alone: the floor every approach pays;
- the SDK: ``GetBookingsOutput20240813.from_dict(json.loads(body))``, exactly what the generated
  ``get_bookings._parse_response`` does;
- the pydantic v2 peer (``_pydantic_peer.BookingPage``): ``model_validate_json(body)``, and
  ``model_validate(json.loads(body))`` for reference.

A diagnostic row parses the same items with ``BookingOutput20240813.from_dict`` directly, to show
what the generated union (which tries the recurring-booking model first) costs.

Model-typed fields (hosts, attendees, event type, metadata, booking-field responses) are read on
first access, so the SDK row is what a call returns. The "read every field" row also reads all of
them on every booking, the cost a caller pays who uses everything (pydantic builds it all upfront).

    python -m benchmarks.parsing [--rounds 21] [--profile] [--json out.json]
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from collections.abc import Callable
from typing import Any

from ._measure import median, write_json
from ._payloads import LIST_SIZE, booking_list_body
from ._profile import format_hot_spots, hot_spots


def _check(body: bytes) -> None:
    """Both sides parse the same page into the same number of bookings of the expected kinds."""
    from cal_client.models import BookingOutput20240813, GetBookingsOutput20240813, RecurringBookingOutput20240813

    from ._pydantic_peer import BookingPage

    sdk = GetBookingsOutput20240813.from_dict(json.loads(body))
    peer = BookingPage.model_validate_json(body)
    assert len(sdk.data) == len(peer.data) == LIST_SIZE
    kinds = {type(item) for item in sdk.data}
    assert kinds == {BookingOutput20240813, RecurringBookingOutput20240813}, kinds
    first = sdk.data[0]
    assert first.uid == peer.data[0].uid and first.attendees[1].email == peer.data[0].attendees[1].email


def _read_all(page: Any) -> None:
    """Read every model-typed field of every booking (down to each host and attendee)."""
    for booking in page.data:
        booking.event_type, booking.metadata, booking.booking_fields_responses  # noqa: B018
        for person in (*booking.hosts, *booking.attendees):
            person.email  # noqa: B018


def _read_listing(page: Any) -> None:
    """What a listing shows of each booking: its uid, start, status and first attendee."""
    for booking in page.data:
        booking.uid, booking.start, booking.status, booking.attendees[0].email


def run(rounds: int = 21) -> dict[str, Any]:
    from cal_client.models import BookingOutput20240813, GetBookingsOutput20240813

    from ._pydantic_peer import BookingPage

    body = booking_list_body(LIST_SIZE)
    _check(body)
    items = json.loads(body)["data"]

    variants: dict[str, Callable[[], object]] = {
        "json_loads": lambda: json.loads(body),
        "sdk": lambda: GetBookingsOutput20240813.from_dict(json.loads(body)),
        "sdk_read_listing": lambda: _read_listing(GetBookingsOutput20240813.from_dict(json.loads(body))),
        "sdk_read_all": lambda: _read_all(GetBookingsOutput20240813.from_dict(json.loads(body))),
        "pydantic_json": lambda: BookingPage.model_validate_json(body),
        "pydantic_loads": lambda: BookingPage.model_validate(json.loads(body)),
        # json.loads is outside the timing here: this row is only the models, without the union.
        "sdk_models_no_union": lambda: [BookingOutput20240813.from_dict(item) for item in items],
    }
    for fn in variants.values():  # warm-up: imports, caches
        fn()
    times: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    gc_was_enabled = gc.isenabled()
    for r in range(rounds):
        # Rotate the order so no variant always runs right after the same neighbour.
        for name in names[r % len(names) :] + names[: r % len(names)]:
            gc.collect()
            gc.disable()
            # CPU time of this process: time spent descheduled on a busy machine does not count.
            started = time.process_time()
            variants[name]()
            times[name].append(time.process_time() - started)
            if gc_was_enabled:
                gc.enable()

    def ratio(a: str, b: str) -> float:
        # Per round, then the median: both sides of a ratio ran moments apart.
        return round(median([x / y for x, y in zip(times[a], times[b], strict=True)]), 2)

    med = {name: median(values) for name, values in times.items()}
    us_per_booking = {name: round(seconds / LIST_SIZE * 1e6, 2) for name, seconds in med.items()}
    sdk_vs_pydantic = ratio("sdk", "pydantic_json")
    return {
        "bookings": LIST_SIZE,
        "body_bytes": len(body),
        "rounds": rounds,
        "median_ms": {name: round(seconds * 1e3, 2) for name, seconds in med.items()},
        "us_per_booking": us_per_booking,
        "ratio_sdk_vs_json_loads": ratio("sdk", "json_loads"),
        "ratio_sdk_vs_pydantic": sdk_vs_pydantic,
        "ratio_sdk_vs_pydantic_loads": ratio("sdk", "pydantic_loads"),
        "ratio_sdk_read_listing_vs_pydantic": ratio("sdk_read_listing", "pydantic_json"),
        "ratio_sdk_read_all_vs_pydantic": ratio("sdk_read_all", "pydantic_json"),
        "goal": "sdk at most 0.9x pydantic (ratio_sdk_vs_pydantic <= 0.9)",
        "goal_met": sdk_vs_pydantic <= 0.9,
    }


def profile(rounds: int = 10) -> dict[str, Any]:
    """Hot spots of the SDK parse (pyinstrument, sampling every 0.2 ms)."""
    from pyinstrument import Profiler

    from cal_client.models import GetBookingsOutput20240813

    body = booking_list_body(LIST_SIZE)
    GetBookingsOutput20240813.from_dict(json.loads(body))
    profiler = Profiler(interval=0.0002, async_mode="disabled")
    profiler.start()
    for _ in range(rounds):
        GetBookingsOutput20240813.from_dict(json.loads(body))
    profiler.stop()
    return hot_spots(profiler, top=12)


def report(result: dict[str, Any]) -> str:
    us = result["us_per_booking"]
    lines = [
        f"parsing {result['bookings']} bookings ({result['body_bytes'] / 1e6:.2f} MB), CPU time, "
        f"median of {result['rounds']}:",
        f"  json.loads                    {result['median_ms']['json_loads']:8.2f} ms  "
        f"{us['json_loads']:6.2f} µs/booking",
        f"  SDK (loads + from_dict)       {result['median_ms']['sdk']:8.2f} ms  {us['sdk']:6.2f} µs/booking",
        f"  SDK, then read a listing      {result['median_ms']['sdk_read_listing']:8.2f} ms  "
        f"{us['sdk_read_listing']:6.2f} µs/booking",
        f"  SDK, then read every field    {result['median_ms']['sdk_read_all']:8.2f} ms  "
        f"{us['sdk_read_all']:6.2f} µs/booking",
        f"  pydantic model_validate_json  {result['median_ms']['pydantic_json']:8.2f} ms  "
        f"{us['pydantic_json']:6.2f} µs/booking",
        f"  pydantic loads + validate     {result['median_ms']['pydantic_loads']:8.2f} ms  "
        f"{us['pydantic_loads']:6.2f} µs/booking",
        f"  (SDK models without the union {result['median_ms']['sdk_models_no_union']:8.2f} ms  "
        f"{us['sdk_models_no_union']:6.2f} µs/booking, json.loads excluded)",
        f"  ratio SDK / json.loads  {result['ratio_sdk_vs_json_loads']:.2f}",
        f"  ratio SDK / pydantic    {result['ratio_sdk_vs_pydantic']:.2f}  "
        f"({'met' if result['goal_met'] else 'MISSED'}: goal ≤ 0.9)",
        f"  ratio SDK read listing / pydantic {result['ratio_sdk_read_listing_vs_pydantic']:.2f}",
        f"  ratio SDK read all / pydantic     {result['ratio_sdk_read_all_vs_pydantic']:.2f}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--profile", action="store_true", help="also profile the SDK parse (needs pyinstrument)")
    parser.add_argument("--json", help="write the result as JSON to this path")
    args = parser.parse_args(argv)
    result = run(args.rounds)
    print(report(result))
    if args.profile:
        result["profile"] = profile()
        print(format_hot_spots(result["profile"], "SDK parse, share of the profiled run:"))
    write_json(args.json, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
