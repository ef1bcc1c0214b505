"""The committed client imports module by module, and lazily."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
import typing
from pathlib import Path

import pytest

import cal_client
import cal_client.api
import cal_client.models as models
from cal_client.client import AuthenticatedClient, Client

# Top-level names that overrides/ mounts into the package (setup.py): everything else is generated.
HANDWRITTEN = {
    path.stem if path.suffix == ".py" else path.name
    for path in (Path(__file__).parents[2] / "overrides").iterdir()
    if path.suffix == ".py" or (path / "__init__.py").exists()
}


def test_every_generated_module_imports() -> None:
    names = [info.name for info in pkgutil.walk_packages(cal_client.__path__, "cal_client.")]
    generated = [name for name in names if name.split(".")[1] not in HANDWRITTEN]
    assert len(generated) > 800
    failures = {}
    for name in generated:
        try:
            importlib.import_module(name)
        except Exception as exc:
            failures[name] = repr(exc)
    assert failures == {}


def test_every_exported_model_name_resolves_to_its_class() -> None:
    unresolved = [name for name in models.__all__ if getattr(models, name).__name__ != name]
    assert unresolved == []
    assert dir(models) == sorted(models.__all__)
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchModel'"):
        _ = models.NoSuchModel


def _loaded_after(statement: str) -> list[str]:
    code = f"import sys, json; {statement}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    loaded: list[str] = json.loads(out.stdout)
    return [name for name in loaded if name.startswith("cal_client.models.")]


def test_importing_the_package_loads_no_model() -> None:
    assert _loaded_after("import cal_client") == []


def test_importing_one_endpoint_loads_no_model_and_its_first_call_only_the_models_it_names() -> None:
    assert _loaded_after("from cal_client.api.bookings import create_booking") == []
    loaded = _loaded_after("from cal_client.api.bookings import get_booking; get_booking._get_kwargs('uid')")
    assert len(loaded) < 10, loaded
    assert "cal_client.models.get_booking_output_20240813" in loaded


def _operations() -> list[object]:
    names = [info.name for info in pkgutil.walk_packages(cal_client.api.__path__, "cal_client.api.")]
    modules = [importlib.import_module(name) for name in names]
    return [module for module in modules if hasattr(module, "_get_kwargs")]


def test_every_operation_binds_on_first_call_each_model_its_functions_name() -> None:
    # An operation imports its models on its first call; a name left out of that step would be a
    # NameError in the middle of a request. Resolving the annotations finds every such name.
    operations = _operations()
    assert len(operations) > 200
    clients = {"AuthenticatedClient": AuthenticatedClient, "Client": Client}
    failures = {}
    for module in operations:
        load = getattr(module, "_load_models", None)
        if load is not None:
            load()
        try:
            typing.get_type_hints(module._get_kwargs)  # type: ignore[attr-defined]
            typing.get_type_hints(module._parse_response, localns=clients)  # type: ignore[attr-defined]
        except NameError as exc:
            failures[module.__name__] = str(exc)
    assert failures == {}
