"""Fixtures for the runtime tests: a fake clock, so no retry or throttle wait happens for real."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from runtime_helpers import FakeClock

from cal_client import _timing


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeClock]:
    fake = FakeClock()
    monkeypatch.setattr(_timing, "sleep", fake.sleep)
    monkeypatch.setattr(_timing, "monotonic", fake.monotonic)
    monkeypatch.setattr(_timing, "time_ms", fake.time_ms)
    monkeypatch.delenv("CAL_API_KEY", raising=False)
    monkeypatch.delenv("CAL_API_URL", raising=False)
    yield fake
