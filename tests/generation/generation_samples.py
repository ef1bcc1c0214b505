"""JSON instances built from a spec's schemas, for parsing them with the generated models.

``sample(spec, schema)`` builds what a static mock (Prism without ``--dynamic``) answers: the
schema's own ``example`` where it has one, else a value built from its properties, the first
union alternative and one array item. The knobs make the variations a server may send:

* ``optional``: ``"sample"`` every optional property, ``"omit"`` none, ``"null"`` all as ``null``;
* ``unknown_enums``: every enum value replaced by one the spec does not list;
* ``extra_keys``: every object gets a key the spec does not declare.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from openapi.normalise import HTTP_METHODS, SCHEMA_PREFIX

Json = dict[str, Any]

SCALARS: dict[str, Any] = {"string": "string", "integer": 1, "number": 1.5, "boolean": True}
FORMATS = {"date-time": "2024-08-13T15:30:00Z", "date": "2024-08-13", "uri": "https://example.com"}
UNKNOWN_STRING = "someFutureValue"
UNKNOWN_INT = 987654
EXTRA_KEY = "someFutureField"


def resolve(spec: Json, node: Json) -> tuple[Json, str | None]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
        name = ref[len(SCHEMA_PREFIX) :]
        return spec["components"]["schemas"][name], name
    return node, None


def sample(
    spec: Json,
    schema: Json,
    *,
    optional: str = "sample",
    examples: bool = True,
    unknown_enums: bool = False,
    extra_keys: bool = False,
    _seen: tuple[str, ...] = (),
) -> Any:
    node, name = resolve(spec, schema)
    if name is not None:
        if name in _seen:
            return {}  # a self-reference: cut the cycle, as mock servers do
        _seen = (*_seen, name)

    def again(sub: Json) -> Any:
        return sample(
            spec,
            sub,
            optional=optional,
            examples=examples,
            unknown_enums=unknown_enums,
            extra_keys=extra_keys,
            _seen=_seen,
        )

    enum = [v for v in node.get("enum") or [] if v is not None]
    if "const" in node:
        return node["const"]
    if unknown_enums and enum:
        return UNKNOWN_INT if isinstance(enum[0], int) else UNKNOWN_STRING
    if examples and "example" in node:
        return copy.deepcopy(node["example"])
    if "allOf" in node:
        merged: Any = None
        for part in node["allOf"]:
            value = again(part)
            merged = {**merged, **value} if isinstance(merged, dict) and isinstance(value, dict) else value
        return merged
    for key in ("oneOf", "anyOf"):
        alternatives = [a for a in node.get(key) or [] if a.get("type") != "null"]
        if alternatives:
            return again(alternatives[0])
    if enum:
        return enum[0]
    if node.get("default") is not None:
        return copy.deepcopy(node["default"])
    kind = node.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "object" or "properties" in node:
        required = set(node.get("required") or [])
        value = {}
        for key, prop in (node.get("properties") or {}).items():
            if key in required or "const" in prop or optional == "sample":
                value[key] = again(prop)
            elif optional == "null":
                value[key] = None
        values = node.get("additionalProperties")
        if isinstance(values, dict) and values:
            # A map (slots by date): one entry; every key is declared, so no extra one either.
            value["2030-01-01"] = again(values)
        elif extra_keys:
            value[EXTRA_KEY] = {"nested": [1, "two"]}
        return value
    if kind == "array":
        return [again(node.get("items") or {})]
    if kind == "string":
        return FORMATS.get(node.get("format", ""), "string")
    if kind in SCALARS:
        return SCALARS[kind]
    return {}


def operations(spec: Json) -> Iterator[tuple[str, str, Json]]:
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def success_schema(op: Json) -> tuple[int, Json] | None:
    """The first 2xx response with a JSON schema: (status, schema)."""
    for code, response in sorted(op.get("responses", {}).items()):
        schema = (response.get("content") or {}).get("application/json", {}).get("schema")
        if code.startswith("2") and schema:
            return int(code), schema
    return None


def refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
            yield ref[len(SCHEMA_PREFIX) :]
        for key, value in node.items():
            if key not in ("example", "examples", "default", "enum", "const"):
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def response_schema_names(spec: Json) -> list[str]:
    """Component schemas a response can contain, directly or nested."""
    schemas = spec["components"]["schemas"]
    stack = [
        name
        for _path, _method, op in operations(spec)
        for response in op.get("responses", {}).values()
        for name in refs(response)
    ]
    seen: set[str] = set()
    while stack:
        name = stack.pop()
        if name not in seen:
            seen.add(name)
            stack.extend(refs(schemas[name]))
    return sorted(seen)


def unions(spec: Json) -> Iterator[tuple[str, Json]]:
    """(JSON pointer, node) of every oneOf/anyOf in the spec."""

    def visit(node: Any, pointer: str) -> Iterator[tuple[str, Json]]:
        if isinstance(node, dict):
            if isinstance(node.get("oneOf") or node.get("anyOf"), list):
                yield pointer, node
            for key, value in node.items():
                if key not in ("example", "examples", "default", "enum", "const"):
                    yield from visit(value, f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from visit(value, f"{pointer}/{i}")

    yield from visit(spec, "")
