"""Fixtures of the generation-pipeline tests.

The three specs are generated once per session, by the real ``python -m openapi coverage`` CLI,
into a temporary directory (never into ``cal_client/``); tests read its JSON rows and trees.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from generation_fixtures import ROOT, SHARED, Generated

from openapi.normalise import Normaliser


@pytest.fixture(scope="session")
def generated_specs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Generated]:
    """Every snapshot and the locked spec through ``python -m openapi coverage --keep DIR --json FILE``
    (one process), keyed by file stem; the locked one is also under ``"locked"``."""
    locked = SHARED.locked_spec_file()
    # The snapshots beside the checkout, if any (a clone without ../shared still checks the lock).
    paths = list(dict.fromkeys([*sorted(SHARED.SHARED_OPENAPI.glob("*.json")), locked]))
    out = tmp_path_factory.mktemp("coverage")
    command = [sys.executable, "-m", "openapi", "coverage", *map(str, paths)]
    proc = subprocess.run(
        [*command, "--json", str(out / "rows.json"), "--keep", str(out / "trees")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = json.loads((out / "rows.json").read_text())
    result = {}
    for path in paths:
        raw = json.loads(path.read_text())
        result[path.stem] = Generated(
            name=path.stem,
            raw=raw,
            normalised=Normaliser(raw).run(),
            row=rows[path.name],
            package=out / "trees" / path.stem / "cal_client",
        )
    result["locked"] = result[locked.stem]
    return result


@pytest.fixture(scope="session")
def locked_raw() -> dict[str, Any]:
    data: dict[str, Any] = SHARED.load_locked_spec()
    return data


@pytest.fixture(scope="session")
def locked_normalised(locked_raw: dict[str, Any]) -> dict[str, Any]:
    return Normaliser(locked_raw).run()
