"""One unattended regeneration: fetch -> (unchanged? stop) -> generate -> lock -> changelog -> checks.

``python -m openapi regenerate --spec FILE_OR_URL [--no-test]`` (``make regenerate SPEC=...``):

1. Fetch the spec. If its sha256 equals ``openapi/spec.lock.json``'s, print
   ``spec unchanged (sha256 ...): nothing to do`` and exit 0 without touching anything.
2. Find the previously locked spec, to diff against: the lock's ``source`` when it still has the
   locked bytes (a file, or a URL that has not moved on), else ``.work/specs/<sha256>.json``, the
   local cache every regeneration fills (CI keeps ``.work/specs`` between runs with a cache keyed
   by the lock). Cal.com's spec is never committed, so without either the changelog says so.
3. Generate ``cal_client/`` from the new spec and rewrite the lock (as ``make generate`` does).
4. Write the changelog (``openapi/diff.py``): ``.work/api-changes.md`` holds this run's changes
   and is the pull request body (with the wrapper report, cut to fit GitHub's limit); the same
   text is prepended to ``CHANGELOG-api.md``, so the regeneration PR also records it in the repo.
5. Type-check the handwritten layer against the new package (``openapi/wrappers.py``), relative
   to the package as it was before, and list the wrappers that need work.
6. Run ``make test`` unless ``--no-test`` (CI runs the tests as their own step).

Exit codes: 0 regenerated cleanly or nothing to do; 1 the pipeline failed (nothing usable was
written); 3 regenerated, but wrappers break or tests fail: the files are written for review.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .diff import ApiDiff, diff_specs
from .fetch import RawSpec, fetch
from .generate import PACKAGE, ROOT, GenerationError
from .lock import SpecUnavailable, cache, locked_spec, read_lock
from .wrappers import WrapperReport, check_wrappers

WORK = ROOT / ".work"
STATUS = WORK / "regenerate.status"
CHANGES = WORK / "api-changes.md"
PR_BODY = WORK / "pr-body.md"
CHANGELOG = ROOT / "CHANGELOG-api.md"
# GitHub refuses pull request bodies over 65,536 characters.
PR_BODY_LIMIT = 60_000


def regenerate(source: str, *, url: str | None = None, run_tests: bool = True, check: bool = True) -> int:
    lock = read_lock()
    raw = fetch(source)
    if raw.sha256 == lock.get("raw_sha256"):
        print(f"spec unchanged (sha256 {raw.sha256}): nothing to do")
        _github_outputs({"changed": "false"})
        return 0
    print(f"spec changed: {source} (sha256 {raw.sha256[:16]}…, locked {str(lock.get('raw_sha256'))[:16]}…)")
    previous = previous_spec(lock)
    for seen in (previous, raw):
        if seen is not None:
            cache(seen)

    # The wrapper check compares against the package as it is now.
    with tempfile.TemporaryDirectory(prefix="calprev-") as tmp:
        before = Path(tmp) / PACKAGE
        if (ROOT / PACKAGE).is_dir():
            shutil.copytree(ROOT / PACKAGE, before, ignore=shutil.ignore_patterns("__pycache__"))
        _generate_and_lock(raw, url)
        changes = changelog(previous, raw, lock, source)
        report = None
        if check and before.is_dir():
            try:
                report = check_wrappers(ROOT / PACKAGE, baseline=before)
            except RuntimeError as exc:  # mypy itself failed: say so, keep the regeneration
                print(f"regenerate: wrapper check could not run: {exc}", file=sys.stderr)

    write_changelog(changes, report)
    print(f"changelog: {CHANGES.relative_to(ROOT)} (prepended to {CHANGELOG.name})")
    status = 0
    if report is not None:
        print(report.to_text())
        status = 3 if not report.ok else status
    if run_tests:
        proc = subprocess.run(["make", "test"], cwd=ROOT)
        if proc.returncode != 0:
            print("regenerate: `make test` fails on the regenerated package", file=sys.stderr)
            status = 3
    _github_outputs(
        {
            "changed": "true",
            "breaking": "unknown" if isinstance(changes, str) else str(len(changes.breaking)),
            "wrapper_errors": "0" if report is None else str(len(report.breakages)),
        }
    )
    return status


def previous_spec(lock: dict) -> RawSpec | None:
    """The locked spec's bytes, wherever they still are (verified by hash)."""
    try:
        return locked_spec(lock)
    except SpecUnavailable:
        return None


def changelog(previous: RawSpec | None, raw: RawSpec, lock: dict, source: str) -> ApiDiff | str:
    if previous is None:
        return (
            f"# API changes: {lock.get('source', 'no lock')} → {source}\n\n"
            f"The previously locked spec (sha256 {lock.get('raw_sha256')}) is not available here, so no "
            "changelog could be computed. Keep `.work/specs/` between runs (CI caches it by the lock), "
            "or run `make api-diff OLD=<old spec> NEW=<new spec>` by hand.\n"
        )
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    old_label = f"{lock.get('source')} ({previous.sha256[:12]})"
    new_label = f"{source} ({raw.sha256[:12]}, {today})"
    return diff_specs(previous.load(), raw.load(), old_label=old_label, new_label=new_label)


def write_changelog(changes: ApiDiff | str, report: WrapperReport | None) -> None:
    text = changes if isinstance(changes, str) else changes.to_markdown()
    WORK.mkdir(exist_ok=True)
    CHANGES.write_text(text)
    history = CHANGELOG.read_text() if CHANGELOG.exists() else "# Cal.com API changes seen by cal_client\n"
    head, _, rest = history.partition("\n")
    demoted = re.sub(r"^(#+) ", r"#\1 ", text, flags=re.MULTILINE)  # each run is a section of the history
    CHANGELOG.write_text(f"{head}\n\n{demoted.strip()}\n{rest}")
    # Breaking changes come first in the changelog; the work they cause follows straight after.
    # An over-long changelog loses its tail (non-breaking entries), never the wrapper report.
    work = "\n" + report.to_markdown() if report is not None else ""
    if len(work) > PR_BODY_LIMIT // 2:
        work = work[: PR_BODY_LIMIT // 2].rsplit("\n", 1)[0] + "\n- … more: run `make check-wrappers`\n"
    room = PR_BODY_LIMIT - len(work)
    if len(text) > room:
        note = f"\n\n… cut to fit a pull request body; the full changelog is in `{CHANGELOG.name}`.\n"
        text = text[: room - len(note)].rsplit("\n", 1)[0] + note
    body = text + work
    PR_BODY.write_text(body)


def _generate_and_lock(raw: RawSpec, url: str | None) -> None:
    # Same steps as `python -m openapi generate`, from the bytes already fetched (a live URL may
    # move on between two fetches).
    from .__main__ import generate_and_lock

    if not generate_and_lock(raw, out=ROOT / PACKAGE, url=url):
        raise GenerationError("coverage below 100 %: see above")


def _github_outputs(values: dict[str, str]) -> None:
    """Step outputs for the workflow (``steps.<id>.outputs.changed`` ...), when run by GitHub Actions."""
    target = os.environ.get("GITHUB_OUTPUT")
    if target:
        with open(target, "a") as out:
            out.writelines(f"{key}={value}\n" for key, value in values.items())


def cmd_regenerate(args: argparse.Namespace) -> int:
    """``python -m openapi regenerate --spec FILE_OR_URL [--no-test] [--no-wrapper-check]``.

    make turns every failing status into 2, so the status is also written where a workflow reads
    it: ``.work/regenerate.status`` and the step output ``status``.
    """
    try:
        status = regenerate(args.spec, url=args.url, run_tests=not args.no_test, check=not args.no_wrapper_check)
    except Exception:
        _record_status(1)
        raise
    _record_status(status)
    return status


def _record_status(status: int) -> None:
    WORK.mkdir(exist_ok=True)
    STATUS.write_text(f"{status}\n")
    _github_outputs({"status": str(status)})
