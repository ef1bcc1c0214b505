"""Every one of the generated operations, called through AsyncCal: method, path and its own
``cal-api-version`` (or none) exactly as the locked spec says."""

from __future__ import annotations

import enum
import importlib
import inspect
import pkgutil
import re
from types import ModuleType
from typing import Any

import httpx
import pytest
from runtime_helpers import Body, make_cal

import cal_client.api
from cal_client import NotFoundError
from openapi.lock import read_lock
from openapi.normalise import Normaliser
from tests.conftest import load_locked_spec

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def endpoint_modules() -> dict[tuple[str, str], ModuleType]:
    """``{(tag package, operation): module}`` for every module under ``cal_client.api``."""
    found = {}
    for info in pkgutil.walk_packages(cal_client.api.__path__, cal_client.api.__name__ + "."):
        if not info.ispkg:
            tag, _, name = info.name.removeprefix("cal_client.api.").partition(".")
            found[tag, name] = importlib.import_module(info.name)
    return found


def tag_package(tag: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", tag.lower()).strip("_")


def dummy(annotation: Any, name: str) -> Any:
    if name == "body":
        return Body({"probe": True})
    if annotation is int:
        return 7
    if annotation is bool:
        return True
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return next(iter(annotation))
    return f"{name}-1"


def required_kwargs(module: ModuleType) -> dict[str, Any]:
    return {
        p.name: dummy(p.annotation, p.name)
        for p in inspect.signature(module._get_kwargs).parameters.values()
        if p.default is inspect.Parameter.empty
    }


def path_pattern(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")


@pytest.fixture(scope="module")
def operations() -> dict[tuple[str, str], tuple[str, str, dict[str, Any]]]:
    spec = Normaliser(load_locked_spec()).run()
    ops = {}
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in HTTP_METHODS:
                ops[tag_package(op["tags"][0]), op["operationId"]] = (method.upper(), path, op)
    return ops


def test_every_operation_has_a_module(operations: dict[tuple[str, str], Any]) -> None:
    assert len(operations) == read_lock()["operations"]
    assert set(endpoint_modules()) == set(operations)


async def test_each_operation_sends_exactly_its_own_version(operations: dict[tuple[str, str], Any]) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(404)

    versioned = 0
    async with make_cal(handler, max_retries=0) as cal:
        for name, module in sorted(endpoint_modules().items()):
            method, path, op = operations[name]
            with pytest.raises(NotFoundError):
                await cal.call(module, **required_kwargs(module))
            request = seen.pop()
            assert request.method == method, name
            assert path_pattern(path).match(request.url.path), (name, request.url.path, path)
            sent = request.headers.get_list("cal-api-version")
            expected = op.get("x-cal-api-version")
            if expected is None:
                assert sent == [], f"{name} is unversioned but sent {sent}"
            else:
                versioned += 1
                assert sent == [expected], f"{name} must send {expected}, sent {sent}"
    # Every versioned operation of the lock was seen sending its version (domain brief §2.1).
    assert versioned == sum(1 for _m, _p, op in operations.values() if op.get("x-cal-api-version")) > 0


async def test_versions_are_per_operation_not_sticky() -> None:
    """A versioned call followed by an unversioned one: nothing leaks from one to the next."""
    from cal_client.api.bookings import get_booking
    from cal_client.api.event_types_private_links import get_private_links
    from cal_client.api.slots import get_available_slots

    sent: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.headers.get("cal-api-version"))
        return httpx.Response(404)

    async with make_cal(handler, max_retries=0) as cal:
        for module in (get_booking, get_private_links, get_available_slots, get_private_links):
            with pytest.raises(NotFoundError):
                await cal.call(module, **required_kwargs(module))
    assert sent == ["2024-08-13", None, "2024-09-04", None]


def test_a_global_version_header_is_refused() -> None:
    with pytest.raises(ValueError, match="cal-api-version"):
        make_cal(lambda r: httpx.Response(200), default_headers={"cal-api-version": "2024-08-13"})
    cal = make_cal(lambda r: httpx.Response(200))
    with pytest.raises(ValueError, match="cal-api-version"):
        cal.with_options(extra_headers={"Cal-Api-Version": "2024-08-13"})
