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
from generation_fixtures import LOCKED_DATE, ROOT, SHARED, SPEC_DATES, Generated

from openapi.normalise import Normaliser


@pytest.fixture(scope="session")
def generated_specs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Generated]:
    """All three specs through ``python -m openapi coverage --keep DIR --json FILE`` (one process)."""
    paths = [SHARED.shared_spec_path(date) for date in SPEC_DATES]
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
    for date, path in zip(SPEC_DATES, paths, strict=True):
        raw = json.loads(path.read_text())
        result[date] = Generated(
            date=date,
            raw=raw,
            normalised=Normaliser(raw).run(),
            row=rows[path.name],
            package=out / "trees" / path.stem / "cal_client",
        )
    return result


@pytest.fixture(scope="session")
def locked_raw() -> dict[str, Any]:
    data: dict[str, Any] = SHARED.load_shared_spec(LOCKED_DATE)
    return data


@pytest.fixture(scope="session")
def locked_normalised(locked_raw: dict[str, Any]) -> dict[str, Any]:
    return Normaliser(locked_raw).run()
