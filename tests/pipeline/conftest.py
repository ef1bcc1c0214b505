"""Fixtures for the spec pipeline's tests: the three snapshots, normalised, and their diffs (computed once)."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path
from typing import Any

import pytest

from openapi.diff import ApiDiff, SpecView, diff_specs
from openapi.normalise import Normaliser
from tests.conftest import ROOT, SPEC_DATES, load_shared_spec, shared_spec_path

# What a working copy of the repository needs for the pipeline to run in it.
REPO_PARTS = ("openapi", "cal_client", "overrides", "tests", "generator-config.yaml", "Makefile", "pyproject.toml")


@pytest.fixture(scope="session")
def raw_specs() -> dict[str, dict[str, Any]]:
    return {date: load_shared_spec(date) for date in SPEC_DATES}


@pytest.fixture(scope="session")
def views(raw_specs: dict[str, dict[str, Any]]) -> dict[str, SpecView]:
    return {date: SpecView(Normaliser(spec).run()) for date, spec in raw_specs.items()}


@pytest.fixture(scope="session")
def diffs(raw_specs: dict[str, dict[str, Any]]) -> dict[tuple[str, str], ApiDiff]:
    pairs = list(itertools.pairwise(SPEC_DATES))
    return {(a, b): diff_specs(raw_specs[a], raw_specs[b], old_label=a, new_label=b) for a, b in pairs}


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A working copy of the repo in tmp (never the real cal_client/), with ../shared beside it."""
    shared = shared_spec_path().parent.parent
    (tmp_path / "shared").symlink_to(shared)
    copy = tmp_path / "main"
    copy.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache")
    for part in REPO_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, copy / part, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, copy / part)
    return copy
