"""One test per normaliser pass, each on a tiny synthetic spec holding the defect it fixes."""

from __future__ import annotations

from typing import Any

import pytest

from openapi.normalise import NormaliseError, Normaliser, lint

Json = dict[str, Any]
OK = {"200": {"description": "ok"}}


def make_spec(paths: Json | None = None, schemas: Json | None = None) -> Json:
    return {
        "openapi": "3.0.0",
        "info": {"title": "t", "version": "1"},
        "paths": paths or {},
        "components": {"schemas": schemas or {}},
    }


def op(operation_id: str = "C_op", **extra: Any) -> Json:
    return {"operationId": operation_id, "tags": ["T"], "responses": OK, **extra}


def responds(ref: str) -> Json:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": ref}}}}}


def path_param(name: str, kind: str = "number") -> Json:
    return {"name": name, "in": "path", "required": True, "schema": {"type": kind}}


def normaliser(spec: Json, patches: list[Json] | None = None, names: Json | None = None) -> Normaliser:
    return Normaliser(spec, patches=patches or [], names=names or {})


def schema_of(n: Normaliser, name: str) -> Json:
    schema: Json = n.spec["components"]["schemas"][name]
    return schema


# -- targeted patches --------------------------------------------------------------------------


def test_patches_apply_every_op_and_count_each_target() -> None:
    spec = make_spec(
        schemas={
            "A": {
                "type": "object",
                "required": ["x"],
                "properties": {"x": {"type": "number"}, "y": {"type": "string"}},
            },
            "B": {"type": "object", "properties": {"x": {"type": "number"}}},
        }
    )
    patches = [
        {"why": "ids: x is an integer", "op": "merge", "paths": ["/components/schemas/A/properties/x",
                                                                "/components/schemas/B/properties/x"],
         "value": {"type": "integer"}},
        {"why": "y goes", "op": "remove", "path": "/components/schemas/A/properties/y"},
        {"why": "z is new", "op": "add", "path": "/components/schemas/A/properties/z", "value": {"type": "string"}},
        {"why": "z is required", "op": "append", "path": "/components/schemas/A/required", "value": ["x", "z"]},
        {"why": "B replaced", "op": "replace", "path": "/components/schemas/B", "value": {"type": "string"}},
        {"why": "only in other versions", "when": "/components/schemas/C", "op": "remove",
         "path": "/components/schemas/C"},
    ]  # fmt: skip
    n = normaliser(spec, patches)
    n.apply_patches()
    a = schema_of(n, "A")
    assert a["properties"] == {"x": {"type": "integer"}, "z": {"type": "string"}}
    assert a["required"] == ["x", "z"]
    assert schema_of(n, "B") == {"type": "string"}
    assert n.counts["patch: ids"] == 2
    assert n.counts["patches applied"] == 6
    assert n.counts["patches skipped (their node is not in this spec version)"] == 1
    assert spec["components"]["schemas"]["A"]["properties"]["x"] == {"type": "number"}  # input untouched


@pytest.mark.parametrize("op_name", ["replace", "merge", "remove", "append"])
def test_a_patch_whose_target_moved_fails_naming_the_defect(op_name: str) -> None:
    patch = {"why": "upstream defect 42", "op": op_name, "path": "/components/schemas/Gone/x", "value": []}
    with pytest.raises(NormaliseError, match=r"upstream defect 42|Gone"):
        normaliser(make_spec(schemas={"Gone": {"type": "object"}}), [patch]).apply_patches()


def test_a_patch_must_say_why() -> None:
    with pytest.raises(NormaliseError, match="no 'why'"):
        normaliser(make_spec(), [{"op": "remove", "path": "/paths"}]).apply_patches()


# -- generic passes ----------------------------------------------------------------------------


def test_operation_homes_take_the_registered_module_and_mark_deprecated_tags() -> None:
    spec = make_spec(
        {
            "/a": {"get": {**op("A_get"), "tags": ["Old", "Other"]}},
            "/b": {"get": {**op("B_get"), "tags": ["Deprecated: Platform / Things"]}},
            "/c": {"get": {**op("C_get"), "tags": ["Brand New"]}},
        }
    )
    registry = {"operations": {"GET /a": {"module": "kept", "function": "a_get"}}}
    n = normaliser(spec, names=registry)
    n.operation_homes()
    assert n.spec["paths"]["/a"]["get"]["tags"] == ["kept"]
    assert n.spec["paths"]["/a"]["get"]["x-original-tag"] == "Old"
    assert n.counts["extra tags dropped"] == 1
    # A deprecated tag names the module without its prefix, and the operation says it is deprecated.
    b = n.spec["paths"]["/b"]["get"]
    assert b["tags"] == ["platform_things"] and b["deprecated"] is True
    assert b["description"].startswith("Deprecated by Cal.com")
    assert n.spec["paths"]["/c"]["get"]["tags"] == ["brand_new"]


def test_path_params_declares_missing_ones_and_drops_strays() -> None:
    spec = make_spec(
        {
            "/o/{orgId}/t/{teamId}": {
                "get": op("A", parameters=[path_param("orgId", "string")]),
                "delete": op("B", parameters=[]),
            },
            "/x/{teamId}/{other}": {"get": op("C", parameters=[path_param("teamId"), path_param("stray")])},
        }
    )
    n = normaliser(spec)
    n.path_params()
    delete = {p["name"]: p["schema"] for p in n.spec["paths"]["/o/{orgId}/t/{teamId}"]["delete"]["parameters"]}
    assert delete == {"orgId": {"type": "string"}, "teamId": {"type": "number"}}
    get_c = {p["name"]: p["schema"] for p in n.spec["paths"]["/x/{teamId}/{other}"]["get"]["parameters"]}
    assert get_c == {"teamId": {"type": "number"}, "other": {"type": "string"}}
    assert n.counts["undeclared path param added (type from sibling op)"] == 1
    assert n.counts["undeclared path param added (type from spec-wide majority)"] == 2
    assert n.counts["undeclared path param added (string)"] == 1
    assert n.counts["stray path param removed"] == 1
    assert lint(n.spec) == []


def test_missing_refs_drops_union_alternatives_to_undefined_schemas() -> None:
    spec = make_spec(
        schemas={
            "Ok": {"type": "object"},
            "Two": {"oneOf": [{"$ref": "#/components/schemas/Gone"}, {"$ref": "#/components/schemas/Ok"}]},
            "Three": {"anyOf": [{"$ref": "#/components/schemas/Ok"}, {"$ref": "#/components/schemas/Gone"}, {}]},
        }
    )
    n = normaliser(spec)
    n.missing_refs()
    assert schema_of(n, "Two") == {"allOf": [{"$ref": "#/components/schemas/Ok"}]}
    assert schema_of(n, "Three") == {"anyOf": [{"$ref": "#/components/schemas/Ok"}, {}]}
    assert n.counts["union alternative to a missing schema dropped"] == 2


def test_array_items_gives_arrays_without_items_any_items() -> None:
    n = normaliser(make_spec(schemas={"S": {"type": "array", "items": {"type": "array"}}}))
    n.array_items()
    assert schema_of(n, "S") == {"type": "array", "items": {"type": "array", "items": {}}}
    assert n.counts["array without items given items: {}"] == 1


def test_enum_shapes_fixes_every_misplaced_enum() -> None:
    days = ["Monday", "Sunday"]
    spec = make_spec(
        schemas={
            "S": {
                "type": "object",
                "properties": {
                    "nested": {"type": "object", "enum": [["a", "b"], "c"]},
                    "on_array": {"type": "array", "enum": days, "default": "Monday", "items": {"enum": ["Monday"]}},
                    "list_as_string": {"type": "string", "enum": ["X", "Y"], "example": ["X"]},
                },
            }
        }
    )
    n = normaliser(spec)
    n.enum_shapes()
    props = schema_of(n, "S")["properties"]
    assert props["nested"] == {"type": "string", "enum": ["a", "b", "c"]}
    assert props["on_array"] == {
        "type": "array",
        "default": ["Monday"],
        "items": {"type": "string", "enum": ["Monday", "Sunday"]},
    }
    assert props["list_as_string"] == {
        "type": "array",
        "example": ["X"],
        "items": {"type": "string", "enum": ["X", "Y"]},
    }
    assert n.counts["nested enum flattened"] == 1
    assert n.counts["enum typed object retyped string"] == 1
    assert n.counts["enum on an array moved to its items"] == 1
    assert n.counts["enum typed string on a list value retyped array"] == 1
    assert lint(n.spec) == []


def test_default_in_enum_appends_a_default_missing_from_its_enum() -> None:
    n = normaliser(make_spec(schemas={"S": {"type": "string", "enum": ["name", "email"], "default": "title"}}))
    n.default_in_enum()
    assert schema_of(n, "S")["enum"] == ["name", "email", "title"]
    assert n.counts["default missing from its enum appended"] == 1


def test_object_scalar_defaults_retypes_objects_holding_a_scalar() -> None:
    props = {
        "isDefault": {"type": "object", "default": True, "example": True},
        "slotInterval": {"type": "object", "example": 60},
        "logo": {"type": "object", "example": "https://example.com/logo.png"},
        "metadata": {"type": "object", "example": {"key": "value"}},
        "free": {"type": "object", "additionalProperties": True, "example": "not me"},
    }
    n = normaliser(make_spec(schemas={"S": {"type": "object", "properties": props}}))
    n.object_scalar_defaults()
    got = {name: prop["type"] for name, prop in schema_of(n, "S")["properties"].items()}
    assert got == {
        "isDefault": "boolean",
        "slotInterval": "integer",
        "logo": "string",
        "metadata": "object",
        "free": "object",
    }
    assert n.counts["object-typed boolean value retyped boolean"] == 1
    assert lint(n.spec) == []


def test_nullable_shapes_makes_ignored_nullable_flags_effective() -> None:
    props = {
        "status": {"nullable": True, "$ref": "#/components/schemas/E"},
        "kind": {"type": "string", "nullable": True, "enum": ["a", "b"]},
        "name": {"type": "string", "nullable": True},
    }
    spec = make_spec(schemas={"E": {"type": "string", "enum": ["x"]}, "S": {"type": "object", "properties": props}})
    assert len(lint(spec)) == 2
    n = normaliser(spec)
    n.nullable_shapes()
    got = schema_of(n, "S")["properties"]
    assert got["status"] == {"nullable": True, "allOf": [{"$ref": "#/components/schemas/E"}]}
    assert got["kind"] == {"type": "string", "enum": ["a", "b", None], "title": "kind"}
    assert got["name"] == {"type": "string", "nullable": True}
    assert n.counts["nullable flag the generator ignores made effective"] == 2
    assert lint(n.spec) == []


def test_integer_ids_types_ids_and_counters_as_integers() -> None:
    spec = make_spec(
        {
            "/a/{eventTypeId}": {"get": op("A", parameters=[path_param("eventTypeId", "string")])},
            "/b/{eventTypeId}": {"get": op("B", parameters=[path_param("eventTypeId")])},
            "/c/{eventTypeId}": {"get": op("C", parameters=[path_param("eventTypeId")])},
            "/d/{uid}": {
                "get": op(
                    "D",
                    parameters=[
                        path_param("uid", "string"),
                        {"name": "take", "in": "query", "schema": {"type": "number"}},
                        {"name": "ratio", "in": "query", "schema": {"type": "number"}},
                    ],
                )
            },
        },
        {
            "S": {
                "type": "object",
                "properties": {
                    "id": {"type": "number"},
                    "userIds": {"type": "array", "items": {"type": "number"}},
                    "rating": {"type": "number"},
                    "ownerId": {"type": "object", "nullable": True},
                    "metaId": {"type": "object", "properties": {"a": {"type": "string"}}},
                },
            }
        },
    )
    n = normaliser(spec)
    n.integer_ids()

    def types(path: str) -> dict[str, str]:
        return {p["name"]: p["schema"]["type"] for p in n.spec["paths"][path]["get"]["parameters"]}

    assert types("/a/{eventTypeId}") == {"eventTypeId": "integer"}
    assert types("/b/{eventTypeId}") == {"eventTypeId": "integer"}
    assert types("/d/{uid}") == {"uid": "string", "take": "integer", "ratio": "number"}
    props = schema_of(n, "S")["properties"]
    assert (props["id"]["type"], props["userIds"]["items"]["type"], props["rating"]["type"]) == (
        "integer",
        "integer",
        "number",
    )
    assert n.counts["string id path param retyped integer (as in most operations)"] == 1
    assert n.counts["number parameter retyped integer"] == 3
    assert props["ownerId"] == {"type": "integer", "nullable": True}
    assert props["metaId"]["type"] == "object"  # a real object keeps its shape
    assert n.counts["number id property retyped integer"] == 2
    assert n.counts["object-typed id property retyped integer"] == 1


def _variants(**schemas: Json) -> Json:
    union = {"oneOf": [{"$ref": f"#/components/schemas/{name}"} for name in schemas]}
    return make_spec(schemas={**schemas, "Holder": {"type": "object", "properties": {"u": union}}})


def test_const_tags_turns_prose_tags_of_union_variants_into_consts() -> None:
    def one(name: str, kind: str, description: str) -> Json:
        return {"type": "object", "properties": {name: {"type": kind, "description": description}}}

    spec = _variants(
        A=one("type", "string", "only allowed value for type is `a`"),
        B=one("type", "string", "Only allowed value for type is `b`"),
        C=one("disabled", "boolean", "Only acceptable value for the `disabled` property is `true`."),
        D=one("isDefault", "boolean", "This property is always false because it's a custom field"),
        E={"type": "object", "properties": {"type": {"type": "string", "enum": ["e", "f"], "const": "e"}}},
    )
    spec["components"]["schemas"]["Alone"] = {
        "type": "object",
        "properties": {"type": {"type": "string", "description": "only allowed value for type is `z`"}},
    }
    n = normaliser(spec)
    n.const_tags()
    props = {name: schema_of(n, name)["properties"] for name in ("A", "B", "C", "D", "E", "Alone")}
    assert props["A"]["type"] | {"description": ""} == {
        "type": "string",
        "const": "a",
        "default": "a",
        "description": "",
    }
    assert props["B"]["type"]["const"] == "b"
    # The generator reads `type: boolean` before `const`: boolean consts carry no type.
    assert {k: v for k, v in props["C"]["disabled"].items() if k != "description"} == {"const": True, "default": True}
    assert {k: v for k, v in props["D"]["isDefault"].items() if k != "description"} == {
        "const": False,
        "default": False,
    }
    assert props["E"]["type"] == {"type": "string", "const": "e", "default": "e"}
    assert "const" not in props["Alone"]["type"]  # not a union variant: a const would only reject new values
    assert n.counts["prose tag made const"] == 3
    assert n.counts["'always true/false' flag made const"] == 1
    assert n.counts["const tag given the shape the generator reads"] == 1
    assert lint(n.spec) == []


def test_union_tags_finds_the_property_whose_fixed_value_differs_per_variant() -> None:
    def step(action: str) -> Json:
        return {
            "type": "object",
            "required": ["action", "timeZone"],
            "properties": {
                "action": {"type": "string", "enum": ["email", "sms"], "default": action},
                "timeZone": {"type": "string", "default": "Europe/London"},  # same in both: not a tag
            },
        }

    spec = _variants(Email=step("email"), Sms=step("sms"))
    spec["components"]["schemas"]["Holder"]["properties"]["v"] = {
        "oneOf": [
            {"type": "object", "properties": {"type": {"type": "string", "enum": ["video"]}}},
            {"type": "object", "properties": {"type": {"type": "string", "enum": ["phone"]}}},
        ]
    }
    n = normaliser(spec)
    n.union_tags()
    assert schema_of(n, "Email")["properties"]["action"] == {"type": "string", "default": "email", "const": "email"}
    assert schema_of(n, "Sms")["properties"]["action"]["const"] == "sms"
    assert "const" not in schema_of(n, "Email")["properties"]["timeZone"]
    holder = schema_of(n, "Holder")["properties"]
    assert holder["u"]["x-discriminator"] == {
        "propertyName": "action",
        "mapping": {"email": "#/components/schemas/Email", "sms": "#/components/schemas/Sms"},
    }
    assert [alt["properties"]["type"]["const"] for alt in holder["v"]["oneOf"]] == ["video", "phone"]
    assert "x-discriminator" not in holder["v"]  # inline variants have no $ref to map to
    assert n.counts["union tag made const (from a one-value enum or default)"] == 4


def test_union_tags_completes_a_tag_some_variants_only_default() -> None:
    def field(type_: Json, is_default: bool) -> Json:
        return {
            "type": "object",
            "required": ["type", "isDefault"],
            "properties": {"type": type_, "isDefault": {"const": is_default}},
        }

    spec = _variants(
        Text=field({"type": "string", "const": "text"}, False),
        Title=field({"type": "string", "default": "text"}, True),  # a default field: always "text"
        Notes=field({"type": "string", "default": "textarea"}, True),
    )
    n = normaliser(spec)
    n.union_tags()
    assert [schema_of(n, name)["properties"]["type"]["const"] for name in ("Text", "Title", "Notes")] == [
        "text",
        "text",
        "textarea",
    ]
    assert "x-discriminator" not in schema_of(n, "Holder")["properties"]["u"]  # values repeat: no mapping
    assert n.counts["union tag completed (a required default made const)"] == 2


def test_union_order_tries_the_most_specific_alternative_first() -> None:
    spec = _variants(
        Regular={"type": "object", "required": ["start"], "properties": {"start": {"type": "string"}}},
        Recurring={"type": "object", "required": ["start", "count"], "properties": {"count": {"type": "integer"}}},
        Instant={"type": "object", "required": ["start"], "properties": {"instant": {"const": True}}},
        Other={"type": "object", "required": ["start"], "properties": {"x": {"type": "string"}}},
    )
    n = normaliser(spec)
    n.union_order()
    order = [alt["$ref"].rsplit("/", 1)[1] for alt in schema_of(n, "Holder")["properties"]["u"]["oneOf"]]
    assert order == ["Instant", "Recurring", "Regular", "Other"]  # ties keep the spec's order
    assert n.counts["union alternatives reordered most specific first"] == 1


def test_auth_headers_become_the_clients_job() -> None:
    headers = [
        {"name": "Authorization", "in": "header", "required": True, "schema": {"type": "string"}},
        {"name": "x-cal-secret-key", "in": "header", "schema": {"type": "string"}},
        {"name": "x-cal-client-id", "in": "header", "schema": {"type": "string"}},
        {"name": "cal-api-version", "in": "header", "schema": {"type": "string", "default": "2024-08-13"}},
    ]
    n = normaliser(make_spec({"/a": {"get": op(parameters=headers)}}))
    n.auth_headers()
    get = n.spec["paths"]["/a"]["get"]
    assert [p["name"] for p in get["parameters"]] == ["cal-api-version"]
    assert get["security"] == [{"bearer": []}]
    assert n.spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert n.counts["Authorization header parameter removed"] == 1


def test_api_versions_give_every_versioned_op_its_own_default() -> None:
    version = {"name": "cal-api-version", "in": "header", "description": "Must be set to 2024-08-13", "schema": {}}
    n = normaliser(make_spec({"/a": {"get": op(parameters=[version])}}))
    n.api_versions()
    get = n.spec["paths"]["/a"]["get"]
    assert get["parameters"][0]["schema"]["default"] == get["x-cal-api-version"] == "2024-08-13"
    assert n.counts["cal-api-version default taken from its description"] == 1
    version["description"] = "no value here"
    with pytest.raises(NormaliseError, match="cal-api-version"):
        normaliser(make_spec({"/a": {"get": op(parameters=[version])}})).api_versions()


def test_status_enum_shares_one_envelope_status() -> None:
    status = {"type": "string", "enum": ["success", "error"], "example": "success"}
    spec = make_spec(
        schemas={
            "A": {"type": "object", "properties": {"status": status}},
            "B": {"type": "object", "properties": {"status": {**status, "enum": ["error", "success"]}}},
            "C": {"type": "object", "properties": {"status": {"type": "string", "enum": ["accepted"]}}},
        }
    )
    n = normaliser(spec)
    n.status_enum()
    shared = {"$ref": "#/components/schemas/ResponseStatus"}
    assert schema_of(n, "A")["properties"]["status"] == schema_of(n, "B")["properties"]["status"] == shared
    assert schema_of(n, "C")["properties"]["status"]["enum"] == ["accepted"]
    assert schema_of(n, "ResponseStatus") == {"type": "string", "enum": ["success", "error"]}


def test_response_nullables_lets_optional_response_fields_be_null() -> None:
    output = {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "integer"},
            "child": {"$ref": "#/components/schemas/Child"},
            "colour": {"type": "string", "enum": ["red"]},
            "meta": {"type": "object"},
            "items": {"type": "array", "items": {"type": "object", "properties": {"b": {"type": "integer"}}}},
            "tag": {"const": "x"},
            "note": {"type": "string"},
        },
    }
    spec = make_spec(
        {"/a": {"get": {**op("A"), "responses": responds("#/components/schemas/Output")}}},
        {
            "Output": output,
            "Child": {"type": "object", "properties": {"deep": {"type": "string"}}},
            "Input": {"type": "object", "properties": {"note": {"type": "string"}}},  # never returned
        },
    )
    spec["paths"]["/a"]["get"]["requestBody"] = {
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Input"}}}
    }
    n = normaliser(spec)
    n.response_nullables()
    props = schema_of(n, "Output")["properties"]
    assert props["id"] == {"type": "integer"}
    assert props["child"] == {"allOf": [{"$ref": "#/components/schemas/Child"}], "nullable": True}
    assert props["colour"] == {"type": "string", "enum": ["red", None], "title": "colour"}
    # Titles keep the class names the generator gave before the property became a union.
    assert props["meta"] == {"type": "object", "nullable": True, "title": "meta"}
    nested = {"type": "object", "title": "items_item", "properties": {"b": {"type": "integer", "nullable": True}}}
    assert props["items"] == {"type": "array", "nullable": True, "items": nested}
    assert props["tag"] == {"const": "x"}
    assert props["note"] == {"type": "string", "nullable": True}
    assert schema_of(n, "Child")["properties"]["deep"] == {"type": "string", "nullable": True}
    assert schema_of(n, "Input")["properties"]["note"] == {"type": "string"}
    assert n.counts["optional response property made nullable"] == 7


def test_operation_names_become_stable_snake_module_names() -> None:
    spec = make_spec(
        {
            "/a": {"get": op("BookingsController_2024_08_13_getBooking")},
            "/b": {"get": op("SelectedCalendarsController_removeSelectedCalendar")},
        }
    )
    n = normaliser(spec, names={"operations": {"GET /b": {"module": "t", "function": "delete_it"}}})
    n.operation_homes()
    n.operation_names()
    assert n.spec["paths"]["/a"]["get"]["operationId"] == "get_booking"
    assert n.spec["paths"]["/a"]["get"]["x-original-operation-id"] == "BookingsController_2024_08_13_getBooking"
    assert n.spec["paths"]["/b"]["get"]["operationId"] == "delete_it"
    # One operationId on two paths in one module: the second gets the word its path adds.
    clash = make_spec(
        {"/v2/event/{id}": {"get": op("AController_getX")}, "/v2/events/{id}": {"get": op("AController_getX")}}
    )
    n = normaliser(clash, names={"operations": {}})
    n.operation_homes()
    n.operation_names()
    assert n.spec["paths"]["/v2/event/{id}"]["get"]["operationId"] == "get_x"
    assert n.spec["paths"]["/v2/events/{id}"]["get"]["operationId"] == "get_x_events"


def test_run_fails_loudly_on_a_defect_no_pass_handles() -> None:
    spec = make_spec(
        {"/a": {"get": {**op("A"), "responses": responds("#/components/schemas/Missing")}}},
        {"S": {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/AlsoMissing"}}}},
    )
    with pytest.raises(NormaliseError, match=r"dangling \$ref #/components/schemas/(Also)?Missing"):
        normaliser(spec).run()


def test_run_applies_patches_then_every_pass() -> None:
    spec = make_spec({"/o/{orgId}": {"get": op("OrgsController_getOrg", parameters=[])}})
    n = normaliser(spec, [{"why": "demo", "op": "add", "path": "/components/schemas/New", "value": {"type": "object"}}])
    out = n.run()
    assert out["paths"]["/o/{orgId}"]["get"]["operationId"] == "get_org"
    assert out["components"]["schemas"]["New"] == {"type": "object"}
    assert n.counts["patches applied"] == 1
    assert n.counts["undeclared path param added (string)"] == 1


def test_a_union_of_only_missing_schemas_becomes_any_value_and_lint_refuses_empty_unions() -> None:
    spec = make_spec(
        schemas={"A": {"type": "object", "properties": {"x": {"oneOf": [{"$ref": "#/components/schemas/Gone"}]}}}}
    )
    n = normaliser(spec)
    n.missing_refs()
    assert schema_of(n, "A")["properties"]["x"] == {}
    assert n.counts["union of only missing schemas made any JSON value"] == 1
    assert any("empty oneOf" in p for p in lint(make_spec(schemas={"B": {"oneOf": []}})))


def test_inline_enums_that_would_share_a_class_name_across_modules_are_split() -> None:
    def remove(values: list[str]) -> Json:
        items = {"type": "string", "enum": values}
        return op("RolesController_removePermissions", parameters=[
            {"name": "permissions", "in": "query", "schema": {"type": "array", "items": items}}
        ])  # fmt: skip

    spec = make_spec({"/org/{id}": {"delete": remove(["a", "b"])}, "/team/{id}": {"delete": remove(["a"])}})
    spec["paths"]["/team/{id}"]["delete"]["tags"] = ["Teams"]
    n = normaliser(spec, names={"operations": {}})
    n.run()
    first = n.spec["paths"]["/org/{id}"]["delete"]["parameters"][0]["schema"]["items"]
    second = n.spec["paths"]["/team/{id}"]["delete"]["parameters"][0]["schema"]["items"]
    assert first["enum"] == ["a", "b"]  # the operation named first keeps the generator's name
    assert second == {"$ref": "#/components/schemas/TeamsRemovePermissionsPermissionsItem"}
    assert schema_of(n, "TeamsRemovePermissionsPermissionsItem")["enum"] == ["a"]
