"""The test copy of Cal.com's spec: what Prism and schemathesis hold the SDK and FakeCal to.

Built from the RAW spec on every test run (never committed). First the project's
:class:`~openapi.normalise.Normaliser` (the same patches the SDK is generated from: slots
envelope, self-references, nullable booking fields, webhook ids, ...), then the fixes strict
validators need on top (docs/test-peers.md, "Spec defects that break strict tools"):

* ``oneOf`` -> ``anyOf``: Cal.com's unions have no discriminator and overlapping branches, so
  every valid booking matches two of them and a strict ``oneOf`` rejects it.
* direct self-references replaced by an open object (Prism runs out of memory on them).
* an ``enum`` on an array moved onto its items (``ScheduleAvailabilityInput.days``).
* ``pattern`` values that are not regexes: a constant's name (``TIME_FORMAT_HH_MM``) becomes
  the regex it names, a JS literal ``/^...$/`` loses its slashes.
* ``cal-api-version`` pinned with an ``enum`` of its one value (a wrong version must be a 422).
* required header/query strings get ``minLength: 1`` (an empty value is not a value).
* untyped query parameters (``schema: {}``) typed from Cal.com's DTOs (``GET /v2/slots``).
* the ``x-cal-secret-key`` headers the raw spec requires are put back (the normaliser drops
  auth headers because the SDK's runtime sends them; the test copy must still demand them).
* every operation declares Cal.com's error envelope for ``4XX`` (docs/cal-api-v2.md 3.2), so
  an error FakeCal sends is checked too instead of passing as "undeclared status".
* a few response fields Cal.com really sends as ``null`` (see ``NULLABLE``) and the empty-list
  ``currentPage: 0`` of the pagination object. (Defects the SDK's models must also survive, such
  as the reservation read without ``reservationDuration``, are fixed in ``patches.json`` instead.)
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from .normalise import HTTP_METHODS, SCHEMA_PREFIX, NormaliseError, Normaliser

Json = dict[str, Any]

ERROR_SCHEMA = "CalErrorEnvelope"
HH_MM = r"^([01]\d|2[0-3]):[0-5]\d$"
# A pattern written as a constant's name: the regex that constant holds in Cal.com's source.
NAMED_PATTERNS = {"TIME_FORMAT_HH_MM": HH_MM}
JS_REGEX_LITERAL = re.compile(r"^/(.*)/[gimsuy]*$", re.S)
# Untyped query parameters, typed as Cal.com's DTOs parse them (cal-api-v2.md 7.4).
QUERY_TYPES: dict[tuple[str, str], Json] = {
    ("/v2/slots", "eventTypeId"): {"type": "integer"},
    ("/v2/slots", "duration"): {"type": "integer", "minimum": 1},
    ("/v2/slots", "format"): {"type": "string", "enum": ["time", "range"]},
}
# Fields Cal.com sends as null although the spec says required non-null (schema, property, why).
NULLABLE = [
    ("UserWebhookOutputDto", "payloadTemplate", "Webhook.payloadTemplate is optional; unset it is null"),
]


class TestSpecError(NormaliseError):
    pass


class TestSpec:
    """``TestSpec(raw).build()`` returns the test copy; ``counts`` says what each pass changed."""

    __test__ = False  # not a pytest class, despite the name

    def __init__(self, raw: Json):
        self.raw = raw
        self.counts: Counter[str] = Counter()

    def build(self) -> Json:
        normaliser = Normaliser(self.raw)
        spec = normaliser.run()
        self.counts["normaliser fixes"] = sum(v for k, v in normaliser.counts.items() if not k.startswith("patch: "))
        self.spec = spec
        self.any_of()
        self.self_references()
        self.array_enums()
        self.patterns()
        self.api_versions()
        self.query_types()
        self.secret_headers()
        self.non_empty_strings()
        self.nullable()
        self.empty_page()
        self.error_envelope()
        return spec

    # -- passes ---------------------------------------------------------------------------------

    def any_of(self) -> None:
        for node in _walk(self.spec):
            if "oneOf" in node:
                node["anyOf"] = node.pop("oneOf")
                self.counts["oneOf made anyOf"] += 1

    def self_references(self) -> None:
        for name, schema in self.components().items():
            own = SCHEMA_PREFIX + name
            for node in _walk(schema):
                for key, prop in list((node.get("properties") or {}).items()):
                    if isinstance(prop, dict) and own in _refs(prop):
                        node["properties"][key] = {"type": "object", "additionalProperties": True}
                        self.counts["self-reference replaced by an open object"] += 1

    def array_enums(self) -> None:
        for node in _walk(self.spec):
            if node.get("type") == "array" and isinstance(node.get("enum"), list):
                items = node.setdefault("items", {"type": "string"})
                items.setdefault("enum", node.pop("enum"))
                self.counts["enum on an array moved to its items"] += 1

    def patterns(self) -> None:
        for node in _walk(self.spec):
            pattern = node.get("pattern")
            if not isinstance(pattern, str):
                continue
            if pattern in NAMED_PATTERNS:
                node["pattern"] = NAMED_PATTERNS[pattern]
                self.counts["constant-name pattern replaced by its regex"] += 1
            elif match := JS_REGEX_LITERAL.match(pattern):
                node["pattern"] = match.group(1)
                self.counts["JS regex literal pattern unwrapped"] += 1
            try:
                re.compile(node["pattern"])
            except re.error as exc:
                raise TestSpecError(f"pattern {node['pattern']!r} is not a regex: {exc}") from None

    def api_versions(self) -> None:
        for _path, _method, op in self.operations():
            for prm in op.get("parameters", []):
                if prm.get("in") == "header" and prm["name"].lower() == "cal-api-version":
                    version = prm["schema"]["default"]
                    prm["schema"]["enum"] = [version]
                    self.counts["cal-api-version pinned to its value"] += 1

    def query_types(self) -> None:
        for path, _method, op in self.operations():
            for prm in op.get("parameters", []):
                if prm.get("in") in ("query", "header") and not prm.get("schema"):
                    prm["schema"] = copy.deepcopy(QUERY_TYPES.get((path, prm["name"]), {"type": "string"}))
                    self.counts["untyped parameter typed"] += 1

    def secret_headers(self) -> None:
        for path, method, raw_op in _operations(self.raw):
            for prm in raw_op.get("parameters", []):
                if prm.get("in") == "header" and prm["name"].lower() == "x-cal-secret-key" and prm.get("required"):
                    op = self.spec["paths"][path][method]
                    op.setdefault("parameters", []).append(
                        {"name": prm["name"], "in": "header", "required": True, "schema": {"type": "string"}}
                    )
                    self.counts["required x-cal-secret-key header restored"] += 1

    def non_empty_strings(self) -> None:
        for _path, _method, op in self.operations():
            for prm in op.get("parameters", []):
                schema = prm.get("schema", {})
                if prm.get("in") in ("header", "query") and prm.get("required") and schema.get("type") == "string":
                    schema.setdefault("minLength", 1)
                    self.counts["required string parameter made non-empty"] += 1

    def nullable(self) -> None:
        schemas = self.components()
        for name, prop, why in NULLABLE:
            target = schemas.get(name, {}).get("properties", {}).get(prop)
            if target is None:
                raise TestSpecError(f"{name}.{prop} is gone from the spec ({why}): review NULLABLE")
            target["nullable"] = True
            self.counts["response field Cal.com sends as null made nullable"] += 1

    def empty_page(self) -> None:
        page = self.components().get("PaginationMetaDto", {}).get("properties", {}).get("currentPage")
        if page is not None and page.get("minimum") == 1:
            page["minimum"] = 0
            self.counts["pagination currentPage may be 0 (empty list)"] += 1

    def error_envelope(self) -> None:
        self.components()[ERROR_SCHEMA] = {
            "type": "object",
            "description": "Cal.com's exception-filter body (cal-api-v2.md 3.2); not in the published spec.",
            "required": ["status", "timestamp", "path", "error"],
            "properties": {
                "status": {"type": "string", "enum": ["error"]},
                "timestamp": {"type": "string", "format": "date-time"},
                "path": {"type": "string"},
                "error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "details": {}},
                },
            },
        }
        response = {
            "description": "Cal.com error envelope",
            "content": {"application/json": {"schema": {"$ref": SCHEMA_PREFIX + ERROR_SCHEMA}}},
        }
        for _path, _method, op in self.operations():
            op.setdefault("responses", {})["4XX"] = copy.deepcopy(response)
            self.counts["4XX error envelope declared"] += 1

    # -- helpers --------------------------------------------------------------------------------

    def components(self) -> Json:
        schemas: Json = self.spec.setdefault("components", {}).setdefault("schemas", {})
        return schemas

    def operations(self) -> Iterator[tuple[str, str, Json]]:
        return _operations(self.spec)


def build_test_spec(raw: Json) -> tuple[Json, Counter[str]]:
    builder = TestSpec(raw)
    spec = builder.build()
    return spec, builder.counts


def _operations(spec: Json) -> Iterator[tuple[str, str, Json]]:
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def _refs(node: Any) -> Iterator[str]:
    for sub in _walk(node):
        ref = sub.get("$ref")
        if isinstance(ref, str):
            yield ref


def _walk(node: Any) -> Iterator[Json]:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            yield current
            stack.extend(v for v in current.values() if isinstance(v, (dict, list)))
        elif isinstance(current, list):
            stack.extend(v for v in current if isinstance(v, (dict, list)))
