"""Table-driven request bodies: keyword arguments → validated camelCase JSON.

Resources with many optional body fields (event types, managed users, /me) list them once as
``Field`` specs; ``build_body`` checks each given value with its kind and skips the ``None`` ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ._time import validate_time_zone
from ._validation import (
    CalValidationError,
    body_part,
    body_parts,
    require_bool,
    require_email,
    require_int,
    require_int_list,
    require_mapping,
    require_str,
)

__all__ = ["Field", "build_body"]

Kind = Literal["str", "int", "count", "bool", "email", "time_zone", "object", "objects", "ints", "mapping", "choice"]


@dataclass(frozen=True)
class Field:
    key: str
    """The API's camelCase name."""
    kind: Kind
    choices: tuple[Any, ...] = ()


def _check(spec: Field, value: object, name: str) -> Any:
    if spec.kind == "str":
        return require_str(value, name=name)
    if spec.kind == "int":
        return require_int(value, name=name, minimum=1)
    if spec.kind == "count":
        return require_int(value, name=name, minimum=0)
    if spec.kind == "bool":
        return require_bool(value, name=name)
    if spec.kind == "email":
        return require_email(value, name=name)
    if spec.kind == "time_zone":
        return validate_time_zone(value, name=name)
    if spec.kind == "object":
        return body_part(value, name=name)
    if spec.kind == "objects":
        return body_parts(value, name=name)
    if spec.kind == "ints":
        return require_int_list(value, name=name)
    if spec.kind == "mapping":
        return require_mapping(value, name=name)
    if spec.kind == "choice":
        if value not in spec.choices:
            raise CalValidationError(
                f"{name} must be one of {', '.join(map(repr, spec.choices))}; got {value!r}", argument=name
            )
        return value
    raise AssertionError(spec.kind)  # pragma: no cover


def build_body(
    fields: Mapping[str, Field],
    values: Mapping[str, object],
    *,
    extra_body: object = None,
) -> dict[str, Any]:
    """``values`` (python name → value; None = not given) as the API's JSON object."""
    body: dict[str, Any] = {}
    for name, value in values.items():
        if value is None:
            continue
        spec = fields[name]
        body[spec.key] = _check(spec, value, name)
    if extra_body is not None:
        body.update(require_mapping(extra_body, name="extra_body"))
    return body
