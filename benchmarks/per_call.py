"""Per-call overhead: ``cal.bookings.get(uid)`` vs raw ``httpx.AsyncClient.get`` + ``json.loads``.

Both sides call the same loopback server (``_server.py``: canned bytes of a realistic booking) with
the same pool limits, at concurrency 1 and 20. In each round each side makes N calls, in chunks of
250 taken in turn (raw, SDK, SDK, raw, ...), so load from other processes on a shared machine
falls on both sides alike; the throughput ratio is the median of the per-round ratios.
Overhead per call is reported two ways: wall time (what a caller waits) and this process's CPU time
(less sensitive to other processes on a shared machine).

    python -m benchmarks.per_call [--calls 2000] [--rounds 3] [--profile] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import time
from typing import Any

from ._measure import cpu_seconds, median, write_json
from ._profile import format_hot_spots, hot_spots
from ._sdk import UID, Side, raw_side, sdk_side
from ._server import CannedServer

TARGET = 0.85
CONCURRENCY = (1, 20)
CHUNK = 250


async def drive(side: Side, calls: int, concurrency: int) -> None:
    per_worker, extra = divmod(calls, concurrency)

    async def worker(n: int) -> None:
        for _ in range(n):
            await side.call(UID)

    await asyncio.gather(*(worker(per_worker + (i < extra)) for i in range(concurrency)))


async def timed(side: Side, calls: int, concurrency: int, server_pid: int) -> dict[str, float]:
    gc.collect()
    server_cpu = cpu_seconds(server_pid)
    cpu = time.process_time()
    started = time.perf_counter()
    await drive(side, calls, concurrency)
    wall = time.perf_counter() - started
    return {
        "wall": wall,
        "cpu": time.process_time() - cpu,
        "server_cpu": cpu_seconds(server_pid) - server_cpu,
    }


def environment() -> dict[str, Any]:
    """Versions that move both sides' numbers. Without sniffio (no longer pulled in by anyio),
    httpcore 1.0 retries ``import sniffio`` for every lock it makes, a path search per attempt."""
    import importlib.util
    from importlib.metadata import version

    return {
        "httpx": version("httpx"),
        "httpcore": version("httpcore"),
        "anyio": version("anyio"),
        "sniffio_installed": importlib.util.find_spec("sniffio") is not None,
    }


async def measure(base_url: str, server_pid: int, calls: int, rounds: int) -> dict[str, Any]:
    raw, sdk = raw_side(base_url), sdk_side(base_url)
    try:
        for side in (raw, sdk):  # warm-up: connections, imports, caches
            await drive(side, 200, 20)
            await drive(side, 50, 1)
        results: dict[str, Any] = {
            "sdk_call": sdk.describe,
            "raw_call": raw.describe,
            "environment": environment(),
            "by_concurrency": {},
        }
        for concurrency in CONCURRENCY:
            runs: dict[str, list[dict[str, float]]] = {"raw": [], "sdk": []}
            for _ in range(rounds):
                # Each side makes `calls` calls per round, in chunks taken in turn (ABBA...), so
                # load from other processes on a shared machine falls on both sides alike.
                totals = {"raw": dict.fromkeys(("wall", "cpu", "server_cpu"), 0.0), "sdk": {}}
                totals["sdk"] = dict(totals["raw"])
                for chunk in range(calls // CHUNK):
                    for side in (raw, sdk) if chunk % 2 == 0 else (sdk, raw):
                        for key, value in (await timed(side, CHUNK, concurrency, server_pid)).items():
                            totals[side.name][key] += value
                runs["raw"].append(totals["raw"])
                runs["sdk"].append(totals["sdk"])
            results["by_concurrency"][str(concurrency)] = summarise(runs, calls // CHUNK * CHUNK)
        return results
    finally:
        await raw.aclose()
        await sdk.aclose()


def summarise(runs: dict[str, list[dict[str, float]]], calls: int) -> dict[str, Any]:
    def rps(run: dict[str, float]) -> float:
        return calls / run["wall"]

    ratios = [rps(s) / rps(r) for r, s in zip(runs["raw"], runs["sdk"], strict=True)]
    wall_overhead = [(s["wall"] - r["wall"]) / calls for r, s in zip(runs["raw"], runs["sdk"], strict=True)]
    cpu_overhead = [(s["cpu"] - r["cpu"]) / calls for r, s in zip(runs["raw"], runs["sdk"], strict=True)]
    return {
        "calls": calls,
        "rounds": len(ratios),
        "raw_rps": round(median([rps(r) for r in runs["raw"]])),
        "sdk_rps": round(median([rps(s) for s in runs["sdk"]])),
        "throughput_ratio": round(median(ratios), 3),
        "ratios": [round(x, 3) for x in ratios],
        "overhead_us_wall": round(median(wall_overhead) * 1e6, 1),
        "overhead_us_cpu": round(median(cpu_overhead) * 1e6, 1),
        "client_cpu_us_raw": round(median([r["cpu"] for r in runs["raw"]]) / calls * 1e6, 1),
        "client_cpu_us_sdk": round(median([s["cpu"] for s in runs["sdk"]]) / calls * 1e6, 1),
        "server_cpu_us": round(median([x["server_cpu"] for x in runs["raw"] + runs["sdk"]]) / calls * 1e6, 1),
        "target": TARGET,
        "target_met": median(ratios) >= TARGET,
    }


async def profile_sdk(base_url: str, calls: int) -> dict[str, Any]:
    """Hot spots of ``calls`` SDK calls at concurrency 1 (pyinstrument, sampling every 0.2 ms)."""
    from pyinstrument import Profiler

    sdk = sdk_side(base_url)
    try:
        await drive(sdk, 50, 1)
        profiler = Profiler(interval=0.0002, async_mode="disabled")
        profiler.start()
        await drive(sdk, calls, 1)
        profiler.stop()
    finally:
        await sdk.aclose()
    return hot_spots(profiler, top=15)


def run(calls: int = 2000, rounds: int = 3, profile: bool = False) -> dict[str, Any]:
    with CannedServer() as server:
        assert server.proc is not None
        result = asyncio.run(measure(server.base_url, server.proc.pid, calls, rounds))
        if profile:
            result["profile"] = asyncio.run(profile_sdk(server.base_url, calls))
        return result


def report(result: dict[str, Any]) -> str:
    env = result["environment"]
    lines = [
        f"per-call overhead: {result['sdk_call']}  vs  {result['raw_call']}",
        f"  (httpx {env['httpx']}, httpcore {env['httpcore']}, sniffio "
        f"{'installed' if env['sniffio_installed'] else 'not installed'})",
    ]
    for concurrency, row in result["by_concurrency"].items():
        lines.append(
            f"  concurrency {concurrency:>2}: raw {row['raw_rps']:>6} req/s, SDK {row['sdk_rps']:>6} req/s, "
            f"ratio {row['throughput_ratio']:.3f} ({'met' if row['target_met'] else 'MISSED'}: target ≥ {TARGET}; "
            f"rounds {row['ratios']})"
        )
        lines.append(
            f"                  SDK overhead {row['overhead_us_wall']:.0f} µs/call wall, "
            f"{row['overhead_us_cpu']:.0f} µs/call client CPU "
            f"(client CPU raw {row['client_cpu_us_raw']:.0f} / SDK {row['client_cpu_us_sdk']:.0f} µs/call; "
            f"server CPU {row['server_cpu_us']:.0f} µs/call)"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="also profile the SDK side (needs pyinstrument)")
    parser.add_argument("--json", help="write the result as JSON to this path")
    args = parser.parse_args(argv)
    result = run(args.calls, args.rounds, args.profile)
    print(report(result))
    if "profile" in result:
        print(format_hot_spots(result["profile"], "SDK side at concurrency 1, share of the profiled run:"))
    write_json(args.json, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
