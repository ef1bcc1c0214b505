"""Each auth strategy's headers, managed-user refresh (single flight, rotation, failure), and the
checks that reject bad credentials and insecure base URLs at construction."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from runtime_helpers import CANARY_ACCESS, CANARY_KEY, CANARY_REFRESH, CANARY_SECRET, FakeClock, make_cal, ok

from cal_client import (
    ApiKey,
    AsyncCal,
    AuthenticationError,
    BearerToken,
    InternalServerError,
    ManagedUser,
    ManagedUserTokens,
    PlatformClient,
    TokenExpiredError,
)
from cal_client.api.conferencing import get_default
from cal_client.api.platform_managed_users import get_managed_users

CLIENT_ID = "clxyz123client"
NEW_ACCESS = "eyNEWaccess.token.aaaaaaaaaaaaaaaa"
NEW_REFRESH = "eyNEWrefresh.token.bbbbbbbbbbbbbbbb"
AUTH_HEADERS = ("authorization", "x-cal-client-id", "x-cal-secret-key", "origin")


def captured(requests: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return ok([] if request.url.path.endswith("/users") else {"appSlug": "daily-video"})

    return httpx.MockTransport(handler)


def auth_headers(request: httpx.Request) -> dict[str, str]:
    return {name: request.headers[name] for name in AUTH_HEADERS if name in request.headers}


async def test_api_key_sends_a_bearer_header_only() -> None:
    requests: list[httpx.Request] = []
    async with AsyncCal(api_key=CANARY_KEY, transport=captured(requests)) as cal:
        await cal.call(get_default)
    assert auth_headers(requests[0]) == {"authorization": f"Bearer {CANARY_KEY}"}


async def test_platform_client_sends_id_and_secret_also_on_oauth_client_routes() -> None:
    requests: list[httpx.Request] = []
    auth = PlatformClient(CLIENT_ID, CANARY_SECRET)
    async with AsyncCal(auth=auth, transport=captured(requests)) as cal:
        await cal.call(get_default)
        await cal.call_raw(get_managed_users, client_id=CLIENT_ID)
    expected = {"x-cal-client-id": CLIENT_ID, "x-cal-secret-key": CANARY_SECRET}
    assert [auth_headers(r) for r in requests] == [expected, expected]
    assert requests[1].url.path == f"/v2/oauth-clients/{CLIENT_ID}/users"


async def test_bearer_token_static_sync_and_async_sources() -> None:
    requests: list[httpx.Request] = []
    tokens = iter(["tok-1", "tok-2"])

    async def fetch() -> str:
        return next(tokens)

    async with AsyncCal(auth=BearerToken("static-token"), transport=captured(requests)) as cal:
        await cal.call(get_default)
        await cal.with_options(auth=BearerToken(fetch)).call(get_default)
        await cal.with_options(auth=BearerToken(fetch)).call(get_default)
        await cal.with_options(auth=BearerToken(lambda: "sync-token")).call(get_default)
    assert [r.headers["authorization"] for r in requests] == [
        "Bearer static-token",
        "Bearer tok-1",
        "Bearer tok-2",
        "Bearer sync-token",
    ]
    assert all("x-cal-secret-key" not in r.headers for r in requests)


class ManagedServer:
    """Answers 498 to the old access token, rotates the pair on refresh, counts refreshes."""

    def __init__(self, *, refuse: bool = False, always_expired: bool = False) -> None:
        # The client's initial access token has already expired on the server.
        self.access: str | None = None
        self.refresh = CANARY_REFRESH
        self.refresh_requests: list[httpx.Request] = []
        self.api_requests: list[httpx.Request] = []
        self.api_tokens: list[str] = []  # as sent: the request object is re-signed in place
        self.refuse = refuse
        self.always_expired = always_expired

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0)  # let the other concurrent calls interleave
        if request.url.path.endswith("/refresh"):
            self.refresh_requests.append(request)
            body = json.loads(request.content)
            if self.refuse or body != {"refreshToken": self.refresh}:
                return httpx.Response(
                    400,
                    json={
                        "status": "error",
                        "path": request.url.path,
                        "error": {
                            "code": "BadRequestException",
                            "message": "Invalid refresh token",
                            "details": {"errors": [{"property": "refreshToken", "target": body}]},
                        },
                    },
                )
            n = len(self.refresh_requests)
            self.access, self.refresh = f"{NEW_ACCESS}{n}", f"{NEW_REFRESH}{n}"
            data = {
                "accessToken": self.access,
                "refreshToken": self.refresh,
                "accessTokenExpiresAt": 1_900_000_000_000,
                "refreshTokenExpiresAt": 1_990_000_000_000,
            }
            return httpx.Response(200, json={"status": "success", "data": data})
        self.api_requests.append(request)
        self.api_tokens.append(request.headers["authorization"])
        if self.always_expired or request.headers.get("authorization") != f"Bearer {self.access}":
            return httpx.Response(
                498,
                json={
                    "status": "error",
                    "error": {"code": "TokenExpiredException", "message": "ACCESS_TOKEN_IS_EXPIRED"},
                },
            )
        return ok({"appSlug": "daily-video"})


def managed_user(received: list[ManagedUserTokens], expires_at: int | None = None) -> ManagedUser:
    async def on_refresh(tokens: ManagedUserTokens) -> None:
        await asyncio.sleep(0)
        received.append(tokens)

    return ManagedUser(CLIENT_ID, CANARY_SECRET, CANARY_ACCESS, CANARY_REFRESH, expires_at, on_refresh=on_refresh)


async def test_498_under_100_concurrent_calls_refreshes_once() -> None:
    server = ManagedServer()
    received: list[ManagedUserTokens] = []
    auth = managed_user(received)
    async with AsyncCal(auth=auth, transport=httpx.MockTransport(server)) as cal:
        results = await asyncio.gather(*(cal.call(get_default) for _ in range(100)))

    assert len(results) == 100 and all(r.status.value == "success" for r in results)
    assert len(server.refresh_requests) == 1
    assert len(received) == 1
    assert received[0].access_token == f"{NEW_ACCESS}1" and received[0].refresh_token == f"{NEW_REFRESH}1"
    assert received[0].access_token_expires_at == 1_900_000_000_000
    assert auth.tokens == received[0] and auth.refresh_count == 1
    # 100 with the expired token, each retried once with the new one.
    assert len(server.api_requests) == 200
    assert sorted(set(server.api_tokens)) == [f"Bearer {CANARY_ACCESS}", f"Bearer {NEW_ACCESS}1"]
    assert server.api_tokens.count(f"Bearer {NEW_ACCESS}1") == 100

    refresh = server.refresh_requests[0]
    assert refresh.method == "POST" and refresh.url.path == f"/v2/oauth/{CLIENT_ID}/refresh"
    assert refresh.headers["x-cal-secret-key"] == CANARY_SECRET
    assert refresh.headers["x-cal-client-id"] == CLIENT_ID  # rate-limited per client, not per IP
    assert "authorization" not in refresh.headers
    assert json.loads(refresh.content) == {"refreshToken": CANARY_REFRESH}


async def test_rotated_refresh_token_is_used_for_the_next_refresh() -> None:
    server = ManagedServer()
    received: list[ManagedUserTokens] = []
    async with AsyncCal(auth=managed_user(received), transport=httpx.MockTransport(server)) as cal:
        await cal.call(get_default)
        server.access = "server-revoked-it"  # the next call gets a 498 again
        await cal.call(get_default)
    assert [json.loads(r.content)["refreshToken"] for r in server.refresh_requests] == [
        CANARY_REFRESH,
        f"{NEW_REFRESH}1",
    ]
    assert [t.refresh_token for t in received] == [f"{NEW_REFRESH}1", f"{NEW_REFRESH}2"]


async def test_refresh_happens_before_expiry_without_a_498(clock: FakeClock) -> None:
    server = ManagedServer()
    received: list[ManagedUserTokens] = []
    expires_at = int(clock.time_ms()) + 30_000  # inside the refresh margin
    async with AsyncCal(auth=managed_user(received, expires_at), transport=httpx.MockTransport(server)) as cal:
        await cal.call(get_default)
    assert len(server.refresh_requests) == 1
    assert server.api_tokens == [f"Bearer {NEW_ACCESS}1"]


async def test_concurrent_calls_near_expiry_share_one_refresh(clock: FakeClock) -> None:
    server = ManagedServer()
    received: list[ManagedUserTokens] = []
    auth = managed_user(received, int(clock.time_ms()) - 1)
    async with AsyncCal(auth=auth, transport=httpx.MockTransport(server)) as cal:
        await asyncio.gather(*(cal.call(get_default) for _ in range(50)))
    assert len(server.refresh_requests) == 1 and len(received) == 1
    assert server.api_tokens == [f"Bearer {NEW_ACCESS}1"] * 50


async def test_a_failed_refresh_is_not_repeated_by_the_calls_waiting_for_it() -> None:
    server = ManagedServer()
    failures = 0

    async def flaky(request: httpx.Request) -> httpx.Response:
        nonlocal failures
        if request.url.path.endswith("/refresh") and failures == 0:
            failures += 1
            server.refresh_requests.append(request)
            for _ in range(50):  # slow enough for every other call to queue up behind it
                await asyncio.sleep(0)
            return httpx.Response(500, json={"statusCode": 500, "message": "Internal server error"})
        return await server(request)

    async with AsyncCal(auth=managed_user([]), transport=httpx.MockTransport(flaky)) as cal:
        outcomes = await asyncio.gather(*(cal.call(get_default) for _ in range(20)), return_exceptions=True)
        assert all(isinstance(o, InternalServerError) for o in outcomes)
        assert len(server.refresh_requests) == 1  # a 500 on a POST is not retried either
        # A server error is not final: the next call tries again, and succeeds.
        await cal.call(get_default)
    assert len(server.refresh_requests) == 2


async def test_token_far_from_expiry_is_not_refreshed(clock: FakeClock) -> None:
    server = ManagedServer()
    server.access = CANARY_ACCESS
    expires_at = int(clock.time_ms()) + 3_600_000
    async with AsyncCal(auth=managed_user([], expires_at), transport=httpx.MockTransport(server)) as cal:
        await cal.call(get_default)
    assert server.refresh_requests == []


async def test_refused_refresh_raises_one_authentication_error_per_call_without_looping() -> None:
    server = ManagedServer(refuse=True)
    received: list[ManagedUserTokens] = []
    async with AsyncCal(auth=managed_user(received), transport=httpx.MockTransport(server)) as cal:
        outcomes = await asyncio.gather(*(cal.call(get_default) for _ in range(100)), return_exceptions=True)
    assert all(isinstance(o, AuthenticationError) for o in outcomes)
    assert len(server.refresh_requests) == 1
    assert received == []
    error = outcomes[0]
    assert isinstance(error, AuthenticationError)
    assert error.status_code == 400 and error.code == "BadRequestException"
    assert "token refresh failed" in str(error)
    # The dead refresh token is not tried again by later calls either.
    async with AsyncCal(auth=cal.auth, transport=httpx.MockTransport(server)) as again:
        with pytest.raises(AuthenticationError):
            await again.call(get_default)
    assert len(server.refresh_requests) == 1
    # Cal.com echoes the request body in validation details: the refresh token must not survive.
    assert CANARY_REFRESH not in repr(error.details) and CANARY_REFRESH not in repr(error.body)


async def test_still_expired_after_refresh_raises_token_expired() -> None:
    server = ManagedServer(always_expired=True)
    async with AsyncCal(auth=managed_user([]), transport=httpx.MockTransport(server)) as cal:
        with pytest.raises(TokenExpiredError) as info:
            await cal.call(get_default)
    assert info.value.status_code == 498
    assert len(server.refresh_requests) == 1 and len(server.api_requests) == 2


async def test_refresh_keeps_a_self_hosted_path_prefix() -> None:
    server = ManagedServer()
    async with AsyncCal(
        auth=managed_user([]), base_url="https://cal.example.com/api", transport=httpx.MockTransport(server)
    ) as cal:
        await cal.call(get_default)
    assert str(server.refresh_requests[0].url) == f"https://cal.example.com/api/v2/oauth/{CLIENT_ID}/refresh"
    assert server.api_requests[0].url.path == "/api/v2/conferencing/default"


def invalid_token() -> httpx.Response:
    return httpx.Response(
        401, json={"status": "error", "error": {"code": "UnauthorizedException", "message": "Invalid Access Token."}}
    )


async def test_calls_whose_token_is_rotated_away_in_flight_are_resent_with_the_new_one() -> None:
    """Cal.com deletes the old access token when it refreshes, so calls sent with it before the
    refresh but answered after get 401 (unknown token), not 498."""
    rotated = asyncio.Event()
    sent: list[str] = []
    refreshes = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal refreshes
        if request.url.path.endswith("/refresh"):
            refreshes += 1
            rotated.set()  # the old token is gone from now on
            await asyncio.sleep(0)
            data = {"accessToken": f"{NEW_ACCESS}1", "refreshToken": f"{NEW_REFRESH}1"}
            return httpx.Response(200, json={"status": "success", "data": data})
        token = request.headers["authorization"]
        sent.append(token)
        if token == f"Bearer {NEW_ACCESS}1":
            return ok({"appSlug": "daily-video"})
        if len(sent) == 1:
            return httpx.Response(498, json={"status": "error", "error": {"code": "TokenExpiredException"}})
        await rotated.wait()
        return invalid_token()

    received: list[ManagedUserTokens] = []
    async with AsyncCal(auth=managed_user(received), transport=httpx.MockTransport(handler)) as cal:
        results = await asyncio.gather(*(cal.call(get_default) for _ in range(10)))
    assert [r.data.app_slug for r in results] == ["daily-video"] * 10
    assert refreshes == 1 and len(received) == 1
    assert sorted(sent) == [f"Bearer {CANARY_ACCESS}"] * 10 + [f"Bearer {NEW_ACCESS}1"] * 10


async def test_a_401_to_the_current_token_is_not_resent() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return invalid_token()

    received: list[ManagedUserTokens] = []
    async with AsyncCal(auth=managed_user(received), transport=httpx.MockTransport(handler)) as cal:
        with pytest.raises(AuthenticationError, match="Invalid Access Token"):
            await cal.call(get_default)
    assert len(sent) == 1 and received == []


async def test_sync_on_refresh_callback_is_supported() -> None:
    server = ManagedServer()
    received: list[ManagedUserTokens] = []
    auth = ManagedUser(CLIENT_ID, CANARY_SECRET, CANARY_ACCESS, CANARY_REFRESH, on_refresh=received.append)
    async with AsyncCal(auth=auth, transport=httpx.MockTransport(server)) as cal:
        await cal.call(get_default)
    assert len(received) == 1


# -- construction checks -------------------------------------------------------------------


def test_missing_key_says_what_to_do() -> None:
    with pytest.raises(ValueError, match="CAL_API_KEY") as info:
        AsyncCal()
    assert "api_key=" in str(info.value) and "PlatformClient" in str(info.value)


def test_key_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAL_API_KEY", CANARY_KEY)
    cal = AsyncCal()
    assert isinstance(cal.auth, ApiKey) and cal.auth.secrets() == (CANARY_KEY,)


@pytest.mark.parametrize(
    ("key", "hint"),
    [
        ("sk_live_CANARYabcdef", "start with 'cal_'"),
        ("cal_", "only 4 characters"),
        (f"Bearer {CANARY_KEY}", "starts with 'Bearer'"),
        ("BearerCANARYcal_live_x", "Bearer"),
        (f"{CANARY_KEY}\n", "whitespace"),
        ("", "empty"),
    ],
)
def test_malformed_key_is_rejected_without_echoing_it(key: str, hint: str) -> None:
    with pytest.raises(ValueError) as info:
        AsyncCal(api_key=key)
    assert hint in str(info.value)
    assert "CANARY" not in str(info.value)


def test_malformed_environment_key_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAL_API_KEY", "not-a-CANARY-key")
    with pytest.raises(ValueError, match=r"^CAL_API_KEY does not look like") as info:
        AsyncCal()
    assert "CANARY" not in str(info.value)


def test_api_key_and_auth_together_are_ambiguous() -> None:
    with pytest.raises(ValueError, match="either api_key or auth"):
        AsyncCal(api_key=CANARY_KEY, auth=BearerToken("x"))
    with pytest.raises(TypeError, match=r"httpx\.Auth"):
        AsyncCal(auth=("user", "pass"))  # type: ignore[arg-type]


@pytest.mark.parametrize("url", ["http://cal.example.com", "http://10.0.0.5:3000"])
def test_plain_http_is_refused_unless_allowed(url: str) -> None:
    with pytest.raises(ValueError, match="allow_insecure_http"):
        AsyncCal(api_key=CANARY_KEY, base_url=url)
    assert AsyncCal(api_key=CANARY_KEY, base_url=url, allow_insecure_http=True).base_url == url


@pytest.mark.parametrize("url", ["http://localhost:3003", "http://127.0.0.1:5555/", "http://[::1]:8080"])
def test_plain_http_to_loopback_is_fine(url: str) -> None:
    assert AsyncCal(api_key=CANARY_KEY, base_url=url).base_url == url.rstrip("/")


def test_base_url_from_environment_then_default(monkeypatch: pytest.MonkeyPatch) -> None:
    assert AsyncCal(api_key=CANARY_KEY).base_url == "https://api.cal.com"
    monkeypatch.setenv("CAL_API_URL", "https://cal.example.com/api/")
    assert AsyncCal(api_key=CANARY_KEY).base_url == "https://cal.example.com/api"
    monkeypatch.setenv("CAL_API_URL", "http://cal.example.com")
    with pytest.raises(ValueError, match="CAL_API_URL"):
        AsyncCal(api_key=CANARY_KEY)


@pytest.mark.parametrize("url", ["cal.example.com", "ftp://cal.example.com", "https://cal.example.com/?x=1"])
def test_malformed_base_url(url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        AsyncCal(api_key=CANARY_KEY, base_url=url)


async def test_no_origin_header_is_ever_sent() -> None:
    requests: list[httpx.Request] = []
    async with make_cal(lambda r: requests.append(r) or ok({"appSlug": "x"})) as cal:
        await cal.call(get_default)
    assert "origin" not in requests[0].headers
