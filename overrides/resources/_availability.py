"""Weekly availability windows and one-day overrides, the building blocks of a schedule.

Their times are wall-clock ``HH:MM`` in the schedule's own time zone, so they take
``datetime.time`` (or ``"HH:MM"``) and never an instant.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["Availability", "AvailabilityOverride", "Weekday"]

Weekday = Literal["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass(frozen=True)
class Availability:
    """A weekly window: ``days`` from ``start_time`` to ``end_time`` (wall clock, the schedule's zone)."""

    days: Sequence[Weekday]
    start_time: _dt.time | str
    end_time: _dt.time | str


@dataclass(frozen=True)
class AvailabilityOverride:
    """Different hours on one ``date`` (the schedule's zone)."""

    date: _dt.date | str
    start_time: _dt.time | str
    end_time: _dt.time | str
