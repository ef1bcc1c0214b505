"""Attack review, Medium and Low: each test reproduces one finding through the public API."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import importlib
import inspect
import json
import logging
import math
import pickle
import pkgutil
import traceback
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from runtime_helpers import (
    CANARIES,
    CANARY_ACCESS,
    CANARY_KEY,
    CANARY_REFRESH,
    CANARY_SECRET,
    Body,
    FakeClock,
    error_body,
    make_cal,
    ok,
)

import cal_client
import cal_client.api
import cal_client.api.webhooks.create_webhook
from cal_client import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncCal,
    Attendee,
    BearerToken,
    CalError,
    CalValidationError,
    ManagedUser,
    PlatformClient,
    RateLimitError,
)
from cal_client.api.conferencing import get_default
from cal_client.api.event_types_webhooks import delete_event_type_webhook

CLIENT_ID = "clxyz123client"
WEBHOOK_SECRET = "whsecCANARYwebhook0secret0value"
ADA = Attendee(name="Ada", email="ada@example.com", time_zone="Europe/Paris")
START = dt.datetime(2030, 1, 7, 9, tzinfo=dt.UTC)


def assert_clean(text: str) -> None:
    for canary in (*CANARIES, WEBHOOK_SECRET):
        assert canary not in text


# -- Medium: dot segments ---------------------------------------------------------------------


def _operations() -> list[Any]:
    modules = []
    for tag in pkgutil.iter_modules(cal_client.api.__path__):
        package = importlib.import_module(f"cal_client.api.{tag.name}")
        for op in pkgutil.iter_modules(package.__path__):
            modules.append(importlib.import_module(f"cal_client.api.{tag.name}.{op.name}"))
    return modules


def _path_params(module: Any) -> list[str]:
    signature = inspect.signature(module._get_kwargs)
    return [p.name for p in signature.parameters.values() if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]


def _dummy(module: Any, name: str) -> object:
    annotation = str(inspect.signature(module._get_kwargs).parameters[name].annotation)
    return 1 if annotation.startswith("int") else "x1"


PATH_CASES = [(m, p) for m in _operations() for p in _path_params(m)]


def test_the_locked_spec_has_the_path_parameters_the_review_counted() -> None:
    assert len({m.__name__ for m, _ in PATH_CASES}) >= 39


@pytest.mark.parametrize("value", [".", "..", ""])
async def test_dot_segments_and_empty_path_values_are_refused_for_every_operation(value: str) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return ok({})

    refused = 0
    async with make_cal(handler) as cal:
        for module, param in PATH_CASES:
            kwargs: dict[str, Any] = {p: _dummy(module, p) for p in _path_params(module)}
            kwargs[param] = value
            signature = inspect.signature(module._get_kwargs)
            for p in signature.parameters.values():
                if p.kind is inspect.Parameter.KEYWORD_ONLY and p.default is inspect.Parameter.empty:
                    kwargs[p.name] = Body() if p.name == "body" else "x1"
            with pytest.raises(CalValidationError) as info:
                await cal.call(module, **kwargs)
            assert param in str(info.value) and info.value.argument == param
            refused += 1
    assert sent == [] and refused == len(PATH_CASES)


async def test_the_reviewed_webhook_delete_never_reaches_the_event_type() -> None:
    sent: list[str] = []
    async with make_cal(lambda r: sent.append(r.url.path) or ok({})) as cal:
        for webhook_id in ("..", ".", ""):
            with pytest.raises(CalValidationError):
                await cal.call(delete_event_type_webhook, event_type_id=42, webhook_id=webhook_id)
    assert sent == []


# -- Medium: redirects ------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["https://evil.example/steal", "http://api.cal.com/v2/oauth-clients/x/users"])
async def test_redirects_are_never_followed_with_credentials(target: str) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "api.cal.com" and request.url.scheme == "https":
            return httpx.Response(307, headers={"location": target})
        return ok([])

    mine = httpx.AsyncClient(transport=httpx.MockTransport(handler), follow_redirects=True)
    async with mine, AsyncCal(auth=PlatformClient(CLIENT_ID, CANARY_SECRET), http_client=mine) as cal:
        with pytest.raises(APIStatusError) as info:
            await cal.managed_users.create(email="a@example.com", name="A")
    assert len(seen) == 1
    assert info.value.status_code == 307 and "redirect" in str(info.value)


# -- Medium: pickling -------------------------------------------------------------------------


def _secret_request() -> httpx.Request:
    return httpx.Request(
        "POST",
        "https://api.cal.com/v2/oauth/x/refresh?code=" + CANARY_ACCESS,
        headers={"authorization": f"Bearer {CANARY_KEY}", "x-cal-secret-key": CANARY_SECRET},
        json={"refreshToken": CANARY_REFRESH},
    )


def _samples() -> dict[type[BaseException], BaseException]:
    from cal_client.resources import BookingOutcomeUnknownError, NoSlotAvailableError, PaginationLimitError
    from cal_client.webhooks import WebhookVerificationError

    from cal_client import _errors

    def response(status: int, body: Any) -> httpx.Response:
        return httpx.Response(status, json=body, request=_secret_request(), headers={"x-request-id": "req-1"})

    samples: list[BaseException] = [
        _errors.make_status_error(response(status, error_body(status, "X", "bad")), secrets=CANARIES)
        for status in (400, 401, 403, 404, 409, 405, 422, 429, 498, 500)
    ]
    samples.append(_errors.connection_error(httpx.ReadTimeout("timed out", request=_secret_request())))
    samples.append(_errors.connection_error(httpx.ConnectError("refused", request=_secret_request())))
    samples.append(_errors.ResponseParseError("could not read", response=response(200, {"x": 1})))
    samples.append(CalValidationError("start is naive", argument="start"))
    samples.append(BookingOutcomeUnknownError("unknown", idempotency_key="k" * 32, start=START))
    samples.append(NoSlotAvailableError("none", tried=[(START, samples[4])]))
    samples.append(PaginationLimitError("too far", offset=300, items_seen=250))
    samples.append(WebhookVerificationError("signature-mismatch"))
    for name in ("ResponseTooLargeError", "RefreshOutcomeUnknownError"):
        cls = getattr(cal_client, name)
        samples.append(cls.example() if hasattr(cls, "example") else cls("sample"))
    return {type(s): s for s in samples}


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def test_every_cal_error_round_trips_through_pickle_without_secrets() -> None:
    samples = _samples()
    missing = {c for c in _subclasses(CalError) if c.__module__.startswith("cal_client")} - set(samples)
    assert missing == set(), "add a sample for every CalError subclass"
    for cls, error in samples.items():
        data = pickle.dumps(error)
        for canary in CANARIES:
            assert canary.encode() not in data, (cls, canary)
        copy = pickle.loads(data)
        assert type(copy) is cls and str(copy) == str(error)
        for attribute in ("status_code", "code", "message", "details", "request_id", "argument", "maybe_processed"):
            assert getattr(copy, attribute, None) == getattr(error, attribute, None), (cls, attribute)


# -- Medium: extra_body metadata --------------------------------------------------------------


async def test_extra_body_metadata_merges_with_the_exactly_once_key() -> None:
    bodies: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(400, json=error_body(400, "BadRequestException", "no"))

    async with make_cal(handler) as cal:
        with pytest.raises(APIStatusError):
            await cal.bookings.create(
                event_type_id=1, start=START, attendee=ADA, metadata={"a": "1"}, extra_body={"metadata": {"crm": "7"}}
            )
    metadata = bodies[0]["metadata"]
    assert metadata["crm"] == "7" and metadata["a"] == "1" and len(metadata["calClientIdempotencyKey"]) == 32


async def test_extra_body_cannot_replace_the_exactly_once_key() -> None:
    async with make_cal(lambda r: ok({})) as cal:
        with pytest.raises(CalValidationError) as info:
            await cal.bookings.create(
                event_type_id=1, start=START, attendee=ADA, extra_body={"metadata": {"calClientIdempotencyKey": "x"}}
            )
    assert info.value.argument == "extra_body"


# -- Medium: hostile responses ----------------------------------------------------------------


@pytest.mark.parametrize("status", [400, 500])
async def test_deeply_nested_error_bodies_become_cal_errors(status: int) -> None:
    deep = b'{"status":"error","error":{"code":"X","message":"m","details":' + b"[" * 5000 + b"]" * 5000 + b"}}"
    async with make_cal(lambda r: httpx.Response(status, content=deep), max_retries=0) as cal:
        with pytest.raises(APIStatusError) as info:
            await cal.call(get_default)
    assert info.value.status_code == status


async def test_deeply_nested_error_on_create_still_reconciles() -> None:
    deep = b"[" * 5000 + b"]" * 5000
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        if request.method == "POST":
            return httpx.Response(500, content=deep)
        return ok([])  # the reconciliation lookup finds nothing, so the SDK books again

    async with make_cal(handler) as cal:
        with pytest.raises(CalError):  # not RecursionError: the SDK went on to look for the booking
            await cal.bookings.create(event_type_id=1, start=START, attendee=ADA, max_attempts=2)
    assert calls.count("GET") >= 1


class Chunks(httpx.AsyncByteStream):
    def __init__(self, chunk: bytes, count: int, delay: float = 0.0) -> None:
        self.chunk, self.count, self.delay, self.sent = chunk, count, delay, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.count):
            if self.delay:
                await asyncio.sleep(self.delay)
            self.sent += 1
            yield self.chunk


async def test_a_huge_response_is_cut_off_at_the_size_cap() -> None:
    stream = Chunks(b"x" * 1_000_000, 200)  # 200 MB if read whole
    async with make_cal(lambda r: httpx.Response(200, stream=stream)) as cal:
        with pytest.raises(CalError) as info:
            await cal.call(get_default)
    assert type(info.value).__name__ == "ResponseTooLargeError"
    assert stream.sent < 40  # stopped near the default cap, not at 200 MB


async def test_the_size_cap_is_configurable_and_also_applies_to_errors() -> None:
    stream = Chunks(b"x" * 1000, 100)
    async with make_cal(lambda r: httpx.Response(500, stream=stream), max_response_size=10_000) as cal:
        with pytest.raises(cal_client.ResponseTooLargeError) as info:
            await cal.call(get_default)
    assert stream.sent <= 11 and info.value.limit == 10_000


async def test_a_dripping_server_cannot_defeat_the_timeout() -> None:
    stream = Chunks(b"x", 400, delay=0.05)  # 20 s if waited out

    async with make_cal(lambda r: httpx.Response(200, stream=stream), timeout=0.1, max_retries=0) as cal:
        with pytest.raises(APITimeoutError) as info:
            await cal.call(get_default)
    assert stream.sent < 400 and "deadline" in str(info.value)


# -- Low: secrets echoed back -----------------------------------------------------------------


ECHOES = [
    {"statusCode": 400, "message": [f"secret {WEBHOOK_SECRET} is not allowed"], "error": "Bad Request"},
    {"statusCode": 400, "message": {"text": f"bad secret {WEBHOOK_SECRET}"}},
    error_body(400, "BadRequestException", "bad", details=f"secret={WEBHOOK_SECRET}"),
    f"<html><body>secret {WEBHOOK_SECRET} rejected</body></html>",
]


@pytest.mark.parametrize("echo", ECHOES)
async def test_a_secret_the_sdk_sent_is_scrubbed_wherever_cal_com_echoes_it(echo: Any) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if isinstance(echo, str):
            return httpx.Response(400, text=echo, headers={"content-type": "text/html"})
        return httpx.Response(400, json=echo)

    async with make_cal(handler) as cal:
        with pytest.raises(APIStatusError) as info:
            await cal.webhooks.create(
                subscriber_url="https://hooks.example.com/x", triggers=["BOOKING_CREATED"], secret=WEBHOOK_SECRET
            )
    error = info.value
    assert_clean(str(error))
    assert_clean(repr(error.details))
    assert_clean(repr(error.body))
    assert_clean(error.message)


async def test_request_header_reprs_hide_the_platform_secret() -> None:
    async with AsyncCal(
        auth=PlatformClient(CLIENT_ID, CANARY_SECRET),
        transport=httpx.MockTransport(lambda r: httpx.Response(404, json=error_body(404, "X", "no"))),
    ) as cal:
        with pytest.raises(APIStatusError) as info:
            await cal.call(get_default)
    assert_clean(repr(info.value.response.request.headers))
    assert info.value.response.request.headers["x-cal-secret-key"] == CANARY_SECRET  # still sent


def test_generated_model_reprs_mask_tokens_and_secrets() -> None:
    from cal_client.models.keys_dto import KeysDto

    keys = KeysDto.from_dict(
        {
            "accessToken": CANARY_ACCESS,
            "refreshToken": CANARY_REFRESH,
            "accessTokenExpiresAt": 1,
            "refreshTokenExpiresAt": 2,
        }
    )
    assert_clean(repr(keys))
    assert keys.access_token == CANARY_ACCESS
    from cal_client.models.create_webhook_input_dto import CreateWebhookInputDto

    webhook = CreateWebhookInputDto.from_dict(
        {
            "subscriberUrl": "https://x.example",
            "triggers": ["BOOKING_CREATED"],
            "active": True,
            "secret": WEBHOOK_SECRET,
        }
    )
    assert_clean(repr(webhook))


async def test_capture_locals_tracebacks_do_not_show_the_access_token() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/refresh"):
            return httpx.Response(400, json={"status": "error", "error": {"message": "Invalid refresh token"}})
        return httpx.Response(498, json={"status": "error"})

    auth = ManagedUser(CLIENT_ID, CANARY_SECRET, CANARY_ACCESS, CANARY_REFRESH)
    async with AsyncCal(auth=auth, transport=httpx.MockTransport(handler)) as cal:
        with pytest.raises(APIStatusError) as info:
            await cal.call(get_default)
    text = "".join(traceback.TracebackException.from_exception(info.value, capture_locals=True).format())
    assert_clean(text)


# -- Low: control characters in credentials ---------------------------------------------------


@pytest.mark.parametrize("key", ["cal_live_abc\x00defghijkl", "cal_live_abc\x7fdefghijkl"])
def test_control_characters_in_the_api_key_are_refused_without_echo(key: str) -> None:
    with pytest.raises(ValueError) as info:
        AsyncCal(api_key=key, transport=httpx.MockTransport(lambda r: ok({})))
    assert "defghijkl" not in str(info.value) and "control character" in str(info.value)


async def test_a_token_callable_returning_cr_lf_is_refused_before_sending() -> None:
    sent: list[httpx.Request] = []
    auth = BearerToken(lambda: "eyTOKEN\r\nX-Injected: 1")
    async with AsyncCal(auth=auth, transport=httpx.MockTransport(lambda r: sent.append(r) or ok({}))) as cal:
        with pytest.raises(APIConnectionError) as info:
            await cal.call(get_default)
    assert info.value.maybe_processed is False and sent == []
    assert "Injected" not in str(info.value) and "control character" in str(info.value)


# -- Low: URLs and logs -----------------------------------------------------------------------


def test_userinfo_in_base_url_is_refused_without_echoing_the_password() -> None:
    with pytest.raises(ValueError) as info:
        AsyncCal(api_key=CANARY_KEY, base_url="https://user:hunter2pass@cal.example.com")
    assert "hunter2pass" not in str(info.value) and "http_client" in str(info.value)


async def test_httpx_log_filter_hides_query_strings(caplog: pytest.LogCaptureFixture) -> None:
    handler_filter = cal_client.HttpxLogFilter()
    logging.getLogger("httpx").addFilter(handler_filter)
    try:
        caplog.set_level(logging.INFO, logger="httpx")
        async with make_cal(lambda r: ok([])) as cal:
            with contextlib.suppress(CalError):  # only the log line matters here
                await cal.bookings.list(attendee_email="ada@example.com")
    finally:
        logging.getLogger("httpx").removeFilter(handler_filter)
    messages = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    assert messages and all("ada" not in m and "?" not in m for m in messages)


async def test_https_proxy_from_the_environment_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    connects: list[bytes] = []

    async def proxy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connects.append(await reader.readline())
        writer.write(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(proxy, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{port}")
    try:
        async with AsyncCal(api_key=CANARY_KEY, base_url="https://cal.example.invalid", max_retries=0) as cal:
            with pytest.raises(APIConnectionError):
                await cal.call(get_default)
    finally:
        server.close()
        await server.wait_closed()
    assert connects == [b"CONNECT cal.example.invalid:443 HTTP/1.1\r\n"]


# -- Low: rate limits -------------------------------------------------------------------------


async def test_nan_rate_limit_reset_does_not_reach_sleep(clock: FakeClock) -> None:
    headers = {
        "X-RateLimit-Limit-Default": "10",
        "X-RateLimit-Remaining-Default": "0",
        "X-RateLimit-Reset-Default": "nan",
    }
    async with make_cal(lambda r: httpx.Response(429, headers=headers, json={}), max_retries=2) as cal:
        with pytest.raises(RateLimitError) as info:
            await cal.call(get_default)
    assert all(math.isfinite(s) for s in clock.sleeps)
    assert info.value.retry_after is None or math.isfinite(info.value.retry_after)


@pytest.mark.parametrize("wait", [float("nan"), -1.0])
def test_max_rate_limit_wait_must_be_a_number_of_seconds(wait: float) -> None:
    with pytest.raises(ValueError, match="max_rate_limit_wait"):
        AsyncCal(api_key=CANARY_KEY, max_rate_limit_wait=wait)


async def test_rate_limits_stay_bounded_with_many_header_names() -> None:
    headers = [(f"X-RateLimit-Remaining-N{i}", "5") for i in range(5000)]
    async with make_cal(lambda r: httpx.Response(200, headers=headers, json={"status": "success"})) as cal:
        await cal.call_raw(get_default)
        assert len(cal.rate_limits) <= 64


def test_with_options_refuses_a_bytes_cal_api_version_header() -> None:
    cal = AsyncCal(api_key=CANARY_KEY)
    with pytest.raises(ValueError, match="cal-api-version"):
        cal.with_options(extra_headers={b"cal-api-version": "2024-08-13"})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="cal-api-version"):
        cal.with_options(extra_headers={" Cal-Api-Version": "2024-08-13"})


# -- Low: input edges -------------------------------------------------------------------------


EDGE_INPUTS: list[tuple[dict[str, Any], str]] = [
    ({"start": dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=5)))}, "start"),
    ({"start": dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=-5)))}, "start"),
    ({"metadata": {"score": float("nan")}}, "metadata"),
    ({"metadata": {"score": float("inf")}}, "metadata"),
    ({"attendee": Attendee(name="Ada", email="ada@example.com\n", time_zone="Europe/Paris")}, "attendee.email"),
    ({"attendee": Attendee(name="Ada\ud800", email="ada@example.com", time_zone="Europe/Paris")}, "attendee.name"),
]


@pytest.mark.parametrize(("override", "argument"), EDGE_INPUTS)
async def test_edge_inputs_are_validation_errors_naming_the_argument(override: dict[str, Any], argument: str) -> None:
    sent: list[httpx.Request] = []
    kwargs: dict[str, Any] = {"event_type_id": 1, "start": START, "attendee": ADA, **override}
    async with make_cal(lambda r: sent.append(r) or ok({})) as cal:
        with pytest.raises(CalValidationError) as info:
            await cal.bookings.create(**kwargs)
    assert info.value.argument == argument and argument in str(info.value)
    assert sent == []


async def test_a_lone_surrogate_through_call_is_a_validation_error() -> None:
    async with make_cal(lambda r: ok({})) as cal:
        with pytest.raises(CalValidationError) as info:
            await cal.call(cal_client.api.webhooks.create_webhook, body=Body(subscriberUrl="https://x.example/\ud800"))
    assert "subscriberUrl" in str(info.value)
