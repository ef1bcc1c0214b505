"""Times and time zones at the SDK boundary.

Cal.com reads a start time without an offset as UTC, so a naive ``datetime`` sent as-is would book
at the wrong hour for anyone not on UTC. Going out, every instant must therefore carry its zone
and is sent as UTC with a ``Z``; coming back, every timestamp is returned timezone-aware.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import zoneinfo

from dateutil.parser import isoparse

from ._validation import CalValidationError

__all__ = [
    "TimeInput",
    "format_day_or_time",
    "format_utc",
    "parse_aware",
    "to_utc",
    "validate_time_zone",
]

TimeInput = _dt.datetime | str
"""An instant: a timezone-aware ``datetime`` or an ISO-8601 string with an offset (``Z`` or ``±HH:MM``)."""

_UTC = _dt.UTC
# zoneinfo lists these files of the tz database, but they are not zone names Cal.com accepts.
_NOT_ZONE_NAMES = frozenset({"localtime", "posixrules", "Factory"})
_ZONE_NAME_SHAPE = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*$")


def to_utc(value: object, *, name: str) -> _dt.datetime:
    """The instant ``value`` as an aware UTC ``datetime``; ``name`` is the argument named in errors."""
    if isinstance(value, _dt.datetime):
        moment = value
    elif isinstance(value, str):
        if not value.strip():
            raise CalValidationError(f"{name} must not be empty", argument=name)
        try:
            moment = isoparse(value.strip())
        except ValueError as exc:
            raise CalValidationError(
                f"{name}={value!r} is not an ISO-8601 date-time (e.g. '2025-01-31T09:00:00Z')", argument=name
            ) from exc
    else:
        # ``date`` is rejected here too: a day without a time is not an instant.
        raise CalValidationError(
            f"{name} must be a timezone-aware datetime or an ISO-8601 string, not {type(value).__name__}",
            argument=name,
        )
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        raise CalValidationError(
            f"{name}={value!r} has no time zone; pass an aware datetime "
            f"(e.g. datetime(..., tzinfo=ZoneInfo('Europe/Paris')) or datetime.now(timezone.utc)) "
            f"or an ISO string with an offset such as 'Z'",
            argument=name,
        )
    try:
        return moment.astimezone(_UTC)
    except (OverflowError, ValueError):
        raise CalValidationError(
            f"{name}={value!r} is outside the range of dates once converted to UTC", argument=name
        ) from None


def format_utc(value: object, *, name: str) -> str:
    """``value`` as Cal.com wants it on the wire: UTC, ISO-8601, with a ``Z`` (milliseconds when non-zero)."""
    moment = to_utc(value, name=name)
    if moment.microsecond:
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def format_day_or_time(value: object, *, name: str) -> str:
    """Like ``format_utc`` but also takes a ``date`` (sent as ``YYYY-MM-DD``), as the slots query does."""
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return _dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError as exc:
            raise CalValidationError(f"{name}={value!r} is not a valid date", argument=name) from exc
    return format_utc(value, name=name)


def parse_aware(value: _dt.datetime | str) -> _dt.datetime:
    """A timestamp from a response as an aware ``datetime``.

    Works whether the generated model already holds a ``datetime`` or still a string. Cal.com
    serialises JavaScript Dates (UTC with ``Z``); a value without an offset is read as UTC, which is
    how the server itself reads such values.
    """
    moment = value if isinstance(value, _dt.datetime) else isoparse(value)
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        return moment.replace(tzinfo=_UTC)
    return moment


@functools.cache
def _known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones()) - _NOT_ZONE_NAMES


def validate_time_zone(value: object, *, name: str) -> str:
    """``value`` if it is an IANA time-zone name (``Europe/Paris``, ``UTC``); otherwise a ``CalValidationError``."""
    if not isinstance(value, str):
        raise CalValidationError(
            f"{name} must be an IANA time-zone name such as 'Europe/Paris', not {type(value).__name__}",
            argument=name,
        )
    if not value:
        raise CalValidationError(f"{name} must not be empty", argument=name)
    known = _known_zones()
    # Without any tz database (no system zoneinfo, no tzdata) only the shape can be checked.
    valid = value in known if known else bool(_ZONE_NAME_SHAPE.match(value))
    if not valid:
        raise CalValidationError(
            f"{name}={value!r} is not an IANA time-zone name (e.g. 'Europe/Paris', 'America/New_York', 'UTC')",
            argument=name,
        )
    return value
