"""The two sides the HTTP benchmarks compare: the SDK call and the raw-httpx baseline.

Both get the same connection-pool limits and send the same credential and API version, so what
differs is only what the SDK does per call: request building, auth, the retry/rate-limit transport,
error mapping and parsing the envelope into models.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

# Loopback only; never a real credential.
API_KEY = "cal_test_benchmark0000000000000000"
UID = "kT9x2mQpLr7vWb3nYc000000"
# httpx's defaults, which is what AsyncCal's own transport (httpx.AsyncHTTPTransport()) uses.
LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)


@dataclass
class Side:
    name: str
    describe: str
    call: Callable[[str], Awaitable[Any]]
    aclose: Callable[[], Awaitable[None]]


def raw_side(base_url: str, limits: httpx.Limits = LIMITS) -> Side:
    client = httpx.AsyncClient(
        base_url=base_url,
        limits=limits,
        headers={"Authorization": f"Bearer {API_KEY}", "cal-api-version": "2024-08-13"},
    )

    async def call(uid: str) -> Any:
        response = await client.get(f"/v2/bookings/{uid}")
        return json.loads(response.content)

    return Side("raw", "httpx.AsyncClient.get + json.loads", call, client.aclose)


def sdk_side(base_url: str) -> Side:
    """``cal.bookings.get(uid)``; ``cal.call(get_booking, ...)`` while the resource does not exist yet."""
    try:
        from cal_client import AsyncCal
    except ImportError:
        return generated_side(base_url)

    cal = AsyncCal(api_key=API_KEY, base_url=base_url)
    try:
        bookings = cal.bookings
    except (AttributeError, ImportError):  # the resource layer is not there yet
        bookings = None
    if bookings is not None and hasattr(bookings, "get"):
        return Side("sdk", "cal.bookings.get(uid)", bookings.get, cal.aclose)

    from cal_client.api.bookings import get_booking

    async def call(uid: str) -> Any:
        return await cal.call(get_booking, booking_uid=uid)

    return Side("sdk", "cal.call(get_booking, booking_uid=uid) (stand-in: no cal.bookings.get yet)", call, cal.aclose)


def generated_side(base_url: str, limits: httpx.Limits = LIMITS) -> Side:
    """The generated layer alone (no runtime): the last stand-in, used only while ``AsyncCal`` is missing."""
    from cal_client import AuthenticatedClient
    from cal_client.api.bookings import get_booking

    client = AuthenticatedClient(base_url=base_url, token=API_KEY, httpx_args={"limits": limits})

    async def call(uid: str) -> Any:
        return await get_booking.asyncio(uid, client=client)

    describe = "get_booking.asyncio(uid, client=AuthenticatedClient) (stand-in: no AsyncCal yet)"
    return Side("sdk", describe, call, client.get_async_httpx_client().aclose)
