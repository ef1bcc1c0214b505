"""Spec pipeline CLI: ``python -m openapi {generate,check-generated,normalise,coverage}``.

``generate`` is unattended: fetch (file or URL) -> normalise -> generate -> format -> lock.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from .coverage import coverage, format_table
from .fetch import LIVE_SPEC_URL, FetchError, RawSpec, fetch
from .generate import PACKAGE, ROOT, GenerationError, diff_trees, generate
from .lock import LOCK, SpecUnavailable, cache, locked_spec, read_lock, sha256, write_lock
from .normalise import NormaliseError, Normaliser

API_REFERENCE = ROOT / "api.md"


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
    if not generate_and_lock(raw, out=Path(args.out), url=args.url, lock=not args.no_lock):
        return 1
    print(f"generated into {args.out} in {time.perf_counter() - started:.1f}s")
    from .wrappers import vanished_modules

    vanished = vanished_modules(Path(args.out))
    if vanished:
        print(f"generate: the handwritten layer imports {len(vanished)} modules this spec lacks:", file=sys.stderr)
        for name in vanished:
            print(f"  - {name}", file=sys.stderr)
        print("run `make check-wrappers` for the full list of what needs work", file=sys.stderr)
        return 3
    return 0


def generate_and_lock(raw: RawSpec, *, out: Path, url: str | None = None, lock: bool = True) -> bool:
    """Normalise, generate into ``out``, check coverage; with ``lock``, record names and the lock."""
    normaliser = Normaliser(raw.load())
    spec = normaliser.run()
    _print_counts(normaliser)
    report = generate(spec, out)
    cov = coverage(normaliser.raw, spec, out)
    print(format_table({Path(raw.source).name: cov}))
    if cov["no_response_schema"]:
        print("operations whose spec documents no response schema (they return the raw Response):")
        for op in cov["no_response_schema"]:
            print(f"  - {op}")
    if cov["operations_generated"] != cov["operations"] or cov["schemas_missing"]:
        print(f"coverage below 100 %: missing schemas {cov['schemas_missing']}", file=sys.stderr)
        return False
    if lock and out.resolve() == (ROOT / PACKAGE).resolve():
        API_REFERENCE.write_text(report.api_reference)
    if lock:
        for change in normaliser.names.record(
            normaliser.raw, normaliser.assigned, normaliser.schema_renames, normaliser.methods
        ):
            print(f"names: {change}")
        normaliser.names.save()
        cache(raw)
        write_lock(
            source=raw.source,
            url=url if url is not None else (raw.source if raw.source.startswith("https://") else None),
            raw_sha=raw.sha256,
            normalised_sha=sha256(normalised_bytes(spec)),
            generator=f"openapi-python-client {report.generator_version}",
            counts=dict(normaliser.counts),
            cov=cov,
        )
        print(f"lock written: {LOCK.relative_to(ROOT)}; names: openapi/names.json")
    return True


def cmd_check_generated(args: argparse.Namespace) -> int:
    lock = read_lock()
    try:
        raw = fetch(args.spec) if args.spec else locked_spec(lock)
    except (FetchError, SpecUnavailable) as exc:
        print(f"check-generated: cannot check: {exc}", file=sys.stderr)
        # A contributor offline without ../shared can still run the rest of `make test`; CI cannot.
        return 2 if os.environ.get("CI") or args.spec else 0
    if raw.sha256 != lock["raw_sha256"]:
        print(
            f"check-generated: {raw.source} is not the locked spec (sha256 {raw.sha256} != {lock['raw_sha256']})",
            file=sys.stderr,
        )
        return 1
    normaliser = Normaliser(raw.load())
    spec = normaliser.run()
    unnamed = sorted(set(normaliser.assigned) - set(normaliser.names.operations))
    if unnamed:
        print(f"check-generated: openapi/names.json lacks {len(unnamed)} operations of the locked spec "
              f"(first: {unnamed[0]}); run `make generate`", file=sys.stderr)  # fmt: skip
        return 1
    if sha256(normalised_bytes(spec)) != lock["normalised_sha256"]:
        print("check-generated: the normaliser output changed; run `make generate` and commit", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="calcheck-") as tmp:
        fresh = Path(tmp) / PACKAGE
        report = generate(spec, fresh)
        changed = diff_trees(fresh, ROOT / PACKAGE)
    if not API_REFERENCE.is_file() or API_REFERENCE.read_text() != report.api_reference:
        changed.append("api.md")
    if changed:
        print(f"check-generated: {len(changed)} generated files differ from the pipeline's output:", file=sys.stderr)
        for name in changed[:30]:
            print(f"  {name if name == 'api.md' else f'{PACKAGE}/{name}'}", file=sys.stderr)
        return 1
    print(f"check-generated: {PACKAGE}/ is exactly what the pipeline makes from the locked spec")
    return 0


def cmd_spec_cache(args: argparse.Namespace) -> int:
    """Put the locked spec's bytes into ``.work/specs`` (from ../shared, the cache or its URL)."""
    try:
        raw = locked_spec()
    except SpecUnavailable as exc:
        print(f"spec-cache: {exc}", file=sys.stderr)
        return 2
    print(f"spec-cache: {cache(raw).relative_to(ROOT)} (sha256 {raw.sha256[:16]}…, from {raw.source})")
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
        normaliser = Normaliser(raw.load())
        spec = normaliser.run()
        with tempfile.TemporaryDirectory(prefix="calcov-") as tmp:
            # --keep DIR leaves each tree in DIR/<spec file stem>/cal_client for inspection.
            out = Path(args.keep) / Path(source).stem / PACKAGE if args.keep else Path(tmp) / PACKAGE
            report = generate(spec, out)
            rows[Path(source).name] = coverage(normaliser.raw, spec, out)
            rows[Path(source).name]["generator_warnings"] = report.warnings
    print(format_table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    ok = all(r["operations_generated"] == r["operations"] and not r["schemas_missing"] for r in rows.values())
    return 0 if ok else 1


def _print_counts(normaliser: Normaliser) -> None:
    print("normalisation fixes:")
    for name, count in sorted(normaliser.counts.items()):
        if not name.startswith("patch: "):
            print(f"  {count:5d}  {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m openapi", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("generate", help="fetch, normalise, generate cal_client/ and write the lock")
    p.add_argument("--spec", default=default_source(), help=f"file or URL (default $CAL_SPEC or {LIVE_SPEC_URL})")
    p.add_argument("--out", default=str(ROOT / PACKAGE))
    p.add_argument("--url", help="an immutable URL of the same bytes, recorded in the lock (fresh clones fetch it)")
    p.add_argument("--no-lock", action="store_true", help="do not update openapi/spec.lock.json nor names.json")
    p.set_defaults(func=cmd_generate)
    p = sub.add_parser("spec-cache", help="fetch the locked spec into .work/specs (verified by sha256)")
    p.set_defaults(func=cmd_spec_cache)
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
    from .pull_request import cmd_open_pr
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
    p.add_argument("--url", help="an immutable URL of the same bytes, recorded in the lock")
    p.add_argument("--no-test", action="store_true", help="skip `make test` (CI runs it as its own step)")
    p.add_argument("--no-wrapper-check", action="store_true")
    p.set_defaults(func=cmd_regenerate)
    p = sub.add_parser("open-pr", help="commit the regeneration on a branch and open or update its pull request")
    p.add_argument("--branch", default="api/regenerate")
    p.add_argument("--base", default="main")
    p.set_defaults(func=cmd_open_pr)
    p = sub.add_parser("check-wrappers", help="type-check overrides/ and its tests against a generated package")
    p.add_argument("--package", default=str(ROOT / PACKAGE))
    p.add_argument(
        "--baseline", default="HEAD", help="package whose errors do not count (default: cal_client/ as committed)"
    )
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
