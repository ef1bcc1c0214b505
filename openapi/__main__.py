"""Spec pipeline CLI: ``python -m openapi {generate,check-generated,normalise,coverage}``.

``generate`` is unattended: fetch (file or URL) -> normalise -> generate -> format -> lock.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from .coverage import coverage, format_table
from .fetch import LIVE_SPEC_URL, FetchError, fetch
from .generate import PACKAGE, ROOT, GenerationError, diff_trees, generate
from .normalise import NormaliseError, Normaliser

LOCK = ROOT / "openapi" / "spec.lock.json"


def default_source() -> str:
    return os.environ.get("CAL_SPEC") or LIVE_SPEC_URL


def normalised_bytes(spec: dict) -> bytes:
    return json.dumps(spec, indent=1, sort_keys=True).encode()


def cmd_normalise(args: argparse.Namespace) -> int:
    raw = fetch(args.spec)
    normaliser = Normaliser(raw.load())
    spec = normaliser.run()
    Path(args.output).write_bytes(normalised_bytes(spec))
    _print_counts(normaliser)
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    raw = fetch(args.spec)
    print(f"spec: {raw.source} (sha256 {raw.sha256[:16]}…)")
    normaliser = Normaliser(raw.load())
    spec = normaliser.run()
    _print_counts(normaliser)
    out = Path(args.out)
    report = generate(spec, out)
    cov = coverage(raw.load(), spec, out)
    print(format_table({Path(raw.source).name: cov}))
    if cov["no_response_schema"]:
        print("operations whose spec documents no response schema (they return the raw Response):")
        for op in cov["no_response_schema"]:
            print(f"  - {op}")
    if cov["operations_generated"] != cov["operations"] or cov["schemas_missing"]:
        print(f"coverage below 100 %: missing schemas {cov['schemas_missing']}", file=sys.stderr)
        return 1
    if not args.no_lock:
        _write_lock(raw.source, raw.sha256, spec, report.generator_version, normaliser, cov)
        print(f"lock written: {LOCK.relative_to(ROOT)}")
    print(f"generated {report.files} files into {out} in {time.perf_counter() - started:.1f}s")
    return 0


def cmd_check_generated(args: argparse.Namespace) -> int:
    lock = json.loads(LOCK.read_text())
    source = args.spec or lock["source"]
    try:
        raw = fetch(source)
    except FetchError as exc:
        # Where the lock's source is absent (a CI runner without ../shared), the copy that
        # `make regenerate` caches under .work/specs/ (kept between CI runs) will do.
        cached = ROOT / ".work" / "specs" / f"{lock['raw_sha256']}.json"
        if args.spec or not cached.is_file():
            print(f"check-generated: cannot read the locked spec: {exc}", file=sys.stderr)
            return 2
        source = str(cached)
        raw = fetch(source)
    if raw.sha256 != lock["raw_sha256"]:
        print(
            f"check-generated: {source} is not the locked spec (sha256 {raw.sha256} != {lock['raw_sha256']})",
            file=sys.stderr,
        )
        return 1
    spec = Normaliser(raw.load()).run()
    if _sha(normalised_bytes(spec)) != lock["normalised_sha256"]:
        print("check-generated: the normaliser output changed; run `make generate` and commit", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="calcheck-") as tmp:
        fresh = Path(tmp) / PACKAGE
        generate(spec, fresh)
        changed = diff_trees(fresh, ROOT / PACKAGE)
    if changed:
        print(f"check-generated: {len(changed)} generated files differ from the pipeline's output:", file=sys.stderr)
        for name in changed[:30]:
            print(f"  {PACKAGE}/{name}", file=sys.stderr)
        return 1
    print(f"check-generated: {PACKAGE}/ is exactly what the pipeline makes from the locked spec")
    return 0


def cmd_test_spec(args: argparse.Namespace) -> int:
    from .testspec import build_test_spec

    spec, counts = build_test_spec(fetch(args.spec).load())
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(spec, indent=1))
    for name, count in sorted(counts.items()):
        print(f"  {count:5d}  {name}")
    print(f"test spec written: {out}")
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    rows = {}
    for source in args.specs:
        raw = fetch(source)
        spec = Normaliser(raw.load()).run()
        with tempfile.TemporaryDirectory(prefix="calcov-") as tmp:
            # --keep DIR leaves each tree in DIR/<spec file stem>/cal_client for inspection.
            out = Path(args.keep) / Path(source).stem / PACKAGE if args.keep else Path(tmp) / PACKAGE
            report = generate(spec, out)
            rows[Path(source).name] = coverage(raw.load(), spec, out)
            rows[Path(source).name]["generator_warnings"] = report.warnings
    print(format_table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    ok = all(r["operations_generated"] == r["operations"] and not r["schemas_missing"] for r in rows.values())
    return 0 if ok else 1


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _print_counts(normaliser: Normaliser) -> None:
    print("normalisation fixes:")
    for name, count in sorted(normaliser.counts.items()):
        if not name.startswith("patch: "):
            print(f"  {count:5d}  {name}")


def _write_lock(source, raw_sha, spec, generator, normaliser, cov) -> None:
    source_recorded = source
    if not source.startswith(("http://", "https://")):
        path = Path(source).resolve()
        try:
            source_recorded = os.path.relpath(path, ROOT)
        except ValueError:
            source_recorded = str(path)
    lock = {
        "source": source_recorded,
        "retrieved": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d"),
        "raw_sha256": raw_sha,
        "normalised_sha256": _sha(normalised_bytes(spec)),
        "generator": f"openapi-python-client {generator}",
        "operations": cov["operations"],
        "schemas": cov["schemas"],
        "fixes": {k: v for k, v in sorted(normaliser.counts.items()) if not k.startswith("patch: ")},
        "no_response_schema": cov["no_response_schema"],
    }
    LOCK.write_text(json.dumps(lock, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m openapi", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("generate", help="fetch, normalise, generate cal_client/ and write the lock")
    p.add_argument("--spec", default=default_source(), help=f"file or URL (default $CAL_SPEC or {LIVE_SPEC_URL})")
    p.add_argument("--out", default=str(ROOT / PACKAGE))
    p.add_argument("--no-lock", action="store_true", help="do not update openapi/spec.lock.json")
    p.set_defaults(func=cmd_generate)
    p = sub.add_parser("check-generated", help="regenerate from the locked spec and diff with cal_client/")
    p.add_argument("--spec", help="where to read the locked spec if not at the lock's source")
    p.set_defaults(func=cmd_check_generated)
    p = sub.add_parser("normalise", help="write the normalised spec")
    p.add_argument("--spec", default=default_source())
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=cmd_normalise)
    p = sub.add_parser("test-spec", help="write the copy of the spec Prism and schemathesis validate against")
    p.add_argument("--spec", default=default_source())
    p.add_argument("-o", "--output", default=str(ROOT / ".work" / "test-spec.json"))
    p.set_defaults(func=cmd_test_spec)
    p = sub.add_parser("coverage", help="generate each spec into a temp dir and print the coverage table")
    p.add_argument("specs", nargs="+")
    p.add_argument("--json")
    p.add_argument("--keep", help="keep the generated trees in this directory")
    p.set_defaults(func=cmd_coverage)
    from .diff import cmd_api_diff
    from .regenerate import cmd_regenerate
    from .wrappers import cmd_check_wrappers

    p = sub.add_parser("api-diff", help="Markdown changelog of what changed for SDK users between two specs")
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("-o", "--output", help="write the Markdown here instead of stdout")
    p.add_argument("--fail-on-breaking", action="store_true", help="exit 1 when any change is breaking")
    p.set_defaults(func=cmd_api_diff)
    p = sub.add_parser("regenerate", help="regenerate from SPEC if it changed: lock, changelog, wrapper check, tests")
    p.add_argument("--spec", default=default_source(), help=f"file or URL (default $CAL_SPEC or {LIVE_SPEC_URL})")
    p.add_argument("--no-test", action="store_true", help="skip `make test` (CI runs it as its own step)")
    p.add_argument("--no-wrapper-check", action="store_true")
    p.set_defaults(func=cmd_regenerate)
    p = sub.add_parser("check-wrappers", help="type-check overrides/ and its tests against a generated package")
    p.add_argument("--package", default=str(ROOT / PACKAGE))
    p.add_argument("--baseline", default=str(ROOT / PACKAGE), help="errors also present against it do not count")
    p.add_argument("--markdown", help="also write the report as a Markdown checklist here")
    p.set_defaults(func=cmd_check_wrappers)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except (FetchError, NormaliseError, GenerationError) as exc:
        print(f"{args.command}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
