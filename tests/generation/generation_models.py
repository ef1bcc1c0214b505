"""Inspecting parsed generated models: did every object land in the class its schema names?"""

from __future__ import annotations

import datetime
import functools
import re
import types
import typing
from collections.abc import Iterator
from typing import Any

import attrs

import cal_client.models as models
from cal_client import types as cal_types


@functools.cache
def _namespace() -> dict[str, Any]:
    names: dict[str, Any] = {name: getattr(models, name) for name in models.__all__}
    names.update(vars(typing), datetime=datetime, Unset=cal_types.Unset, File=cal_types.File)
    return names


@functools.cache
def hints(cls: type) -> dict[str, Any]:
    module = vars(__import__(cls.__module__, fromlist=["_"]))
    return typing.get_type_hints(cls, globalns={**module, **_namespace()})


def _classes(hint: Any) -> Iterator[Any]:
    """Every class a type hint can hold, unions and lists opened."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(hint):
            yield from _classes(arg)
    elif origin is list:
        yield list
    elif origin is dict:
        yield dict
    else:
        yield hint


def _item_hint(hint: Any) -> Any:
    for arg in typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else [hint]:
        if typing.get_origin(arg) is list:
            return typing.get_args(arg)[0]
    return Any


def misplaced(value: Any, hint: Any = Any, where: str = "$") -> Iterator[str]:
    """Paths of JSON objects kept as plain dicts where the type says a model was expected
    (a union found no variant), and of unknown keys on models that declare their properties."""
    if attrs.has(type(value)):
        # Private attrs fields (``_departed``: the raw JSON of departed fields) are not properties.
        fields = [
            f.name
            for f in attrs.fields(type(value))
            if f.name != "additional_properties" and not f.name.startswith("_")
        ]
        if fields and value.additional_properties:
            yield f"{where}: undeclared keys {sorted(value.additional_properties)} on {type(value).__name__}"
        own = hints(type(value))
        for name in fields:
            yield from misplaced(getattr(value, name), own[name], f"{where}.{name}")
    elif isinstance(value, list):
        item = _item_hint(hint)
        for i, element in enumerate(value):
            yield from misplaced(element, item, f"{where}[{i}]")
    elif isinstance(value, dict):
        allowed = set(_classes(hint))
        if Any not in allowed and dict not in allowed and any(attrs.has(c) for c in allowed if isinstance(c, type)):
            yield f"{where}: kept as a dict, expected {sorted(c.__name__ for c in allowed if isinstance(c, type))}"


_TO_ISO_STRING = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def _same_instant(received: str, written: str) -> bool:
    try:
        before, after = datetime.datetime.fromisoformat(received), datetime.datetime.fromisoformat(written)
    except ValueError:
        return False
    return before.tzinfo is not None and before == after


def json_differences(received: Any, written: Any, where: str = "$") -> list[str]:
    """Where ``written`` (a model's ``to_dict()``) is not the JSON ``received``.

    One spelling may differ: a date-time read into a ``datetime`` is written back as Cal.com
    writes every date-time (JavaScript's toISOString: milliseconds and Z), the same instant. The
    spec's examples leave the milliseconds out; what the server sends comes back character for
    character."""
    if isinstance(received, dict) and isinstance(written, dict):
        found = [f"{where}.{key}: lost" for key in received if key not in written]
        found += [f"{where}.{key}: added" for key in written if key not in received]
        for key in received.keys() & written.keys():
            found += json_differences(received[key], written[key], f"{where}.{key}")
        return found
    if isinstance(received, list) and isinstance(written, list):
        if len(received) != len(written):
            return [f"{where}: {len(received)} items became {len(written)}"]
        pairs = enumerate(zip(received, written, strict=True))
        return [d for i, (before, after) in pairs for d in json_differences(before, after, f"{where}[{i}]")]
    if type(received) is type(written) and received == written:
        return []
    if (
        isinstance(received, str)
        and isinstance(written, str)
        and _TO_ISO_STRING.fullmatch(written)
        and _same_instant(received, written)
    ):
        return []
    return [f"{where}: {type(received).__name__} written back as {type(written).__name__} {written!r}"[:200]]
