"""FakeCal and the sandbox WebhookReceiver answer the ASGI lifespan protocol (no server in between)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from cal_client.testing import FakeCal, WebhookReceiver


@pytest.mark.parametrize("make_app", [lambda: FakeCal().app, WebhookReceiver], ids=["FakeCal", "WebhookReceiver"])
async def test_startup_and_shutdown_are_acknowledged(make_app: Any) -> None:
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for message in ({"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}):
        inbox.put_nowait(message)
    outbox: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        outbox.append(message)

    await asyncio.wait_for(make_app()({"type": "lifespan"}, inbox.get, send), timeout=5)
    assert [m["type"] for m in outbox] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
