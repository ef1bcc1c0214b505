"""Generation: wall time of the ``make generate`` pipeline on the committed (locked) spec.

Runs ``python -m openapi generate --spec <locked spec> --out <tmp>/cal_client --no-lock`` as a
whole process: fetch, normalise, openapi-python-client with the templates and ruff hooks, stamp,
coverage. The output goes to a temporary directory, never over ``cal_client/``; it is then compared
with the checked-out ``cal_client/``, so the benchmark also shows whether generation reproduces it.

    python -m benchmarks.generation [--runs 3] [--spec PATH] [--json out.json]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ._measure import median, write_json

ROOT = Path(__file__).resolve().parent.parent


def locked_spec() -> Path:
    """The locked spec's bytes on disk (../shared, the .work/specs cache, or downloaded there)."""
    from openapi.lock import SpecUnavailable, cache
    from openapi.lock import locked_spec as find

    try:
        raw = find()
    except SpecUnavailable as exc:
        return Path(f"unavailable: {exc}")
    return Path(raw.source) if Path(raw.source).is_file() else cache(raw)


def run(runs: int = 3, spec: Path | None = None) -> dict[str, Any]:
    from openapi.generate import PACKAGE, diff_trees

    spec = spec or locked_spec()
    if not spec.is_file():
        return {"skipped": f"spec not found: {spec}"}
    seconds: list[float] = []
    differing: list[str] = []
    with tempfile.TemporaryDirectory(prefix="calbench-gen-") as tmp:
        out = Path(tmp) / PACKAGE
        for _ in range(runs):
            cmd = [sys.executable, "-m", "openapi", "generate", "--spec", str(spec), "--out", str(out), "--no-lock"]
            started = time.perf_counter()
            proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
            seconds.append(time.perf_counter() - started)
            if proc.returncode != 0:
                return {"failed": (proc.stdout + proc.stderr)[-2000:], "command": " ".join(cmd)}
        differing = diff_trees(out, ROOT / PACKAGE)
        files = sum(1 for _ in out.rglob("*.py"))
    return {
        "spec": spec.name,
        "runs": runs,
        "seconds": [round(s, 2) for s in seconds],
        "median_s": round(median(seconds), 2),
        "min_s": round(min(seconds), 2),
        "files": files,
        "identical_to_checkout": not differing,
        "differing_files": differing[:20],
    }


def report(result: dict[str, Any]) -> str:
    if "skipped" in result:
        return f"generation: skipped: {result['skipped']}"
    if "failed" in result:
        return f"generation: FAILED: {result['command']}\n{result['failed']}"
    differing = result["differing_files"]
    same = (
        "identical to cal_client/"
        if result["identical_to_checkout"]
        else f"DIFFERS from cal_client/ in {len(differing)}{'+' if len(differing) == 20 else ''} files "
        "(check-generated would fail)"
    )
    return (
        f"generation ({result['spec']}): median {result['median_s']} s, min {result['min_s']} s "
        f"over {result['runs']} runs {result['seconds']}; {result['files']} .py files, {same}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--spec", type=Path, help="spec file (default: the one named by openapi/spec.lock.json)")
    parser.add_argument("--json", help="write the result as JSON to this path")
    args = parser.parse_args(argv)
    result = run(args.runs, args.spec)
    print(report(result))
    write_json(args.json, result)
    return 0 if "failed" not in result else 1


if __name__ == "__main__":
    raise SystemExit(main())
