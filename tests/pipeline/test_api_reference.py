"""api.md, the reference of every typed method, is generated with the methods and cannot drift."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openapi.names import NameRegistry
from tests.conftest import ROOT


def test_api_md_names_every_operation_of_the_lock_with_its_method_and_route() -> None:
    text = (ROOT / "api.md").read_text()
    current = [(key, e) for key, e in NameRegistry.load().operations.items() if not e.get("removed")]
    assert current
    for key, entry in current:
        assert f"## `cal.api.{entry['module']}`" in text, entry["module"]
        assert f"| `{entry.get('method', entry['function'])}`" in text, key
        assert f"| `{key}` |" in text, key
    assert text.count("](https://cal.com/docs/api-reference/v2/") == len(current)


def test_check_generated_fails_when_api_md_drifts(repo_copy: Path) -> None:
    reference = repo_copy / "api.md"
    reference.write_text(reference.read_text().replace("| `get_me` |", "| `get_myself` |"))
    proc = subprocess.run(
        [sys.executable, "-m", "openapi", "check-generated"], cwd=repo_copy, capture_output=True, text=True
    )
    assert proc.returncode == 1 and "api.md" in proc.stderr, proc.stdout + proc.stderr
