"""The test copy of the spec (``openapi/testspec.py``): each fix the strict tools need is in it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from sandbox_helpers import ROOT

from openapi.normalise import HTTP_METHODS


def walk(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            found.append(current)
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return found


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(p, m, item[m]) for p, item in spec["paths"].items() for m in HTTP_METHODS if m in item]


def test_no_one_of_and_every_pattern_is_a_regex(test_spec: dict[str, Any], locked_spec: dict[str, Any]) -> None:
    assert any("oneOf" in node for node in walk(locked_spec))
    nodes = walk(test_spec)
    assert not any("oneOf" in node for node in nodes)
    patterns = [node["pattern"] for node in nodes if isinstance(node.get("pattern"), str)]
    assert patterns and "TIME_FORMAT_HH_MM" not in patterns
    for pattern in patterns:
        re.compile(pattern)
        assert not pattern.startswith("/")
    hh_mm = next(p for p in patterns if "[0-5]" in p)
    assert re.match(hh_mm, "09:30") and not re.match(hh_mm, "9:30") and not re.match(hh_mm, "24:00")


def test_versions_are_pinned_and_required_strings_non_empty(
    test_spec: dict[str, Any], locked_spec: dict[str, Any]
) -> None:
    versions = {}
    for path, method, op in operations(test_spec):
        for prm in op.get("parameters", []):
            if prm["name"] == "cal-api-version":
                assert prm["schema"]["enum"] == [prm["schema"]["default"]]
                versions[(method, path)] = prm["schema"]["default"]
            if prm.get("required") and prm["in"] in ("header", "query") and prm["schema"].get("type") == "string":
                assert prm["schema"]["minLength"] == 1
    assert versions[("get", "/v2/slots")] == "2024-09-04"
    assert versions[("post", "/v2/bookings")] == "2024-08-13"
    # Every operation that declares the header in the locked spec is pinned.
    declared = {
        (method, path)
        for path, method, op in operations(locked_spec)
        if any(prm.get("name") == "cal-api-version" for prm in op.get("parameters", []))
    }
    assert set(versions) == declared


def test_shapes_the_real_server_sends_are_allowed(test_spec: dict[str, Any]) -> None:
    schemas = test_spec["components"]["schemas"]
    slots = test_spec["paths"]["/v2/slots"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    slots_schema = schemas[slots["$ref"].rsplit("/", 1)[1]]
    assert slots_schema["required"] == ["status", "data"]
    days = schemas["ScheduleAvailabilityInput_2024_06_11"]["properties"]["days"]
    assert "enum" not in days and days["items"]["enum"][0] == "Monday"
    assert schemas["GetDefaultScheduleOutput_2024_06_11"]["properties"]["data"]["nullable"] is True
    assert schemas["PaginationMetaDto"]["properties"]["currentPage"]["minimum"] == 0
    reservation = schemas["GetReservedSlotOutput_2024_09_04"]["properties"]["data"]["allOf"][0]["$ref"]
    assert "reservationDuration" not in schemas[reservation.rsplit("/", 1)[1]]["required"]
    for name, schema in schemas.items():
        own = f"#/components/schemas/{name}"
        for prop in schema.get("properties", {}).values():
            assert f'"{own}"' not in json.dumps(prop), f"{name} still refers to itself"


def test_errors_and_secret_headers_are_declared(test_spec: dict[str, Any], locked_spec: dict[str, Any]) -> None:
    for _path, _method, op in operations(test_spec):
        assert op["responses"]["4XX"]["content"]["application/json"]["schema"]["$ref"].endswith("CalErrorEnvelope")
    raw_required = {
        (path, method)
        for path, method, op in operations(locked_spec)
        for prm in op.get("parameters", [])
        if prm["name"] == "x-cal-secret-key" and prm.get("required")
    }
    restored = {
        (path, method)
        for path, method, op in operations(test_spec)
        for prm in op.get("parameters", [])
        if prm["name"] == "x-cal-secret-key" and prm.get("required")
    }
    assert restored == raw_required and len(restored) == 13


def test_cli_writes_the_copy(locked_spec_path: Path, tmp_path: Path, test_spec: dict[str, Any]) -> None:
    out = tmp_path / "test-spec.json"
    result = subprocess.run(
        [sys.executable, "-m", "openapi", "test-spec", "--spec", str(locked_spec_path), "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "oneOf made anyOf" in result.stdout
    assert json.loads(out.read_text()) == test_spec
