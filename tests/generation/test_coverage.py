"""Every operation and every component schema of each Cal.com spec becomes code, with no warning."""

from __future__ import annotations

import ast
import re

import pytest
from generation_fixtures import SPEC_NAMES, Generated
from generation_samples import operations, success_schema

from openapi.coverage import _snake_tag

ENDPOINT_FUNCTIONS = {"asyncio_detailed", "sync_detailed"}
TYPED_FUNCTIONS = {"asyncio", "sync"}


def _functions(module: ast.Module) -> set[str]:
    return {node.name for node in module.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}


@pytest.mark.parametrize("date", [*SPEC_NAMES, "locked"])
def test_every_operation_is_an_endpoint_module_with_async_and_sync_functions(
    generated_specs: dict[str, Generated], date: str
) -> None:
    gen = generated_specs[date]
    assert gen.row["operations_generated"] == gen.row["operations"] == len(list(operations(gen.raw)))
    missing, untyped = [], []
    for path, method, op in operations(gen.normalised):
        module = gen.package / "api" / _snake_tag(op["tags"][0]) / f"{op['operationId']}.py"
        if not module.is_file():
            missing.append(f"{method.upper()} {path}")
            continue
        functions = _functions(ast.parse(module.read_text()))
        expected = ENDPOINT_FUNCTIONS | (TYPED_FUNCTIONS if success_schema(op) else set())
        if not expected <= functions:
            untyped.append(f"{method.upper()} {path}: has {sorted(functions)}")
    assert missing == []
    assert untyped == []


@pytest.mark.parametrize("date", [*SPEC_NAMES, "locked"])
def test_every_component_schema_is_a_model_class(generated_specs: dict[str, Generated], date: str) -> None:
    gen = generated_specs[date]
    schemas = gen.raw["components"]["schemas"]
    assert gen.row["schemas_missing"] == []
    assert gen.row["schemas_as_classes"] == gen.row["schemas"] == len(schemas)
    # The lazy models/__init__ maps every exported name to a module that really defines it.
    init = (gen.package / "models" / "__init__.py").read_text()
    lazy = dict(re.findall(r'^    "(\w+)": "\.(\w+)",$', init, re.M))
    assert len(lazy) == gen.row["model_classes"]
    undefined = [
        name
        for name, module in lazy.items()
        if not re.search(rf"^class {name}\b", (gen.package / "models" / f"{module}.py").read_text(), re.M)
    ]
    assert undefined == []


@pytest.mark.parametrize("date", [*SPEC_NAMES, "locked"])
def test_generation_prints_no_warning(generated_specs: dict[str, Generated], date: str) -> None:
    assert generated_specs[date].row["generator_warnings"] == []


@pytest.mark.parametrize("date", [*SPEC_NAMES, "locked"])
def test_operations_without_a_response_schema_are_listed(generated_specs: dict[str, Generated], date: str) -> None:
    gen = generated_specs[date]
    expected = {f"{method.upper()} {path}" for path, method, op in operations(gen.raw) if not success_schema(op)}
    listed = {entry.split(" (")[0] for entry in gen.row["no_response_schema"]}
    assert listed == expected
    assert len(gen.row["no_response_schema"]) == len(expected)


MODEL_IMPORT = re.compile(r"from \.+models\.(\w+) import (\w+)")


@pytest.mark.parametrize("date", [*SPEC_NAMES, "locked"])
def test_no_generated_module_imports_a_model_that_was_not_generated(
    generated_specs: dict[str, Generated], date: str
) -> None:
    # Imports inside from_dict run only when parsing: an import smoke test cannot see them.
    package = generated_specs[date].package
    defined: dict[str, str] = {}
    dangling = set()
    for path in package.rglob("*.py"):
        for module, name in MODEL_IMPORT.findall(path.read_text()):
            if module not in defined:
                target = package / "models" / f"{module}.py"
                defined[module] = target.read_text() if target.is_file() else ""
            if not re.search(rf"^class {name}\b", defined[module], re.M):
                dangling.add(f"{path.relative_to(package)}: {module}.{name}")
    assert sorted(dangling) == []
