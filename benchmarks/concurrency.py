"""Concurrency and memory: 500 concurrent calls, RSS after 2,000 vs 20,000 calls, connection reuse.

Against the loopback canned-bytes server (``_server.py``), with one SDK client:

1. a burst of 500 concurrent ``cal.bookings.get(uid)`` calls must all complete;
2. then calls at concurrency 20 until 20,000 more have completed; RSS (after ``gc.collect()``) is
   read at 2,000 and at 20,000: a leak shows as growth, the target is ≤ 10 %;
3. the server counts TCP connections as they are accepted, so reuse shows as requests per
   connection; raw httpx with the same pool limits runs the same burst first, as a reference for
   how many connections the pool itself opens.

    python -m benchmarks.concurrency [--burst 500] [--calls 20000] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import time
from typing import Any

from ._measure import rss_bytes, write_json
from ._sdk import UID, Side, raw_side, sdk_side
from ._server import CannedServer

GROWTH_TARGET = 0.10
# httpx's pool itself replaces a few connections per thousand calls at concurrency 20 (the raw-httpx
# reference shows the same churn), so reuse means nearly every call, not every call, reuses one.
REUSE_TARGET = 0.99
CONCURRENCY = 20


async def burst(side: Side, size: int) -> dict[str, Any]:
    started = time.perf_counter()
    results = await asyncio.gather(*(side.call(UID) for _ in range(size)), return_exceptions=True)
    errors = [r for r in results if isinstance(r, BaseException)]
    return {
        "calls": size,
        "completed": size - len(errors),
        "errors": sorted({type(e).__name__ for e in errors}),
        "seconds": round(time.perf_counter() - started, 3),
    }


async def raw_reference(server: CannedServer, burst_size: int, calls: int) -> dict[str, int]:
    """New connections raw httpx opens for the same burst and a steady phase: the pool's own behaviour."""
    side = raw_side(server.base_url)
    try:
        await side.call(UID)
        before = server.stats()
        await burst(side, burst_size)
        after_burst = server.stats()
        done = 0

        async def worker() -> None:
            nonlocal done
            while done < calls:
                done += 1
                await side.call(UID)

        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        after = server.stats()
    finally:
        await side.aclose()
    return {
        "burst_new_connections": server.new_connections(before, after_burst),
        "steady_calls": calls,
        "steady_new_connections": server.new_connections(after_burst, after),
    }


async def measure(base_url: str, server: CannedServer, burst_size: int, calls: int) -> dict[str, Any]:
    reference = await raw_reference(server, burst_size, min(calls, 2_000))
    side = sdk_side(base_url)
    try:
        await side.call(UID)  # imports and first connection outside the counts
        gc.collect()
        rss_start = rss_bytes()

        before = server.stats()
        burst_result = await burst(side, burst_size)
        after_burst = server.stats()
        burst_result["new_connections"] = server.new_connections(before, after_burst)

        checkpoint = min(2_000, calls)
        rss: dict[int, int] = {}
        done = 0

        async def worker(until: int) -> None:
            nonlocal done
            while done < until:
                done += 1
                await side.call(UID)

        started = time.perf_counter()
        for mark in (checkpoint, calls):
            await asyncio.gather(*(worker(mark) for _ in range(CONCURRENCY)))
            gc.collect()
            rss[mark] = rss_bytes()
        seconds = time.perf_counter() - started
        after = server.stats()
    finally:
        await side.aclose()

    growth = rss[calls] / rss[checkpoint] - 1
    requests = after["requests"] - before["requests"]
    steady_connections = server.new_connections(after_burst, after)
    connections = burst_result["new_connections"] + steady_connections
    return {
        "sdk_call": side.describe,
        "burst": burst_result,
        "steady": {
            "calls": calls,
            "concurrency": CONCURRENCY,
            "seconds": round(seconds, 2),
            "new_connections": steady_connections,
        },
        "rss_mb": {
            "start": round(rss_start / 2**20, 1),
            f"after_{checkpoint}": round(rss[checkpoint] / 2**20, 1),
            f"after_{calls}": round(rss[calls] / 2**20, 1),
        },
        "rss_growth": round(growth, 4),
        "rss_growth_target": GROWTH_TARGET,
        "requests": requests,
        "connections": connections,
        "requests_per_connection": round(requests / max(connections, 1), 1),
        "raw_httpx_reference": reference,
        "reuse_rate": round(1 - steady_connections / calls, 4),
        "raw_reuse_rate": round(1 - reference["steady_new_connections"] / reference["steady_calls"], 4),
        "reuse_target": REUSE_TARGET,
        "target_met": (
            burst_result["completed"] == burst_size
            and growth <= GROWTH_TARGET
            and 1 - steady_connections / calls >= REUSE_TARGET
        ),
    }


def run(burst_size: int = 500, calls: int = 20_000) -> dict[str, Any]:
    with CannedServer() as server:
        return asyncio.run(measure(server.base_url, server, burst_size, calls))


def report(result: dict[str, Any]) -> str:
    b, s, rss, ref = result["burst"], result["steady"], result["rss_mb"], result["raw_httpx_reference"]
    marks = [k for k in rss if k != "start"]
    return "\n".join(
        [
            f"concurrency and memory: {result['sdk_call']}",
            f"  burst: {b['completed']}/{b['calls']} concurrent calls completed in {b['seconds']} s"
            f"{' (errors: ' + ', '.join(b['errors']) + ')' if b['errors'] else ''}; "
            f"{b['new_connections']} new connections",
            f"  steady: {s['calls']} calls at concurrency {s['concurrency']} in {s['seconds']} s; "
            f"{s['new_connections']} new connections ({result['reuse_rate'] * 100:.2f} % of calls reused one; "
            f"target ≥ {result['reuse_target'] * 100:.0f} %)",
            f"  RSS: start {rss['start']} MB, {marks[0].replace('_', ' ')} calls {rss[marks[0]]} MB, "
            f"{marks[1].replace('_', ' ')} calls {rss[marks[1]]} MB: growth {result['rss_growth'] * 100:+.1f} % "
            f"({'met' if result['target_met'] else 'MISSED'}: target ≤ {result['rss_growth_target'] * 100:.0f} %)",
            f"  connections: {result['connections']} for {result['requests']} requests "
            f"({result['requests_per_connection']} requests per connection)",
            f"  raw httpx, same pool limits, for reference: {ref['burst_new_connections']} new connections in the "
            f"burst, {ref['steady_new_connections']} in {ref['steady_calls']} steady calls "
            f"({result['raw_reuse_rate'] * 100:.2f} % reused)",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--burst", type=int, default=500)
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--json", help="write the result as JSON to this path")
    args = parser.parse_args(argv)
    result = run(args.burst, args.calls)
    print(report(result))
    write_json(args.json, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
