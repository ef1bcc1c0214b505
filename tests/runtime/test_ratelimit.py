"""Rate-limit headers, the public state, and the proactive throttle against a simulated Cal.com."""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections import Counter
from typing import Any

import httpx
import pytest
from cal_client._ratelimit import parse_rate_limit_headers, retry_after
from runtime_helpers import FakeClock, error_body, make_cal, ok, rate_headers

from cal_client import BearerToken, RateLimit, RateLimitError, ResponseParseError
from cal_client.api.conferencing import get_default
from cal_client.api.verified_resources import request_email_verification_code


def test_every_name_is_parsed_case_insensitively() -> None:
    headers = httpx.Headers(
        {
            "X-RateLimit-Limit-Default": "120",
            "x-ratelimit-remaining-default": "7",
            "X-RATELIMIT-RESET-DEFAULT": "42",
            "X-RateLimit-Limit-Users_verified_resources_emails_requests": "5",
            "X-RateLimit-Remaining-Users_verified_resources_emails_requests": "0",
            "X-RateLimit-Reset-Users_verified_resources_emails_requests": "60",
            "X-RateLimit-Reset-Broken": "soon",
            "X-Request-Id": "abc",
        }
    )
    assert parse_rate_limit_headers(headers) == {
        "default": [120.0, 7.0, 42.0],
        "users_verified_resources_emails_requests": [5.0, 0.0, 60.0],
        "broken": [None, None, None],
    }
    assert retry_after(parse_rate_limit_headers(headers)) == 60.0


async def test_latest_state_is_public(clock: FakeClock) -> None:
    async with make_cal(lambda r: ok({"appSlug": "zoom"}, headers=rate_headers(120, 118, 55))) as cal:
        assert dict(cal.rate_limits) == {}
        await cal.call(get_default)
        state = cal.rate_limits["default"]
        assert isinstance(state, RateLimit)
        assert (state.name, state.limit, state.remaining, state.reset) == ("default", 120, 118, 55.0)
        clock.now += 20
        assert state.resets_in == 35.0
        assert cal.with_options(max_retries=0).rate_limits["default"] is state  # copies share it


async def test_an_exhausted_window_is_waited_out_before_sending(clock: FakeClock) -> None:
    sent: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(clock.now)
        return ok({"appSlug": "zoom"}, headers=rate_headers(120, 0 if len(sent) == 1 else 119, 30))

    async with make_cal(handler) as cal:
        await cal.call(get_default)
        await cal.call(get_default)
    assert clock.sleeps == [30.0]
    assert sent[1] - sent[0] == 30.0


class WindowServer:
    """Cal.com's throttler: a fixed window from the first hit, and a block after going over."""

    def __init__(self, clock: FakeClock, limit: int, ttl: float = 60.0, block: float = 60.0) -> None:
        self.clock, self.limit, self.ttl, self.block = clock, limit, ttl, block
        self.window_end: float | None = None
        self.window = 0
        self.hits = 0
        self.blocked_until = 0.0
        self.rejected: Counter[int] = Counter()
        self.served = 0

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        now = self.clock.now
        response = self.answer(now)
        for _ in range(3):  # other requests overlap with this one's round trip
            await asyncio.sleep(0)
        return response

    def answer(self, now: float) -> httpx.Response:
        if now < self.blocked_until:
            self.rejected[self.window] += 1
            return self.too_many(self.blocked_until - now)
        if self.window_end is None or now >= self.window_end:
            self.window += 1
            self.window_end, self.hits = now + self.ttl, 0
        self.hits += 1
        if self.hits > self.limit:
            self.blocked_until = now + self.block
            self.rejected[self.window] += 1
            return self.too_many(self.block)
        self.served += 1
        return ok(
            {"appSlug": "zoom"},
            headers=rate_headers(self.limit, self.limit - self.hits, math.ceil(self.window_end - now)),
        )

    def too_many(self, seconds: float) -> httpx.Response:
        headers = rate_headers(self.limit, 0, math.ceil(seconds))
        return httpx.Response(429, json=error_body(429, "ThrottlerException", "Too many requests"), headers=headers)


@pytest.mark.parametrize(("limit", "tasks"), [(10, 45), (5, 60), (120, 400)])
async def test_proactive_throttle_keeps_429s_at_most_one_per_window(clock: FakeClock, limit: int, tasks: int) -> None:
    server = WindowServer(clock, limit)
    async with make_cal(server, max_rate_limit_wait=120) as cal:
        outcomes = await asyncio.gather(*(cal.call(get_default) for _ in range(tasks)), return_exceptions=True)
    assert [o for o in outcomes if isinstance(o, BaseException)] == []
    assert server.served == tasks
    assert all(count <= 1 for count in server.rejected.values()), server.rejected
    assert server.window >= math.ceil(tasks / limit)


async def test_without_the_throttle_the_burst_collects_429s(clock: FakeClock) -> None:
    """The counterpart of the test above: it shows the simulation does punish bursts."""
    server = WindowServer(clock, 10)
    async with make_cal(server, throttle=False, max_retries=0) as cal:
        outcomes = await asyncio.gather(*(cal.call(get_default) for _ in range(45)), return_exceptions=True)
    assert sum(isinstance(o, RateLimitError) for o in outcomes) == 35
    assert max(server.rejected.values()) > 1


async def test_first_request_of_a_tracker_goes_alone(clock: FakeClock) -> None:
    in_flight = 0
    peak_before_first_answer = 0
    answered = False

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak_before_first_answer, answered
        in_flight += 1
        if not answered:
            peak_before_first_answer = max(peak_before_first_answer, in_flight)
        for _ in range(3):
            await asyncio.sleep(0)
        answered = True
        in_flight -= 1
        return ok({"appSlug": "zoom"}, headers=rate_headers(100, 50, 60))

    async with make_cal(handler) as cal:
        await asyncio.gather(*(cal.call(get_default) for _ in range(20)))
    assert peak_before_first_answer == 1
    assert clock.sleeps == []


async def test_trackers_are_separate(clock: FakeClock) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        exhausted = request.headers["authorization"] == "Bearer token-a"
        return ok({"appSlug": "zoom"}, headers=rate_headers(500, 0 if exhausted else 400, 50))

    async with make_cal(handler) as cal:
        a = cal.with_options(auth=BearerToken("token-a"))
        b = cal.with_options(auth=BearerToken("token-b"))
        await a.call(get_default)
        await b.call(get_default)
        await b.call(get_default)
        assert clock.sleeps == []
        await a.call(get_default)
    assert clock.sleeps == [50.0]


async def test_a_named_endpoint_limit_does_not_block_other_operations(clock: FakeClock) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if "verification-code" in request.url.path:
            return ok({}, headers=rate_headers(5, 0, 60, name="Users_verified_resources_emails_requests"))
        return ok({"appSlug": "zoom"}, headers=rate_headers(120, 100, 60))

    body = _Email()
    async with make_cal(handler) as cal:
        await cal.call_raw(get_default)
        await _quiet(cal.call(request_email_verification_code, body=body))
        await cal.call(get_default)
        assert clock.sleeps == []
        await _quiet(cal.call(request_email_verification_code, body=body))
    assert clock.sleeps == [60.0]
    assert set(cal.rate_limits) == {"default", "users_verified_resources_emails_requests"}


class _Email:
    def to_dict(self) -> dict[str, Any]:
        return {"email": "someone@example.com"}


async def _quiet(call: Any) -> None:
    with contextlib.suppress(ResponseParseError):  # the parsed result is not what this test is about
        await call


async def test_a_wait_beyond_the_cap_is_not_taken_proactively(clock: FakeClock) -> None:
    log: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        log.append(clock.now)
        return ok({"appSlug": "zoom"}, headers=rate_headers(120, 0, 600))

    async with make_cal(handler, max_rate_limit_wait=60) as cal:
        await cal.call(get_default)
        await cal.call(get_default)
    assert clock.sleeps == [] and len(log) == 2


async def test_idle_trackers_are_dropped(clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    from cal_client import _ratelimit

    monkeypatch.setattr(_ratelimit, "_MAX_TRACKERS", 3)
    async with make_cal(lambda r: ok({"appSlug": "zoom"}, headers=rate_headers(500, 10, 60))) as cal:
        for n in range(3):
            await cal.with_options(auth=BearerToken(f"token-{n}")).call(get_default)
        limiter = cal._shared.limiter
        assert len(limiter._trackers) == 3
        clock.now += 61  # every window has reset
        await cal.with_options(auth=BearerToken("token-new")).call(get_default)
        assert len(limiter._trackers) == 1


@pytest.mark.parametrize("failure", ["cancelled", "handler error"])
async def test_a_first_request_that_never_answers_does_not_hold_back_the_next(failure: str) -> None:
    """The first request of a credential goes alone (its headers tell the others the budget). If it
    is cancelled, or fails with something other than a transport error, the next one must go at once
    instead of waiting for headers that will never come."""
    release = asyncio.Event()
    seen: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if len(seen) == 1:
            if failure == "cancelled":
                await release.wait()  # never set: the caller cancels
            raise RuntimeError("a bug in a custom transport")
        return ok({"appSlug": "zoom"}, headers=rate_headers(120, 100, 30))

    async with make_cal(handler) as cal:
        first = asyncio.ensure_future(cal.call(get_default))
        for _ in range(5):
            await asyncio.sleep(0)
        assert seen == ["/v2/conferencing/default"]
        if failure == "cancelled":
            first.cancel()
        with contextlib.suppress(asyncio.CancelledError, RuntimeError):
            await first
        second = asyncio.ensure_future(cal.call(get_default))
        for _ in range(5):  # a few loop turns, no waiting: it must reach the server by then
            await asyncio.sleep(0)
        assert len(seen) == 2
        assert (await second).data.app_slug == "zoom"
