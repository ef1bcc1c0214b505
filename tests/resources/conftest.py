"""Fixtures for the resource tests: a stateful fake Cal.com and a client wired to it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from resources_fake import ScriptedCal

from cal_client import AsyncCal, _timing


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retries and reconciliation never wait for real; the delays asked for are recorded."""
    delays: list[float] = []

    async def sleep(delay: float) -> None:
        delays.append(delay)

    monkeypatch.setattr(_timing, "sleep", sleep)
    monkeypatch.delenv("CAL_API_KEY", raising=False)
    monkeypatch.delenv("CAL_API_URL", raising=False)
    return delays


@pytest.fixture
def fake() -> ScriptedCal:
    return ScriptedCal()


@pytest.fixture
async def cal(fake: ScriptedCal) -> AsyncIterator[AsyncCal]:
    client = fake.client()
    async with client:
        yield client
