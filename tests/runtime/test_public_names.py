"""Public names show the package, never the repository's folder layout (``overrides/``)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

import cal_client._exports
import pytest

from cal_client import CalError

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_MODULES = ("cal_client", "cal_client.resources", "cal_client.testing", "cal_client.webhooks")


def public_objects() -> list[tuple[str, object]]:
    found = []
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        names = cal_client._exports.__all__ if module_name == "cal_client" else module.__all__
        found += [(f"{module_name}.{name}", getattr(module, name)) for name in names]
    return found


def all_subclasses(cls: type) -> set[type]:
    return {sub for direct in cls.__subclasses__() for sub in {direct, *all_subclasses(direct)}}


def test_every_public_name_lives_under_cal_client_without_overrides() -> None:
    objects = public_objects()
    assert len(objects) > 100
    for path, value in objects:
        assert "overrides" not in path
        module = getattr(value, "__name__", "") if inspect.ismodule(value) else getattr(value, "__module__", "")
        if module:  # constants (TRIGGERS, NOT_GIVEN's class aside) have none
            assert module.startswith("cal_client") and "overrides" not in module, (path, module)


def test_every_exception_class_path_is_free_of_overrides() -> None:
    for package in ("cal_client.resources", "cal_client.webhooks", "cal_client.testing"):
        for info in pkgutil.walk_packages(importlib.import_module(package).__path__, package + "."):
            importlib.import_module(info.name)
    classes = all_subclasses(CalError) | {CalError}
    assert len(classes) > 15
    for cls in classes:
        assert "overrides" not in f"{cls.__module__}.{cls.__qualname__}", cls


@pytest.mark.parametrize("module", ["cal_client.testing", "cal_client.webhooks", "cal_client.resources"])
def test_subpackages_import_directly_in_a_fresh_process(module: str, tmp_path: Path) -> None:
    code = f"import {module} as m; print(m.__name__)"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == module, out.stderr


def test_a_traceback_names_cal_client_not_the_folder(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import asyncio, httpx
        from cal_client import AsyncCal

        def answer(request):
            return httpx.Response(404, json={"status": "error", "error": {"code": "NotFoundException"}})

        async def main():
            async with AsyncCal(api_key="cal_" + "x" * 32, transport=httpx.MockTransport(answer)) as cal:
                await cal.me.get()

        asyncio.run(main())
        """
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert "cal_client._errors.NotFoundError" in out.stderr, out.stderr
    assert "overrides" not in out.stderr


def test_docs_examples_and_docstrings_never_name_the_folder_as_a_module() -> None:
    texts = {path: path.read_text() for path in [ROOT / "README.md", *ROOT.glob("examples/*.py")]}
    texts |= {path: path.read_text() for path in (ROOT / "overrides").rglob("*.py")}
    for path, text in texts.items():
        assert "cal_client.overrides" not in text, path
    for path in ROOT.glob("examples/*.py"):
        assert "overrides" not in path.read_text(), path
