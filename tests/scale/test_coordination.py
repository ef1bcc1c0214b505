"""The coordinator pieces, one at a time, against a real Redis (two coordinators = two processes)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from cal_client._coordination import InProcessCoordinator
from cal_client.redis_coordination import RedisCoordinator
from scale_kit import RedisServer, free_port

from cal_client import AsyncCal, _timing
from cal_client.api.me import get_me

KEY = "cal_live_COORDINATIONtestKEY0123456789abcdef"
PAIR = {"accessToken": "access-2", "refreshToken": "refresh-2", "accessTokenExpiresAt": 1, "refreshTokenExpiresAt": 2}


@pytest.fixture
async def two(redis_server: RedisServer) -> AsyncIterator[tuple[RedisCoordinator, RedisCoordinator]]:
    prefix = f"t{free_port()}:"  # a fresh namespace per test in the shared server
    first = RedisCoordinator(url=redis_server.url, prefix=prefix, lock_ttl=1.0)
    second = RedisCoordinator(url=redis_server.url, prefix=prefix, lock_ttl=1.0)
    try:
        yield first, second
    finally:
        await first.aclose()
        await second.aclose()


def _headers(remaining: int, reset: int = 1) -> httpx.Headers:
    return httpx.Headers(
        {
            "X-RateLimit-Limit-Default": "5",
            "X-RateLimit-Remaining-Default": str(remaining),
            "X-RateLimit-Reset-Default": str(reset),
        }
    )


async def test_a_window_spent_by_one_process_makes_the_other_wait(
    two: tuple[RedisCoordinator, RedisCoordinator], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = (coordinator.rate_limiter(throttle=True) for coordinator in two)
    request = httpx.Request("GET", "http://127.0.0.1/v2/me", headers={"Authorization": f"Bearer {KEY}"})
    key_a, key_b = a.tracker_key(request), b.tracker_key(request)
    assert await a.acquire(key_a, "me", 60.0) is True  # the first request of an unknown credential probes
    await a.settle(key_a, "me", _headers(remaining=0), 200, _timing.monotonic())
    waits: list[float] = []
    real_sleep = _timing.sleep

    async def sleep(delay: float) -> None:
        waits.append(delay)
        await real_sleep(delay)

    monkeypatch.setattr(_timing, "sleep", sleep)
    assert await b.acquire(key_b, "me", 60.0) is False
    assert len(waits) == 1 and 0.0 < waits[0] <= 1.0  # b waited for a's window, never having sent anything


async def test_redis_holds_no_secret_and_no_raw_key(
    two: tuple[RedisCoordinator, RedisCoordinator], redis_server: RedisServer
) -> None:
    a, _ = two
    limiter = a.rate_limiter(throttle=True)
    request = httpx.Request("GET", "http://127.0.0.1/v2/me", headers={"Authorization": f"Bearer {KEY}"})
    key = limiter.tracker_key(request)
    await limiter.acquire(key, "me", 60.0)
    await limiter.settle(key, "me", _headers(remaining=3), 200, _timing.monotonic())
    async with a.idempotency("order-secret-42"):
        names = [name.decode() for name in await a.redis.keys(a.prefix + "*")]
    assert names and not any("COORDINATION" in name or "order-secret-42" in name for name in names)
    for name in names:
        kind = (await a.redis.type(name)).decode()
        value = await (a.redis.hgetall(name) if kind == "hash" else a.redis.get(name))
        assert KEY not in repr(value)


async def test_one_process_refreshes_and_the_other_takes_its_pair(
    two: tuple[RedisCoordinator, RedisCoordinator],
) -> None:
    a, b = two
    async with a.refresh_lease("client", "refresh-1") as lease:
        assert lease.successor is None and lease.fence >= 1 and not lease.inherited
        waiting = asyncio.create_task(_successor_via_lease(b))
        await asyncio.sleep(0.1)
        assert not waiting.done()  # b waits on a's lock instead of sending the same refresh token
        await lease.started()
        assert await b.refresh_pending("client", "refresh-1")
        assert await lease.publish(PAIR) == PAIR
    assert await asyncio.wait_for(waiting, 5) == PAIR
    assert await b.successor("client", "refresh-1") == PAIR


async def _successor_via_lease(coordinator: RedisCoordinator) -> object:
    async with coordinator.refresh_lease("client", "refresh-1") as lease:
        return lease.successor


async def test_a_vanished_holder_is_taken_over_after_the_lock_expires_with_a_higher_fence(
    two: tuple[RedisCoordinator, RedisCoordinator],
) -> None:
    a, b = two
    scope = a._scope("client", "refresh-1")
    dead = await a._take_lease(scope, "client")  # taken, never kept alive: the holder is gone
    assert dead is not None
    await dead.started()
    async with b.refresh_lease("client", "refresh-1") as lease:
        assert lease.inherited and lease.fence == dead.fence + 1
        # The vanished holder's answer lands late: it was Cal.com's truth, so it is kept ...
        late = {**PAIR, "accessToken": "late", "refreshToken": "late-refresh"}
        assert await dead.publish(late) == late
        # ... until the new holder's force-refresh replaces it, and points the late pair's users to it.
        assert await lease.publish(PAIR) == PAIR
    assert await b.successor("client", "refresh-1") == PAIR
    assert await a.successor("client", "late-refresh") == PAIR


async def test_an_idempotency_key_is_held_by_one_process_at_a_time(
    two: tuple[RedisCoordinator, RedisCoordinator],
) -> None:
    a, b = two
    order: list[str] = []

    async def hold(coordinator: RedisCoordinator, name: str) -> None:
        async with coordinator.idempotency("order-7"):
            order.append(f"{name} in")
            await asyncio.sleep(0.2)
            order.append(f"{name} out")

    await asyncio.gather(hold(a, "a"), hold(b, "b"))
    assert order in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])


async def test_an_unreachable_redis_falls_back_with_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    coordinator = RedisCoordinator(url=f"redis://127.0.0.1:{free_port()}/0", timeout=0.5, retry_interval=0.01)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"status": "success", "data": {}}, headers=_headers(remaining=4, reset=60))

    caplog.set_level(logging.INFO, logger="cal_client")
    async with AsyncCal(api_key=KEY, transport=httpx.MockTransport(handler), coordinator=coordinator) as cal:
        for _ in range(3):
            await asyncio.sleep(0.02)  # past retry_interval: each call tries Redis again
            async with cal.coordinator.idempotency("k"):
                response = await cal.with_options(max_retries=0)._send(get_me, {})
            assert response.status_code == 200
    await coordinator.aclose()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and "Redis" in r.getMessage()]
    assert len(warnings) == 1 and coordinator.fallbacks >= 3
    assert KEY not in caplog.text


def test_in_process_is_the_default_and_shared_by_copies() -> None:
    cal = AsyncCal(api_key=KEY)
    assert isinstance(cal.coordinator, InProcessCoordinator)
    assert cal.with_options(timeout=3).coordinator is cal.coordinator
    with pytest.raises(TypeError, match="coordinator must be a Coordinator"):
        AsyncCal(api_key=KEY, coordinator="redis://localhost")  # type: ignore[arg-type]


async def test_answers_without_rate_limit_headers_do_not_make_every_request_a_probe(
    two: tuple[RedisCoordinator, RedisCoordinator], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = (coordinator.rate_limiter(throttle=True) for coordinator in two)
    request = httpx.Request("GET", "http://127.0.0.1/v2/me", headers={"Authorization": f"Bearer {KEY}"})
    key_a, key_b = a.tracker_key(request), b.tracker_key(request)
    assert await a.acquire(key_a, "me", 60.0) is True
    await a.settle(key_a, "me", httpx.Headers(), 200, _timing.monotonic())
    waits: list[float] = []

    async def sleep(delay: float) -> None:
        waits.append(delay)

    monkeypatch.setattr(_timing, "sleep", sleep)
    assert [await b.acquire(key_b, "other", 60.0) for _ in range(3)] == [False, False, False]
    assert waits == []  # known and unthrottled: nobody probes again or waits
