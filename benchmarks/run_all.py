"""``make bench``: every benchmark as its own process, then ``results.json`` and the Markdown table.

Each benchmark runs in a fresh interpreter (``python -m benchmarks.<name> --json <file>``), so one
cannot warm caches or leak memory into the next. Every ratio is measured inside one of those runs,
never against numbers from another day or machine.

Writes ``benchmarks/results.json`` (everything, git-ignored); a complete run (no ``--only``, no
``--quick``) also writes ``benchmarks/RESULTS.md`` (the table, committed) and the same table between
the ``<!-- bench:start -->`` / ``<!-- bench:end -->`` markers of the top-level README.

    python -m benchmarks.run_all [--only per_call,parsing] [--quick] [--no-readme]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._measure import machine

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS_JSON = HERE / "results.json"
RESULTS_MD = HERE / "RESULTS.md"
README = ROOT / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

# name -> (arguments, arguments with --quick)
BENCHMARKS: dict[str, tuple[list[str], list[str]]] = {
    "import_time": ([], ["--runs", "5"]),
    "per_call": ([], ["--calls", "500", "--rounds", "1"]),
    "parsing": ([], ["--rounds", "7"]),
    "concurrency": ([], ["--calls", "4000"]),
    "generation": ([], ["--runs", "1"]),
}


def _env(name: str) -> dict[str, str]:
    env = dict(os.environ)
    if name == "import_time":
        # An installed package has .pyc files (pip compiles them; httpx in the venv has them), so the
        # SDK's imports are measured with bytecode caches too, not compiled afresh in every run.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_one(name: str, args: list[str]) -> dict[str, Any]:
    if not (HERE / f"{name}.py").is_file():
        return {"missing": f"benchmarks/{name}.py is not there"}
    with tempfile.TemporaryDirectory(prefix="calbench-") as tmp:
        out = Path(tmp) / f"{name}.json"
        cmd = [sys.executable, "-m", f"benchmarks.{name}", *args, "--json", str(out)]
        print(f"$ {' '.join(['python', *cmd[1:-2]])}", flush=True)
        started = time.perf_counter()
        proc = subprocess.run(
            cmd, cwd=ROOT, env=_env(name), text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        print(proc.stdout, end="", flush=True)
        if proc.returncode != 0 or not out.is_file():
            return {"failed": f"exit {proc.returncode}", "output": proc.stdout[-3000:]}
        result: dict[str, Any] = json.loads(out.read_text())
        result["benchmark_seconds"] = round(time.perf_counter() - started, 1)
        return result


# -- the table --------------------------------------------------------------------------------


def _verdict(met: bool | None) -> str:
    return "n/a" if met is None else ("met" if met else "**missed**")


def _unavailable(result: dict[str, Any]) -> str | None:
    for key in ("missing", "failed", "skipped"):
        if key in result:
            return f"{key}: {result[key]}"
    return None


def _import_rows(r: dict[str, Any]) -> list[list[str]]:
    # benchmarks/import_time.py belongs to another module; read its numbers defensively.
    ratio = r.get("ratio")
    sdk = r.get("sdk_ms")
    httpx = r.get("httpx_ms")
    runs = r.get("runs")
    target = r.get("target", 1.3)
    statement = r.get("statement", "import cal_client; from cal_client import AsyncCal + an endpoint module")
    measured = f"ratio **{ratio:.2f}**" if isinstance(ratio, int | float) else "see results.json"
    if sdk is not None and httpx is not None:
        measured += f" ({sdk:.0f} ms vs {httpx:.0f} ms per process{f', median of {runs}' if runs else ''})"
    met = ratio <= target if isinstance(ratio, int | float) else None
    return [
        [
            f"Import, whole process: `{statement}` vs `import httpx`",
            measured,
            f"≤ {target}",
            _verdict(met),
        ]
    ]


def _per_call_rows(r: dict[str, Any]) -> list[list[str]]:
    rows = []
    for concurrency, row in r["by_concurrency"].items():
        rows.append(
            [
                f"Per call, concurrency {concurrency}: `{r['sdk_call']}` vs raw httpx `get` + `json.loads`, "
                f"{row['calls']} calls × {row['rounds']} rounds",
                f"throughput ratio **{row['throughput_ratio']:.2f}** (SDK {row['sdk_rps']} req/s, raw "
                f"{row['raw_rps']} req/s); SDK overhead {row['overhead_us_cpu']:.0f} µs/call CPU, "
                f"{row['overhead_us_wall']:.0f} µs/call wall",
                f"≥ {row['target']}",
                _verdict(row["target_met"]),
            ]
        )
    return rows


def _parsing_rows(r: dict[str, Any]) -> list[list[str]]:
    us = r["us_per_booking"]
    return [
        [
            f"Parsing a {r['bookings']:,}-booking list ({r['body_bytes'] / 1e6:.1f} MB) into models",
            f"SDK **{us['sdk']:.1f} µs/booking**; `json.loads` {us['json_loads']:.1f}; pydantic v2 peer "
            f"{us['pydantic_json']:.1f}. SDK / json.loads **{r['ratio_sdk_vs_json_loads']:.2f}**, "
            f"SDK / pydantic **{r['ratio_sdk_vs_pydantic']:.2f}** (model-typed fields are read on first access)",
            "SDK / pydantic ≤ 0.9",
            _verdict(r["goal_met"]),
        ],
        [
            "… then reading each booking's uid, start, status and first attendee / every field of every booking",
            f"SDK {us['sdk_read_listing']:.1f} / {us['sdk_read_all']:.1f} µs/booking: SDK / pydantic "
            f"**{r['ratio_sdk_read_listing_vs_pydantic']:.2f}** / **{r['ratio_sdk_read_all_vs_pydantic']:.2f}**",
            "(reported)",
            "n/a",
        ],
    ]


def _concurrency_rows(r: dict[str, Any]) -> list[list[str]]:
    b, s, rss, ref = r["burst"], r["steady"], r["rss_mb"], r["raw_httpx_reference"]
    marks = [k for k in rss if k.startswith("after_")]
    return [
        [
            f"{b['calls']} concurrent calls",
            f"{b['completed']}/{b['calls']} completed in {b['seconds']:.2f} s",
            "all complete",
            _verdict(b["completed"] == b["calls"]),
        ],
        [
            f"Memory: RSS after {int(marks[0][6:]):,} vs after {int(marks[1][6:]):,} calls",
            f"{rss[marks[0]]} MB → {rss[marks[1]]} MB (**{r['rss_growth'] * 100:+.1f} %**)",
            f"≤ +{r['rss_growth_target'] * 100:.0f} %",
            _verdict(r["rss_growth"] <= r["rss_growth_target"]),
        ],
        [
            "Connection reuse (new TCP connections counted at the server)",
            f"{r['connections']} connections for {r['requests']:,} requests "
            f"({r['requests_per_connection']:.0f} per connection); steady phase: {s['new_connections']} new in "
            f"{s['calls']:,} calls, **{r['reuse_rate'] * 100:.2f} %** reused (raw httpx, same pool: "
            f"{ref['steady_new_connections']} new in {ref['steady_calls']:,}, {r['raw_reuse_rate'] * 100:.2f} %)",
            f"≥ {r['reuse_target'] * 100:.0f} % of calls reuse a connection",
            _verdict(r["reuse_rate"] >= r["reuse_target"]),
        ],
    ]


def _generation_rows(r: dict[str, Any]) -> list[list[str]]:
    same = "output identical to `cal_client/`" if r["identical_to_checkout"] else "output differs from `cal_client/`"
    return [
        [
            f"Generation: `make generate` on the locked spec ({r['spec']})",
            f"median **{r['median_s']:.1f} s** over {r['runs']} runs; {r['files']} files; {same}",
            "(reported)",
            "n/a",
        ]
    ]


ROWS: dict[str, Callable[[dict[str, Any]], list[list[str]]]] = {
    "import_time": _import_rows,
    "per_call": _per_call_rows,
    "parsing": _parsing_rows,
    "concurrency": _concurrency_rows,
    "generation": _generation_rows,
}


def table(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        f"Measured {results['date']} on {m['cpus']} cores ({m['processor']}), Python {m['python']}, "
        f"{m['platform']}; 1-minute load average {m['load_average_1m']} at the start"
        f"{'; quick mode' if results.get('quick') else ''}. Rerun: `make bench`.",
        "",
        "| benchmark | measured | target | result |",
        "|---|---|---|---|",
    ]
    for name, render in ROWS.items():
        result = results["benchmarks"].get(name)
        if result is None:
            continue
        why = _unavailable(result)
        try:
            rows = [[name, why, "", "not run"]] if why else render(result)
        except (KeyError, TypeError, ValueError) as exc:  # a result shape this table does not know
            rows = [[name, f"see results.json ({type(exc).__name__}: {exc})", "", "n/a"]]
        lines.extend("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def update_readme(markdown: str) -> bool:
    if not README.is_file():
        return False
    text = README.read_text()
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        return False
    README.write_text(pattern.sub(lambda _: f"{START}\n{markdown}{END}", text, count=1))
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="comma-separated benchmark names (default: all)")
    parser.add_argument("--quick", action="store_true", help="fewer runs and calls, for a smoke check")
    parser.add_argument("--no-readme", action="store_true", help="do not update the README table")
    args = parser.parse_args(argv)
    names = args.only.split(",") if args.only else list(BENCHMARKS)
    unknown = set(names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")

    started = time.perf_counter()
    results: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "machine": machine(),
        "quick": args.quick,
        "command": "make bench" + (" (quick)" if args.quick else ""),
        "benchmarks": {},
    }
    env_note = os.environ.get("PYTHONDONTWRITEBYTECODE")
    if env_note:
        results["machine"]["PYTHONDONTWRITEBYTECODE"] = env_note
    for name in names:
        full, quick = BENCHMARKS[name]
        results["benchmarks"][name] = run_one(name, quick if args.quick else full)
    results["total_seconds"] = round(time.perf_counter() - started, 1)

    RESULTS_JSON.write_text(json.dumps(results, indent=2) + "\n")
    markdown = table(results)
    written = [str(RESULTS_JSON.relative_to(ROOT))]
    # Only a complete, full-size run replaces the committed table.
    if not args.quick and not args.only:
        RESULTS_MD.write_text(
            "# Benchmark results\n\nWritten by `make bench` (`benchmarks/run_all.py`); "
            "how each number is measured: `benchmarks/README.md`.\n\n" + markdown
        )
        written.append(str(RESULTS_MD.relative_to(ROOT)))
        if not args.no_readme and update_readme(markdown):
            written.append("README.md")
    print()
    print(markdown)
    print(f"wrote {', '.join(written)} in {results['total_seconds']} s")
    failed = [name for name, r in results["benchmarks"].items() if "failed" in r]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
