"""`make regenerate` end to end, in a copy of the repository (never the real cal_client/).

The specs are whatever the lock and ../shared hold: the round trip goes to the snapshot before the
locked one and back, so it passes unchanged when the lock moves on.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from openapi.fetch import RawSpec
from openapi.generate import diff_trees
from openapi.lock import sha256
from openapi.names import NameRegistry, operation_key
from openapi.normalise import HTTP_METHODS
from openapi.regenerate import changelog
from tests.conftest import ROOT, is_locked, locked_spec_file, shared_spec_files


def older_snapshot() -> Path:
    """The snapshot just before the locked spec (or the newest one that is not it)."""
    files = shared_spec_files()
    locked = [i for i, path in enumerate(files) if is_locked(path)]
    others = files[: locked[0]] if locked and locked[0] > 0 else [p for p in files if not is_locked(p)]
    if not others:
        pytest.skip("spec unavailable: no snapshot other than the locked one in ../shared/openapi")
    return others[-1]


def user_path(path: Path) -> str:
    return f"../shared/openapi/{path.name}"  # as a user in the checkout would write it


def regenerate(copy: Path, spec: str, *extra: str, outputs: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("GITHUB_OUTPUT", None)
    if outputs is not None:
        env["GITHUB_OUTPUT"] = str(outputs)
    cmd = [sys.executable, "-m", "openapi", "regenerate", "--spec", spec, "--no-test", *extra]
    return subprocess.run(cmd, cwd=copy, capture_output=True, text=True, env=env)


def _ops(path: Path) -> set[str]:
    spec = json.loads(path.read_text())
    return {operation_key(m, p) for p, item in spec["paths"].items() for m in HTTP_METHODS if m in item}


def test_regenerate_round_trip_through_an_older_spec(repo_copy: Path) -> None:
    outputs = repo_copy / "github-output"
    locked = json.loads((ROOT / "openapi" / "spec.lock.json").read_text())
    older, current = older_snapshot(), locked_spec_file()
    registry = NameRegistry.load()

    # 1. Back to the older spec: generated, locked, names kept, changelog against the lock.
    proc = regenerate(repo_copy, user_path(older), "--no-wrapper-check", outputs=outputs)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lock = json.loads((repo_copy / "openapi" / "spec.lock.json").read_text())
    assert lock["raw_sha256"] == sha256(older.read_bytes()) and lock["source"].endswith(older.name)
    assert diff_trees(repo_copy / "cal_client", ROOT / "cal_client")
    assert (repo_copy / ".work" / "regenerate.status").read_text() == "0\n"
    # Operations the older spec lacks keep their names, marked removed; none is renamed.
    names = NameRegistry.load(repo_copy / "openapi" / "names.json")
    gone = _ops(current) - _ops(older)
    assert {k for k, e in names.operations.items() if e.get("removed") and k in _ops(current)} == gone
    assert all(
        (names.operations[k]["module"], names.operations[k]["function"]) == (e["module"], e["function"])
        for k, e in registry.operations.items()
    )
    changes = (repo_copy / ".work" / "api-changes.md").read_text()
    assert changes.startswith(f"# API changes: {locked['source']} ")
    if gone:
        breaking = changes[changes.index("## Breaking changes") :]
        module = "cal_client.api.{module}.{function}".format(**registry.operations[sorted(gone)[0]])
        assert f"`{module}`: removed: {sorted(gone)[0]}" in breaking
    assert (repo_copy / ".work" / "pr-body.md").read_text().startswith(changes)
    cached = sorted(p.stem for p in (repo_copy / ".work" / "specs").glob("*.json"))
    assert cached == sorted({sha256(older.read_bytes()), locked["raw_sha256"]})
    history = (repo_copy / "CHANGELOG-api.md").read_text()
    assert history.startswith("# Cal.com API changes seen by cal_client\n\n## API changes:")
    assert "changed=true" in outputs.read_text() and "status=0" in outputs.read_text()

    # 2. Same spec again: nothing to do, nothing touched.
    watched = (repo_copy / "openapi" / "spec.lock.json", repo_copy / "cal_client", repo_copy / "openapi" / "names.json")
    before = {p: p.stat().st_mtime_ns for p in watched}
    proc = regenerate(repo_copy, user_path(older), outputs=outputs)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"spec unchanged (sha256 {sha256(older.read_bytes())}): nothing to do"
    assert {p: p.stat().st_mtime_ns for p in before} == before
    assert "changed=false" in outputs.read_text().splitlines()[-2:]

    # 3. Forward to the locked spec again: exactly the committed package, lock and names.
    proc = regenerate(repo_copy, str(current), "--no-wrapper-check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert diff_trees(repo_copy / "cal_client", ROOT / "cal_client") == []
    assert (repo_copy / "openapi" / "names.json").read_text() == (ROOT / "openapi" / "names.json").read_text()
    lock = json.loads((repo_copy / "openapi" / "spec.lock.json").read_text())
    for key in ("raw_sha256", "normalised_sha256", "operations", "schemas", "fixes", "no_response_schema"):
        assert lock[key] == locked[key], key
    history = (repo_copy / "CHANGELOG-api.md").read_text()
    assert history.count("\n## API changes:") == 2


def test_regenerate_to_the_oldest_spec_lists_the_wrappers_that_break(repo_copy: Path) -> None:
    oldest = shared_spec_files()[0]
    if is_locked(oldest):
        pytest.skip("spec unavailable: the oldest snapshot is the locked one")
    proc = regenerate(repo_copy, user_path(oldest))
    body = (repo_copy / ".work" / "pr-body.md").read_text()
    work = body[body.index("## Handwritten code to update") :]
    items = [line for line in work.splitlines() if line.startswith("- [ ] ")]
    status = (repo_copy / ".work" / "regenerate.status").read_text().strip()
    assert status == str(proc.returncode)
    # The handwritten layer uses operations that the oldest snapshot does not have: they break.
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert items and "handwritten functions in" in proc.stdout
    assert body.index("## Breaking changes") < body.index("## Handwritten code to update")


def test_locked_package_breaks_no_wrapper() -> None:
    # `make check-wrappers`: overrides/ must type-check strictly against the committed package.
    proc = subprocess.run([sys.executable, "-m", "openapi", "check-wrappers"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("check-wrappers: ") and "type-check against cal_client" in proc.stdout


def test_changelog_says_so_when_the_previous_spec_is_gone() -> None:
    raw = RawSpec("new.json", b"{}")
    text = changelog(None, raw, {"source": "https://example.invalid/spec", "raw_sha256": "ab" * 32}, "new.json")
    assert isinstance(text, str)
    assert "is not available here" in text and "ab" * 32 in text
