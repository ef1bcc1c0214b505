"""`api-diff` on the locked spec and deliberate mutations of it: each known kind of upstream change
is found once, told in Python names, and classified right. Real transitions between the snapshots
in ../shared are covered by test_stable_names and test_regenerate."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from typing import Any

import pytest

from openapi.diff import ApiDiff, diff_specs
from openapi.names import NameRegistry, operation_key
from openapi.normalise import HTTP_METHODS
from tests.conftest import ROOT

Json = dict[str, Any]


def ops(spec: Json) -> list[tuple[str, str, Json]]:
    return [(p, m, item[m]) for p, item in spec["paths"].items() for m in HTTP_METHODS if m in item]


def python_name(method: str, path: str) -> str:
    entry = NameRegistry.load().operations[operation_key(method, path)]
    return f"cal_client.api.{entry['module']}.{entry['function']}"


@pytest.fixture(scope="module")
def mutated(locked_spec: Json) -> tuple[Json, dict[str, Any]]:
    """The locked spec with one change of each kind; returns it and what was changed where."""
    spec = copy.deepcopy(locked_spec)
    all_ops = ops(spec)
    facts: dict[str, Any] = {}
    # An operation removed.
    path, method, _op = all_ops[0]
    del spec["paths"][path][method]
    facts["removed"] = (method, path)
    # An operationId renamed upstream.
    path, method, op = all_ops[1]
    op["operationId"] = op["operationId"] + "Renamed"
    facts["renamed"] = (method, path)
    # An operation moved to a "Deprecated: " tag.
    path, method, op = all_ops[2]
    op["tags"] = ["Deprecated: " + (op.get("tags") or ["x"])[0]]
    facts["deprecated"] = (method, path)
    # A new required query parameter.
    path, method, op = all_ops[3]
    op.setdefault("parameters", []).append(
        {"name": "newFilter", "in": "query", "required": True, "schema": {"type": "string"}}
    )
    facts["param"] = (method, path)
    # A new operation under a brand-new tag.
    spec["paths"]["/v2/brand-new/{thingId}"] = {
        "get": {
            "operationId": "BrandNewController_getThing",
            "tags": ["Brand New"],
            "parameters": [{"name": "thingId", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok"}},
        }
    }
    return spec, facts


@pytest.fixture(scope="module")
def diff(locked_spec: Json, mutated: tuple[Json, dict[str, Any]]) -> ApiDiff:
    return diff_specs(locked_spec, mutated[0], old_label="locked", new_label="mutated")


def one(diff: ApiDiff, kind: str, subject: str, text: str = "") -> bool:
    found = diff.find(kind=kind, subject=subject, text=text)
    assert len(found) == 1, f"{kind} {subject} {text!r}: {found}"
    return found[0].breaking


def test_identical_specs_have_no_changes(locked_spec: Json) -> None:
    assert diff_specs(locked_spec, copy.deepcopy(locked_spec)).changes == []


def test_removed_operation_is_breaking(diff: ApiDiff, mutated: tuple[Json, dict[str, Any]]) -> None:
    method, path = mutated[1]["removed"]
    assert one(diff, "operation-removed", python_name(method, path), f"{method.upper()} {path}") is True


def test_operation_id_rename_keeps_the_python_name(diff: ApiDiff, mutated: tuple[Json, dict[str, Any]]) -> None:
    method, path = mutated[1]["renamed"]
    assert one(diff, "operation-id-renamed", python_name(method, path), "Python name kept") is False
    assert not diff.find(kind="operation-moved")


def test_move_to_a_deprecated_tag_keeps_the_module(diff: ApiDiff, mutated: tuple[Json, dict[str, Any]]) -> None:
    method, path = mutated[1]["deprecated"]
    name = python_name(method, path)
    assert one(diff, "operation-deprecated", name) is False
    assert one(diff, "operation-retagged", name, "Python name kept") is False


def test_new_required_parameter_is_breaking(diff: ApiDiff, mutated: tuple[Json, dict[str, Any]]) -> None:
    method, path = mutated[1]["param"]
    assert one(diff, "parameter-added", python_name(method, path), "new required query parameter `new_filter`")


def test_new_operation_gets_a_module_of_its_own(diff: ApiDiff) -> None:
    assert one(diff, "operation-added", "cal_client.api.brand_new.get_thing") is False


def test_markdown_puts_breaking_first_and_names_python_names(diff: ApiDiff) -> None:
    text = diff.to_markdown()
    assert text.index("## Breaking changes") < text.index("## Non-breaking changes")
    entries = [line for line in text.splitlines() if line.startswith("- ")]
    assert entries and all(line.startswith("- `cal_client.") for line in entries)
    assert len(entries) == len(diff.changes)


def test_cli_and_make_target(tmp_path, locked_spec_path, mutated: tuple[Json, dict[str, Any]]) -> None:
    new = tmp_path / "mutated.json"
    new.write_text(json.dumps(mutated[0]))
    out = tmp_path / "changes.md"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "openapi",
            "api-diff",
            str(locked_spec_path),
            str(new),
            "-o",
            str(out),
            "--fail-on-breaking",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1, proc.stderr  # there are breaking changes
    assert out.read_text().startswith(f"# API changes: {locked_spec_path.name} → mutated.json")
    made = tmp_path / "make.md"
    proc = subprocess.run(
        ["make", "-s", "api-diff", f"OLD={locked_spec_path}", f"NEW={new}", f"OUT={made}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert made.read_text() == out.read_text()
