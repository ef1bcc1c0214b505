"""The committed client is exactly the pipeline's output, and the pipeline is deterministic."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from generation_fixtures import ROOT, Generated

from openapi.__main__ import normalised_bytes
from openapi.generate import diff_trees, generate
from openapi.normalise import Normaliser


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "openapi", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.usefixtures("locked_raw")  # skips when ../shared (the locked spec) is absent
def test_check_generated_passes_on_the_committed_client() -> None:
    proc = _cli("check-generated")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "exactly what the pipeline makes" in proc.stdout


def test_check_generated_refuses_a_spec_that_is_not_the_locked_one(tmp_path: Path, locked_raw: dict[str, Any]) -> None:
    changed = tmp_path / "spec.json"
    changed.write_text(json.dumps({**locked_raw, "info": {**locked_raw["info"], "version": "tampered"}}))
    proc = _cli("check-generated", "--spec", str(changed))
    assert proc.returncode == 1
    assert "is not the locked spec" in proc.stderr


def test_the_lock_records_the_fixes_of_the_committed_normalisation(locked_raw: dict[str, Any]) -> None:
    lock = json.loads((ROOT / "openapi" / "spec.lock.json").read_text())
    normaliser = Normaliser(locked_raw)
    normaliser.run()
    assert lock["fixes"] == {k: v for k, v in sorted(normaliser.counts.items()) if not k.startswith("patch: ")}


def test_normalising_twice_gives_the_same_bytes(locked_raw: dict[str, Any]) -> None:
    assert normalised_bytes(Normaliser(locked_raw).run()) == normalised_bytes(Normaliser(locked_raw).run())


def test_generating_twice_gives_byte_identical_trees(generated_specs: dict[str, Generated], tmp_path: Path) -> None:
    first = generated_specs["locked"]
    again = tmp_path / "cal_client"
    generate(first.normalised, again)
    assert diff_trees(first.package, again) == []
    assert len(list(again.rglob("*.py"))) > 800
