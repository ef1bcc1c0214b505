"""Import cost: a fresh interpreter importing the SDK and one endpoint, against one importing httpx.

Each statement runs as its own ``python -c`` process (whole-process wall time, interpreter start
included), round-robin so load from other processes lands on every statement alike; after one
unmeasured warm-up each (it writes the ``.pyc`` files), the median of ``--runs`` runs is reported.
The ratio SDK / httpx is what the target (≤ 1.15) is about: httpx is the one dependency any client
must pay for, so the SDK itself may add at most 15 % on top.

    python -m benchmarks.import_time [--runs 15] [--json out.json]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from typing import Any

from ._measure import machine, median, write_json

TARGET = 1.15
BASELINE = "import httpx"
ENDPOINT = "import cal_client; from cal_client.api.bookings import create_booking"
# What an application writes; measured when the handwritten layer exports AsyncCal.
FACADE = ENDPOINT + "; from cal_client import AsyncCal"
STARTUP = "pass"


def _has_facade() -> bool:
    code = "import cal_client._exports as o; raise SystemExit(0 if 'AsyncCal' in o.__all__ else 1)"
    return subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def _environment(compile_every_time: bool) -> dict[str, str]:
    env = dict(os.environ)
    if not compile_every_time:
        # An installed package imports from cached bytecode (pip compiles it); so do these runs.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _run(statement: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", statement], check=True, env=env)
    return time.perf_counter() - started


def measure(statements: dict[str, str], runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    names = list(statements)
    for name in names:
        _run(statements[name], env)  # warm-up: compiles and caches bytecode
    times: dict[str, list[float]] = {name: [] for name in names}
    for i in range(runs):
        # Rotate the order every round so no statement always runs first (or right after another).
        for name in names[i % len(names) :] + names[: i % len(names)]:
            times[name].append(_run(statements[name], env))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="measured runs per statement (default 15)")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument(
        "--compile-every-time",
        action="store_true",
        help="keep PYTHONDONTWRITEBYTECODE from the environment (default: runs use cached bytecode)",
    )
    args = parser.parse_args(argv)
    env = _environment(args.compile_every_time)

    statements = {"python_startup": STARTUP, "httpx": BASELINE, "endpoint": ENDPOINT}
    if _has_facade():
        statements["endpoint_and_async_cal"] = FACADE
    times = measure(statements, args.runs, env)

    ms = {name: median(values) * 1000 for name, values in times.items()}
    variants: dict[str, Any] = {}
    print(f"whole-process wall time, median of {args.runs} runs each ({sys.executable})")
    print(f"{'statement':<94} {'median':>9} {'min':>9} {'/ httpx':>8}")
    for name, statement in statements.items():
        ratio = ms[name] / ms["httpx"]
        variants[name] = {
            "statement": statement,
            "median_ms": round(ms[name], 2),
            "min_ms": round(min(times[name]) * 1000, 2),
            "ratio_to_httpx": round(ratio, 3),
        }
        print(f"{statement:<94} {ms[name]:7.1f}ms {min(times[name]) * 1000:7.1f}ms {ratio:8.2f}")
    headline = "endpoint_and_async_cal" if "endpoint_and_async_cal" in variants else "endpoint"
    ratio = variants[headline]["ratio_to_httpx"]
    verdict = "within" if ratio <= TARGET else "OVER"
    print(f"ratio {ratio:.2f} for `{statements[headline]}`: {verdict} the target of {TARGET}")
    compiles = bool(env.get("PYTHONDONTWRITEBYTECODE"))
    if compiles:
        print("note: PYTHONDONTWRITEBYTECODE is set, so every run compiles the modules it imports")
    write_json(
        args.json,
        {
            "runs": args.runs,
            "target": TARGET,
            "statement": statements[headline],
            "ratio": ratio,
            "target_met": ratio <= TARGET,
            "sdk_ms": variants[headline]["median_ms"],
            "httpx_ms": variants["httpx"]["median_ms"],
            "variants": variants,
            "bytecode_cached": not compiles,
            "machine": machine(),
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
