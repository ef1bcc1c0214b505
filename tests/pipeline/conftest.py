"""Fixtures for the spec pipeline's tests: every snapshot, normalised, and their diffs (computed once)."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from openapi.diff import ApiDiff, SpecView, diff_specs
from openapi.normalise import Normaliser
from tests.conftest import ROOT, SHARED_OPENAPI, shared_spec_files

# What a working copy of the repository needs for the pipeline to run in it.
REPO_PARTS = (
    "openapi", "cal_client", "overrides", "tests", "examples", "generator-config.yaml", "Makefile", "pyproject.toml",
    "api.md", "setup.py",
)  # fmt: skip


@pytest.fixture(scope="session")
def raw_specs() -> dict[str, dict[str, Any]]:
    """Every snapshot in ../shared/openapi, oldest first, keyed by file stem."""
    return {path.stem: json.loads(path.read_text()) for path in shared_spec_files()}


@pytest.fixture(scope="session")
def views(raw_specs: dict[str, dict[str, Any]]) -> dict[str, SpecView]:
    return {date: SpecView(Normaliser(spec).run()) for date, spec in raw_specs.items()}


@pytest.fixture(scope="session")
def diffs(raw_specs: dict[str, dict[str, Any]]) -> dict[tuple[str, str], ApiDiff]:
    pairs = list(itertools.pairwise(raw_specs))
    return {(a, b): diff_specs(raw_specs[a], raw_specs[b], old_label=a, new_label=b) for a, b in pairs}


def copy_repo(copy: Path) -> Path:
    """What the pipeline needs of the repository, copied to ``copy`` (never the real cal_client/)."""
    copy.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache")
    for part in REPO_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, copy / part, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, copy / part)
    return copy


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A working copy of the repo in tmp, with ../shared beside it."""
    (tmp_path / "shared").symlink_to(SHARED_OPENAPI.parent)
    return copy_repo(tmp_path / "main")
