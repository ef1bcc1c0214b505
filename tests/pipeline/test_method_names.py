"""Typed-method names (``cal.api.<module>.<method>``) are kept for ever, like modules and functions."""

from __future__ import annotations

import json
from typing import Any

import pytest

from openapi.names import NameRegistry
from tests.conftest import ROOT


def _spec(*ops: tuple[str, str, str, str]) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for method, path, tag, operation_id in ops:
        paths.setdefault(path, {})[method] = {"tags": [tag], "operationId": operation_id, "responses": {}}
    return {"paths": paths}


def test_a_new_operation_gets_its_function_name_and_keeps_it_after_an_upstream_rename() -> None:
    registry = NameRegistry({})
    first = _spec(("get", "/v2/teams/{teamId}", "Teams", "TeamsController_getTeam"))
    assigned = registry.assign(first)
    methods = registry.methods(assigned)
    registry.record(first, assigned, {}, methods)
    assert registry.operations["GET /v2/teams/{teamId}"]["method"] == "get_team"
    # Upstream renames the operationId and retags it: the recorded names stay.
    later = _spec(("get", "/v2/teams/{teamId}", "Deprecated: Teams", "TeamsController_fetchOneTeam"))
    again = registry.assign(later)
    assert registry.methods(again) == {"GET /v2/teams/{teamId}": "get_team"}


def test_a_chosen_method_name_is_kept_and_never_handed_to_another_operation() -> None:
    registry = NameRegistry(
        {"operations": {"GET /v2/teams": {"module": "teams", "function": "get_teams", "method": "list"}}}
    )
    spec = _spec(("get", "/v2/teams", "Teams", "getTeams"), ("get", "/v2/teams/all", "Teams", "list"))
    methods = registry.methods(registry.assign(spec))
    assert methods["GET /v2/teams"] == "list"
    assert methods["GET /v2/teams/all"] == "list_2"


def test_removed_operations_get_a_method_too_so_a_return_changes_nothing() -> None:
    registry = NameRegistry({"operations": {"GET /v2/gone": {"module": "teams", "function": "gone", "removed": True}}})
    spec = _spec(("get", "/v2/teams", "Teams", "getTeams"))
    assigned = registry.assign(spec)
    registry.record(spec, assigned, {}, registry.methods(assigned))
    assert registry.operations["GET /v2/gone"]["method"] == "gone"


def test_one_method_name_for_two_operations_is_refused() -> None:
    with pytest.raises(ValueError, match=r"method teams\.list"):
        NameRegistry(
            {
                "operations": {
                    "GET /v2/a": {"module": "teams", "function": "a", "method": "list"},
                    "GET /v2/b": {"module": "teams", "function": "b", "method": "list"},
                }
            }
        )


def test_every_registered_operation_has_a_method_name() -> None:
    data = json.loads((ROOT / "openapi" / "names.json").read_text())
    missing = [key for key, entry in data["operations"].items() if "method" not in entry]
    assert not missing, f"run `make generate` to name {missing[:3]}"
