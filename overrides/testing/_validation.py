"""Request validation that fails like Cal.com's pipes do.

The global ValidationPipe answers 400 with class-validator errors in ``details.errors``; the
custom pipes of ``POST /v2/bookings``, reschedule, cancel and ``GET /v2/slots`` forbid unknown
keys and flatten every error into one message (cal-api-v2.md 3.2). Rules here are the few
class-validator decorators FakeCal's routes need, not a general schema language.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._errors import ApiError, validation_failed

Json = dict[str, Any]
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
HH_MM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Durations, buffers and notices are minutes; FakeCal refuses more than a year (the spec sets no
# bound, and unbounded values would overflow date arithmetic instead of failing cleanly).
MAX_MINUTES = 525_600


@dataclass(frozen=True)
class Rule:
    required: bool = False
    nullable: bool = False

    def check(self, name: str, value: Any) -> tuple[dict[str, str], list[Json]]:
        """Constraints violated by ``value`` (name -> message) and errors of its children."""
        raise NotImplementedError


@dataclass(frozen=True)
class Str(Rule):
    non_empty: bool = False
    enum: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    kind: str = ""  # "iso8601" | "timezone" | "email" | "date" | "url"
    max_length: int | None = None

    def check(self, name: str, value: Any) -> tuple[dict[str, str], list[Json]]:
        if not isinstance(value, str):
            return {"isString": f"{name} must be a string"}, []
        bad: dict[str, str] = {}
        if self.non_empty and not value.strip():
            bad["isNotEmpty"] = f"{name} should not be empty"
        if self.enum and value not in self.enum:
            bad["isEnum"] = f"{name} must be one of the following values: {', '.join(self.enum)}"
        if self.pattern is not None and not self.pattern.match(value):
            bad["matches"] = f"{name} must match {self.pattern.pattern} regular expression"
        if self.max_length is not None and len(value) > self.max_length:
            bad["maxLength"] = f"{name} must be shorter than or equal to {self.max_length} characters"
        if self.kind == "iso8601" and parse_datetime(value) is None:
            bad["isISO8601"] = f"{name} must be a valid ISO 8601 date string"
        elif self.kind == "timezone" and not is_time_zone(value):
            bad["isTimeZone"] = f"{name} must be a valid IANA time zone"
        elif self.kind == "email" and not EMAIL.match(value):
            bad["isEmail"] = f"{name} must be an email"
        elif self.kind == "date" and parse_date(value) is None:
            bad["isDateString"] = f"{name} must be a valid date in the format YYYY-MM-DD"
        elif self.kind == "url" and not re.match(r"^https?://[^\s/]+", value):
            bad["isUrl"] = f"{name} must be a URL address"
        return bad, []


@dataclass(frozen=True)
class Int(Rule):
    minimum: int | None = None
    maximum: int | None = None

    def check(self, name: str, value: Any) -> tuple[dict[str, str], list[Json]]:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                return {"isInt": f"{name} must be an integer number"}, []
        return _bounds(name, value, self.minimum, self.maximum), []


@dataclass(frozen=True)
class Num(Rule):
    minimum: float | None = None
    maximum: float | None = None

    def check(self, name: str, value: Any) -> tuple[dict[str, str], list[Json]]:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return {"isNumber": f"{name} must be a number conforming to the specified constraints"}, []
        return _bounds(name, value, self.minimum, self.maximum), []


@dataclass(frozen=True)
class Bool(Rule):
    def check(self, name: str, value: Any) -> tuple[dict[str, str], list[Json]]:
        if not isinstance(value, bool):
            return {"isBoolean": f"{name} must be a boolean value"}, []
        return {}, []


@dataclass(frozen=True)
class Obj(Rule):
    fields: Mapping[str, Rule] | None = None
    forbid_unknown: bool = False

    def check(self, name: str, value: Any) -> tuple[dict[str, str], list[Json]]:
        if not isinstance(value, dict):
            return {"isObject": f"{name} must be an object"}, []
        if self.fields is None:
            return {}, []
        return {}, validate(value, self.fields, forbid_unknown=self.forbid_unknown)


@dataclass(frozen=True)
class Arr(Rule):
    item: Rule | None = None
    min_items: int = 0

    def check(self, name: str, value: Any) -> tuple[dict[str, str], list[Json]]:
        if not isinstance(value, list):
            return {"isArray": f"{name} must be an array"}, []
        if len(value) < self.min_items:
            return {"arrayMinSize": f"{name} must contain at least {self.min_items} elements"}, []
        children: list[Json] = []
        bad: dict[str, str] = {}
        if self.item is not None:
            for index, element in enumerate(value):
                constraints, nested = self.item.check(name, element)
                if constraints and not isinstance(self.item, Obj):
                    bad.update({k: f"each value in {v}" for k, v in constraints.items()})
                elif constraints or nested:
                    children.append(_error(str(index), element, value, constraints, nested))
        return bad, children


@dataclass(frozen=True)
class AnyOf(Rule):
    """A value valid under any one of ``options`` (a string or an object location, say)."""

    options: tuple[Rule, ...] = field(default_factory=tuple)

    def check(self, name: str, value: Any) -> tuple[dict[str, str], list[Json]]:
        first: tuple[dict[str, str], list[Json]] | None = None
        for option in self.options:
            result = option.check(name, value)
            if not result[0] and not result[1]:
                return {}, []
            first = first or result
        return first or ({}, [])


@dataclass(frozen=True)
class Custom(Rule):
    """A check written as a function: returns a message when ``value`` is wrong."""

    test: Callable[[Any], str | None] = lambda value: None
    constraint: str = "isValid"

    def check(self, name: str, value: Any) -> tuple[dict[str, str], list[Json]]:
        message = self.test(value)
        return ({self.constraint: f"{name} {message}"} if message else {}), []


def validate(body: Any, rules: Mapping[str, Rule], *, forbid_unknown: bool = False) -> list[Json]:
    """class-validator errors (``property``, ``constraints``, ``children``, ``value``, ``target``)."""
    if not isinstance(body, dict):
        return [_error("body", body, body, {"isObject": "body must be an object"}, [])]
    errors: list[Json] = []
    for name, rule in rules.items():
        if name not in body:
            if rule.required:
                errors.append(_error(name, None, body, {"isDefined": f"{name} should not be null or undefined"}, []))
            continue
        value = body[name]
        if value is None:
            if not rule.nullable:
                errors.append(_error(name, None, body, {"isDefined": f"{name} should not be null or undefined"}, []))
            continue
        constraints, children = rule.check(name, value)
        if constraints or children:
            errors.append(_error(name, value, body, constraints, children))
    if forbid_unknown:
        for name in body:
            if name not in rules:
                errors.append(
                    _error(name, body[name], body, {"whitelistValidation": f"property {name} should not exist"}, [])
                )
    return errors


def require_valid(body: Any, rules: Mapping[str, Rule], *, forbid_unknown: bool = False, flat: bool = False) -> Json:
    """``body`` when valid, else the 400 Cal.com sends (``flat``: the custom pipes' one-line message)."""
    errors = validate(body, rules, forbid_unknown=forbid_unknown)
    if errors:
        if flat:
            raise ApiError(400, flatten(errors))
        raise validation_failed(errors)
    result: Json = body
    return result


def flatten(errors: list[Json], prefix: str = "") -> str:
    """``"<prop> property is wrong,<constraint messages>"`` per error, as the custom pipes write it."""
    parts: list[str] = []
    for error in errors:
        name = f"{prefix}{error['property']}"
        if error["constraints"]:
            parts.append(f"{name} property is wrong," + ",".join(error["constraints"].values()))
        if error["children"]:
            parts.append(flatten(error["children"], prefix=f"{name}."))
    return ", ".join(parts)


def parse_datetime(value: str) -> dt.datetime | None:
    """An ISO-8601 instant; no offset means UTC (Cal.com parses with Luxon in zone UTC)."""
    text = value.strip()
    if not text or not text[0].isdigit():
        return None
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)


def parse_date(value: str) -> dt.date | None:
    if not DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_time_zone(name: str) -> bool:
    return name in _zones()


def _bounds(name: str, value: float, minimum: float | None, maximum: float | None) -> dict[str, str]:
    if minimum is not None and value < minimum:
        return {"min": f"{name} must not be less than {minimum}"}
    if maximum is not None and value > maximum:
        return {"max": f"{name} must not be greater than {maximum}"}
    return {}


def _error(name: str, value: Any, target: Any, constraints: dict[str, str], children: list[Json]) -> Json:
    error: Json = {"target": target, "property": name, "children": children, "constraints": constraints}
    if value is not None:
        error["value"] = value
    return error
