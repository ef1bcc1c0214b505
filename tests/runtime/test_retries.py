"""Retry decisions per method and failure, backoff, 429 waits and per-call overrides."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from cal_client._transport import backoff
from runtime_helpers import Body, FakeClock, error_body, make_cal, ok, rate_headers

from cal_client import APIConnectionError, AsyncCal, CalError, RateLimitError
from cal_client.api.conferencing import default, get_default
from cal_client.api.destination_calendars import update_destination_calendars
from cal_client.api.orgs_users_ooo import update_organization_user_ooo
from cal_client.api.schedules import delete_schedule
from cal_client.models.default_app import DefaultApp

CALLS: dict[str, tuple[Any, dict[str, Any]]] = {
    "GET": (get_default, {}),
    "PUT": (update_destination_calendars, {"body": Body()}),
    "DELETE": (delete_schedule, {"schedule_id": 3}),
    "POST": (default, {"app": DefaultApp.ZOOM}),
    "PATCH": (update_organization_user_ooo, {"org_id": 1, "user_id": 2, "ooo_id": 3, "body": Body()}),
}
IDEMPOTENT = {"GET", "PUT", "DELETE"}


def failing(outcome: Callable[[httpx.Request], httpx.Response], log: list[httpx.Request]) -> Callable[..., Any]:
    def handler(request: httpx.Request) -> httpx.Response:
        log.append(request)
        return outcome(request)

    return handler


async def attempts(
    method: str,
    outcome: Callable[[httpx.Request], httpx.Response],
    cal_options: dict[str, Any] | None = None,
    **options: Any,
) -> int:
    log: list[httpx.Request] = []
    module, kwargs = CALLS[method]
    async with make_cal(failing(outcome, log), **(cal_options or {})) as cal:
        client = cal.with_options(**options) if options else cal
        with pytest.raises(CalError):
            await client.call(module, **kwargs)
    assert {r.method for r in log} == {method}
    return len(log)


def status(code: int, headers: dict[str, str] | None = None) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(code, json=error_body(code, "X", "failed"), headers=headers)


def raising(exc_type: type[httpx.TransportError]) -> Callable[[httpx.Request], httpx.Response]:
    def outcome(request: httpx.Request) -> httpx.Response:
        raise exc_type("simulated", request=request)

    return outcome


@pytest.mark.parametrize("method", list(CALLS))
@pytest.mark.parametrize("code", [408, 500, 502, 503, 504])
async def test_server_errors_are_retried_only_when_idempotent(method: str, code: int) -> None:
    assert await attempts(method, status(code)) == (3 if method in IDEMPOTENT else 1)


@pytest.mark.parametrize("method", list(CALLS))
async def test_429_is_retried_for_every_method(method: str, clock: FakeClock) -> None:
    assert await attempts(method, status(429, rate_headers(120, 0, 5))) == 3
    assert clock.sleeps.count(5.0) >= 2


@pytest.mark.parametrize("method", list(CALLS))
@pytest.mark.parametrize("code", [400, 401, 403, 404, 409, 422, 498])
async def test_client_errors_are_not_retried(method: str, code: int, clock: FakeClock) -> None:
    assert await attempts(method, status(code)) == 1
    assert clock.sleeps == []


@pytest.mark.parametrize("method", list(CALLS))
@pytest.mark.parametrize("exc_type", [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout])
async def test_failures_before_sending_are_retried_for_every_method(method: str, exc_type: Any) -> None:
    assert await attempts(method, raising(exc_type)) == 3


@pytest.mark.parametrize("method", list(CALLS))
@pytest.mark.parametrize("exc_type", [httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError])
async def test_failures_after_sending_are_retried_only_when_idempotent(method: str, exc_type: Any) -> None:
    assert await attempts(method, raising(exc_type)) == (3 if method in IDEMPOTENT else 1)


async def test_per_call_max_retries() -> None:
    assert await attempts("GET", status(503), max_retries=0) == 1
    assert await attempts("GET", status(503), max_retries=5) == 6
    assert await attempts("GET", status(503), cal_options={"max_retries": 4}) == 5
    assert await attempts("POST", raising(httpx.ConnectError), max_retries=1) == 2


async def test_idempotency_override_per_copy() -> None:
    assert await attempts("POST", status(503), idempotent=True) == 3
    assert await attempts("GET", status(503), idempotent=False) == 1
    # Never sent at all: safe to resend even when the caller forbids ambiguous retries.
    assert await attempts("GET", raising(httpx.ConnectError), idempotent=False) == 3
    assert await attempts("POST", status(429, rate_headers(10, 0, 1)), idempotent=False) == 3


async def test_recovery_after_retries_with_backoff(clock: FakeClock) -> None:
    outcomes = iter([status(503), status(502), lambda r: ok({"appSlug": "zoom"})])
    log: list[httpx.Request] = []
    async with make_cal(lambda r: (log.append(r), next(outcomes)(r))[1]) as cal:
        result = await cal.call(get_default)
    assert result.data.app_slug == "zoom" and len(log) == 3
    assert len(clock.sleeps) == 2
    assert 0.375 <= clock.sleeps[0] <= 0.5 and 0.75 <= clock.sleeps[1] <= 1.0


@pytest.mark.parametrize("n", range(8))
def test_backoff_is_exponential_capped_and_jittered(n: int) -> None:
    ceiling = min(0.5 * 2**n, 8.0)
    delays = [backoff(n) for _ in range(200)]
    assert all(0.75 * ceiling <= d <= ceiling for d in delays)
    assert len(set(delays)) > 1  # jittered


async def test_429_waits_for_the_reset_value(clock: FakeClock) -> None:
    responses = iter(
        [
            httpx.Response(
                429, json=error_body(429, "ThrottlerException", "slow down"), headers=rate_headers(120, 0, 17)
            ),
            ok({"appSlug": "zoom"}, headers=rate_headers(120, 119, 60)),
        ]
    )
    async with make_cal(lambda r: next(responses)) as cal:
        await cal.call(get_default)
    assert clock.sleeps == [17.0]


async def test_429_uses_the_earliest_reset_of_the_exhausted_limits(clock: FakeClock) -> None:
    headers = {
        **rate_headers(120, 0, 40),
        **rate_headers(5, 0, 12, name="Custom_burst"),
        **rate_headers(9, 4, 50, name="Other"),
    }
    responses = iter([httpx.Response(429, headers=headers), ok({"appSlug": "zoom"})])
    async with make_cal(lambda r: next(responses)) as cal:
        await cal.call(get_default)
    assert clock.sleeps == [12.0]


async def test_429_beyond_the_cap_is_raised_at_once(clock: FakeClock) -> None:
    log: list[httpx.Request] = []
    handler = failing(status(429, rate_headers(120, 0, 3600)), log)
    async with make_cal(handler) as cal:
        with pytest.raises(RateLimitError) as info:
            await cal.call(get_default)
        assert info.value.retry_after == 3600 and len(log) == 1 and clock.sleeps == []
        # A caller that is happy to wait an hour says so.
        with pytest.raises(RateLimitError):
            await cal.with_options(max_rate_limit_wait=7200).call(get_default)
    assert 3600.0 in clock.sleeps


async def test_429_without_headers_backs_off(clock: FakeClock) -> None:
    assert await attempts("GET", status(429)) == 3
    assert 0.375 <= clock.sleeps[0] <= 0.5


async def test_connection_error_surfaces_after_the_retries() -> None:
    log: list[httpx.Request] = []
    async with make_cal(failing(raising(httpx.ConnectError), log)) as cal:
        with pytest.raises(APIConnectionError) as info:
            await cal.call(get_default)
    assert len(log) == 3 and info.value.maybe_processed is False


def test_max_retries_is_validated() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        AsyncCal(api_key="cal_live_abcdefghij", max_retries=-1)
