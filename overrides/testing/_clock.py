"""Where FakeCal reads the time: slots, token expiry and rate-limit windows all follow one clock."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Protocol

__all__ = ["Clock", "FrozenClock", "SystemClock"]


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class SystemClock:
    """The wall clock."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def __repr__(self) -> str:
        return "SystemClock()"


class FrozenClock:
    """A clock that only moves when told to, so tests never depend on today's date.

    ``FrozenClock("2030-01-07T08:00:00Z")``; ``advance(seconds=...)`` or ``set(...)`` move it.
    Safe to move from a test thread while a served FakeCal reads it.
    """

    def __init__(self, start: dt.datetime | str = "2030-01-07T08:00:00Z") -> None:
        self._lock = threading.Lock()
        self._now = _aware(start)

    def now(self) -> dt.datetime:
        with self._lock:
            return self._now

    def set(self, when: dt.datetime | str) -> None:
        with self._lock:
            self._now = _aware(when)

    def advance(self, seconds: float = 0, *, minutes: float = 0, hours: float = 0, days: float = 0) -> dt.datetime:
        step = dt.timedelta(seconds=seconds, minutes=minutes, hours=hours, days=days)
        with self._lock:
            self._now += step
            return self._now

    def __repr__(self) -> str:
        return f"FrozenClock({self.now().isoformat()!r})"


def _aware(value: dt.datetime | str) -> dt.datetime:
    when = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if when.tzinfo is None:
        raise ValueError("FrozenClock needs a timezone-aware time (add 'Z' or an offset)")
    return when.astimezone(dt.UTC)
