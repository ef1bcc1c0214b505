"""Canary secrets never reach a log line (DEBUG, every logger), a repr or an exception string."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx
import pytest
from runtime_helpers import (
    CANARIES,
    CANARY_ACCESS,
    CANARY_KEY,
    CANARY_REFRESH,
    CANARY_SECRET,
    FakeClock,
    error_body,
    make_cal,
    ok,
    rate_headers,
)

from cal_client import (
    ApiKey,
    AsyncCal,
    BearerToken,
    CalError,
    ManagedUser,
    ManagedUserTokens,
    PlatformClient,
    _logging,
)
from cal_client.api.conferencing import get_default

CLIENT_ID = "clxyz123client"


def assert_clean(text: str) -> None:
    for canary in CANARIES:
        assert canary not in text


class Scripted:
    """Plays a fixed list of outcomes, then answers 200."""

    def __init__(self, *outcomes: httpx.Response | Exception | str) -> None:
        self.outcomes = list(outcomes)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/refresh"):
            body = json.loads(request.content)
            # Cal.com's validation errors echo the request body, refresh token included.
            details = {"errors": [{"property": "refreshToken", "target": body, "value": body["refreshToken"]}]}
            return httpx.Response(
                400,
                json=error_body(400, "BadRequestException", f"Invalid refresh token {body['refreshToken']}", details),
            )
        if self.outcomes:
            outcome = self.outcomes.pop(0)
            if isinstance(outcome, Exception):
                raise outcome
            if outcome == "echo":
                # A server that quotes the credentials it was sent back in its message.
                sent = f"{request.headers.get('authorization')} {request.headers.get('x-cal-secret-key')}"
                return httpx.Response(401, json=error_body(401, "UnauthorizedException", f"Invalid credentials {sent}"))
            return outcome
        return ok({"appSlug": "zoom"}, headers={"x-request-id": "r-ok", **rate_headers(120, 100, 60)})


async def exercise(cal: AsyncCal) -> list[BaseException]:
    errors: list[BaseException] = []
    for _ in range(6):
        try:
            await cal.call(get_default)
        except CalError as exc:
            errors.append(exc)
    return errors


@pytest.mark.parametrize(
    ("auth", "reaches_api"),
    [
        (ApiKey(CANARY_KEY), True),
        (PlatformClient(CLIENT_ID, CANARY_SECRET), True),
        (BearerToken(CANARY_ACCESS), True),
        # Expired before the first call: every call stops at the refused refresh.
        (ManagedUser(CLIENT_ID, CANARY_SECRET, CANARY_ACCESS, CANARY_REFRESH, expires_at=1), False),
        (ManagedUser(CLIENT_ID, CANARY_SECRET, CANARY_ACCESS, CANARY_REFRESH), True),
    ],
    ids=["api-key", "platform-client", "bearer", "managed-user-expired", "managed-user-498"],
)
async def test_canary_never_leaks(
    auth: httpx.Auth, reaches_api: bool, caplog: pytest.LogCaptureFixture, clock: FakeClock
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: cal_client, httpx, asyncio, ...
    server = Scripted(
        httpx.Response(503, text="<html>busy</html>"),
        httpx.Response(429, json=error_body(429, "ThrottlerException", "Too many"), headers=rate_headers(120, 0, 2)),
        "echo",
        httpx.Response(498, json=error_body(498, "TokenExpiredException", "ACCESS_TOKEN_IS_EXPIRED")),
        httpx.ReadTimeout("timed out"),
        httpx.ReadTimeout("timed out"),
        httpx.ReadTimeout("timed out"),
        httpx.Response(
            400, json=error_body(400, "BadRequestException", "bad", {"errors": [{"target": {"apiKey": CANARY_KEY}}]})
        ),
    )
    async with AsyncCal(auth=auth, transport=httpx.MockTransport(server), max_retries=2) as cal:
        errors = await exercise(cal)
        texts = [repr(cal), repr(auth), repr(cal.with_options(timeout=3)), repr(dict(cal.rate_limits))]

    assert errors, "the script must produce errors to inspect"
    for exc in errors:
        texts += [str(exc), repr(exc), repr(getattr(exc, "details", None)), repr(getattr(exc, "body", None))]
    if isinstance(auth, ManagedUser):
        texts.append(repr(auth.tokens))
    for record in caplog.records:
        texts.append(record.getMessage())
        if record.exc_info:
            texts.append(logging.Formatter().formatException(record.exc_info))
    if reaches_api:
        assert any("retrying" in r.getMessage() for r in caplog.records if r.name == "cal_client")
    assert any(r.levelno == logging.DEBUG and r.name == "cal_client" for r in caplog.records)
    for text in texts:
        assert_clean(text)


def test_reprs_show_the_kind_of_credential_only() -> None:
    assert repr(ApiKey(CANARY_KEY)) == "ApiKey('cal_live_****')"
    assert (
        repr(PlatformClient(CLIENT_ID, CANARY_SECRET)) == f"PlatformClient(client_id='{CLIENT_ID}', secret_key='****')"
    )
    assert repr(BearerToken(CANARY_ACCESS)) == "BearerToken('****')"
    tokens = ManagedUserTokens(CANARY_ACCESS, CANARY_REFRESH, 1, 2)
    assert_clean(repr(tokens))
    assert_clean(repr(ManagedUser(CLIENT_ID, CANARY_SECRET, CANARY_ACCESS, CANARY_REFRESH)))


async def test_debug_log_lines_name_method_path_status_and_request_id(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="cal_client")
    responses = iter([httpx.Response(502), ok({"appSlug": "zoom"}, headers={"X-Request-Id": "req-42"})])
    async with make_cal(lambda r: next(responses)) as cal:
        await cal.call(get_default)
    lines = [r.getMessage() for r in caplog.records if r.name == "cal_client"]
    assert "request GET /v2/conferencing/default" in lines
    assert any(line.startswith("retrying GET /v2/conferencing/default in ") and "status 502" in line for line in lines)
    assert "response GET /v2/conferencing/default -> 200 (request id req-42)" in lines


async def test_throttle_waits_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="cal_client")
    async with make_cal(lambda r: ok({"appSlug": "zoom"}, headers=rate_headers(120, 0, 9))) as cal:
        await asyncio.gather(cal.call(get_default), cal.call(get_default))
    assert any("waiting 9.00s" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(("value", "level"), [("debug", logging.DEBUG), ("INFO", logging.INFO)])
def test_cal_log_sets_the_level(monkeypatch: pytest.MonkeyPatch, value: str, level: int) -> None:
    logger = logging.getLogger("cal_client")
    monkeypatch.setattr(_logging, "_configured", False)
    monkeypatch.setattr(logger, "level", logging.NOTSET)
    monkeypatch.setattr(logger, "handlers", [])
    monkeypatch.setenv("CAL_LOG", value)
    AsyncCal(api_key=CANARY_KEY)
    assert logger.level == level and len(logger.handlers) == 1


def test_without_cal_log_nothing_is_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    logger = logging.getLogger("cal_client")
    monkeypatch.setattr(_logging, "_configured", False)
    monkeypatch.setattr(logger, "level", logging.NOTSET)
    monkeypatch.setattr(logger, "handlers", [])
    monkeypatch.delenv("CAL_LOG", raising=False)
    AsyncCal(api_key=CANARY_KEY)
    assert logger.level == logging.NOTSET and logger.handlers == []


def test_redacted_headers_helper() -> None:
    headers = [("Authorization", f"Bearer {CANARY_KEY}"), ("x-cal-secret-key", CANARY_SECRET), ("accept", "*/*")]
    assert _logging.redacted_headers(headers) == [
        ("Authorization", "[redacted]"),
        ("x-cal-secret-key", "[redacted]"),
        ("accept", "*/*"),
    ]
