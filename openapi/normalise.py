"""Turn Cal.com's published spec into one openapi-python-client can generate in full.

Two kinds of fix, applied in this order:

* **Targeted patches** (``patches.json``): JSON-pointer edits, each naming the upstream defect.
  A patch whose target is missing fails the run: the defect moved and someone must look.
* **Generic passes**: one method per defect *class* (undeclared path params, arrays without
  items, misplaced enums, ...). Each counts what it changed; the counts are printed and locked.

After the passes, :func:`lint` looks for any defect class left over and fails loudly, so a new
kind of defect in a future spec stops the pipeline instead of silently dropping code.

Two facts about openapi-python-client 0.29.1 shape several passes:

* It parses a union by trying the alternatives in order; the first that does not raise wins.
  So variants must reject each other's payloads (tags become ``const``) and the most specific
  variant goes first (:meth:`Normaliser.union_order`).
* It reads ``type: boolean`` before ``const`` and ``enum`` before ``nullable``, ignores
  ``nullable`` beside a ``$ref``, and names the classes inside a nullable property after the
  union it becomes (``...Type0``). :func:`make_nullable` works around all of that.
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .names import HTTP_METHODS, NameRegistry, is_deprecated, module_name, operation_key, snake

HERE = Path(__file__).parent
SCHEMA_PREFIX = "#/components/schemas/"

# Headers the runtime's auth flow sends; as per-call arguments they would leak credentials into
# every signature and bypass the flow (refresh, redaction).
AUTH_HEADERS = {"authorization", "x-cal-client-id", "x-cal-secret-key"}
# Query/path parameters the API parses as integers although the spec says "number".
INTEGER_PARAM_NAMES = {"take", "skip", "limit", "offset", "duration", "hostsLimit"}
ID_NAME = re.compile(r"^(ids?|.*Ids?)$")
# "only allowed value for type is `x`", "Only acceptable value for the `disabled` property is `true`"
ONLY_VALUE = re.compile(r"only (?:allowed|acceptable) value for (?:the )?`?\w+`?(?: property)? is `([^`]+)`", re.I)
ALWAYS_BOOL = re.compile(r"This property is always (true|false)\b")
VERSION_TEXT = re.compile(r"Must be set to `?(\d{4}-\d{2}-\d{2})`?")
JSON_TYPES = {bool: "boolean", int: "integer", float: "number", str: "string"}
# Keywords whose values are JSON data rather than schemas.
DATA_KEYS = frozenset({"example", "examples", "default", "enum", "const", "x-discriminator"})


class NormaliseError(RuntimeError):
    pass


Json = dict[str, Any]


class Normaliser:
    def __init__(
        self, spec: Json, *, patches: list[Json] | None = None, names: NameRegistry | Json | None = None
    ) -> None:
        self.raw = spec
        self.spec = copy.deepcopy(spec)
        self.patches = _load_json(HERE / "patches.json")["patches"] if patches is None else patches
        if names is None:
            names = NameRegistry.load()
        self.names = names if isinstance(names, NameRegistry) else NameRegistry(names)
        # "METHOD /path" -> (module, function), fixed by operation_homes from the registry.
        self.assigned: dict[str, tuple[str, str]] = {}
        # Upstream schema name -> the recorded name it is generated under.
        self.schema_renames: dict[str, str] = {}
        # "METHOD /path" -> the typed method's name in ``cal.api.<module>``, from the registry.
        self.methods: dict[str, str] = {}
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
            self.renamed_schemas,
            self.operation_homes,
            self.path_params,
            self.missing_refs,
            self.array_items,
            self.enum_shapes,
            self.default_in_enum,
            self.object_scalar_defaults,
            self.nullable_shapes,
            self.integer_ids,
            self.const_tags,
            self.union_tags,
            self.union_order,
            self.auth_headers,
            self.api_versions,
            self.status_enum,
            self.response_nullables,
            self.operation_names,
            self.inline_enum_names,
        ]

    # -- targeted patches ---------------------------------------------------------------------

    def apply_patches(self) -> None:
        """Apply ``patches.json``. A patch has ``why``, ``op``, ``path`` (or ``paths``), maybe ``value``.

        ``when`` (a pointer) limits a patch to the spec versions that have that node. Ops:
        ``replace``/``merge``/``remove`` need an existing target, ``add`` sets a key, ``append``
        adds the values of a list to the target list unless present (``required`` names),
        ``discard`` takes them out where present.
        """
        for patch in self.patches:
            why = patch.get("why")
            if not why:
                raise NormaliseError(f"patch {patch.get('path') or patch.get('paths')} has no 'why'")
            if patch.get("when") and not _resolves(self.spec, patch["when"]):
                self.counts["patches skipped (their node is not in this spec version)"] += 1
                continue
            targets = patch.get("paths") or [patch.get("path")]
            for target in targets:
                if not isinstance(target, str):
                    raise NormaliseError(f"patch without a target ({why})")
                self._patch(patch["op"], target, patch.get("value"), why)
                self.counts["patch: " + why.split(":")[0]] += 1
        self.counts["patches applied"] = sum(v for k, v in self.counts.items() if k.startswith("patch: "))

    def _patch(self, op: str, target: str, value: Any, why: str) -> None:
        parent, key = _parent(self.spec, target)
        index: str | int = key
        if isinstance(parent, list):
            index = int(key)
            present = 0 <= index < len(parent)
        else:
            present = key in parent
        missing = NormaliseError(f"patch target missing: {target} ({why})")
        if op == "add":
            parent[index] = copy.deepcopy(value)
        elif not present:
            raise missing
        elif op == "replace":
            parent[index] = copy.deepcopy(value)
        elif op == "merge":
            if not isinstance(parent[index], dict) or not isinstance(value, dict):
                raise missing
            parent[index].update(copy.deepcopy(value))
        elif op == "append":
            if not isinstance(parent[index], list) or not isinstance(value, list):
                raise missing
            parent[index].extend(copy.deepcopy(v) for v in value if v not in parent[index])
        elif op == "remove":
            del parent[index]
        elif op == "discard":
            # The values of a list taken out of the target list where present (``required`` names
            # the server does not always send); a spec version without them is left as it is.
            if not isinstance(parent[index], list) or not isinstance(value, list):
                raise missing
            parent[index] = [v for v in parent[index] if v not in value]
        else:
            raise NormaliseError(f"unknown patch op {op!r} at {target}")

    # -- generic passes -----------------------------------------------------------------------

    def renamed_schemas(self) -> None:
        """A schema Cal.com renamed without changing its shape keeps the class name users import."""
        schemas = self.spec.get("components", {}).get("schemas", {})
        # Shapes are compared as Cal.com published them, before any patch of ours.
        self.schema_renames = self.names.schema_renames(self.raw.get("components", {}).get("schemas", {}))
        if not self.schema_renames:
            return
        for old, new in self.schema_renames.items():
            schemas[new] = schemas.pop(old)
            self.counts["schema renamed upstream kept its recorded name"] += 1
        for node in _walk(self.spec):
            ref = node.get("$ref")
            if (
                isinstance(ref, str)
                and ref.startswith(SCHEMA_PREFIX)
                and ref[len(SCHEMA_PREFIX) :] in self.schema_renames
            ):
                node["$ref"] = SCHEMA_PREFIX + self.schema_renames[ref[len(SCHEMA_PREFIX) :]]
        self.spec["x-schema-renames"] = dict(sorted(self.schema_renames.items()))

    def operation_homes(self) -> None:
        """Each operation's one tag becomes the module the name registry gives it.

        The registry (``names.json``) keeps the module of every operation it has seen, whatever
        tag Cal.com files it under now; "Deprecated: ..." tags mark the operation deprecated.
        """
        self.assigned = self.names.assign(self.spec)
        for path, method, op in self.operations():
            tags = op.get("tags") or ["default"]
            if len(tags) > 1:
                self.counts["extra tags dropped"] += len(tags) - 1
            module, _function = self.assigned[operation_key(method, path)]
            op["x-original-tag"] = tags[0]
            if is_deprecated(op):
                op["deprecated"] = True
                note = f"Deprecated by Cal.com (listed under {tags[0]!r}); it still works, but plan to move off it."
                op["description"] = f"{note}\n\n{op.get('description') or ''}".strip()
                self.counts["deprecated operation marked"] += 1
            if module_name(tags[0]) != module:
                self.counts["operation kept in its registered module"] += 1
            op["tags"] = [module]

    def path_params(self) -> None:
        """Declare every ``{param}`` of the path template; drop declared ones it does not have."""
        majority = self._path_param_types()
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
        """Drop union alternatives that point at schemas the spec does not define.

        A union left with no alternative at all says nothing about the value: it becomes "any JSON
        value" (kept whole, counted and locked), never ``oneOf: []``, which the generator turns
        into an empty model that fails on every real value.
        """
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
                    del node[key]
                    if len(kept) == 1:
                        node["allOf"] = kept
                    elif kept:
                        node[key] = kept
                    else:
                        node.pop("type", None)
                        self.counts["union of only missing schemas made any JSON value"] += 1

    def array_items(self) -> None:
        """``type: array`` without ``items`` (the generator drops the schema): items of any type."""
        for node in _walk(self.spec):
            if node.get("type") == "array" and "items" not in node:
                node["items"] = {}
                self.counts["array without items given items: {}"] += 1

    def enum_shapes(self) -> None:
        """Enums the generator cannot read: a nested list, or on an array/object node, or typed
        ``string`` although the value is a list of them (webhook ``triggers``)."""
        for node in _walk(self.spec):
            enum = node.get("enum")
            if not isinstance(enum, list):
                continue
            if any(isinstance(v, list) for v in enum):
                node["enum"] = enum = _unique(x for v in enum for x in (v if isinstance(v, list) else [v]))
                self.counts["nested enum flattened"] += 1
            kind = node.get("type")
            if kind == "array" or (kind == "string" and isinstance(node.get("example"), list)):
                if kind == "array":
                    self.counts["enum on an array moved to its items"] += 1
                else:
                    self.counts["enum typed string on a list value retyped array"] += 1
                node["type"] = "array"
                items = node.get("items") if isinstance(node.get("items"), dict) else {}
                node["items"] = items
                items.setdefault("type", "string")
                items["enum"] = _unique([*(items.get("enum") or []), *node.pop("enum")])
                # An array's default is a list of item values.
                if "default" in node and not isinstance(node["default"], list):
                    node["default"] = [node["default"]]
            elif kind == "object" and all(isinstance(v, str) for v in enum):
                node["type"] = "string"
                self.counts["enum typed object retyped string"] += 1

    def default_in_enum(self) -> None:
        """A default outside its enum makes the generator drop the whole schema."""
        for node in _walk(self.spec):
            enum, default = node.get("enum"), node.get("default")
            if isinstance(enum, list) and default is not None and not isinstance(default, list) and default not in enum:
                enum.append(default)
                self.counts["default missing from its enum appended"] += 1

    def object_scalar_defaults(self) -> None:
        """``{type: object}`` whose default or example is a scalar (``isDefault: true``,
        ``logo: "https://..."``, ``slotInterval: 60``) is that scalar: as an object it becomes an
        empty model whose ``from_dict`` fails on the real value."""
        for node in _walk(self.spec):
            if node.get("type") != "object" or "properties" in node or "additionalProperties" in node:
                continue
            sample = node["default"] if "default" in node else node.get("example")
            kind = JSON_TYPES.get(type(sample))
            if kind is not None:
                node["type"] = kind
                self.counts[f"object-typed {kind} value retyped {kind}"] += 1

    def nullable_shapes(self) -> None:
        """``nullable: true`` where the generator ignores it: beside a ``$ref``, or on an enum."""
        for _holder, name, prop in _properties(self.spec):
            if prop.get("nullable") is not True:
                continue
            if "$ref" in prop or (isinstance(prop.get("enum"), list) and None not in prop["enum"]):
                del prop["nullable"]
                make_nullable(prop, name)
                self.counts["nullable flag the generator ignores made effective"] += 1

    def integer_ids(self) -> None:
        """Ids and counters typed ``number`` (or a shapeless ``object``) become ``integer``:
        ``org_id=1.0`` must never build ``/1.0/``, and an id is no model.

        A path id typed ``string`` in a few operations but a number everywhere else (``GET
        /v2/event-types/{eventTypeId}``) becomes an integer too, so one name has one Python type.
        """
        majority = self._path_param_types()
        for _path, _method, op in self.operations():
            for prm in op.get("parameters", []):
                schema = prm.get("schema") or {}
                name = prm["name"]
                if schema.get("type") == "number" and (ID_NAME.match(name) or name in INTEGER_PARAM_NAMES):
                    schema["type"] = "integer"
                    self.counts["number parameter retyped integer"] += 1
                elif prm.get("in") == "path" and schema.get("type") == "string" and ID_NAME.match(name):
                    common = json.loads(majority[name].most_common(1)[0][0]) if name in majority else {}
                    if common.get("type") in ("number", "integer"):
                        schema["type"] = "integer"
                        self.counts["string id path param retyped integer (as in most operations)"] += 1
        for _holder, name, prop in _properties(self.spec):
            if ID_NAME.match(name):
                target = prop.get("items", prop) if prop.get("type") == "array" else prop
                if not isinstance(target, dict):
                    continue
                if target.get("type") == "number":
                    target["type"] = "integer"
                    self.counts["number id property retyped integer"] += 1
                elif target.get("type") == "object" and not {"properties", "additionalProperties"} & target.keys():
                    # NestJS writes `number | null` as {type: object}; the generated empty model
                    # cannot parse the int Cal.com sends (DestinationCalendar.id, ownerId, ...).
                    target["type"] = "integer"
                    self.counts["object-typed id property retyped integer"] += 1

    def const_tags(self) -> None:
        """Union tags written in prose ("only allowed value for type is `x`", "This property is
        always true") become ``const`` on the variants of unions.

        Only variants get them: there a const makes a wrong variant fail, elsewhere it would only
        turn a value Cal.com adds later into a parse error.
        """
        for variant in self._variants():
            for prop in (variant.get("properties") or {}).values():
                if not isinstance(prop, dict):
                    continue
                if "const" in prop:
                    # A const from the spec or a patch: give it the shape the generator reads.
                    if "enum" in prop or prop.get("type") == "boolean" or prop.get("default") != prop["const"]:
                        set_const(prop, prop["const"])
                        self.counts["const tag given the shape the generator reads"] += 1
                    continue
                text = prop.get("description", "")
                kind = prop.get("type")
                match = ONLY_VALUE.search(text)
                if match and kind == "string":
                    set_const(prop, match.group(1))
                    self.counts["prose tag made const"] += 1
                elif match and kind == "boolean" and match.group(1) in ("true", "false"):
                    set_const(prop, match.group(1) == "true")
                    self.counts["prose tag made const"] += 1
                elif (match := ALWAYS_BOOL.search(text)) and kind == "boolean":
                    set_const(prop, match.group(1) == "true")
                    self.counts["'always true/false' flag made const"] += 1

    def union_tags(self) -> None:
        """Find each union's tag: a property whose fixed value differs in every variant.

        A fixed value is a ``const``, a one-value ``enum``, or the ``default`` of a required
        property (Cal.com's DTOs default the tag to the variant's own value, e.g. workflow step
        ``action``). When the fixed values of a property are pairwise distinct across a union's
        variants, they become consts, and a union whose every variant has one records the tag as
        ``x-discriminator`` (documentation; the generator reads the consts). A tag that is const in
        some variants and fixed in all is completed, even where values repeat.
        """
        for node in _walk(self.spec):
            for key in ("oneOf", "anyOf"):
                alts = node.get(key)
                if not isinstance(alts, list):
                    continue
                variants = [(alt, self._resolve(alt)) for alt in alts if isinstance(alt, dict)]
                variants = [(alt, target) for alt, target in variants if target.get("properties")]
                if len(variants) < 2:
                    continue
                names = sorted({name for _alt, target in variants for name in target["properties"]})
                for name in names:
                    fixed = {i: v for i, (_a, t) in enumerate(variants) if (v := _fixed_value(t, name)) is not None}
                    values = [json.dumps(v) for v in fixed.values()]
                    if len(values) < 2 or len(set(values)) != len(values):
                        continue
                    for i, value in fixed.items():
                        prop = variants[i][1]["properties"][name]
                        if "const" not in prop:
                            set_const(prop, value)
                            self.counts["union tag made const (from a one-value enum or default)"] += 1
                    if "x-discriminator" not in node and len(fixed) == len(alts) and all("$ref" in a for a in alts):
                        mapping = {
                            str(variants[i][1]["properties"][name]["const"]): variants[i][0]["$ref"] for i in fixed
                        }
                        node["x-discriminator"] = {"propertyName": name, "mapping": mapping}
                        self.counts["union tag recorded as x-discriminator"] += 1
                for name in names:
                    # A tag const in some variants and fixed in all the others (booking fields: ``type``
                    # of the default fields is a required default) is completed, duplicates and all:
                    # then every variant has it, and the parser can tell an unknown tag from a bad body.
                    props = [target["properties"].get(name) for _alt, target in variants]
                    if not any(isinstance(p, dict) and "const" in p for p in props):
                        continue
                    if all(_fixed_value(target, name) is not None for _alt, target in variants):
                        for prop, (_alt, target) in zip(props, variants, strict=True):
                            if isinstance(prop, dict) and "const" not in prop:
                                set_const(prop, _fixed_value(target, name))
                                self.counts["union tag completed (a required default made const)"] += 1

    def union_order(self) -> None:
        """Try the most specific union alternative first.

        Cal.com decides some variants by key presence (``recurrenceCount``, ``seatUid``,
        ``instant: true``); an alternative requiring more keys (or consts) must be tried before
        one requiring fewer, or the general one swallows it. Ties keep the spec's order.
        """

        def specificity(alt: Json) -> tuple[int, int]:
            target = self._resolve(alt)
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
                if isinstance(status, dict) and set(status.get("enum") or []) == {"success", "error"}:
                    props["status"] = {"$ref": SCHEMA_PREFIX + "ResponseStatus"}
                    self.counts["envelope status enum shared as ResponseStatus"] += 1
        if self.counts["envelope status enum shared as ResponseStatus"]:
            schemas["ResponseStatus"] = shared

    def response_nullables(self) -> None:
        """Optional properties of everything a response can contain accept ``null``.

        Cal.com serialises unset Prisma columns as ``null`` while the spec marks ~120 properties
        nullable, so without this one ``null`` in an optional field fails a whole response.
        Request bodies keep their types: the SDK never sends ``null`` where it is not declared.
        """
        schemas = self.spec.get("components", {}).get("schemas", {})
        roots = [
            media["schema"]
            for _path, _method, op in self.operations()
            for response in op.get("responses", {}).values()
            for media in (response.get("content") or {}).values()
            if isinstance(media.get("schema"), dict)
        ]
        reachable: set[str] = set()
        stack = [name for root in roots for name in _refs(root)]
        while stack:
            name = stack.pop()
            if name not in reachable and name in schemas:
                reachable.add(name)
                stack.extend(_refs(schemas[name]))
        for root in [*roots, *(schemas[name] for name in sorted(reachable))]:
            for holder in _walk(root):
                props = holder.get("properties")
                if not isinstance(props, dict):
                    continue
                required = set(holder.get("required") or [])
                for name, prop in props.items():
                    if name in required or not isinstance(prop, dict) or "const" in prop:
                        continue
                    if make_nullable(prop, name):
                        self.counts["optional response property made nullable"] += 1

    def operation_names(self) -> None:
        """operationIds become the registered snake names of the generated functions; ``x-method``
        carries the registered typed-method name to the namespace generator."""
        self.methods = self.names.methods(self.assigned)
        for path, method, op in self.operations():
            key = operation_key(method, path)
            _module, function = self.assigned[key]
            op["x-original-operation-id"] = op.get("operationId") or f"{method}_{path}"
            op["operationId"] = function
            op["x-method"] = self.methods[key]
            self.counts["operationId renamed"] += 1

    def inline_enum_names(self) -> None:
        """Inline parameter enums whose generated class names would collide get their own schema.

        The generator names a parameter's inline enum after the function and the parameter
        (``RemovePermissionsPermissionsItem``); functions of one name in two modules whose enums
        differ would make two classes of one name, and the generator drops the second endpoint.
        The first keeps the name; the next is moved to ``components`` under a name with its module.
        """
        schemas = self.spec.setdefault("components", {}).setdefault("schemas", {})
        seen: dict[str, str] = {}
        # Registry order: the operation named first keeps the plain name in every later spec.
        rank = {key: i for i, key in enumerate(self.names.operations)}
        keys = {id(op): operation_key(method, path) for path, method, op in self.operations()}
        ordered = sorted(self.operations(), key=lambda t: (rank.get(keys[id(t[2])], len(rank)), keys[id(t[2])]))
        for _path, _method, op in ordered:
            for prm in op.get("parameters", []):
                schema = prm.get("schema")
                if not isinstance(schema, dict):
                    continue
                holder, suffix = (schema["items"], "_item") if isinstance(schema.get("items"), dict) else (schema, "")
                if not isinstance(holder.get("enum"), list) or "$ref" in holder:
                    continue
                name = pascal(op["operationId"]) + pascal(prm["name"] + suffix)
                values = _json_key(holder["enum"])
                if seen.setdefault(name, values) == values:
                    continue
                unique = pascal(op["tags"][0]) + name
                schemas[unique] = copy.deepcopy(holder)
                holder.clear()
                holder["$ref"] = SCHEMA_PREFIX + unique
                self.counts["inline enum given its own schema (class-name collision)"] += 1

    # -- helpers --------------------------------------------------------------------------------

    def operations(self) -> Iterator[tuple[str, str, Json]]:
        for path, item in self.spec["paths"].items():
            for method in HTTP_METHODS:
                if method in item:
                    yield path, method, item[method]

    def _resolve(self, node: Json) -> Json:
        """The schema a ``$ref`` points at (the node itself when it is inline)."""
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
            target: Json = self.spec.get("components", {}).get("schemas", {}).get(ref[len(SCHEMA_PREFIX) :], {})
            return target
        return node

    def _variants(self) -> Iterator[Json]:
        """Every schema that is an alternative of some union, once each."""
        seen: set[int] = set()
        for node in _walk(self.spec):
            for key in ("oneOf", "anyOf"):
                for alt in node.get(key) or []:
                    target = self._resolve(alt) if isinstance(alt, dict) else {}
                    if id(target) not in seen and target.get("properties"):
                        seen.add(id(target))
                        yield target

    def _path_param_types(self) -> dict[str, Counter[str]]:
        majority: dict[str, Counter[str]] = {}
        for _path, _method, op in self.operations():
            for prm in op.get("parameters", []):
                if prm.get("in") == "path":
                    majority.setdefault(prm["name"], Counter())[_json_key(prm.get("schema", {}))] += 1
        return majority


def set_const(prop: Json, value: Any) -> None:
    """Make ``prop`` the constant ``value``, in the shape the generator turns into a ``Literal``.

    The default lets callers leave the tag out when they build a variant themselves.
    """
    prop["const"] = value
    prop["default"] = value
    prop.pop("enum", None)
    if prop.get("type") == "boolean":
        # The generator reads ``type: boolean`` before ``const`` and would drop the const.
        del prop["type"]


def make_nullable(prop: Json, name: str) -> bool:
    """Let property ``name`` accept ``null`` in a way the generator honours. True if it changed.

    A nullable property becomes a union in the generated code, and the generator names the
    classes inside a union after the union (``ParentMetaType0``); a ``title`` equal to the name
    they had keeps every class name stable.
    """
    if _accepts_null(prop):
        return False
    if "$ref" in prop:
        prop["allOf"] = [{"$ref": prop.pop("$ref")}]
        prop["nullable"] = True
    elif isinstance(prop.get("enum"), list):
        # For enums the generator reads only a null value, not the nullable flag.
        prop["enum"].append(None)
        prop.setdefault("title", name)
    elif isinstance(prop.get("allOf"), list) and not (len(prop["allOf"]) == 1 and "$ref" in prop["allOf"][0]):
        # A composed inline model would be re-generated under a new name; leave it required-typed.
        return False
    else:
        prop["nullable"] = True
        _pin_class_names(prop, name)
    return True


def _accepts_null(prop: Json) -> bool:
    kind = prop.get("type")
    if prop.get("nullable") is True or kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    if isinstance(prop.get("enum"), list) and None in prop["enum"]:
        return True
    shaping = ("type", "$ref", "allOf", "oneOf", "anyOf", "enum", "const", "properties", "items")
    return not any(key in prop for key in shaping)  # {} is "any value", null included


def _pin_class_names(schema: Json, name: str) -> None:
    if "$ref" in schema:
        return
    if schema.get("type") == "object" or "properties" in schema or isinstance(schema.get("enum"), list):
        schema.setdefault("title", name)
    items = schema.get("items")
    if schema.get("type") == "array" and isinstance(items, dict):
        _pin_class_names(items, f"{name}_item")


def _fixed_value(schema: Json, name: str) -> Any:
    """The one value property ``name`` of ``schema`` can have, if the spec says so (else None)."""
    prop = (schema.get("properties") or {}).get(name)
    if not isinstance(prop, dict):
        return None
    if "const" in prop:
        return prop["const"]
    enum = prop.get("enum")
    if isinstance(enum, list) and len(enum) == 1 and enum[0] is not None:
        return enum[0]
    default = prop.get("default")
    required = name in (schema.get("required") or [])
    if required and isinstance(default, (str, bool)) and (enum is None or default in enum):
        return default
    return None


def lint(spec: Json) -> list[str]:
    """Defects that make the generator drop code or parse wrongly; after normalising there are none."""
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
        enum = node.get("enum")
        if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX) and ref[len(SCHEMA_PREFIX) :] not in schemas:
            problems.append(f"dangling $ref {ref}")
        if isinstance(ref, str) and node.get("nullable") is True:
            problems.append(f"nullable beside $ref {ref} (the generator ignores it)")
        if node.get("type") == "array" and "items" not in node:
            problems.append("array without items")
        for key in ("oneOf", "anyOf", "allOf"):
            alts = node.get(key)
            if key in node and (not isinstance(alts, list) or not alts):
                problems.append(f"empty {key} (the generator makes an empty model of it)")
        if isinstance(enum, list):
            if any(isinstance(v, (list, dict)) for v in enum):
                problems.append(f"non-scalar enum {enum[:3]}")
            if node.get("type") in ("array", "object"):
                problems.append(f"enum on a {node['type']} node {enum[:3]}")
            if node.get("nullable") is True and None not in enum:
                problems.append(f"nullable enum without a null value {enum[:3]} (the generator ignores the flag)")
            default = node.get("default")
            if default is not None and not isinstance(default, list) and default not in enum:
                problems.append(f"default {default!r} not in its enum {enum[:3]}")
            if "const" in node:
                problems.append(f"const beside an enum {enum[:3]} (the generator reads only the enum)")
        if "const" in node and node.get("type") == "boolean":
            problems.append("const on a type: boolean node (the generator reads only the type)")
        if node.get("type") == "object" and "properties" not in node and "additionalProperties" not in node:
            sample = node["default"] if "default" in node else node.get("example")
            if type(sample) in JSON_TYPES:
                problems.append(f"object-typed node with a scalar value {sample!r}")
    return problems


def pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in snake(name).split("_"))


def _walk(node: Any) -> Iterator[Json]:
    """Every dict under ``node`` (itself included), depth first; values that are data, not
    schemas (examples, defaults, enum and const values), are not entered."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            yield current
            stack.extend(v for k, v in current.items() if isinstance(v, (dict, list)) and k not in DATA_KEYS)
        elif isinstance(current, list):
            stack.extend(v for v in current if isinstance(v, (dict, list)))


def _properties(node: Any) -> Iterator[tuple[Json, str, Json]]:
    """``(holder, name, schema)`` of every property anywhere under ``node``."""
    for holder in _walk(node):
        props = holder.get("properties")
        if isinstance(props, dict):
            for name, prop in props.items():
                if isinstance(prop, dict):
                    yield holder, name, prop


def _refs(node: Any) -> Iterator[str]:
    for sub in _walk(node):
        ref = sub.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
            yield ref[len(SCHEMA_PREFIX) :]


def _unique(values: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    for value in values:
        if value not in out:
            out.append(value)
    return out


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
    if isinstance(parent, list):
        return key.isdigit() and int(key) < len(parent)
    return isinstance(parent, dict) and key in parent


def _load_json(path: Path) -> Json:
    data: Json = json.loads(path.read_text())
    return data
