"""Names users import never change: every operation keeps its module across Cal.com's snapshots.

The registry (``openapi/names.json``, :mod:`openapi.names`) is keyed by method and path; upstream
renames of operationIds, tags and schemas must not reach the Python names.
"""

from __future__ import annotations

import copy
import itertools
import json
from typing import Any

import pytest

from openapi.diff import SpecView
from openapi.names import NameRegistry, operation_key
from openapi.normalise import HTTP_METHODS, Normaliser
from tests.conftest import ROOT, SHARED_OPENAPI

SNAPSHOTS = [p.stem for p in sorted(SHARED_OPENAPI.glob("*.json"))]
PAIRS = list(itertools.pairwise(SNAPSHOTS))


def _keys(spec: dict[str, Any]) -> set[str]:
    return {operation_key(m, p) for p, item in spec["paths"].items() for m in HTTP_METHODS if m in item}


@pytest.mark.parametrize(("old", "new"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_kept_operation_keeps_its_module_and_function(views: dict[str, SpecView], old: str, new: str) -> None:
    a, b = views[old].operations, views[new].operations
    kept = sorted(a.keys() & b.keys())
    assert kept, "consecutive snapshots share operations"
    moved = {f"{a[k].label}: {a[k].module} -> {b[k].module}" for k in kept if a[k].module != b[k].module}
    assert not moved, "\n".join(sorted(moved))
    # What upstream changed under those names (reported by the changelog, invisible to users).
    renamed = [k for k in kept if a[k].upstream_id != b[k].upstream_id]
    retagged = [k for k in kept if a[k].upstream_tag != b[k].upstream_tag]
    print(f"{old}->{new}: {len(kept)} kept, {len(renamed)} operationIds and {len(retagged)} tags renamed upstream")


def test_every_operation_of_every_snapshot_gets_one_name_of_its_own(raw_specs: dict[str, dict[str, Any]]) -> None:
    """Registered operations get their registered names; others new ones that clash with nothing."""
    registry = NameRegistry.load()
    held = {(e["module"], e["function"]): key for key, e in registry.operations.items()}
    for name, spec in raw_specs.items():
        assigned = registry.assign(spec)
        assert assigned.keys() == _keys(spec), name
        assert len(set(assigned.values())) == len(assigned), name
        for key, python_name in assigned.items():
            assert held.get(python_name, key) == key, f"{name}: {key} got {python_name}, which is {held[python_name]}'s"


def test_registry_entries_are_unique_and_removed_marks_match_the_lock() -> None:
    data = json.loads((ROOT / "openapi" / "names.json").read_text())
    registry = NameRegistry(data)  # raises on a name given to two operations
    from tests.conftest import load_locked_spec

    locked = _keys(load_locked_spec())
    for key, entry in registry.operations.items():
        assert bool(entry.get("removed")) == (key not in locked), key


def test_upstream_renames_do_not_rename(locked_spec: dict[str, Any]) -> None:
    """An operationId rename, a move to a "Deprecated: " tag and a schema rename keep every name."""
    before = Normaliser(locked_spec)
    base = before.run()
    spec = copy.deepcopy(locked_spec)
    path, item = next(iter(spec["paths"].items()))
    method = next(m for m in HTTP_METHODS if m in item)
    item[method]["operationId"] = "SomeController_aBrandNewName"
    item[method]["tags"] = ["Deprecated: " + item[method]["tags"][0]]
    schemas = spec["components"]["schemas"]
    old_name = next(
        n
        for n in schemas
        if schemas[n].get("type") == "object" and "properties" in schemas[n] and n not in before.schema_renames
    )
    schemas[f"{old_name}Renamed"] = schemas.pop(old_name)
    text = json.dumps(spec).replace(f'"#/components/schemas/{old_name}"', f'"#/components/schemas/{old_name}Renamed"')
    after = Normaliser(json.loads(text))
    renamed = after.run()
    assert after.assigned == before.assigned
    assert after.schema_renames == {**before.schema_renames, f"{old_name}Renamed": old_name}
    assert renamed["paths"][path][method]["deprecated"] is True
    assert set(renamed["components"]["schemas"]) == set(base["components"]["schemas"])


def test_duplicate_operation_ids_on_two_paths_get_distinct_names(locked_spec: dict[str, Any]) -> None:
    spec = copy.deepcopy(locked_spec)
    path = next(p for p in spec["paths"] if "{" in p)
    spelled = path.rstrip("/") + "-copy"
    spec["paths"][spelled] = copy.deepcopy(spec["paths"][path])
    normaliser = Normaliser(spec)
    normaliser.run()
    names = [
        normaliser.assigned[operation_key(m, p)] for p in (path, spelled) for m in spec["paths"][p] if m in HTTP_METHODS
    ]
    assert len(set(names)) == len(names)
    registered = NameRegistry.load().operations
    for method in spec["paths"][path]:
        if method in HTTP_METHODS:
            entry = registered[operation_key(method, path)]
            assert normaliser.assigned[operation_key(method, path)] == (entry["module"], entry["function"])
            copy_module, copy_function = normaliser.assigned[operation_key(method, spelled)]
            assert copy_module == entry["module"] and copy_function.startswith(entry["function"] + "_")


def test_generated_package_has_a_module_for_every_locked_operation(locked_spec: dict[str, Any]) -> None:
    registry = NameRegistry.load()
    missing = [
        key
        for key in _keys(locked_spec)
        if not (ROOT / "cal_client" / "api" / registry.operations[key]["module"])
        .joinpath(registry.operations[key]["function"] + ".py")
        .is_file()
    ]
    assert not missing
