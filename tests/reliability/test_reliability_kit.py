"""The suite's own tools do what the scenarios rely on: the virtual clock and the fault injector."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from reliability_kit import FAULT_KINDS, PROCESSED_FAULTS, FaultTransport, ServerProbe, VirtualClock


async def test_virtual_clock_moves_only_when_every_task_waits() -> None:
    clock = VirtualClock()
    seen: list[tuple[str, float]] = []

    async def sleeper(name: str, delay: float) -> None:
        await clock.sleep(delay)
        seen.append((name, clock.elapsed))

    async def worker() -> None:
        for _ in range(200):  # runnable all along: time must not pass under it
            await asyncio.sleep(0)
        seen.append(("worker", clock.elapsed))

    try:
        await asyncio.wait_for(asyncio.gather(sleeper("late", 60.0), sleeper("early", 2.5), worker()), 10)
    finally:
        clock.stop()
    assert seen == [("worker", 0.0), ("early", 2.5), ("late", 60.0)]
    assert clock.monotonic() - VirtualClock().monotonic() == 60.0


async def test_virtual_clock_waits_for_requests_inside_the_server() -> None:
    clock = VirtualClock()

    async def app_handler(request: httpx.Request) -> httpx.Response:
        for _ in range(50):
            await asyncio.sleep(0)
        return httpx.Response(200, json={"at": clock.elapsed})

    probe = ServerProbe(httpx.MockTransport(app_handler), clock=clock)
    try:
        async with httpx.AsyncClient(transport=probe) as http:
            results = await asyncio.wait_for(
                asyncio.gather(http.get("https://x.test/"), clock.sleep(1.0), http.get("https://x.test/")), 10
            )
    finally:
        clock.stop()
    assert [r.json()["at"] for r in results if r is not None] == [0.0, 0.0]
    assert clock.elapsed == 1.0


@pytest.mark.parametrize("seed", [1, 2])
async def test_fault_transport_injects_every_kind_at_the_rate(seed: int) -> None:
    reached: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        reached.append(request)
        return httpx.Response(200)

    faults = FaultTransport(httpx.MockTransport(handler), rate=0.2, seed=seed)
    outcomes: dict[str, int] = {"ok": 0, "error": 0, "5xx": 0}
    for _ in range(5000):
        try:
            response = await faults.handle_async_request(httpx.Request("GET", "https://x.test/"))
        except httpx.TransportError:
            outcomes["error"] += 1
        else:
            outcomes["5xx" if response.status_code >= 500 else "ok"] += 1
    injected = sum(faults.injected.values())
    assert 900 <= injected <= 1100  # 20 % of 5,000, within 5 standard deviations
    assert set(faults.injected) == set(FAULT_KINDS)
    assert outcomes["ok"] == 5000 - injected
    # Faults after processing reach the server; 503 and resets before sending do not.
    assert len(reached) == 5000 - injected + sum(faults.injected[kind] for kind in PROCESSED_FAULTS)
