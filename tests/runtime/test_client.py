"""AsyncCal itself: configuration, ``with_options`` copies, ownership, raw responses, exports."""

from __future__ import annotations

import functools

import cal_client._exports
import httpx
import pytest
from runtime_helpers import CANARY_KEY, make_cal, ok

from cal_client import APIResponse, AsyncCal, NotFoundError
from cal_client.api.bookings import get_booking, get_bookings
from cal_client.api.conferencing import default, get_default
from cal_client.models.default_app import DefaultApp


def recording() -> tuple[list[httpx.Request], httpx.MockTransport]:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return ok({"appSlug": "zoom"}, headers={"X-Request-Id": "req-1"})

    return requests, httpx.MockTransport(handler)


def test_every_public_name_is_exported_from_cal_client() -> None:
    for name in cal_client._exports.__all__:
        assert getattr(cal_client, name) is getattr(cal_client._exports, name)
    assert cal_client.AsyncCal is AsyncCal


async def test_defaults_user_agent_and_timeout() -> None:
    requests, transport = recording()
    async with AsyncCal(api_key=CANARY_KEY, transport=transport) as cal:
        await cal.call(get_default)
    request = requests[0]
    assert str(request.url) == "https://api.cal.com/v2/conferencing/default"
    assert request.headers["user-agent"].startswith("cal-client-python/")
    assert request.extensions["timeout"] == {"connect": 10.0, "read": 30.0, "write": 30.0, "pool": 30.0}
    assert cal.max_retries == 2


async def test_call_raw_keeps_the_http_response() -> None:
    _, transport = recording()
    async with AsyncCal(api_key=CANARY_KEY, transport=transport) as cal:
        raw = await cal.call_raw(get_default)
    assert isinstance(raw, APIResponse)
    assert raw.status_code == 200 and raw.request_id == "req-1" and raw.headers["x-request-id"] == "req-1"
    assert raw.http_response.json()["data"] == {"appSlug": "zoom"}
    assert raw.parsed.data.app_slug == "zoom"


async def test_query_parameters_and_path_prefix() -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(404)

    async with make_cal(handler, base_url="https://cal.example.com/api") as cal:
        with pytest.raises(NotFoundError):
            await cal.call(get_bookings, take=5, attendee_email="a@example.com")
    url = requests[0].url
    assert url.path == "/api/v2/bookings"
    assert url.params["take"] == "5" and url.params["attendeeEmail"] == "a@example.com"


async def test_with_options_copies_share_the_pool_and_change_only_their_options() -> None:
    requests, transport = recording()
    cal = AsyncCal(api_key=CANARY_KEY, transport=transport)
    fast = cal.with_options(timeout=2.5, max_retries=0, extra_headers={"x-trace": "1"})
    traced_twice = fast.with_options(extra_headers={"x-span": "2"})
    assert fast._shared is cal._shared is traced_twice._shared
    await cal.call(get_default)
    await fast.call(get_default)
    await traced_twice.call(default, app=DefaultApp.ZOOM)
    plain, quick, both = requests
    assert "x-trace" not in plain.headers and plain.extensions["timeout"]["read"] == 30.0
    assert quick.headers["x-trace"] == "1" and quick.extensions["timeout"]["read"] == 2.5
    assert (both.headers["x-trace"], both.headers["x-span"]) == ("1", "2")
    assert quick.extensions["cal_client"] == {
        "max_retries": 0,
        "idempotent": None,
        "max_rate_limit_wait": 60.0,
        "op": "cal_client.api.conferencing.get_default",
    }
    assert (fast.max_retries, cal.max_retries) == (0, 2)

    await fast.aclose()  # a copy does not own the pool
    assert not cal.is_closed
    await cal.call(get_default)
    await cal.aclose()
    assert cal.is_closed and fast.is_closed


async def test_request_options_are_built_once_and_cannot_leak_between_requests() -> None:
    requests, transport = recording()
    async with AsyncCal(api_key=CANARY_KEY, transport=transport) as cal:
        quick = cal.with_options(timeout=2.5)
        for client in (cal, quick, cal, quick):
            await client.call(get_default)
        await cal.call(default, app=DefaultApp.ZOOM)
    ops = [r.extensions["cal_client"]["op"] for r in requests]
    assert ops == ["cal_client.api.conferencing.get_default"] * 4 + ["cal_client.api.conferencing.default"]
    assert [r.extensions["timeout"]["read"] for r in requests] == [30.0, 2.5, 30.0, 2.5, 30.0]
    # Shared between calls of one operation, hence read-only: no request can change the next one's.
    assert requests[0].extensions["cal_client"] is requests[2].extensions["cal_client"]
    assert requests[0].extensions is not requests[2].extensions
    with pytest.raises(TypeError):
        requests[0].extensions["cal_client"]["max_retries"] = 9  # type: ignore[index]
    with pytest.raises(TypeError):
        requests[0].extensions["timeout"]["read"] = 1.0  # type: ignore[index]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "get_booking() missing 1 required positional argument: 'booking_uid'"),
        ({"booking_uid": "b", "bookingUid": "b"}, "get_booking() got an unexpected keyword argument 'bookingUid'"),
        ({"booking_uid": None}, "get_booking(): booking_uid is required and cannot be None"),
    ],
)
async def test_wrong_arguments_are_refused_before_sending_in_terms_of_the_operation(
    kwargs: dict[str, object], message: str
) -> None:
    requests, transport = recording()
    async with AsyncCal(api_key=CANARY_KEY, transport=transport) as cal:
        with pytest.raises(TypeError) as info:
            await cal.call(get_booking, **kwargs)
    assert str(info.value) == message
    assert requests == []


async def test_none_for_an_optional_argument_is_left_to_the_operation() -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(404)

    async with AsyncCal(api_key=CANARY_KEY, transport=httpx.MockTransport(handler)) as cal:
        with pytest.raises(NotFoundError):
            await cal.call(get_bookings, take=None)
    assert len(requests) == 1


async def test_a_callers_http_client_is_used_and_left_open() -> None:
    requests, transport = recording()
    hooks: list[str] = []

    async def hook(request: httpx.Request) -> None:
        hooks.append(request.url.path)

    own = httpx.AsyncClient(transport=transport, event_hooks={"request": [hook]})
    async with AsyncCal(api_key=CANARY_KEY, http_client=own) as cal:
        await cal.call(get_default)
    assert hooks == ["/v2/conferencing/default"]
    assert requests[0].headers["authorization"] == f"Bearer {CANARY_KEY}"
    assert not own.is_closed
    await own.aclose()


def test_http_client_and_transport_are_exclusive() -> None:
    with pytest.raises(ValueError, match="either http_client or transport"):
        AsyncCal(api_key=CANARY_KEY, http_client=httpx.AsyncClient(), transport=httpx.MockTransport(ok))


@pytest.mark.parametrize("name", ["bookings", "slots", "event_types", "schedules", "calendars", "webhooks", "me"])
def test_resource_namespaces_are_lazy_cached_properties(name: str) -> None:
    assert isinstance(AsyncCal.__dict__[name], functools.cached_property)


async def test_a_per_call_version_override_is_possible() -> None:
    from cal_client.api.bookings import get_booking

    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["cal-api-version"])
        return httpx.Response(404)

    async with make_cal(handler) as cal:
        with pytest.raises(NotFoundError):
            await cal.call(get_booking, booking_uid="x", cal_api_version="2024-04-15")
    assert seen == ["2024-04-15"]
