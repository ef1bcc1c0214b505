"""Turn Cal.com's published spec into one openapi-python-client can generate in full.

Two kinds of fix, applied in this order:

* **Targeted patches** (``patches.json``): JSON-pointer edits, each naming the upstream defect.
  A patch whose target is missing fails the run: the defect moved and someone must look.
* **Generic passes**: one function per defect *class* (undeclared path params, arrays without
  items, misplaced enums, ...). Each counts what it changed; the counts are printed and locked.

After the passes, :func:`lint` looks for any defect class left over and fails loudly, so a new
kind of defect in a future spec stops the pipeline instead of silently dropping code.
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
SCHEMA_PREFIX = "#/components/schemas/"

# Headers the runtime's auth flow sends; as per-call arguments they would leak credentials into
# every signature and bypass the flow (refresh, redaction).
AUTH_HEADERS = {"authorization", "x-cal-client-id", "x-cal-secret-key"}
# Query/path parameters the API parses as integers although the spec says "number".
INTEGER_PARAM_NAMES = {"take", "skip", "limit", "offset", "duration", "hostsLimit"}
ID_NAME = re.compile(r"^(id|.*Id)$")
ONLY_VALUE = re.compile(r"only allowed value for \w+ is `([^`]+)`")
ALWAYS_BOOL = re.compile(r"This property is always (true|false)\b")
VERSION_TEXT = re.compile(r"Must be set to `?(\d{4}-\d{2}-\d{2})`?")
CONTROLLER_PREFIX = re.compile(r"^.*?Controller(?:_\d{4}_\d{2}_\d{2})?_")


class NormaliseError(RuntimeError):
    pass


Json = dict[str, Any]


class Normaliser:
    def __init__(self, spec: Json, *, patches: list[Json] | None = None, names: Json | None = None):
        self.spec = copy.deepcopy(spec)
        self.patches = _load_json(HERE / "patches.json")["patches"] if patches is None else patches
        self.names = _load_json(HERE / "names.json") if names is None else names
        self.counts: Counter[str] = Counter()

    # -- driver -----------------------------------------------------------------------------

    def run(self) -> Json:
        self.apply_patches()
        for fix in self.passes():
            fix()
        problems = lint(self.spec)
        if problems:
            raise NormaliseError(
                "spec still has defects no pass handles (add a pass or a patch):\n  " + "\n  ".join(problems[:40])
            )
        return self.spec

    def passes(self) -> list[Callable[[], None]]:
        return [
            self.single_tag,
            self.path_params,
            self.missing_refs,
            self.array_items,
            self.enum_shapes,
            self.default_in_enum,
            self.object_scalar_defaults,
            self.integer_ids,
            self.const_tags,
            self.union_order,
            self.auth_headers,
            self.api_versions,
            self.status_enum,
            self.operation_names,
        ]

    # -- targeted patches ---------------------------------------------------------------------

    def apply_patches(self) -> None:
        for patch in self.patches:
            if "why" not in patch:
                raise NormaliseError(f"patch {patch.get('path')} has no 'why'")
            if patch.get("when") and not _resolves(self.spec, patch["when"]):
                continue
            target = patch["path"]
            parent, key = _parent(self.spec, target)
            op = patch["op"]
            if op == "replace":
                if key not in parent if isinstance(parent, dict) else int(key) >= len(parent):
                    raise NormaliseError(f"patch target missing: {target} ({patch['why']})")
                parent[key if isinstance(parent, dict) else int(key)] = copy.deepcopy(patch["value"])
            elif op == "add":
                parent[key] = copy.deepcopy(patch["value"])
            elif op == "merge":
                if key not in parent or not isinstance(parent[key], dict):
                    raise NormaliseError(f"patch target missing: {target} ({patch['why']})")
                parent[key].update(copy.deepcopy(patch["value"]))
            elif op == "remove":
                if key not in parent:
                    raise NormaliseError(f"patch target missing: {target} ({patch['why']})")
                del parent[key]
            else:
                raise NormaliseError(f"unknown patch op {op!r} at {target}")
            self.counts["patch: " + patch["why"].split(":")[0]] += 1
        self.counts["patches applied"] = sum(v for k, v in self.counts.items() if k.startswith("patch: "))

    # -- generic passes -----------------------------------------------------------------------

    def single_tag(self) -> None:
        """One tag per operation, renamed through names.json, so each op has one stable home."""
        aliases = self.names.get("tags", {})
        for _path, _method, op in self.operations():
            tags = op.get("tags") or ["default"]
            if len(tags) > 1:
                self.counts["extra tags dropped"] += len(tags) - 1
            first = aliases.get(tags[0], tags[0])
            if first != tags[0]:
                self.counts["tag renamed to its current name"] += 1
            op["tags"] = [first]

    def path_params(self) -> None:
        """Declare every ``{param}`` of the path template; drop declared ones it does not have."""
        majority: dict[str, Counter[str]] = {}
        for _path, _method, op in self.operations():
            for prm in op.get("parameters", []):
                if prm.get("in") == "path":
                    majority.setdefault(prm["name"], Counter())[_json_key(prm.get("schema", {}))] += 1
        for path, item in self.spec["paths"].items():
            in_template = re.findall(r"{([^}]+)}", path)
            siblings: dict[str, Json] = {}
            for method in HTTP_METHODS:
                for prm in item.get(method, {}).get("parameters", []):
                    if prm.get("in") == "path" and prm["name"] in in_template:
                        siblings.setdefault(prm["name"], prm.get("schema", {"type": "string"}))
            for method in HTTP_METHODS:
                op = item.get(method)
                if op is None:
                    continue
                params = op.setdefault("parameters", [])
                declared = {p["name"] for p in params if p.get("in") == "path"}
                for name in in_template:
                    if name in declared:
                        continue
                    if name in siblings:
                        schema = siblings[name]
                        self.counts["undeclared path param added (type from sibling op)"] += 1
                    elif name in majority:
                        schema = json.loads(majority[name].most_common(1)[0][0])
                        self.counts["undeclared path param added (type from spec-wide majority)"] += 1
                    else:
                        schema = {"type": "string"}
                        self.counts["undeclared path param added (string)"] += 1
                    params.append({"name": name, "in": "path", "required": True, "schema": copy.deepcopy(schema)})
                stray = [p for p in params if p.get("in") == "path" and p["name"] not in in_template]
                for prm in stray:
                    params.remove(prm)
                    self.counts["stray path param removed"] += 1

    def missing_refs(self) -> None:
        """Drop union alternatives that point at schemas the spec does not define."""
        schemas = self.spec.get("components", {}).get("schemas", {})

        def dangling(node: Any) -> bool:
            ref = node.get("$ref", "") if isinstance(node, dict) else ""
            return ref.startswith(SCHEMA_PREFIX) and ref[len(SCHEMA_PREFIX) :] not in schemas

        for node in _walk(self.spec):
            for key in ("oneOf", "anyOf"):
                alts = node.get(key)
                if isinstance(alts, list) and any(dangling(a) for a in alts):
                    kept = [a for a in alts if not dangling(a)]
                    self.counts["union alternative to a missing schema dropped"] += len(alts) - len(kept)
                    if len(kept) == 1:
                        del node[key]
                        node["allOf"] = kept
                    else:
                        node[key] = kept

    def array_items(self) -> None:
        for node in _walk(self.spec):
            if node.get("type") == "array" and "items" not in node:
                node["items"] = {}
                self.counts["array without items given items: {}"] += 1

    def enum_shapes(self) -> None:
        for node in _walk(self.spec):
            enum = node.get("enum")
            if not isinstance(enum, list):
                continue
            if any(isinstance(v, list) for v in enum):
                node["enum"] = enum = [x for v in enum for x in (v if isinstance(v, list) else [v])]
                self.counts["nested enum flattened"] += 1
            if node.get("type") == "array":
                items = node.setdefault("items", {})
                items.setdefault("type", "string")
                items["enum"] = node.pop("enum")
                node.pop("default", None) if not isinstance(node.get("default"), list) else None
                self.counts["enum on an array moved to its items"] += 1
            elif node.get("type") == "string" and isinstance(node.get("example"), list):
                # The value is a list of these strings (webhook triggers), typed as one string.
                node["type"] = "array"
                node["items"] = {"type": "string", "enum": node.pop("enum")}
                self.counts["enum typed string on a list value retyped array"] += 1
            elif node.get("type") == "object" and all(isinstance(v, str) for v in enum):
                node["type"] = "string"
                self.counts["enum typed object retyped string"] += 1

    def default_in_enum(self) -> None:
        for node in _walk(self.spec):
            enum, default = node.get("enum"), node.get("default")
            if isinstance(enum, list) and default is not None and not isinstance(default, list) and default not in enum:
                enum.append(default)
                self.counts["default missing from its enum appended"] += 1

    def object_scalar_defaults(self) -> None:
        """``{type: object, default: true}`` (isDefault, required) is a boolean in reality."""
        for node in _walk(self.spec):
            if (
                node.get("type") == "object"
                and "properties" not in node
                and isinstance(node.get("default", node.get("example")), bool)
            ):
                node["type"] = "boolean"
                self.counts["object with a boolean default retyped boolean"] += 1

    def integer_ids(self) -> None:
        """Ids and counters typed ``number`` become ``integer``: ``org_id=1.0`` must never build ``/1.0/``."""
        for _path, _method, op in self.operations():
            for prm in op.get("parameters", []):
                schema = prm.get("schema", {})
                name = prm["name"]
                if schema.get("type") == "number" and (ID_NAME.match(name) or name in INTEGER_PARAM_NAMES):
                    schema["type"] = "integer"
                    self.counts["number parameter retyped integer"] += 1
        for schema in self.spec.get("components", {}).get("schemas", {}).values():
            for node in _walk(schema):
                for name, prop in (node.get("properties") or {}).items():
                    if isinstance(prop, dict) and ID_NAME.match(name):
                        target = prop.get("items", prop) if prop.get("type") == "array" else prop
                        if target.get("type") == "number":
                            target["type"] = "integer"
                            self.counts["number id property retyped integer"] += 1

    def const_tags(self) -> None:
        """Turn union tags written in prose ("only allowed value for type is `x`") into ``const``.

        The generated union parser tries alternatives in order; a const makes a wrong
        alternative fail, so each variant parses to its own class.
        """
        for node in _walk(self.spec):
            for prop in (node.get("properties") or {}).values():
                if not isinstance(prop, dict) or "const" in prop:
                    continue
                text = prop.get("description", "")
                match = ONLY_VALUE.search(text)
                if match and prop.get("type") == "string":
                    prop["const"] = match.group(1)
                    prop.pop("enum", None)
                    self.counts["prose tag made const"] += 1
                    continue
                match = ALWAYS_BOOL.search(text)
                if match and prop.get("type") == "boolean":
                    prop["const"] = match.group(1) == "true"
                    self.counts["'always true/false' flag made const"] += 1

    def union_order(self) -> None:
        """Try the most specific union alternative first.

        Cal.com decides some body variants by key presence (``recurrenceCount``, ``seatUid``,
        ``instant: true``); an alternative requiring more keys must be tried before one
        requiring fewer, or the general one swallows it.
        """
        schemas = self.spec.get("components", {}).get("schemas", {})

        def specificity(alt: Json) -> tuple[int, int]:
            ref = alt.get("$ref", "")
            target = schemas.get(ref[len(SCHEMA_PREFIX) :], alt) if ref else alt
            props = target.get("properties") or {}
            consts = sum(1 for p in props.values() if isinstance(p, dict) and "const" in p)
            return (-consts, -len(target.get("required") or []))

        for node in _walk(self.spec):
            for key in ("oneOf", "anyOf"):
                alts = node.get(key)
                if isinstance(alts, list) and len(alts) > 1 and all(isinstance(a, dict) for a in alts):
                    ordered = sorted(alts, key=specificity)
                    if ordered != alts:
                        node[key] = ordered
                        self.counts["union alternatives reordered most specific first"] += 1

    def auth_headers(self) -> None:
        """Credentials are the client's job: header params out, a bearer scheme in."""
        components = self.spec.setdefault("components", {})
        components.setdefault("securitySchemes", {})["bearer"] = {
            "type": "http",
            "scheme": "bearer",
            "description": "Cal.com API key (cal_...) or a managed-user / OAuth access token",
        }
        for _path, _method, op in self.operations():
            params = op.get("parameters", [])
            kept = []
            for prm in params:
                if prm.get("in") == "header" and prm["name"].lower() in AUTH_HEADERS:
                    self.counts[f"{prm['name']} header parameter removed"] += 1
                    if prm["name"].lower() == "authorization" and prm.get("required"):
                        op["security"] = [{"bearer": []}]
                else:
                    kept.append(prm)
            op["parameters"] = kept

    def api_versions(self) -> None:
        """Every versioned op sends its own ``cal-api-version``: the default is its only value."""
        for _path, _method, op in self.operations():
            for prm in op.get("parameters", []):
                if prm.get("in") != "header" or prm["name"].lower() != "cal-api-version":
                    continue
                schema = prm.setdefault("schema", {"type": "string"})
                version = schema.get("default")
                if version is None:
                    match = VERSION_TEXT.search(prm.get("description", ""))
                    if not match:
                        raise NormaliseError(f"{op.get('operationId')}: cal-api-version with no value")
                    version = schema["default"] = match.group(1)
                    self.counts["cal-api-version default taken from its description"] += 1
                op["x-cal-api-version"] = version

    def status_enum(self) -> None:
        """The envelope's inline ``status: {enum: [success, error]}`` becomes one shared enum."""
        schemas = self.spec.setdefault("components", {}).setdefault("schemas", {})
        shared = {"type": "string", "enum": ["success", "error"]}
        for node in _walk(self.spec):
            props = node.get("properties")
            if isinstance(props, dict):
                status = props.get("status")
                if isinstance(status, dict) and sorted(status.get("enum") or []) == ["error", "success"]:
                    props["status"] = {"$ref": SCHEMA_PREFIX + "ResponseStatus"}
                    self.counts["envelope status enum shared as ResponseStatus"] += 1
        if self.counts["envelope status enum shared as ResponseStatus"]:
            schemas["ResponseStatus"] = shared

    def operation_names(self) -> None:
        """operationIds become the stable snake names of the generated modules."""
        aliases = self.names.get("operationIds", {})
        seen: dict[tuple[str, str], str] = {}
        for path, method, op in self.operations():
            original = op.get("operationId") or f"{method}_{path}"
            name = aliases.get(original) or snake(CONTROLLER_PREFIX.sub("", original))
            key = (op["tags"][0], name)
            if key in seen:
                raise NormaliseError(f"{original} and {seen[key]} both map to {key}: add an alias in names.json")
            seen[key] = original
            op["x-original-operation-id"] = original
            op["operationId"] = name
            self.counts["operationId renamed"] += 1

    # -- helpers --------------------------------------------------------------------------------

    def operations(self) -> Iterator[tuple[str, str, Json]]:
        for path, item in self.spec["paths"].items():
            for method in HTTP_METHODS:
                if method in item:
                    yield path, method, item[method]


def lint(spec: Json) -> list[str]:
    """Defect classes that make the generator drop code; after normalising there must be none."""
    problems = []
    schemas = spec.get("components", {}).get("schemas", {})
    for path, item in spec["paths"].items():
        template = set(re.findall(r"{([^}]+)}", path))
        for method in HTTP_METHODS:
            op = item.get(method)
            if op is None:
                continue
            declared = {p["name"] for p in op.get("parameters", []) if p.get("in") == "path"}
            if declared != template:
                problems.append(f"{method.upper()} {path}: path params {sorted(declared)} != {sorted(template)}")
    for node in _walk(spec):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX) and ref[len(SCHEMA_PREFIX) :] not in schemas:
            problems.append(f"dangling $ref {ref}")
        if node.get("type") == "array" and "items" not in node:
            problems.append("array without items")
        if isinstance(node.get("enum"), list) and any(isinstance(v, (list, dict)) for v in node["enum"]):
            problems.append(f"non-scalar enum {node['enum'][:3]}")
    return problems


def snake(name: str) -> str:
    name = re.sub(r"[^0-9A-Za-z]+", "_", name)
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return name.strip("_").lower()


def _walk(node: Any) -> Iterator[Json]:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            yield current
            stack.extend(v for v in current.values() if isinstance(v, (dict, list)))
        elif isinstance(current, list):
            stack.extend(v for v in current if isinstance(v, (dict, list)))


def _json_key(schema: Json) -> str:
    return json.dumps(schema, sort_keys=True)


def _pointer_parts(pointer: str) -> list[str]:
    if not pointer.startswith("/"):
        raise NormaliseError(f"not a JSON pointer: {pointer}")
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/")]


def _parent(doc: Json, pointer: str) -> tuple[Any, str]:
    parts = _pointer_parts(pointer)
    node: Any = doc
    for part in parts[:-1]:
        try:
            node = node[int(part)] if isinstance(node, list) else node[part]
        except (KeyError, IndexError, ValueError):
            raise NormaliseError(f"patch target missing: {pointer}") from None
    return node, parts[-1]


def _resolves(doc: Json, pointer: str) -> bool:
    try:
        parent, key = _parent(doc, pointer)
    except NormaliseError:
        return False
    return key in parent if isinstance(parent, dict) else int(key) < len(parent)


def _load_json(path: Path) -> Json:
    data: Json = json.loads(path.read_text())
    return data
