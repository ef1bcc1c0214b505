"""Shared names of the generation-pipeline tests (a module of its own: every test folder has a
``conftest``, so importing from one is ambiguous)."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _shared_helpers() -> ModuleType:
    # tests/conftest.py owns the rule for finding ../shared; load it under its own name.
    spec = importlib.util.spec_from_file_location("cal_tests_shared", ROOT / "tests" / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SHARED = _shared_helpers()
# Snapshot names (file stems) present beside the checkout, for parametrising; empty without ../shared.
SPEC_NAMES: tuple[str, ...] = tuple(p.stem for p in sorted(SHARED.SHARED_OPENAPI.glob("*.json")))


@dataclass
class Generated:
    name: str
    raw: dict[str, Any]
    normalised: dict[str, Any]
    row: dict[str, Any]
    package: Path
