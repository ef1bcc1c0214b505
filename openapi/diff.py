"""What changed between two spec versions, told in the Python names users of ``cal_client`` see.

Both specs go through :class:`openapi.normalise.Normaliser` first, so every name below is the one
the generator emits: endpoint modules ``cal_client.api.<tag folder>.<function>``, model classes
``cal_client.models.<Class>``, snake_case parameters and attributes. An operation is the same
operation in both versions when its method and path template match (path parameter names aside).

Classification (a change is *breaking* when code written against the old SDK can stop working):

==========================================  ============  ====================================
change                                      request side  response side
==========================================  ============  ====================================
operation removed                           breaking
operation added                             non-breaking
module renamed (tag folder / function)      breaking
operationId renamed, Python name kept       non-breaking (reported so reviewers know)
function name now calls another endpoint    breaking
``cal-api-version`` of an operation         breaking (another contract answers)
parameter removed or renamed                breaking
parameter added: required / optional        breaking / non-breaking
parameter optional -> required              breaking
parameter required -> optional              non-breaking
type change (parameter, body, field)        breaking      breaking
input widened from a plain type to ``Any``  non-breaking
union gains a member (``A`` -> ``A | B``)   non-breaking  breaking (a new class may come back)
union loses a member                        breaking      non-breaking
model removed / renamed (class rename)      breaking      breaking
model added                                 non-breaking  non-breaking
field removed                               breaking      breaking
field added, required                       breaking      non-breaking
field added, optional                       non-breaking  non-breaking
field optional -> required                  breaking      non-breaking
field required -> optional                  non-breaking  breaking (it may now be ``UNSET``)
field becomes nullable                      non-breaking  breaking (``None`` may appear)
field no longer nullable                    breaking      non-breaking
enum value removed                          breaking      breaking
enum value added                            non-breaking  non-breaking (our enums are open)
==========================================  ============  ====================================

A model used on both sides takes the stricter verdict; one no operation uses counts as both. A
model that disappears while a new one with (near-)identical fields takes its place at the same
reference sites is reported as a *rename*, with the class and module names that change
(``Attendee`` -> ``CreateBookingAttendee``).

Run ``python -m openapi api-diff OLD NEW [-o changes.md]``.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .coverage import class_name
from .fetch import fetch
from .normalise import HTTP_METHODS, SCHEMA_PREFIX, Normaliser

Json = dict[str, Any]

PACKAGE = "cal_client"
SHARED_MODELS = "Models shared by several tags"
UNUSED_MODELS = "Models no operation uses"
REQUEST, RESPONSE = "request", "response"
BOTH = frozenset({REQUEST, RESPONSE})

# kind -> (breaking when the model is sent, breaking when it is received)
FIELD_RULES: dict[str, tuple[bool, bool]] = {
    "field-removed": (True, True),
    "field-added-required": (True, False),
    "field-added-optional": (False, False),
    "field-now-required": (True, False),
    "field-now-optional": (False, True),
    "field-now-nullable": (False, True),
    "field-not-nullable": (True, False),
    "field-type": (True, True),
    "parameter-type": (True, True),
    "body-type": (True, True),
    "response-type": (True, True),
    "union-members-added": (False, True),
    "union-members-removed": (True, False),
    "enum-value-removed": (True, True),
    "enum-value-added": (False, False),
    "model-type": (True, True),
}
# Minimum share of identical fields for a replacement at the same reference site to be a rename.
RENAME_SIMILARITY = 0.75


@dataclass(frozen=True, order=True)
class Change:
    breaking: bool
    tag: str
    subject: str  # the Python name that changes (module, function, class or attribute)
    kind: str  # machine-readable: operation-removed, parameter-added, model-renamed, ...
    detail: str  # one sentence for humans

    def line(self) -> str:
        return f"- `{self.subject}`: {self.detail}"


@dataclass
class ApiDiff:
    old_label: str
    new_label: str
    changes: list[Change] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    renames: dict[str, str] = field(default_factory=dict)  # old schema name -> new schema name

    @property
    def breaking(self) -> list[Change]:
        return [c for c in self.changes if c.breaking]

    @property
    def non_breaking(self) -> list[Change]:
        return [c for c in self.changes if not c.breaking]

    def find(self, kind: str | None = None, subject: str | None = None, text: str = "") -> list[Change]:
        return [
            c
            for c in self.changes
            if (kind is None or c.kind == kind) and (subject is None or c.subject == subject) and text in c.detail
        ]

    def to_markdown(self) -> str:
        s = self.stats
        lines = [
            f"# API changes: {self.old_label} → {self.new_label}",
            "",
            f"**{len(self.breaking)} breaking**, {len(self.non_breaking)} non-breaking changes "
            f"for users of `{PACKAGE}`.",
            "",
            "| | old | new | added | removed |",
            "|---|---:|---:|---:|---:|",
            f"| operations | {s['operations'][0]} | {s['operations'][1]} | {s['operations_added']} "
            f"| {s['operations_removed']} |",
            f"| models | {s['models'][0]} | {s['models'][1]} | {s['models_added']} | {s['models_removed']} |",
            "",
            "Rules: removed or renamed names, newly required inputs, type changes, removed enum values, and",
            "response fields that may now be missing or `None` are breaking; additions are not (enums are open).",
            "See the docstring of `openapi/diff.py`.",
        ]
        for title, changes in (("Breaking changes", self.breaking), ("Non-breaking changes", self.non_breaking)):
            lines += ["", f"## {title} ({len(changes)})"]
            if not changes:
                lines += ["", "None."]
            for tag, group in _grouped(changes):
                lines += ["", f"### {tag}", ""]
                lines += [c.line() for c in group]
        return "\n".join(lines) + "\n"


def _grouped(changes: list[Change]) -> Iterator[tuple[str, list[Change]]]:
    by_tag: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        by_tag[change.tag].append(change)
    # Operations' tags first (alphabetical), then the model groups that span tags.
    tail = (SHARED_MODELS, UNUSED_MODELS)
    for tag in sorted(by_tag, key=lambda t: (t in tail, tail.index(t) if t in tail else 0, t.lower())):
        yield tag, sorted(by_tag[tag], key=lambda c: (_KIND_ORDER.get(c.kind.split(":")[0], 99), c.subject, c.detail))


_KIND_ORDER = {
    k: i
    for i, k in enumerate(
        [
            "operation-removed",
            "operation-repointed",
            "operation-moved",
            "api-version-changed",
            "operation-deprecated",
            "operation-added",
            "operation-id-renamed",
            "operation-retagged",
            "parameter-removed",
            "parameter-added",
            "parameter-now-required",
            "parameter-now-optional",
            "parameter-type",
            "body-removed",
            "body-added",
            "body-now-required",
            "body-now-optional",
            "body-type",
            "response-removed",
            "response-added",
            "response-type",
            "type-widened",
            "union-members-added",
            "union-members-removed",
            "model-renamed",
            "model-removed",
            "model-added",
            "model-type",
        ]
    )
}


# -- a normalised spec seen as Python names --------------------------------------------------------


@dataclass
class Operation:
    method: str
    path: str
    tag: str
    folder: str
    name: str
    upstream_id: str
    api_version: str | None
    params: dict[tuple[str, str], Json]  # (location, raw name) -> parameter
    body: Json | None
    responses: dict[str, Json]  # 2xx code -> json schema ({} when the spec documents none)
    upstream_tag: str = ""
    deprecated: bool = False

    @property
    def module(self) -> str:
        return f"{PACKAGE}.api.{self.folder}.{self.name}"

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


class SpecView:
    """Operations, models and model usage of one normalised spec."""

    def __init__(self, normalised: Json):
        self.spec = normalised
        self.schemas: dict[str, Json] = normalised.get("components", {}).get("schemas", {})
        self.operations: dict[tuple[str, str], Operation] = {}
        for path, item in normalised["paths"].items():
            for method in HTTP_METHODS:
                op = item.get(method)
                if op is None:
                    continue
                operation = _operation(method, path, op)
                key = (method, re.sub(r"{[^}]+}", "{}", path))
                if key in self.operations:  # two templates differing only in parameter names
                    key = (method, path)
                self.operations[key] = operation
        self.usage: dict[str, set[str]] = defaultdict(set)
        self.tags: dict[str, set[str]] = defaultdict(set)
        for item in normalised["paths"].values():
            for method in HTTP_METHODS:
                op = item.get(method)
                if op is None:
                    continue
                tag = op["tags"][0]
                request_roots = [p.get("schema", {}) for p in op.get("parameters", [])]
                request_roots.append(op.get("requestBody", {}))
                for name in self._reachable(request_roots):
                    self.usage[name].add(REQUEST)
                    self.tags[name].add(tag)
                for name in self._reachable([op.get("responses", {})]):
                    self.usage[name].add(RESPONSE)
                    self.tags[name].add(tag)

    def _reachable(self, roots: list[Any]) -> set[str]:
        seen: set[str] = set()
        stack = [ref for root in roots for ref in _refs(root)]
        while stack:
            name = stack.pop()
            if name in seen or name not in self.schemas:
                continue
            seen.add(name)
            stack.extend(_refs(self.schemas[name]))
        return seen

    def ref_sites(self) -> dict[str, set[str]]:
        """Where each schema is referenced: ``model:<Name>/<json path>`` or ``op:<method path>/...``."""
        sites: dict[str, set[str]] = defaultdict(set)
        for name, schema in self.schemas.items():
            for where, ref in _ref_locations(schema, f"model:{name}"):
                sites[where].add(ref)
        for key, op in self.operations.items():
            raw = self.spec["paths"][op.path][op.method]
            for where, ref in _ref_locations(raw, f"op:{key[0]} {key[1]}"):
                sites[where].add(ref)
        return sites


def _operation(method: str, path: str, op: Json) -> Operation:
    from openapi_python_client.strings import PythonIdentifier

    tag = op["tags"][0]
    body = op.get("requestBody")
    responses = {}
    for code, resp in (op.get("responses") or {}).items():
        if code.startswith("2"):
            content = resp.get("content") or {}
            responses[code] = (content.get("application/json") or {}).get("schema") or {}
    return Operation(
        method=method,
        path=path,
        tag=tag,
        folder=str(PythonIdentifier(tag, prefix="tag")),
        name=op["operationId"],
        upstream_id=op.get("x-original-operation-id", op["operationId"]),
        api_version=op.get("x-cal-api-version"),
        params={(p["in"], p["name"]): p for p in op.get("parameters", [])},
        body=body,
        responses=responses,
        upstream_tag=op.get("x-original-tag", tag),
        deprecated=op.get("deprecated") is True,
    )


def _refs(node: Any) -> Iterator[str]:
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            ref = cur.get("$ref")
            if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
                yield ref[len(SCHEMA_PREFIX) :]
            stack.extend(v for v in cur.values() if isinstance(v, (dict, list)))
        elif isinstance(cur, list):
            stack.extend(cur)


def _ref_locations(node: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
            yield where, ref[len(SCHEMA_PREFIX) :]
        for key, value in node.items():
            if key not in ("description", "example", "examples"):
                yield from _ref_locations(value, f"{where}/{key}")
    elif isinstance(node, list):
        for value in node:  # union members share one site: their order is not meaningful
            yield from _ref_locations(value, f"{where}/*")


# -- schema shapes as Python types ------------------------------------------------------------------


def _is_null(node: Any) -> bool:
    return isinstance(node, dict) and node.get("type") == "null"


def _unwrap(node: Any) -> Json:
    """``{allOf: [X]}`` (a ``$ref`` with a description beside it) is just X."""
    while isinstance(node, dict) and isinstance(node.get("allOf"), list) and len(node["allOf"]) == 1:
        node = node["allOf"][0]
    return node if isinstance(node, dict) else {}


def nullable(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    if node.get("nullable") is True or (isinstance(node.get("type"), list) and "null" in node["type"]):
        return True
    if isinstance(node.get("enum"), list) and None in node["enum"]:
        return True  # how the generator is told an enum is nullable
    alts = node.get("oneOf") or node.get("anyOf") or []
    if any(_is_null(a) for a in alts):
        return True
    inner = node.get("allOf")
    return isinstance(inner, list) and len(inner) == 1 and nullable(inner[0])


def pytype(node: Any, renames: dict[str, str] | None = None) -> str:
    """The Python type the generator gives a schema node (enum and literal details included)."""
    renames = renames or {}
    node = _unwrap(node)
    if not node:
        return "Any"
    if "$ref" in node:
        name = node["$ref"][len(SCHEMA_PREFIX) :]
        return class_name(renames.get(name, name))
    if "const" in node:
        return f"Literal[{json.dumps(node['const'])}]"
    for key in ("oneOf", "anyOf"):
        alts = node.get(key)
        if isinstance(alts, list) and alts:
            return " | ".join(sorted({pytype(a, renames) for a in alts if not _is_null(a)}))
    if isinstance(node.get("allOf"), list):
        return "allOf(" + ", ".join(sorted(pytype(a, renames) for a in node["allOf"])) + ")"
    kind = node.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else None
    if kind == "array":
        return f"list[{pytype(node.get('items'), renames)}]"
    if "enum" in node:
        return {"integer": "int", "number": "float"}.get(str(kind), "str") + " enum"
    if kind == "string":
        return {"date-time": "datetime", "date": "date", "binary": "File"}.get(node.get("format", ""), "str")
    if kind in ("integer", "number", "boolean"):
        return {"integer": "int", "number": "float", "boolean": "bool"}[kind]
    if kind == "object" or "properties" in node:
        return "object" if node.get("properties") else "dict"
    return "Any"


def _object(node: Any, schemas: dict[str, Json]) -> tuple[dict[str, Any], set[str]] | None:
    """Properties and required names of an object schema (allOf parts merged), or None."""
    node = _unwrap(node)
    if "allOf" in node:
        props: dict[str, Any] = {}
        required: set[str] = set()
        for part in node["allOf"]:
            part = _unwrap(part)
            if "$ref" in part:
                part = schemas.get(part["$ref"][len(SCHEMA_PREFIX) :], {})
            sub = _object(part, schemas)
            if sub is None:
                return None
            props.update(sub[0])
            required |= sub[1]
        return props, required
    if node.get("type") == "object" or "properties" in node:
        return dict(node.get("properties") or {}), set(node.get("required") or [])
    return None


def _enum(node: Any) -> list[Any] | None:
    node = _unwrap(node)
    if node.get("type") == "array":
        node = _unwrap(node.get("items"))
    values = node.get("enum")
    # A null member only says the field is nullable, which is judged on its own.
    return [v for v in values if v is not None] if isinstance(values, list) else None


def attr(name: str) -> str:
    from openapi_python_client.strings import PythonIdentifier

    return str(PythonIdentifier(name, prefix="field_"))


def module_of(cls: str) -> str:
    from openapi_python_client.strings import PythonIdentifier

    return str(PythonIdentifier(cls, prefix="field_"))


# -- the comparison ---------------------------------------------------------------------------------


class _Differ:
    def __init__(self, old: SpecView, new: SpecView, result: ApiDiff):
        self.old, self.new, self.result = old, new, result
        self.renames: dict[str, str] = {}

    def add(self, breaking: bool, tag: str, subject: str, kind: str, detail: str) -> None:
        self.result.changes.append(Change(breaking, tag, subject, kind, detail))

    # operations ---------------------------------------------------------------------------------

    def operations(self) -> None:
        old, new = self.old.operations, self.new.operations
        removed = {k: old[k] for k in old.keys() - new.keys()}
        added = {k: new[k] for k in new.keys() - old.keys()}
        added_by_module = {op.module: k for k, op in added.items()}
        for key in sorted(removed):
            op = removed[key]
            successor = added.get(added_by_module.get(op.module, ("", "")))
            if successor is not None:
                # The Python name survives but calls another endpoint: describe it as one function changing.
                del added[added_by_module[op.module]]
                self.add(
                    True,
                    successor.tag,
                    op.module,
                    "operation-repointed",
                    f"now calls {successor.label} (was {op.label}, which was removed)",
                )
                self.compare(op, successor)
                continue
            self.add(True, op.tag, op.module, "operation-removed", f"removed: {op.label} is no longer in the spec")
        for key in sorted(added):
            op = added[key]
            self.add(False, op.tag, op.module, "operation-added", f"new operation {op.label}")
        for key in sorted(old.keys() & new.keys()):
            a, b = old[key], new[key]
            if a.module != b.module:
                self.add(
                    True,
                    b.tag,
                    a.module,
                    "operation-moved",
                    f"module renamed to `{b.module}` ({b.label}; tag {a.tag!r} → {b.tag!r}, "
                    f"operationId {a.upstream_id} → {b.upstream_id})",
                )
            elif a.upstream_id != b.upstream_id:
                self.add(
                    False,
                    b.tag,
                    b.module,
                    "operation-id-renamed",
                    f"operationId renamed upstream ({a.upstream_id} → {b.upstream_id}); Python name kept",
                )
            if a.upstream_tag != b.upstream_tag and a.module == b.module:
                self.add(
                    False,
                    b.tag,
                    b.module,
                    "operation-retagged",
                    f"moved upstream from tag {a.upstream_tag!r} to {b.upstream_tag!r}; Python name kept",
                )
            if b.deprecated and not a.deprecated:
                self.add(
                    False,
                    b.tag,
                    b.module,
                    "operation-deprecated",
                    f"deprecated by Cal.com ({b.label}); it still works and warns once when called",
                )
            self.compare(a, b)

    def compare(self, a: Operation, b: Operation) -> None:
        subject, tag = b.module, b.tag
        if a.api_version != b.api_version:
            if a.api_version is None:
                self.add(
                    False, tag, subject, "parameter-added", f"now sends `cal-api-version: {b.api_version}` by default"
                )
            else:
                self.add(
                    True,
                    tag,
                    subject,
                    "api-version-changed",
                    f"cal-api-version {a.api_version} → {b.api_version or 'none'}: another contract answers",
                )
        self.parameters(a, b, tag, subject)
        self.body(a, b, tag, subject)
        self.responses(a, b, tag, subject)

    def parameters(self, a: Operation, b: Operation, tag: str, subject: str) -> None:
        hints = {}
        for where, gone in a.params.keys() - b.params.keys():
            likely = [n for w, n in b.params.keys() - a.params.keys() if w == where and _alike(gone, n)]
            if likely:
                hints[(where, gone)] = " or ".join(f"`{attr(n)}`" for n in sorted(likely))
        for key in sorted(a.params.keys() | b.params.keys()):
            where, raw = key
            if raw.lower() == "cal-api-version":
                continue  # reported as api-version-changed
            pa, pb = a.params.get(key), b.params.get(key)
            label = f"{where} parameter `{attr(raw)}` (`{raw}`)"
            if pb is None:
                hint = f" (new {where} parameter {hints[key]} may replace it)" if key in hints else ""
                self.add(True, tag, subject, "parameter-removed", f"{label} removed{hint}")
                continue
            if pa is None:
                if pb.get("required"):
                    self.add(True, tag, subject, "parameter-added", f"new required {label}")
                else:
                    self.add(False, tag, subject, "parameter-added", f"new optional {label}")
                continue
            if bool(pa.get("required")) != bool(pb.get("required")):
                if pb.get("required"):
                    self.add(True, tag, subject, "parameter-now-required", f"{label} is now required")
                else:
                    self.add(False, tag, subject, "parameter-now-optional", f"{label} is now optional")
            self.type_change(
                pa.get("schema"), pb.get("schema"), frozenset({REQUEST}), tag, subject, label, "parameter-type"
            )
            self.enum_values(_enum(pa.get("schema")), _enum(pb.get("schema")), (True, True), tag, subject, label)

    def body(self, a: Operation, b: Operation, tag: str, subject: str) -> None:
        ba, bb = a.body, b.body
        if ba is None and bb is None:
            return
        if bb is None:
            self.add(True, tag, subject, "body-removed", "request body removed (argument `body`)")
            return
        if ba is None:
            required = bool(bb.get("required"))
            self.add(
                required,
                tag,
                subject,
                "body-added",
                f"new {'required' if required else 'optional'} request body `body: {pytype(_body_schema(bb))}`",
            )
            return
        if bool(ba.get("required")) != bool(bb.get("required")):
            now = bool(bb.get("required"))
            kind = "body-now-required" if now else "body-now-optional"
            self.add(now, tag, subject, kind, f"request body is now {'required' if now else 'optional'}")
        media_a, media_b = sorted((ba.get("content") or {}).keys()), sorted((bb.get("content") or {}).keys())
        if media_a != media_b:
            self.add(True, tag, subject, "body-type", f"request body media type {media_a} → {media_b}")
        self.shape(_body_schema(ba), _body_schema(bb), f"{b.name}_body", tag, subject, "request body", REQUEST)

    def responses(self, a: Operation, b: Operation, tag: str, subject: str) -> None:
        for code in sorted(a.responses.keys() | b.responses.keys()):
            ra, rb = a.responses.get(code), b.responses.get(code)
            if rb is None:
                self.add(True, tag, subject, "response-removed", f"success response {code} no longer documented")
            elif ra is None:
                self.add(
                    False,
                    tag,
                    subject,
                    "response-added",
                    f"new success response {code}: {pytype(rb) if rb else 'None'}",
                )
            elif not ra or not rb:
                if ra or rb:
                    self.add(
                        True,
                        tag,
                        subject,
                        "response-type",
                        f"response {code} type {pytype(ra) if ra else 'None'} → {pytype(rb) if rb else 'None'} "
                        "(the parsed return value changes)",
                    )
            else:
                self.shape(ra, rb, f"{b.name}_response_{code}", tag, subject, f"response {code}", RESPONSE)

    def shape(self, sa: Json, sb: Json, inline_name: str, tag: str, subject: str, what: str, side: str) -> None:
        """Compare two schemas sitting at one place of an operation (body or response)."""
        kind = "body-type" if side == REQUEST else "response-type"
        if self.type_change(sa, sb, frozenset({side}), tag, subject, what, kind):
            return
        if "$ref" in _unwrap(sa):
            return  # the model itself is compared once, under models
        oa, ob = _object(sa, self.old.schemas), _object(sb, self.new.schemas)
        if oa is not None and ob is not None:
            self.fields(oa, ob, class_name(inline_name), frozenset({side}), tag, subject, what)

    # models -------------------------------------------------------------------------------------

    def detect_renames(self) -> None:
        old, new = self.old.schemas, self.new.schemas
        removed, added = old.keys() - new.keys(), new.keys() - old.keys()
        sites_old, sites_new = self.old.ref_sites(), self.new.ref_sites()
        replaced_by: dict[str, set[str]] = defaultdict(set)
        for where in sites_old.keys() & sites_new.keys():
            for r in sites_old[where] & removed:
                replaced_by[r] |= sites_new[where] & added
        scored = []
        identical: dict[str, int] = defaultdict(int)  # how many identical partners a name has
        for r in removed:
            for a in added:
                score = self.similarity(old[r], new[a])
                at_site = a in replaced_by[r]
                if score == 1.0:
                    identical[r] += 1
                    identical[a] += 1
                if (at_site and score >= RENAME_SIMILARITY) or score == 1.0:
                    name_score = difflib.SequenceMatcher(None, r.lower(), a.lower()).ratio()
                    scored.append((not at_site, -score, -name_score, r, a))
        taken: set[str] = set()
        for off_site, _score, _name, r, a in sorted(scored):
            if r in self.renames or a in taken:
                continue
            # Off any reference site only an unambiguous, non-trivial twin counts as a rename.
            if off_site and (identical[r] != 1 or identical[a] != 1 or _size(old[r], old) < 2):
                continue
            self.renames[r] = a
            taken.add(a)
        self.result.renames = dict(sorted(self.renames.items()))

    def similarity(self, a: Json, b: Json) -> float:
        oa, ob = _object(a, self.old.schemas), _object(b, self.new.schemas)
        if oa is not None and ob is not None:
            names = oa[0].keys() | ob[0].keys()
            if not names:
                return 0.0
            same = sum(
                1
                for n in oa[0].keys() & ob[0].keys()
                if pytype(oa[0][n]) == pytype(ob[0][n]) and (n in oa[1]) == (n in ob[1])
            )
            return same / len(names)
        ea, eb = _enum(a), _enum(b)
        if ea is not None and eb is not None and (ea or eb):
            return len(set(map(str, ea)) & set(map(str, eb))) / len(set(map(str, ea)) | set(map(str, eb)))
        return 0.0

    def model_group(self, names: list[str]) -> tuple[str, frozenset[str]]:
        tags: set[str] = set()
        sides: set[str] = set()
        for view, name in zip((self.old, self.new), names, strict=True):
            if name:
                tags |= view.tags.get(name, set())
                sides |= view.usage.get(name, set())
        if not tags:
            return UNUSED_MODELS, BOTH
        return (next(iter(tags)) if len(tags) == 1 else SHARED_MODELS), frozenset(sides) or BOTH

    def models(self) -> None:
        old, new = self.old.schemas, self.new.schemas
        renamed_new = set(self.renames.values())
        for r, a in sorted(self.renames.items()):
            tag, sides = self.model_group([r, a])
            cr, ca = class_name(r), class_name(a)
            inline = [
                f"`{class_name(f'{r}_{p}')}` → `{class_name(f'{a}_{p}')}`" for p in _inline_classes(old[r], new[a])
            ]
            self.add(
                True,
                tag,
                f"{PACKAGE}.models.{cr}",
                "model-renamed",
                f"model renamed upstream ({r} → {a}): class `{PACKAGE}.models.{ca}`, module "
                f"`{PACKAGE}.models.{module_of(cr)}` → `{PACKAGE}.models.{module_of(ca)}`"
                + (f"; also {', '.join(inline)}" if inline else ""),
            )
            self.model(r, a, tag, sides)
        for name in sorted(old.keys() - new.keys() - self.renames.keys()):
            tag, _sides = self.model_group([name, ""])
            self.add(True, tag, f"{PACKAGE}.models.{class_name(name)}", "model-removed", f"model {name} removed")
        for name in sorted(new.keys() - old.keys() - renamed_new):
            tag, _sides = self.model_group(["", name])
            self.add(False, tag, f"{PACKAGE}.models.{class_name(name)}", "model-added", f"new model {name}")
        for name in sorted(old.keys() & new.keys()):
            tag, sides = self.model_group([name, name])
            self.model(name, name, tag, sides)

    def model(self, old_name: str, new_name: str, tag: str, sides: frozenset[str]) -> None:
        a, b = self.old.schemas[old_name], self.new.schemas[new_name]
        cls = class_name(new_name)
        subject = f"{PACKAGE}.models.{cls}"
        oa, ob = _object(a, self.old.schemas), _object(b, self.new.schemas)
        if oa is not None and ob is not None:
            self.fields(oa, ob, cls, sides, tag, subject)
            return
        if self.type_change(a, b, sides, tag, subject, "model", "model-type"):
            return
        self.enum_values(_enum(a), _enum(b), self.rule_pair("enum-value-removed", sides), tag, subject, "enum")

    def fields(
        self,
        oa: tuple[dict[str, Any], set[str]],
        ob: tuple[dict[str, Any], set[str]],
        cls: str,
        sides: frozenset[str],
        tag: str,
        subject: str,
        where: str = "",
    ) -> None:
        """Field by field. ``subject`` is the class path; ``where`` names an inline place of an operation.

        For models each field is its own subject (``cal_client.models.Class.attr``); for inline bodies
        and responses the operation's module is the subject and ``where`` says which part changed.
        """
        (pa, ra), (pb, rb) = oa, ob
        for name in sorted(pa.keys() | pb.keys()):
            label = f"field `{attr(name)}`" + ("" if attr(name) == name else f" (`{name}`)")
            here = subject
            if where:
                label = f"{where} {label}"
            else:
                here = f"{subject}.{attr(name)}"
            if name not in pb:
                self.verdict("field-removed", sides, tag, here, f"{label} removed")
                continue
            if name not in pa:
                kind = "field-added-required" if name in rb else "field-added-optional"
                what = "required" if name in rb else "optional"
                self.verdict(kind, sides, tag, here, f"new {what} {label}: {pytype(pb[name])}")
                continue
            if (name in ra) != (name in rb):
                kind = "field-now-required" if name in rb else "field-now-optional"
                self.verdict(kind, sides, tag, here, f"{label} is now {'required' if name in rb else 'optional'}")
            if nullable(pa[name]) != nullable(pb[name]):
                kind = "field-now-nullable" if nullable(pb[name]) else "field-not-nullable"
                text = "may now be None" if nullable(pb[name]) else "is no longer nullable"
                self.verdict(kind, sides, tag, here, f"{label} {text}")
            if self.type_change(pa[name], pb[name], sides, tag, here, label):
                continue
            self.enum_values(
                _enum(pa[name]), _enum(pb[name]), self.rule_pair("enum-value-removed", sides), tag, here, label
            )
            inner_a, inner_b = _object(pa[name], {}), _object(pb[name], {})
            if inner_a is not None and inner_b is not None and "$ref" not in _unwrap(pa[name]):
                inner = class_name(f"{cls}_{name}")
                if where:
                    self.fields(inner_a, inner_b, inner, sides, tag, subject, f"{where} `{attr(name)}`")
                else:
                    self.fields(inner_a, inner_b, inner, sides, tag, f"{PACKAGE}.models.{inner}")

    def type_change(
        self, a: Any, b: Any, sides: frozenset[str], tag: str, subject: str, label: str, kind: str = "field-type"
    ) -> bool:
        """Report a type change, judging unions by variance; True when the types differ."""
        if pytype(a, self.renames) == pytype(b, self.renames):
            return False
        (box_a, ma), (box_b, mb) = _members(a, self.renames), _members(b, self.renames)
        gained, lost = sorted(mb - ma), sorted(ma - mb)
        if sides == {REQUEST} and pytype(b) == "Any" and pytype(a) in _PLAIN:
            # An input typed Any accepts whatever plain value was passed before (an enum class would vanish).
            self.add(False, tag, subject, "type-widened", f"{label} type {pytype(a)} → Any (accepts any value)")
        elif box_a != box_b or not (len(ma) > 1 or len(mb) > 1) or (gained and lost):
            self.verdict(kind, sides, tag, subject, f"{label} type {pytype(a)} → {pytype(b)}")
        elif gained:
            shown = ", ".join(f"`{m}`" for m in gained)
            self.verdict("union-members-added", sides, tag, subject, f"{label} union gains {shown}")
        else:
            shown = ", ".join(f"`{m}`" for m in lost)
            self.verdict("union-members-removed", sides, tag, subject, f"{label} union loses {shown}")
        return True

    def enum_values(
        self,
        va: list[Any] | None,
        vb: list[Any] | None,
        breaking_pair: tuple[bool, bool],
        tag: str,
        subject: str,
        label: str,
    ) -> None:
        if va is None or vb is None:
            return
        gone = [v for v in va if v not in vb]
        new = [v for v in vb if v not in va]
        if gone:
            shown = ", ".join(json.dumps(v) for v in gone)
            self.add(any(breaking_pair), tag, subject, "enum-value-removed", f"{label}: enum values removed: {shown}")
        if new:
            shown = ", ".join(json.dumps(v) for v in new)
            self.add(False, tag, subject, "enum-value-added", f"{label}: new enum values: {shown}")

    def rule_pair(self, kind: str, sides: frozenset[str]) -> tuple[bool, bool]:
        req, resp = FIELD_RULES[kind]
        return (req and REQUEST in sides, resp and RESPONSE in sides)

    def verdict(self, kind: str, sides: frozenset[str], tag: str, subject: str, detail: str) -> None:
        self.add(any(self.rule_pair(kind, sides)), tag, subject, kind, detail)


def _members(node: Any, renames: dict[str, str]) -> tuple[str, frozenset[str]]:
    """``("list", {A, B})`` for ``list[A | B]``: the container and the union members of a type."""
    node = _unwrap(node)
    box = ""
    if node.get("type") == "array":
        box, node = "list", _unwrap(node.get("items"))
    alts = node.get("oneOf") or node.get("anyOf")
    if isinstance(alts, list) and alts:
        return box, frozenset(pytype(a, renames) for a in alts if not _is_null(a))
    return box, frozenset({pytype(node, renames)})


_PLAIN = {"str", "int", "float", "bool", "datetime", "date", "dict"}


def _alike(old: str, new: str) -> bool:
    """Names one may have been renamed to the other (``slotFormat`` -> ``format``, ``startTime`` -> ``start``)."""
    a, b = old.lower(), new.lower()
    return a in b or b in a or difflib.SequenceMatcher(None, a, b).ratio() >= 0.75


def _size(schema: Json, schemas: dict[str, Json]) -> int:
    obj = _object(schema, schemas)
    return len(obj[0]) if obj is not None else len(_enum(schema) or [])


def _body_schema(body: Json) -> Json:
    content = body.get("content") or {}
    for media in ("application/json", *sorted(content)):
        if media in content:
            schema: Json = content[media].get("schema") or {}
            return schema
    return {}


def _inline_classes(a: Json, b: Json) -> list[str]:
    """Properties both versions model as inline classes (enums, objects): their class names move too."""
    pa = (a.get("properties") or {}) if isinstance(a, dict) else {}
    pb = (b.get("properties") or {}) if isinstance(b, dict) else {}
    out = []
    for name in sorted(pa.keys() & pb.keys()):
        na, nb = _unwrap(pa[name]), _unwrap(pb[name])
        if "$ref" in na or "$ref" in nb:
            continue
        if ("enum" in na and "enum" in nb) or (na.get("properties") and nb.get("properties")):
            out.append(name)
    return out


def diff_specs(old_raw: Json, new_raw: Json, *, old_label: str = "old", new_label: str = "new") -> ApiDiff:
    """Normalise both raw specs and compare them."""
    return diff_normalised(
        Normaliser(old_raw).run(), Normaliser(new_raw).run(), old_label=old_label, new_label=new_label
    )


def diff_normalised(old: Json, new: Json, *, old_label: str = "old", new_label: str = "new") -> ApiDiff:
    result = ApiDiff(old_label, new_label)
    a, b = SpecView(old), SpecView(new)
    differ = _Differ(a, b, result)
    differ.detect_renames()
    differ.operations()
    differ.models()
    # One fact can be reached twice (a body model compared under its operation and as a model).
    result.changes = sorted(set(result.changes))
    added = len(b.operations.keys() - a.operations.keys())
    removed = len(a.operations.keys() - b.operations.keys())
    result.stats = {
        "operations": (len(a.operations), len(b.operations)),
        "operations_added": added,
        "operations_removed": removed,
        "models": (len(a.schemas), len(b.schemas)),
        "models_added": len(b.schemas.keys() - a.schemas.keys()),
        "models_removed": len(a.schemas.keys() - b.schemas.keys()),
        "breaking": len(result.breaking),
        "non_breaking": len(result.non_breaking),
    }
    return result


def cmd_api_diff(args: Any) -> int:
    """``python -m openapi api-diff OLD NEW [-o FILE] [--fail-on-breaking]``."""
    old, new = fetch(args.old), fetch(args.new)
    result = diff_specs(old.load(), new.load(), old_label=_label(args.old), new_label=_label(args.new))
    text = result.to_markdown()
    if args.output:
        Path(args.output).write_text(text)
        print(f"api-diff: wrote {args.output}")
    else:
        print(text, end="")
    renames = ", ".join(f"{a} → {b}" for a, b in result.renames.items()) or "none"
    counts = f"{len(result.breaking)} breaking, {len(result.non_breaking)} non-breaking"
    print(f"api-diff: {counts}; renamed models: {renames}", file=sys.stderr)
    return 1 if args.fail_on_breaking and result.breaking else 0


def _label(source: str) -> str:
    return source.rsplit("/", 1)[-1] if not source.startswith(("http://", "https://")) else source
