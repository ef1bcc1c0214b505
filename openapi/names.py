"""The name registry (``openapi/names.json``): the Python names users import, kept for ever.

Cal.com renames operationIds, moves operations between tags ("Platform / Managed Users" became
"Deprecated: Platform / Managed Users") and renames schemas; a generator that derives names from
those would rename the modules and classes users import. So names are assigned once and recorded:

* ``operations`` is keyed by ``"METHOD /path"``: the first Python home an operation gets
  (``module``, ``function``) and the first name of its typed method (``method``, reached as
  ``cal.api.<module>.<method>``) are kept for every later and earlier spec. An operation missing from
  the spec being generated keeps its entry, marked ``removed`` (the mark goes when it returns),
  so its name is never handed to another operation.
* ``schemas`` maps every schema name ever generated to a fingerprint of its shape. A schema that
  is new by name but has the shape of a recorded one absent from this spec is a rename upstream:
  it is generated under the recorded name.

New operations get names derived the way the first ones were (module from the tag, function from
the operationId without its controller prefix); collisions get a suffix from the path, never a
name that some other operation holds or held.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
REGISTRY = HERE / "names.json"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
CONTROLLER_PREFIX = re.compile(r"^.*?Controller(?:_\d{4}_\d{2}_\d{2})?_")
DEPRECATED_TAG = re.compile(r"^\s*deprecated\s*[:\-–]\s*", re.I)
SCHEMA_REF = "#/components/schemas/"
COMMENT = (
    "Python names kept for ever (openapi/names.py). 'operations': 'METHOD /path' -> the module and "
    "function users import; 'removed' marks operations absent from the locked spec. 'schemas': schema "
    "name -> shape fingerprint, to keep a class name when Cal.com renames a schema. Written by "
    "`make generate` / `make regenerate`; edit only to choose a name before it is first released."
)

Json = dict[str, Any]


def operation_key(method: str, path: str) -> str:
    return f"{method.upper()} {path}"


def upstream_tag(op: Json) -> str:
    tags = op.get("tags") or ["default"]
    return str(tags[0])


def is_deprecated(op: Json) -> bool:
    return op.get("deprecated") is True or bool(DEPRECATED_TAG.match(upstream_tag(op)))


def home_tag(op: Json) -> str:
    """The tag an operation belongs to, without Cal.com's "Deprecated: " prefix."""
    return DEPRECATED_TAG.sub("", upstream_tag(op))


def snake(name: str) -> str:
    name = re.sub(r"[^0-9A-Za-z]+", "_", name)
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return name.strip("_").lower()


def module_name(tag: str) -> str:
    """The module openapi-python-client makes of a tag (it is what users import)."""
    from openapi_python_client.strings import PythonIdentifier

    return str(PythonIdentifier(tag, prefix="tag"))


def function_name(method: str, path: str, op: Json) -> str:
    original = op.get("operationId") or f"{method}_{path}"
    return snake(CONTROLLER_PREFIX.sub("", original)) or snake(f"{method}_{path}")


def fingerprint(schema: Any) -> str:
    """A schema's shape: property names, types, required, enum values, nesting; not prose."""

    def shape(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in sorted(node.items()):
                if key in ("description", "example", "examples", "title", "default", "x-original-name"):
                    continue
                if key == "$ref":
                    out[key] = "ref"
                else:
                    out[key] = shape(value)
            return out
        if isinstance(node, list):
            return [shape(v) for v in node]
        return node

    return hashlib.sha256(json.dumps(shape(schema), sort_keys=True).encode()).hexdigest()[:16]


class NameRegistry:
    def __init__(self, data: Json | None = None, path: Path | None = None) -> None:
        data = data if data is not None else {}
        self.path = path
        self.operations: dict[str, Json] = dict(data.get("operations") or {})
        self.schemas: dict[str, str] = dict(data.get("schemas") or {})
        holders: dict[tuple[str, str], str] = {}
        for key, entry in self.operations.items():
            other = holders.setdefault((entry["module"], entry["function"]), key)
            if other != key:
                # One name, two operations: users' code would silently call another endpoint.
                raise ValueError(f"names.json gives {entry['module']}.{entry['function']} to both {other} and {key}")
            if "method" in entry:
                other = holders.setdefault((entry["module"], "method:" + entry["method"]), key)
                if other != key:
                    raise ValueError(
                        f"names.json gives method {entry['module']}.{entry['method']} to {other} and {key}"
                    )

    @classmethod
    def load(cls, path: Path = REGISTRY) -> NameRegistry:
        data = json.loads(path.read_text()) if path.is_file() else {}
        return cls(data, path)

    def to_json(self) -> Json:
        return {"$comment": COMMENT, "operations": self.operations, "schemas": dict(sorted(self.schemas.items()))}

    def save(self, path: Path | None = None) -> None:
        target = path or self.path or REGISTRY
        target.write_text(json.dumps(self.to_json(), indent=1) + "\n")

    # -- assigning names to a spec ------------------------------------------------------------

    def assign(self, spec: Json) -> dict[str, tuple[str, str]]:
        """``"METHOD /path"`` -> ``(module, function)`` for every operation of ``spec``.

        Registered operations keep their names; the others get derived ones, in path order, so
        the result depends only on the spec and the registry.
        """
        ops = dict(_operations(spec))
        names: dict[str, tuple[str, str]] = {}
        taken: set[tuple[str, str]] = {(e["module"], e["function"]) for e in self.operations.values()}
        for key in ops:
            entry = self.operations.get(key)
            if entry is not None:
                names[key] = (entry["module"], entry["function"])
        # A tag's registered module, by vote of its registered operations in this spec: a new
        # operation under a renamed or "Deprecated: " tag joins the module its siblings live in.
        votes: dict[str, Counter[str]] = {}
        for key, (_method, _path, op) in ops.items():
            if key in names:
                votes.setdefault(home_tag(op), Counter())[names[key][0]] += 1
        for key in sorted(k for k in ops if k not in names):
            method, path, op = ops[key]
            tag = home_tag(op)
            module = min(votes[tag].items(), key=lambda kv: (-kv[1], kv[0]))[0] if tag in votes else module_name(tag)
            function = _free_name(module, function_name(method, path, op), path, ops, names, taken)
            names[key] = (module, function)
            taken.add((module, function))
        return names

    def methods(self, assigned: dict[str, tuple[str, str]]) -> dict[str, str]:
        """``"METHOD /path"`` -> the typed method's name in its module's namespace (``cal.api.<module>``),
        for the operations of ``assigned`` and every registered one (removed ones too, so a name
        is fixed before an operation returns).

        A registered method name is kept; an operation without one gets its function name (unique
        in its module already), or a suffixed one if another operation holds or held that method.
        """
        homes = {key: (entry["module"], entry["function"]) for key, entry in self.operations.items()}
        homes.update(assigned)
        taken = {(e["module"], e["method"]) for e in self.operations.values() if "method" in e}
        methods: dict[str, str] = {}
        for key in sorted(homes):
            entry = self.operations.get(key)
            if entry is not None and "method" in entry:
                methods[key] = entry["method"]
        for key in sorted(k for k in homes if k not in methods):
            module, function = homes[key]
            candidate, number = function, 2
            while (module, candidate) in taken:
                candidate = f"{function}_{number}"
                number += 1
            methods[key] = candidate
            taken.add((module, candidate))
        return methods

    def schema_renames(self, schemas: Json) -> dict[str, str]:
        """Upstream schema name -> the recorded name it keeps (a rename that kept the shape)."""
        by_print: dict[str, list[str]] = {}
        for name, print_ in self.schemas.items():
            if name not in schemas:
                by_print.setdefault(print_, []).append(name)
        renames: dict[str, str] = {}
        claimed: set[str] = set()
        for name in sorted(schemas):
            if name in self.schemas:
                continue
            candidates = by_print.get(fingerprint(schemas[name]), [])
            # Ambiguous shapes (several recorded schemas alike) are left alone: a wrong merge is
            # worse than a new name.
            if len(candidates) == 1 and candidates[0] not in claimed:
                renames[name] = candidates[0]
                claimed.add(candidates[0])
        return renames

    # -- recording a spec ----------------------------------------------------------------------

    def record(
        self,
        raw: Json,
        assigned: dict[str, tuple[str, str]],
        renames: dict[str, str],
        methods: dict[str, str] | None = None,
    ) -> list[str]:
        """Register ``raw``'s operations (named ``assigned``) and schemas (under the names they are
        generated as: ``renames`` maps upstream names to kept ones); returns the changes in words."""
        changes: list[str] = []
        present = {key for key, _ in _operations(raw)}
        for key, (module, function) in assigned.items():
            entry = self.operations.get(key)
            if entry is None:
                self.operations[key] = {"module": module, "function": function}
                changes.append(f"named {key} -> {module}.{function}")
            elif entry.pop("removed", None):
                changes.append(f"{key} is back as {module}.{function}")
        for key, entry in self.operations.items():
            if methods and key in methods and "method" not in entry:
                entry["method"] = methods[key]
                changes.append(f"method {key} -> cal.api.{entry['module']}.{methods[key]}")
            if key not in present and not entry.get("removed"):
                entry["removed"] = True
                changes.append(f"{key} ({entry['module']}.{entry['function']}) is not in this spec: marked removed")
        for name, schema in (raw.get("components", {}).get("schemas") or {}).items():
            self.schemas.setdefault(renames.get(name, name), fingerprint(schema))
        return changes


def _free_name(
    module: str,
    base: str,
    path: str,
    ops: dict[str, tuple[str, str, Json]],
    names: dict[str, tuple[str, str]],
    taken: set[tuple[str, str]],
) -> str:
    if (module, base) not in taken:
        return base
    # The same operationId on two paths (an old and a new spelling of one route): the path words
    # this one has and its namesake lacks tell them apart.
    rivals = [p for k, (m, p, _op) in ops.items() if names.get(k) == (module, base)]
    own = _words(path)
    extra = [w for w in own if all(w not in _words(r) for r in rivals)] if rivals else []
    candidate = f"{base}_{'_'.join(extra)}" if extra else base
    number = 2
    while (module, candidate) in taken:
        candidate = f"{base}_{number}"
        number += 1
    return candidate


def _words(path: str) -> list[str]:
    return [snake(part) for part in path.split("/") if part and not part.startswith("{") and part != "v2"]


def _operations(spec: Json) -> Iterator[tuple[str, tuple[str, str, Json]]]:
    for path, item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            op = item.get(method) if isinstance(item, dict) else None
            if isinstance(op, dict):
                yield operation_key(method, path), (method, path, op)
