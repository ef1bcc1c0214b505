"""The same operation keeps its Python module across Cal.com's snapshots (openapi/names.json)."""

from __future__ import annotations

import itertools
import json

import pytest

from openapi.diff import SpecView
from tests.conftest import ROOT, SPEC_DATES

PAIRS = list(itertools.pairwise(SPEC_DATES))


@pytest.mark.parametrize(("old", "new"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_kept_operation_keeps_its_python_name(views: dict[str, SpecView], old: str, new: str) -> None:
    a, b = views[old].operations, views[new].operations
    kept = sorted(a.keys() & b.keys())
    assert len(kept) == {"2024-12-09": 126, "2025-04-17": 178}[old]  # cal-api-v2.md §10.1
    moved = {f"{a[k].label}: {a[k].module} -> {b[k].module}" for k in kept if a[k].module != b[k].module}
    assert not moved, "add aliases to openapi/names.json:\n" + "\n".join(sorted(moved))


def test_the_check_covers_upstream_renames(views: dict[str, SpecView]) -> None:
    """It is the aliases that keep these stable: upstream renamed operationIds and re-tagged operations."""
    a, b = views["2024-12-09"].operations, views["2025-04-17"].operations
    kept = a.keys() & b.keys()
    renamed_ids = {k for k in kept if a[k].upstream_id != b[k].upstream_id}
    retagged = {k for k in kept if a[k].tag != b[k].tag}
    assert len(renamed_ids) == 8
    assert ("get", "/v2/organizations/{}/users/{}/schedules") in kept
    # With single_tag's aliases the normalised tags match; the raw spec had several tags per op.
    assert not retagged


def test_every_alias_is_used_by_some_snapshot(raw_specs) -> None:
    names = json.loads((ROOT / "openapi" / "names.json").read_text())
    op_ids, tags = set(), set()
    for spec in raw_specs.values():
        for item in spec["paths"].values():
            for op in item.values():
                if isinstance(op, dict) and "operationId" in op:
                    op_ids.add(op["operationId"])
                    tags.update(op.get("tags") or [])
    assert set(names["operationIds"]) <= op_ids
    assert set(names["operationTags"]) <= op_ids
    assert set(names["tags"]) <= tags
    # Pinned tags and alias targets are tags that exist today.
    today = {t for item in raw_specs[SPEC_DATES[-1]]["paths"].values() for op in item.values() for t in op["tags"]}
    assert set(names["operationTags"].values()) <= today


def test_generated_package_has_a_module_for_every_locked_operation(views: dict[str, SpecView]) -> None:
    missing = [
        op.module
        for op in views[SPEC_DATES[-1]].operations.values()
        if not (ROOT / "cal_client" / "api" / op.folder / f"{op.name}.py").is_file()
    ]
    assert not missing
