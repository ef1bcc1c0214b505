"""The scale scenarios: each runs real worker processes and returns a ``Row`` saying what it saw.

``make scale`` runs them at full size (``scale_run.py``); ``test_scale.py`` runs small versions of
the same functions inside ``make test``. Durations are reported, never asserted in pytest.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import math
import statistics
import time
from collections import Counter
from typing import Any

import httpx
from cal_client._coordination import InProcessCoordinator
from cal_client.redis_coordination import RedisCoordinator
from cal_client.resources import IDEMPOTENCY_KEY
from cal_client.testing import FakeCal, RateLimits
from scale_kit import Faults, RedisServer, Workers, rate_limited_fake, served

API_KEY = "cal_test_fakecal_sandbox_key"
CLIENT_ID = "fakecalsandboxoauthclient"
CLIENT_SECRET = "fakecal-oauth-client-secret"
UNLIMITED = RateLimits(api_key=1_000_000, access_token=1_000_000, oauth_client=1_000_000, ip=1_000_000)


@dataclasses.dataclass
class Row:
    scenario: str
    passed: bool | None  # None: shown for comparison, not a check
    figures: str
    failures: list[str] = dataclasses.field(default_factory=list)
    data: dict[str, Any] = dataclasses.field(default_factory=dict)
    logs: list[str] = dataclasses.field(default_factory=list, repr=False)
    """The counts behind ``figures``, for the pytest subset to assert on (never durations)."""

    @property
    def verdict(self) -> str:
        return "shown" if self.passed is None else "pass" if self.passed else "FAIL"


# -- 1. one rate-limit budget ----------------------------------------------------------------------


def rate_limit(redis: RedisServer | None, *, procs: int, tasks: int, calls: int, limit: int, window: float) -> Row:
    fake = rate_limited_fake(limit, window, block=window)
    per = calls // procs
    with served(fake) as server:
        args = [
            {"scenario": "rate", "url": server.url, "api_key": API_KEY, "tasks": tasks, "calls": per}
            | ({"redis_url": redis.url} if redis else {})
            for _ in range(procs)
        ]
        with Workers(args) as workers:
            workers.ready()
            workers.go()
            results = workers.collect(timeout=240)
        too_many = server.count(429)
        admitted = max(server.arrivals) - min(server.arrivals)
    failures = [f for r in results for f in r["failures"]]
    slowest = max(r["seconds"] for r in results)
    # The limit alone forces the last call into window n: it cannot be admitted before (n - 1) windows.
    minimum = (math.ceil(per * procs / limit) - 1) * window
    within = admitted <= minimum * 1.10
    label = "Redis" if redis else "in-process (no Redis)"
    row = Row(
        f"rate limit, {procs} procs x {tasks} tasks, {per * procs} calls, {limit}/{window:g}s: {label}",
        passed=(too_many == 0 and not failures and within) if redis else None,
        figures=(
            f"429s {too_many}; failures {len(failures)}; last call admitted after {admitted:.2f}s vs limit-bound "
            f"minimum {minimum:.2f}s ({(admitted / minimum - 1) * 100:+.1f}%); all answered after {slowest:.2f}s; "
            f"Redis fallbacks {sum(r.get('fallbacks', 0) for r in results)}"
        ),
        failures=failures[:3] + [f for r in results for f in r.get("redis_failures", [])][:3],
        data={"429s": too_many, "failures": len(failures), "calls": per * procs},
    )
    return row


# -- 2. one token rotation ---------------------------------------------------------------------------


def _managed_user(url: str, email: str) -> dict[str, Any]:
    response = httpx.post(
        f"{url}/v2/oauth-clients/{CLIENT_ID}/users",
        headers={"x-cal-secret-key": CLIENT_SECRET, "x-cal-client-id": CLIENT_ID},
        json={"email": email, "name": "Scale User", "timeZone": "Europe/London"},
        timeout=10,
    )
    response.raise_for_status()
    data: dict[str, Any] = response.json()["data"]
    return data


def _expire_access_tokens(fake: FakeCal) -> None:
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    with fake.state.lock:
        for pair in fake.store.tokens:
            pair.access_expires = past


def _works(url: str, access_token: str) -> bool:
    response = httpx.get(f"{url}/v2/me", headers={"Authorization": f"Bearer {access_token}"}, timeout=10)
    return response.status_code == 200


def token_expiry(redis: RedisServer, *, procs: int, calls: int) -> Row:
    fake = FakeCal(rate_limits=UNLIMITED)
    with served(fake) as server:
        user = _managed_user(server.url, "storm@example.com")
        _expire_access_tokens(fake)
        base = {
            "scenario": "token",
            "url": server.url,
            "client_id": CLIENT_ID,
            "secret": CLIENT_SECRET,
            "access": user["accessToken"],
            "refresh": user["refreshToken"],
            "calls": calls,
            "redis_url": redis.url,
        }
        with Workers([dict(base) for _ in range(procs)]) as workers:
            workers.ready()
            workers.go()
            results = workers.collect(timeout=120)
            logs = [workers.log(i) for i in range(procs)]
        refreshes = server.count(None, "/refresh")
        expired = server.count(498)
        finals = {r["final"]["accessToken"] for r in results}
        persisted = [pair for r in results for pair in r["on_refresh"]]
        alive = len(finals) == 1 and _works(server.url, finals.pop())
    failures = [f for r in results for f in r["failures"]]
    return Row(
        f"token expiry, {procs} procs x {calls} calls in flight (Redis)",
        passed=refreshes == 1 and len(persisted) == 1 and not failures and alive,
        figures=(
            f"refreshes {refreshes}; on_refresh calls {len(persisted)}; failures {len(failures)}; "
            f"498s answered {expired}; every process on the one live pair: {alive}"
        ),
        failures=failures[:3],
        data={"refreshes": refreshes, "on_refresh": len(persisted), "failures": len(failures), "alive": alive},
        logs=logs,
    )


def holder_killed(redis: RedisServer, point: str, *, others: int, calls: int, lock_ttl: float) -> Row:
    fake = FakeCal(rate_limits=UNLIMITED)
    with served(fake) as server:
        user = _managed_user(server.url, f"killed-{point}@example.com")
        _expire_access_tokens(fake)
        base = {
            "scenario": "token",
            "url": server.url,
            "client_id": CLIENT_ID,
            "secret": CLIENT_SECRET,
            "access": user["accessToken"],
            "refresh": user["refreshToken"],
            "redis_url": redis.url,
            "lock_ttl": lock_ttl,
        }
        args = [base | {"hook": point, "calls": 1}] + [base | {"calls": calls} for _ in range(others)]
        with Workers(args) as workers:
            workers.ready()
            workers.go([0])
            workers.wait_for(0, f"at {point}", 30)
            rest = list(range(1, others + 1))
            workers.go(rest)
            time.sleep(0.2)  # the others are now queued behind the holder's lock
            workers.sigkill(0)
            killed_at = time.monotonic()
            results = workers.collect(timeout=60 + 2 * lock_ttl, indexes=rest)
            recovered = time.monotonic() - killed_at
        refreshes = server.count(None, "/refresh")
        forced = server.count(None, "/force-refresh")
        finals = {r["final"]["accessToken"] for r in results}
        persisted = [pair for r in results for pair in r["on_refresh"]]
        lost = 0 if len(finals) == 1 and _works(server.url, next(iter(finals))) else 1
    failures = [f for r in results for f in r["failures"]]
    return Row(
        f"refresh holder SIGKILLed {point.replace('_', ' ')}, {others} procs x {calls} calls waiting (Redis)",
        passed=not failures and lost == 0 and len(persisted) == 1,
        figures=(
            f"failures {len(failures)}; sessions lost {lost}; time to recover {recovered:.2f}s "
            f"(lock expiry {lock_ttl:g}s); refreshes {refreshes}, force-refreshes {forced}; "
            f"on_refresh calls {len(persisted)}"
        ),
        failures=failures[:3],
        data={"failures": len(failures), "lost": lost, "on_refresh": len(persisted), "force_refreshes": forced},
    )


# -- 3. one idempotency record ---------------------------------------------------------------------


def idempotent_creates(
    redis: RedisServer | None, *, procs: int, keys: int, fault_rate: float, read_timeout: float = 1.0
) -> Row:
    fake = FakeCal(rate_limits=UNLIMITED)
    monday = dt.datetime(2030, 1, 7, 9, tzinfo=dt.UTC)
    plan = [
        [f"order-{i}", (monday + dt.timedelta(days=i // 14, minutes=30 * (i % 14))).isoformat()] for i in range(keys)
    ]
    faults = Faults(fault_rate, seed=7, hold=read_timeout + 0.5)
    with served(fake, faults) as server:
        args = [
            {
                "scenario": "idem",
                "url": server.url,
                "api_key": API_KEY,
                "event_type_id": fake.sandbox.event_type_id,
                "keys": plan,
                "seed": index,
                "tasks": 4,
                "tries": 12,
                "read_timeout": read_timeout,
            }
            | ({"redis_url": redis.url} if redis else {})
            for index in range(procs)
        ]
        with Workers(args) as workers:
            workers.ready()
            workers.go()
            results = workers.collect(timeout=240)
        with fake.state.lock:
            made = Counter(
                b.metadata.get(IDEMPOTENCY_KEY) for b in fake.store.bookings.values() if b.status != "cancelled"
            )
        posts = server.count(None, "/v2/bookings")
    duplicates = sum(n - 1 for key, n in made.items() if key is not None and n > 1)
    lost = sum(1 for key, _ in plan if made[key] == 0)
    gave_up = [key for r in results for key in r["failures"]]
    disagree = sum(1 for key, _ in plan if len({r["uids"].get(key) for r in results}) != 1)
    label = "Redis" if redis else "in-process"
    return Row(
        f"creates, {procs} procs retrying {keys} shared idempotency keys, {fault_rate:.0%} faults: {label}",
        passed=duplicates == 0 and lost == 0 and not gave_up and disagree == 0,
        figures=(
            f"duplicates {duplicates}; lost {lost}; gave up {len(gave_up)}; processes disagreeing {disagree}; "
            f"faults injected {sum(faults.injected.values())} ({dict(faults.injected)}); "
            f"requests to /v2/bookings {posts}"
        ),
        failures=gave_up[:3],
        data={"duplicates": duplicates, "lost": lost, "gave_up": len(gave_up), "disagree": disagree, "made": made},
    )


# -- 4. Redis goes away and comes back -------------------------------------------------------------


def redis_outage(redis: RedisServer, *, procs: int, seconds: float, down_at: float, down_for: float) -> Row:
    fake = FakeCal(rate_limits=UNLIMITED)
    with served(fake) as server:
        args = [
            {
                "scenario": "outage",
                "url": server.url,
                "api_key": API_KEY,
                "redis_url": redis.url,
                "seconds": seconds,
                "tasks": 4,
                "pause": 0.05,
            }
            for _ in range(procs)
        ]
        with Workers(args) as workers:
            workers.ready()
            workers.go()
            time.sleep(down_at)
            redis.stop()
            time.sleep(down_for)
            redis.start()
            results = workers.collect(timeout=seconds + 60)
    failures = [f for r in results for f in r["failures"]]
    warnings = [r["warnings"] for r in results]
    back = [r["back"] for r in results]
    calls = sum(r["calls"] for r in results)
    return Row(
        f"Redis stopped {down_at:g}s into a {seconds:g}s run for {down_for:g}s, {procs} procs",
        passed=not failures and all(w == 1 for w in warnings) and all(b >= 1 for b in back),
        figures=(
            f"calls {calls}; failures {len(failures)}; warnings per process {warnings}; "
            f"processes back on Redis {sum(b >= 1 for b in back)}/{procs}"
        ),
        failures=failures[:3],
        data={"failures": len(failures), "warnings": warnings, "back": back},
    )


# -- 5. what the coordinator costs -----------------------------------------------------------------


async def _cost(coordinator: Any, calls: int) -> float:
    limiter = coordinator.rate_limiter(throttle=True)
    request = httpx.Request("GET", "http://127.0.0.1/v2/me", headers={"Authorization": f"Bearer {API_KEY}"})
    headers = httpx.Headers(
        {
            "X-RateLimit-Limit-Default": "1000000",
            "X-RateLimit-Remaining-Default": "999999",
            "X-RateLimit-Reset-Default": "60",
        }
    )
    key = limiter.tracker_key(request)
    samples = []
    for _ in range(calls):
        started = time.perf_counter()
        await limiter.acquire(key, "me", 60.0)
        await limiter.settle(key, "me", headers, 200, started)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1e6


def coordinator_cost(redis: RedisServer, *, calls: int) -> Row:
    async def measure() -> tuple[float, float]:
        local = await _cost(InProcessCoordinator(), calls)
        shared = RedisCoordinator(url=redis.url)
        try:
            remote = await _cost(shared, calls)
        finally:
            await shared.aclose()
        return local, remote

    local, remote = asyncio.run(measure())
    return Row(
        f"coordinator cost per call (acquire + settle), median of {calls}",
        passed=None,
        figures=(
            f"in-process {local:.1f} µs ({1e6 / local:,.0f} calls/s); Redis {remote:.1f} µs "
            f"({1e6 / remote:,.0f} calls/s): +{remote - local:.0f} µs per call (two round trips to 127.0.0.1)"
        ),
    )


def table(rows: list[Row]) -> str:
    lines = ["| scenario | result | figures |", "|---|---|---|"]
    lines += [f"| {row.scenario} | {row.verdict} | {row.figures} |" for row in rows]
    return "\n".join(lines)
