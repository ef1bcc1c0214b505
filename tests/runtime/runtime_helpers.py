"""Helpers shared by the runtime tests: canary secrets, mock responses, a client factory."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx

from cal_client import AsyncCal

# Secrets that must never show up in a log line, repr or exception string.
CANARY_KEY = "cal_live_CANARY0secret0value0d41d8cd98f00b204e9800998ecf8427e"
CANARY_SECRET = "CANARYclientSECRET0b1c2d3e4f5a6b7c8d9e"
CANARY_ACCESS = "eyCANARYaccess.token.0123456789abcdef"
CANARY_REFRESH = "eyCANARYrefresh.token.0123456789abcdef"
CANARIES = (CANARY_KEY, CANARY_SECRET, CANARY_ACCESS, CANARY_REFRESH, "CANARY")


class FakeClock:
    """Stands in for ``_timing``: ``sleep`` records the delay and moves time forward at once."""

    def __init__(self) -> None:
        self.now = 10_000.0
        self.wall_ms = 1_760_000_000_000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def time_ms(self) -> float:
        return self.wall_ms + (self.now - 10_000.0) * 1000.0

    async def sleep(self, delay: float) -> None:
        self.sleeps.append(delay)
        # Time jumps at once to this sleeper's wake-up; concurrent sleepers compute their delays
        # from the current time when they run, so time stays monotonic and nobody wakes early.
        self.now += max(delay, 0.0)
        await asyncio.sleep(0)


class Body(dict[str, Any]):
    """Stands in for a generated input model. The generated code calls ``to_dict`` on a model, and
    sends a body that is none of a union's models as it is, so this is also a plain JSON object."""

    def to_dict(self) -> dict[str, Any]:
        return dict(self)


Handler = Callable[[httpx.Request], Any]


def make_cal(handler: Handler, **kwargs: Any) -> AsyncCal:
    if "auth" not in kwargs:
        kwargs.setdefault("api_key", CANARY_KEY)
    return AsyncCal(transport=httpx.MockTransport(handler), **kwargs)


def error_body(status: int, code: str, message: Any, details: Any = None, path: str = "/v2/x") -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        error["details"] = details
    return {"status": "error", "timestamp": "2025-10-01T00:00:00.000Z", "path": path, "error": error}


def rate_headers(limit: int, remaining: int, reset: int, name: str = "Default") -> dict[str, str]:
    return {
        f"X-RateLimit-Limit-{name}": str(limit),
        f"X-RateLimit-Remaining-{name}": str(remaining),
        f"X-RateLimit-Reset-{name}": str(reset),
    }


def ok(data: Any = None, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    body: dict[str, Any] = {"status": "success"}
    if data is not None:
        body["data"] = data
    return httpx.Response(
        status, content=json.dumps(body).encode(), headers={"content-type": "application/json", **(headers or {})}
    )
