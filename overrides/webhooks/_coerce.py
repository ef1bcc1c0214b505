"""Lenient readers for webhook JSON.

Cal.com's payloads vary by trigger, version and app, so a field of the wrong type becomes
``None`` (its value stays in the event's ``raw``/``payload``) instead of an exception inside
someone's webhook endpoint.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from dateutil.parser import isoparse

__all__ = ["as_datetime", "as_int", "as_mapping", "as_number", "as_sequence", "as_str", "get_path"]

_EMPTY: Mapping[str, Any] = {}


def as_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def as_int(value: object) -> int | None:
    # bool is an int subclass, and ``true`` is never an id.
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def as_number(value: object) -> int | float | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def as_mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else _EMPTY


def as_sequence(value: object) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def as_datetime(value: object) -> _dt.datetime | None:
    """An aware datetime from an ISO-8601 string; a time without an offset is UTC, as Cal.com writes it."""
    if not isinstance(value, str):
        return None
    try:
        parsed = isoparse(value)
        offset = parsed.utcoffset()
        if offset is None:
            return parsed.replace(tzinfo=_dt.UTC)
        # dateutil's tzutc/tzoffset become the stdlib's fixed zones: plain reprs, pickle anywhere.
        return parsed.replace(tzinfo=_dt.UTC if not offset else _dt.timezone(offset))
    except (ValueError, OverflowError):
        return None


def get_path(data: Mapping[str, Any], *keys: str) -> object:
    """``data[k1][k2]...``, or ``None`` as soon as a step is missing or not an object."""
    value: object = data
    for key in keys:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value
