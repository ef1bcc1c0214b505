"""``Anonymous`` auth: an explicit opt-in that sends no credentials to Cal.com's public endpoints,
keeps its own (per-IP) rate-limit state, and says so when a route turns out not to be public."""

from __future__ import annotations

import math
from typing import Any

import cal_client._exports
import httpx
import pytest
from runtime_helpers import CANARY_KEY, Body, FakeClock, error_body, make_cal, ok, rate_headers

from cal_client import Anonymous, ApiKey, AsyncCal, AuthenticationError, NotFoundError
from cal_client.api.bookings import cancel_booking, create_booking, get_booking, reschedule_booking
from cal_client.api.conferencing import get_default
from cal_client.api.event_types import get_event_types
from cal_client.api.slots import delete_reserved_slot, get_available_slots, get_reserved_slot, reserve_slot

CREDENTIAL_HEADERS = ("authorization", "x-cal-client-id", "x-cal-secret-key", "cookie")

# The public routes (brief section 1.4), each with the arguments it needs.
PUBLIC_CALLS: list[tuple[Any, dict[str, Any]]] = [
    (get_available_slots, {"start": "2025-10-01", "end": "2025-10-02", "event_type_id": 5}),
    (reserve_slot, {"body": Body({"eventTypeId": 5, "slotStart": "2025-10-01T09:00:00Z"})}),
    (get_reserved_slot, {"uid": "rs-1"}),
    (delete_reserved_slot, {"uid": "rs-1"}),
    (create_booking, {"body": Body({"start": "2025-10-01T09:00:00Z", "eventTypeId": 5})}),
    (get_booking, {"booking_uid": "bk-1"}),
    (reschedule_booking, {"booking_uid": "bk-1", "body": Body({"start": "2025-10-02T09:00:00Z"})}),
    (cancel_booking, {"booking_uid": "bk-1", "body": Body({"cancellationReason": "x"})}),
    (get_event_types, {}),
]


def credentials(request: httpx.Request) -> dict[str, str]:
    return {name: request.headers[name] for name in CREDENTIAL_HEADERS if name in request.headers}


async def test_public_endpoints_go_out_without_any_credential(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAL_API_KEY", CANARY_KEY)  # an explicit Anonymous must not pick it up
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(404, json=error_body(404, "NotFoundException", "no such thing"))

    async with AsyncCal(auth=Anonymous(), transport=httpx.MockTransport(handler), max_retries=0) as cal:
        for endpoint, kwargs in PUBLIC_CALLS:
            with pytest.raises(NotFoundError):
                await cal.call(endpoint, **kwargs)
    assert len(seen) == len(PUBLIC_CALLS)
    assert [credentials(request) for request in seen] == [{}] * len(PUBLIC_CALLS)
    # Everything else is still sent: the operation's own version and the SDK's User-Agent.
    assert seen[0].headers["cal-api-version"] == "2024-09-04"
    assert seen[0].headers["user-agent"].startswith("cal-client-python/")


async def test_an_anonymous_call_is_parsed_like_any_other() -> None:
    slots = {"2025-10-01": [{"start": "2025-10-01T09:00:00.000Z"}]}
    async with make_cal(lambda request: ok(slots), auth=Anonymous()) as cal:
        envelope = await cal.call(get_available_slots, start="2025-10-01", end="2025-10-02", event_type_id=5)
    assert envelope.data.additional_properties["2025-10-01"][0].start.isoformat() == "2025-10-01T09:00:00+00:00"


async def test_an_anonymous_copy_of_an_authenticated_client() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return ok([])

    async with make_cal(handler) as cal:
        public = cal.with_options(auth=Anonymous())
        await public.call(get_event_types)
        await cal.call(get_event_types)
        assert isinstance(public.auth, Anonymous) and isinstance(cal.auth, ApiKey)
    assert [credentials(request) for request in seen] == [{}, {"authorization": f"Bearer {CANARY_KEY}"}]


def test_a_missing_key_still_fails_and_points_at_anonymous() -> None:
    with pytest.raises(ValueError, match="CAL_API_KEY") as info:
        AsyncCal()
    message = str(info.value)
    assert "auth=Anonymous()" in message and "api_key=" in message


def test_it_is_public_typed_and_shows_nothing() -> None:
    assert "Anonymous" in cal_client._exports.__all__
    assert cal_client.Anonymous is Anonymous
    auth = Anonymous()
    assert isinstance(auth, httpx.Auth)
    assert repr(auth) == "Anonymous()" and auth.secrets() == ()
    cal = AsyncCal(auth=auth)
    assert cal.auth is auth and "auth=Anonymous()" in repr(cal)
    with pytest.raises(ValueError, match="either api_key or auth"):
        AsyncCal(api_key=CANARY_KEY, auth=Anonymous())


async def test_it_also_works_on_a_plain_httpx_client() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    async with httpx.AsyncClient(auth=Anonymous(), transport=httpx.MockTransport(handler)) as client:
        await client.get("https://api.cal.com/v2/slots", headers={"Authorization": "kept-as-given"})
    # It adds nothing and removes nothing the caller set on purpose.
    assert credentials(seen[0]) == {"authorization": "kept-as-given"}


async def test_a_401_says_the_route_needs_credentials() -> None:
    unauthorized = httpx.Response(401, json=error_body(401, "UnauthorizedException", "No access token provided"))
    async with make_cal(lambda request: unauthorized, auth=Anonymous()) as cal:
        with pytest.raises(AuthenticationError) as info:
            await cal.call(get_default)
        with pytest.raises(AuthenticationError) as keyed:
            await cal.with_options(auth=ApiKey(CANARY_KEY)).call(get_default)
    assert info.value.message.startswith("sent without credentials (auth=Anonymous())")
    assert info.value.message.endswith("No access token provided")
    assert info.value.code == "UnauthorizedException" and info.value.status_code == 401
    assert keyed.value.message == "No access token provided"  # the hint is for anonymous calls only


async def test_anonymous_and_keyed_calls_are_throttled_apart(clock: FakeClock) -> None:
    """Cal.com counts anonymous requests per IP and keyed ones per key: exhausting one budget must not
    hold back the other, and each is waited out on its own."""
    limits = {"ip": 2, "key": 3}
    periods = {"ip": 40.0, "key": 25.0}
    windows: dict[str, list[float]] = {}  # tracker -> [requests left, window end]
    sent: list[tuple[str, float]] = []
    start = clock.now

    def handler(request: httpx.Request) -> httpx.Response:
        tracker = "key" if "authorization" in request.headers else "ip"
        now = clock.now - start
        sent.append((tracker, now))
        window = windows.get(tracker)
        if window is None or now >= window[1]:
            window = windows[tracker] = [limits[tracker], now + periods[tracker]]
        window[0] -= 1
        return ok([], headers=rate_headers(limits[tracker], int(window[0]), math.ceil(window[1] - now)))

    async with make_cal(handler) as cal:
        public = cal.with_options(auth=Anonymous())
        await public.call(get_event_types)
        await public.call(get_event_types)  # the IP window is used up until t=40
        await cal.call(get_event_types)  # the key has its own window
        assert clock.sleeps == []
        await public.call(get_event_types)  # waits for the IP window only
        assert clock.sleeps == [40.0]
        for _ in range(3):
            await cal.call(get_event_types)  # a new key window (t=40..65), used up
        assert clock.sleeps == [40.0]
        await cal.call(get_event_types)  # waits for the key window only
        await public.call(get_event_types)  # the IP window (t=40..80) still has room
        assert clock.sleeps == [40.0, 25.0]
    assert [tracker for tracker, _ in sent] == ["ip", "ip", "key", "ip", "key", "key", "key", "key", "ip"]
    assert [when for _, when in sent] == [0.0, 0.0, 0.0, 40.0, 40.0, 40.0, 40.0, 65.0, 65.0]
