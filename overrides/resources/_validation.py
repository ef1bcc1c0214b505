"""Checks run on keyword arguments before any request is sent.

Every failure is a ``CalValidationError`` naming the offending argument: a wrong type or an empty
string caught here costs nothing, while the same mistake sent to Cal.com comes back as a 400 whose
message is often just "Bad Request Exception".
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from .._errors import CalValidationError

__all__ = ["METADATA_LIMITS", "CalValidationError"]


# Cal.com's limits on booking metadata (CreateBookingInput_2024_08_13.metadata).
METADATA_LIMITS = {"max_keys": 50, "max_key_length": 40, "max_string_length": 500}

# Matched whole (fullmatch): "$" would accept a trailing newline.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _type_name(value: object) -> str:
    return type(value).__name__


def require_int(value: object, *, name: str, minimum: int | None = None) -> int:
    # bool is an int subclass; True as an id is always a mistake.
    if not isinstance(value, int) or isinstance(value, bool):
        raise CalValidationError(f"{name} must be an int, not {_type_name(value)} ({value!r})", argument=name)
    if minimum is not None and value < minimum:
        raise CalValidationError(f"{name} must be ≥ {minimum}, got {value}", argument=name)
    return value


def optional_int(value: object, *, name: str, minimum: int | None = None) -> int | None:
    return None if value is None else require_int(value, name=name, minimum=minimum)


def require_str(value: object, *, name: str) -> str:
    if not isinstance(value, str):
        raise CalValidationError(f"{name} must be a str, not {_type_name(value)} ({value!r})", argument=name)
    if not value.strip():
        raise CalValidationError(f"{name} must not be empty", argument=name)
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise CalValidationError(
                f"{name} contains a lone surrogate character, which is not valid text (check how it was decoded)",
                argument=name,
            ) from None
    return value


_UNSAFE_IN_PATH = re.compile(r"[/?#%\\\s]")


def require_path_segment(value: object, *, name: str) -> str:
    """An id that goes into the URL path: a non-empty str that cannot change the path it lands in."""
    text = require_str(value, name=name)
    if _UNSAFE_IN_PATH.search(text) or text in (".", ".."):
        raise CalValidationError(f"{name}={text!r} is not a valid id (no '/', '?', '#', '%' or spaces)", argument=name)
    return text


def optional_str(value: object, *, name: str) -> str | None:
    return None if value is None else require_str(value, name=name)


def require_bool(value: object, *, name: str) -> bool:
    if not isinstance(value, bool):
        raise CalValidationError(f"{name} must be a bool, not {_type_name(value)} ({value!r})", argument=name)
    return value


def optional_bool(value: object, *, name: str) -> bool | None:
    return None if value is None else require_bool(value, name=name)


def require_email(value: object, *, name: str) -> str:
    text = require_str(value, name=name)
    if not _EMAIL.fullmatch(text):
        raise CalValidationError(f"{name}={text!r} is not an e-mail address", argument=name)
    return text


def optional_email(value: object, *, name: str) -> str | None:
    return None if value is None else require_email(value, name=name)


def require_str_list(value: object, *, name: str, email: bool = False) -> list[str]:
    # A bare string is a Sequence[str] too; "a@x.com" would otherwise become nine guests.
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise CalValidationError(f"{name} must be a list of str, not {_type_name(value)}", argument=name)
    check = require_email if email else require_str
    return [check(item, name=f"{name}[{i}]") for i, item in enumerate(value)]


def require_int_list(value: object, *, name: str) -> list[int]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise CalValidationError(f"{name} must be a list of int, not {_type_name(value)}", argument=name)
    return [require_int(item, name=f"{name}[{i}]") for i, item in enumerate(value)]


def require_mapping(value: object, *, name: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise CalValidationError(f"{name} must be a mapping, not {_type_name(value)}", argument=name)
    for key in value:
        if not isinstance(key, str):
            raise CalValidationError(f"{name} keys must be str, got {key!r}", argument=name)
    return dict(value)


def require_choice(value: object, *, name: str, choices: Sequence[str]) -> str:
    if value not in choices:
        raise CalValidationError(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}", argument=name)
    return str(value)


def check_metadata(value: object, *, name: str = "metadata", reserved_keys: int = 0) -> dict[str, Any]:
    """Booking metadata within Cal.com's limits; ``reserved_keys`` are slots the SDK needs for itself."""
    metadata = require_mapping(value, name=name)
    max_keys = METADATA_LIMITS["max_keys"] - reserved_keys
    if len(metadata) > max_keys:
        raise CalValidationError(
            f"{name} has {len(metadata)} keys; Cal.com allows {METADATA_LIMITS['max_keys']}"
            + (f" and the SDK uses {reserved_keys} for exactly-once creation" if reserved_keys else ""),
            argument=name,
        )
    for key, item in metadata.items():
        if not key or len(key) > METADATA_LIMITS["max_key_length"]:
            raise CalValidationError(
                f"{name} key {key[:60]!r} must be 1-{METADATA_LIMITS['max_key_length']} characters", argument=name
            )
        if isinstance(item, str):
            if len(item) > METADATA_LIMITS["max_string_length"]:
                raise CalValidationError(
                    f"{name}[{key!r}] is {len(item)} characters; Cal.com allows {METADATA_LIMITS['max_string_length']}",
                    argument=name,
                )
        elif isinstance(item, float) and not math.isfinite(item):
            raise CalValidationError(f"{name}[{key!r}] is {item!r}, which JSON cannot carry", argument=name)
        elif not isinstance(item, int | float | bool):
            raise CalValidationError(
                f"{name}[{key!r}] must be a str, int, float or bool, not {_type_name(item)}", argument=name
            )
    return metadata


def body_part(value: object, *, name: str) -> dict[str, Any]:
    """A nested body object given as a mapping or as a generated model (anything with ``to_dict``)."""
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict) and not isinstance(value, Mapping):
        result = to_dict()
        if isinstance(result, dict):
            return result
    return require_mapping(value, name=name)


def body_parts(value: object, *, name: str) -> list[dict[str, Any]]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
        raise CalValidationError(f"{name} must be a list, not {_type_name(value)}", argument=name)
    return [body_part(item, name=f"{name}[{i}]") for i, item in enumerate(value)]
