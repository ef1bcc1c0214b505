"""How much of a spec became code: operations -> endpoint modules, schemas -> model classes."""

from __future__ import annotations

import ast
from pathlib import Path

from .normalise import HTTP_METHODS


def class_name(schema_name: str) -> str:
    from openapi_python_client.strings import ClassName

    return str(ClassName(schema_name, prefix=""))


def coverage(raw: dict, normalised: dict, package: Path) -> dict:
    ops = [(m, p, op) for p, item in normalised["paths"].items() for m in HTTP_METHODS if (op := item.get(m))]
    modules = {
        f"{path.parent.name}.{path.stem}" for path in (package / "api").glob("*/*.py") if path.name != "__init__.py"
    }
    generated_ops = 0
    no_response = []
    for method, path, op in ops:
        tag = _snake_tag(op["tags"][0])
        if f"{tag}.{op['operationId']}" in modules:
            generated_ops += 1
        if not any(
            code.startswith("2") and (resp.get("content") or {}).get("application/json", {}).get("schema")
            for code, resp in op.get("responses", {}).items()
        ):
            no_response.append(f"{method.upper()} {path} ({tag}.{op['operationId']})")
    classes = _model_classes(package / "models" / "__init__.py")
    # Judge against the published schemas: normalisation may add helpers but must lose none.
    schemas = raw.get("components", {}).get("schemas", {})
    # A schema Cal.com renamed keeps its recorded class name (openapi/names.py).
    renames = normalised.get("x-schema-renames", {})
    missing = [name for name in schemas if class_name(renames.get(name, name)) not in classes]
    raw_ops = sum(1 for item in raw["paths"].values() for m in HTTP_METHODS if m in item)
    return {
        "operations": raw_ops,
        "operations_generated": generated_ops,
        "schemas": len(raw.get("components", {}).get("schemas", {})),
        "schemas_as_classes": len(schemas) - len(missing),
        "schemas_missing": missing,
        "model_classes": len(classes),
        "no_response_schema": no_response,
    }


def _snake_tag(tag: str) -> str:
    from openapi_python_client.strings import PythonIdentifier

    return str(PythonIdentifier(tag, prefix="tag"))


def _model_classes(init: Path) -> set[str]:
    tree = ast.parse(init.read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
            return {elt.value for elt in node.value.elts}  # type: ignore[attr-defined]
    return set()


def format_table(rows: dict[str, dict]) -> str:
    lines = [
        "| spec | operations | endpoint modules | schemas | schemas as classes | model classes | no response schema |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in rows.items():
        ops_pct = 100 * r["operations_generated"] / max(r["operations"], 1)
        lines.append(
            f"| {name} | {r['operations']} | {r['operations_generated']} ({ops_pct:.0f} %) | {r['schemas']} "
            f"| {r['schemas_as_classes']} | {r['model_classes']} | {len(r['no_response_schema'])} |"
        )
    return "\n".join(lines)
