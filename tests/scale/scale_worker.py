"""One worker process of the scale scenarios (``scale_kit.run_workers`` starts several).

Protocol on stdio: the worker sets up, prints ``ready``, waits for ``go`` on stdin, runs, and
prints one JSON line with its result. A worker told to stop at a point of a token refresh prints
``at <point>`` there and sleeps until it is killed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import sys
import time
from collections.abc import Mapping
from typing import Any

import httpx
from cal_client._coordination import Coordinator, InProcessCoordinator
from cal_client.redis_coordination import RedisCoordinator, _RedisLease

from cal_client import AsyncCal, Attendee, CalError, ManagedUser, ManagedUserTokens


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.warnings: list[str] = []
        self.back = 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.WARNING and "Redis" in message:
            self.warnings.append(message)
        if "Redis coordination is back" in message:
            self.back += 1


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


async def _hang(point: str) -> None:
    _say(f"at {point}")
    await asyncio.sleep(3600)  # the parent kills this process with SIGKILL here


REDIS_FAILURES: list[str] = []
_original_fail = RedisCoordinator._fail


def _record_fail(self: RedisCoordinator, exc: BaseException) -> None:
    REDIS_FAILURES.append(repr(exc)[:200])
    _original_fail(self, exc)


RedisCoordinator._fail = _record_fail  # type: ignore[method-assign]


def _coordinator(args: Mapping[str, Any]) -> Coordinator:
    url = args.get("redis_url")
    if not url:
        return InProcessCoordinator()
    return RedisCoordinator(url=url, lock_ttl=args.get("lock_ttl", 30.0), retry_interval=0.5)


def _install_hook(point: str | None) -> None:
    """Stop this process at ``point`` of the refresh it leads (by patching the Redis lease)."""
    if point == "before_send":
        original_started = _RedisLease.started

        async def started(self: _RedisLease) -> None:
            await original_started(self)
            await _hang(point)

        _RedisLease.started = started  # type: ignore[method-assign]
    elif point == "before_persist":

        async def publish(self: _RedisLease, pair: Mapping[str, Any]) -> Mapping[str, Any]:
            await _hang(point)
            return pair

        _RedisLease.publish = publish  # type: ignore[method-assign]


class _AfterAnswer(httpx.AsyncBaseTransport):
    """Hangs once the refresh answer has arrived, before the SDK reads it."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.url.path.endswith("/refresh") and response.status_code == 200:
            await response.aread()
            await _hang("after_answer")
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


async def _gather_bounded(calls: list[Any], tasks: int) -> list[Any]:
    gate = asyncio.Semaphore(tasks)

    async def one(call: Any) -> Any:
        async with gate:
            return await call()

    return await asyncio.gather(*(one(call) for call in calls), return_exceptions=True)


def _failures(results: list[Any]) -> list[str]:
    return [f"{type(r).__name__}: {str(r)[:200]}" for r in results if isinstance(r, BaseException)]


async def rate(args: Mapping[str, Any], coordinator: Coordinator) -> dict[str, Any]:
    async with AsyncCal(api_key=args["api_key"], base_url=args["url"], coordinator=coordinator) as cal:
        _say("ready")
        await _go()
        started = time.monotonic()
        results = await _gather_bounded([cal.me.get] * args["calls"], args["tasks"])
        fallbacks = coordinator.fallbacks if isinstance(coordinator, RedisCoordinator) else 0
        return {"failures": _failures(results), "seconds": time.monotonic() - started, "fallbacks": fallbacks}


async def token(args: Mapping[str, Any], coordinator: Coordinator) -> dict[str, Any]:
    received: list[dict[str, Any]] = []

    def on_refresh(tokens: ManagedUserTokens) -> None:
        received.append({"accessToken": tokens.access_token, "refreshToken": tokens.refresh_token})

    auth = ManagedUser(args["client_id"], args["secret"], args["access"], args["refresh"], on_refresh=on_refresh)
    point = args.get("hook")
    _install_hook(point)
    transport = _AfterAnswer() if point == "after_answer" else None
    async with AsyncCal(base_url=args["url"], auth=auth, coordinator=coordinator, transport=transport) as cal:
        _say("ready")
        await _go()
        started = time.monotonic()
        results = await _gather_bounded([cal.me.get] * args["calls"], args["calls"])
        ok_at = time.monotonic() - started
        return {
            "failures": _failures(results),
            "on_refresh": received,
            "final": {"accessToken": auth.tokens.access_token, "refreshToken": auth.tokens.refresh_token},
            "seconds": ok_at,
        }


async def idem(args: Mapping[str, Any], coordinator: Coordinator) -> dict[str, Any]:
    rng = random.Random(args["seed"])
    keys = list(args["keys"])
    rng.shuffle(keys)
    uids: dict[str, str] = {}
    errors: list[str] = []
    attendee = Attendee(name="Scale", email="scale@example.com", time_zone="Europe/London")
    timeout = httpx.Timeout(args["read_timeout"], connect=5.0)
    async with AsyncCal(api_key=args["api_key"], base_url=args["url"], coordinator=coordinator, timeout=timeout) as cal:
        _say("ready")
        await _go()

        async def book(key: str, start: str) -> None:
            for _ in range(args["tries"]):
                try:
                    created = await cal.bookings.create(
                        event_type_id=args["event_type_id"], start=start, attendee=attendee, idempotency_key=key
                    )
                except CalError as exc:
                    errors.append(f"{type(exc).__name__}")
                    continue
                uids[key] = created.uid
                return

        await _gather_bounded([lambda k=k, s=s: book(k, s) for k, s in keys], args["tasks"])
    return {"uids": uids, "failures": [k for k, _ in keys if k not in uids], "retried_errors": len(errors)}


async def outage(args: Mapping[str, Any], coordinator: Coordinator) -> dict[str, Any]:
    handler = _Warnings()
    logging.getLogger("cal_client").addHandler(handler)
    logging.getLogger("cal_client").setLevel(logging.INFO)
    async with AsyncCal(api_key=args["api_key"], base_url=args["url"], coordinator=coordinator) as cal:
        _say("ready")
        await _go()
        deadline = time.monotonic() + args["seconds"]
        calls = 0
        results: list[Any] = []
        while time.monotonic() < deadline:
            results += await _gather_bounded([cal.me.get] * args["tasks"], args["tasks"])
            calls += args["tasks"]
            await asyncio.sleep(args["pause"])
        # One step through Redis at the end shows whether this process went back to it.
        await cal.me.get()
    fallbacks = coordinator.fallbacks if isinstance(coordinator, RedisCoordinator) else 0
    return {
        "failures": _failures(results),
        "calls": calls,
        "warnings": len(handler.warnings),
        "back": handler.back,
        "fallbacks": fallbacks,
    }


async def _go() -> None:
    line = await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    if line.strip() != "go":
        raise SystemExit("parent went away")


async def main() -> None:
    args = json.loads(sys.argv[1])
    coordinator = _coordinator(args)
    scenario = {"rate": rate, "token": token, "idem": idem, "outage": outage}[args["scenario"]]
    try:
        result = await scenario(args, coordinator)
    finally:
        await coordinator.aclose()
    result["redis_failures"] = REDIS_FAILURES[:5]
    _say(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
