"""The classification rules of openapi/diff.py, one small hand-written spec pair per rule."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from openapi.diff import ApiDiff, diff_normalised
from openapi.normalise import Normaliser

Json = dict[str, Any]


def spec(thing: Json, *, op_id: str = "ThingsController_getThing", tag: str = "Things", params=None) -> Json:
    """One GET that answers Thing and one POST that takes ThingInput."""
    return {
        "openapi": "3.0.0",
        "paths": {
            "/v2/things/{id}": {
                "get": {
                    "operationId": op_id,
                    "tags": [tag],
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
                    + (params or []),
                    "responses": {
                        "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}
                    },
                }
            },
            "/v2/things": {
                "post": {
                    "operationId": "ThingsController_createThing",
                    "tags": [tag],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ThingInput"}}},
                    },
                    "responses": {"201": {"description": "created"}},
                }
            },
        },
        "components": {"schemas": {"Thing": thing, "ThingInput": copy.deepcopy(thing)}},
    }


BASE: Json = {
    "type": "object",
    "required": ["name", "kind"],
    "properties": {
        "name": {"type": "string"},
        "kind": {"type": "string", "enum": ["a", "b"]},
        "note": {"type": "string"},
        "owner": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
    },
}


def run(old: Json, new: Json, names: Json | None = None) -> ApiDiff:
    def norm(doc: Json) -> Json:
        return Normaliser(doc, patches=[], names=names or {}).run()

    return diff_normalised(norm(old), norm(new))


def verdicts(diff: ApiDiff, kind: str) -> dict[str, bool]:
    return {c.subject.rsplit(".", 2)[-2]: c.breaking for c in diff.find(kind=kind)}


def changed(**edits: Any) -> Json:
    schema = copy.deepcopy(BASE)
    for key, value in edits.items():
        if key == "required":
            schema["required"] = value
        else:
            schema["properties"][key] = value
    return schema


def test_nullable_enum_and_no_null_enum_value():
    # The normaliser writes a nullable enum as a null member; that is nullability, not a new value.
    diff = run(spec(BASE), spec(changed(kind={"type": "string", "enum": ["a", "b"], "nullable": True})))
    assert verdicts(diff, "field-now-nullable") == {"Thing": True, "ThingInput": False}
    assert not diff.find(kind="enum-value-added")


def test_identical_specs_have_no_changes():
    assert run(spec(BASE), spec(BASE)).changes == []


@pytest.mark.parametrize(
    ("edit", "kind", "response_breaks", "request_breaks"),
    [
        (changed(name={"type": "string", "nullable": True}), "field-now-nullable", True, False),
        (changed(required=["name"]), "field-now-optional", True, False),
        (changed(required=["name", "kind", "note"]), "field-now-required", False, True),
        (changed(kind={"type": "string", "enum": ["a", "b", "c"]}), "enum-value-added", False, False),
        (changed(kind={"type": "string", "enum": ["a"]}), "enum-value-removed", True, True),
        (changed(note={"type": "integer"}), "field-type", True, True),
        (
            changed(owner={"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "boolean"}]}),
            "union-members-added",
            True,
            False,
        ),
        (changed(owner={"oneOf": [{"type": "string"}, {"type": "boolean"}]}), "field-type", True, True),
    ],
)
def test_field_rules_by_side(edit, kind, response_breaks, request_breaks):
    # Thing is only answered, ThingInput only sent: one edit, two verdicts.
    diff = run(spec(BASE), spec(edit))
    assert verdicts(diff, kind) == {"Thing": response_breaks, "ThingInput": request_breaks}


def test_added_and_removed_fields():
    grown = copy.deepcopy(BASE)
    grown["properties"]["extra"] = {"type": "string"}
    diff = run(spec(BASE), spec(grown))
    assert verdicts(diff, "field-added-optional") == {"Thing": False, "ThingInput": False}
    grown["required"].append("extra")
    diff = run(spec(BASE), spec(grown))
    assert verdicts(diff, "field-added-required") == {"Thing": False, "ThingInput": True}
    diff = run(spec(grown), spec(BASE))
    assert verdicts(diff, "field-removed") == {"Thing": True, "ThingInput": True}


def test_parameters():
    optional = {"name": "expand", "in": "query", "required": False, "schema": {"type": "string"}}
    required = dict(optional, required=True)
    get = "cal_client.api.things.get_thing"
    assert run(spec(BASE), spec(BASE, params=[optional])).find("parameter-added", get)[0].breaking is False
    assert run(spec(BASE), spec(BASE, params=[required])).find("parameter-added", get)[0].breaking is True
    assert run(spec(BASE, params=[optional]), spec(BASE)).find("parameter-removed", get)[0].breaking is True
    assert run(spec(BASE, params=[optional]), spec(BASE, params=[required])).find("parameter-now-required", get)
    relaxed = run(spec(BASE, params=[required]), spec(BASE, params=[optional]))
    assert relaxed.find("parameter-now-optional", get)[0].breaking is False


# The name registry as `make generate` would have written it for `spec(BASE)`.
REGISTERED = {
    "operations": {
        "GET /v2/things/{id}": {"module": "things", "function": "get_thing"},
        "POST /v2/things": {"module": "things", "function": "create_thing"},
    }
}


def test_operation_id_rename_is_breaking_unless_names_json_keeps_the_name():
    old, new = spec(BASE), spec(BASE, op_id="ThingsController_fetchThing")
    moved = run(old, new).find(kind="operation-moved")
    assert len(moved) == 1 and moved[0].breaking
    assert "cal_client.api.things.fetch_thing" in moved[0].detail
    kept = run(old, new, names=REGISTERED)
    assert not kept.find(kind="operation-moved")
    [renamed] = kept.find(kind="operation-id-renamed")
    assert not renamed.breaking and renamed.subject == "cal_client.api.things.get_thing"


def test_tag_rename_moves_the_module_unless_registered():
    old, new = spec(BASE), spec(BASE, tag="Stuff")
    assert {c.subject for c in run(old, new).find(kind="operation-moved")} == {
        "cal_client.api.things.get_thing",
        "cal_client.api.things.create_thing",
    }
    kept = run(old, new, names=REGISTERED)
    assert not kept.find(kind="operation-moved")
    assert {c.kind for c in kept.changes} == {"operation-retagged"}


def test_schema_rename_detected_with_python_names():
    old = spec(BASE)
    new = copy.deepcopy(old)
    new["components"]["schemas"]["ThingV2"] = new["components"]["schemas"].pop("Thing")
    ref = new["paths"]["/v2/things/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    ref["$ref"] = "#/components/schemas/ThingV2"
    diff = run(old, new)
    assert diff.renames == {"Thing": "ThingV2"}
    [change] = diff.find(kind="model-renamed")
    assert change.breaking and change.subject == "cal_client.models.Thing"
    assert "`cal_client.models.thing` → `cal_client.models.thing_v2`" in change.detail
    assert "`ThingKind` → `ThingV2Kind`" in change.detail
    # The response type changes only by the rename, which is reported once.
    assert not diff.find(kind="response-type")


def test_schema_replaced_by_a_different_model_is_not_a_rename():
    old = spec(BASE)
    new = copy.deepcopy(old)
    other = {"type": "object", "properties": {"id": {"type": "integer"}, "title": {"type": "string"}}}
    new["components"]["schemas"]["Other"] = other
    del new["components"]["schemas"]["Thing"]
    ref = new["paths"]["/v2/things/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    ref["$ref"] = "#/components/schemas/Other"
    diff = run(old, new)
    assert diff.renames == {}
    assert diff.find(kind="model-removed", subject="cal_client.models.Thing")[0].breaking
    [retyped] = diff.find(kind="response-type")
    assert retyped.breaking and "Thing → Other" in retyped.detail
