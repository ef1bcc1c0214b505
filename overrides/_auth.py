"""How requests authenticate: ``httpx.Auth`` flows chosen with ``AsyncCal(auth=...)``.

- ``ApiKey("cal_...")``: ``Authorization: Bearer cal_...`` (what ``AsyncCal(api_key=...)`` uses).
- ``PlatformClient(client_id, secret_key)``: ``x-cal-client-id`` + ``x-cal-secret-key`` on every
  request. Routes under ``/v2/oauth-clients/{clientId}/...`` authenticate with the path id, but
  the header still matters there: without it Cal.com rate-limits the calls per IP.
- ``ManagedUser(...)``: a platform managed user's access token, refreshed through
  ``POST /v2/oauth/{clientId}/refresh`` shortly before ``expires_at`` and whenever Cal.com answers
  498. One refresh serves every concurrent request; the rotated pair goes to ``on_refresh``; a
  request whose token was rotated away while it was in flight (401) is resent with the new one.
- ``BearerToken(token_or_callable)``: a third-party OAuth access token, static or fetched per
  request from a (sync or async) callable that owns its caching and refresh.
- ``Anonymous()``: no credentials at all, for the public booking endpoints (slots, reservations,
  creating, reading, rescheduling and cancelling a booking, listing event types).

No flow sends ``Origin``: Cal.com checks it against the OAuth client's redirect URIs.
"""

from __future__ import annotations

import base64
import dataclasses
import inspect
import json
import logging
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator, Mapping
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

if TYPE_CHECKING:
    import asyncio

from . import _timing
from ._coordination import InProcessCoordinator, RefreshLease
from ._errors import AuthenticationError, CalError, ResponseParseError, make_status_error
from ._options import COORDINATOR, EXTENSION
from ._redact import mask_api_key

__all__ = ["Anonymous", "ApiKey", "BearerToken", "CalAuth", "ManagedUser", "ManagedUserTokens", "validate_api_key"]

logger = logging.getLogger("cal_client")

TOKEN_EXPIRED = 498
_LOCAL = InProcessCoordinator()  # for a ManagedUser used outside AsyncCal (plain httpx)
# Refresh this long before the access token's stated expiry, to absorb clock skew and latency.
REFRESH_MARGIN_MS = 60_000


class CalAuth(httpx.Auth):
    """Base of the cal_client auth flows: knows which of its values must never be shown."""

    def secrets(self) -> tuple[str, ...]:
        """The secret values this flow holds, for redaction; never log or display them."""
        return ()


def validate_api_key(api_key: object, *, source: str = "api_key") -> str:
    """The key, or a ``ValueError`` that says what is wrong and what to do (never echoing the key)."""
    if not isinstance(api_key, str):
        raise TypeError(f"{source} must be a str, not {type(api_key).__name__}")
    how = (
        "Create one in Cal.com under Settings → Developer → API keys and pass AsyncCal(api_key='cal_...') "
        "or set CAL_API_KEY."
    )
    if not api_key:
        raise ValueError(f"{source} is empty. {how}")
    if api_key.strip().lower().startswith("bearer"):
        raise ValueError(f"{source} starts with 'Bearer'; pass the key alone, the SDK adds the header prefix.")
    if api_key != api_key.strip() or any(ch.isspace() for ch in api_key):
        raise ValueError(f"{source} contains whitespace or a line break; pass the key alone, without spaces.")
    if api_key.startswith("cal_") and len(api_key) <= len("cal_live_"):
        raise ValueError(
            f"{source} is only {len(api_key)} characters: a Cal.com API key is 'cal_' (or 'cal_live_') followed by "
            "its secret. Copy the whole key from Cal.com (Settings → Developer → API keys)."
        )
    if not api_key.startswith("cal_"):
        raise ValueError(
            f"{source} does not look like a Cal.com API key: keys start with 'cal_' (live keys 'cal_live_'). "
            f"{how} For a managed-user access token use auth=ManagedUser(...), for OAuth client credentials "
            "auth=PlatformClient(...), for a third-party OAuth token auth=BearerToken(...)."
        )
    return api_key


def _require_text(value: object, name: str) -> str:
    if not isinstance(value, str) or not value or value != value.strip():
        raise ValueError(f"{name} must be a non-empty string without surrounding whitespace")
    return value


class Anonymous(CalAuth):
    """No credentials: requests go out without ``Authorization`` or ``x-cal-*`` headers.

    For a public booking page backend that has no API key. Cal.com serves these without auth:
    ``GET /v2/slots``, the slot reservations (``/v2/slots/reservations[/{uid}]``),
    ``POST /v2/bookings``, ``GET /v2/bookings/{uid}``, reschedule, cancel, ``GET /v2/event-types``
    and a booking's recordings and transcripts. Anything else answers 401 (``AuthenticationError``).
    Some public routes do less for an anonymous caller: hidden event types are not listed, seated
    attendees are not shown, a custom ``reservationDuration`` is refused and only the host can
    cancel every seat.

    Rate limits are then counted per IP address (120 requests a minute by default), shared with
    every other anonymous client behind the same address, instead of per API key.

    Must be chosen explicitly, ``AsyncCal(auth=Anonymous())``: a client left without a key still
    fails at construction. ``cal.with_options(auth=Anonymous())`` makes an unauthenticated copy of
    an authenticated client, e.g. to see what a public booking page shows.
    """

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        yield request

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        yield request  # not httpx's default, which wraps ``auth_flow`` in a second generator per call

    def __repr__(self) -> str:
        return "Anonymous()"


class ApiKey(CalAuth):
    """``Authorization: Bearer cal_...`` on every request."""

    def __init__(self, api_key: str) -> None:
        self._api_key = validate_api_key(api_key)
        self._header = f"Bearer {self._api_key}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        request.headers["Authorization"] = self._header  # as ``auth_flow``, without httpx's wrapper
        yield request

    def secrets(self) -> tuple[str, ...]:
        return (self._api_key,)

    def __repr__(self) -> str:
        return f"ApiKey({mask_api_key(self._api_key)!r})"


class PlatformClient(CalAuth):
    """OAuth client credentials: ``x-cal-client-id`` and ``x-cal-secret-key`` on every request."""

    def __init__(self, client_id: str, secret_key: str) -> None:
        self.client_id = _require_text(client_id, "client_id")
        self._secret_key = _require_text(secret_key, "secret_key")

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["x-cal-client-id"] = self.client_id
        request.headers["x-cal-secret-key"] = self._secret_key
        yield request

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        request.headers["x-cal-client-id"] = self.client_id  # as ``auth_flow``, without httpx's wrapper
        request.headers["x-cal-secret-key"] = self._secret_key
        yield request

    def secrets(self) -> tuple[str, ...]:
        return (self._secret_key,)

    def __repr__(self) -> str:
        return f"PlatformClient(client_id={self.client_id!r}, secret_key='****')"


@dataclasses.dataclass(frozen=True)
class ManagedUserTokens:
    """A managed user's token pair; ``*_expires_at`` are epoch milliseconds, as Cal.com sends them."""

    access_token: str = dataclasses.field(repr=False)
    refresh_token: str = dataclasses.field(repr=False)
    access_token_expires_at: int | None = None
    refresh_token_expires_at: int | None = None


OnRefresh = Callable[[ManagedUserTokens], Awaitable[None] | None]


class ManagedUser(CalAuth):
    """A platform managed user's access token, refreshed before expiry and on HTTP 498.

    Refresh tokens rotate: the old one stops working as soon as a refresh succeeds, so
    ``on_refresh`` (sync or async, called once per refresh with the new ``ManagedUserTokens``)
    must persist both tokens. An exception from it propagates; the in-memory pair is already
    updated by then. A refresh Cal.com refuses (400/401) raises one ``AuthenticationError`` for each
    request that needed it, and that refresh token is not tried again: there is no retry loop.
    A request answered 401 because a concurrent refresh replaced its token in flight is resent
    once with the new token.
    """

    requires_request_body = True  # the request may be sent a second time (after a 498 or a rotation)

    def __init__(
        self,
        client_id: str,
        secret_key: str,
        access_token: str,
        refresh_token: str,
        expires_at: int | float | None = None,
        *,
        on_refresh: OnRefresh | None = None,
    ) -> None:
        self.client_id = _require_text(client_id, "client_id")
        self._secret_key = _require_text(secret_key, "secret_key")
        self._access_token = _require_text(access_token, "access_token")
        self._refresh_token = _require_text(refresh_token, "refresh_token")
        self._expires_at = expires_at
        self._refresh_expires_at: int | None = None
        self._on_refresh = on_refresh
        self._lock: asyncio.Lock | None = None
        self._finished = 0  # refresh attempts that got an answer, success or not
        self._failure: httpx.Response | None = None
        self._refused: tuple[str, httpx.Response] | None = None
        self._retired: tuple[str, ...] = ()
        self.refresh_count = 0
        """Refreshes that succeeded, for monitoring."""

    @property
    def tokens(self) -> ManagedUserTokens:
        """The current pair (after any refresh)."""
        return ManagedUserTokens(
            self._access_token, self._refresh_token, _as_ms(self._expires_at), self._refresh_expires_at
        )

    def secrets(self) -> tuple[str, ...]:
        return (self._secret_key, self._access_token, self._refresh_token, *self._retired)

    def __repr__(self) -> str:
        return f"ManagedUser(client_id={self.client_id!r}, expires_at={self._expires_at!r}, tokens='****')"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        raise RuntimeError("ManagedUser refreshes tokens asynchronously; use it with AsyncCal / httpx.AsyncClient")

    def _expiring(self) -> bool:
        return self._expires_at is not None and _timing.time_ms() >= self._expires_at - REFRESH_MARGIN_MS

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        if self.requires_request_body:
            await request.aread()
        if self._expiring():
            refresh = await self._begin_refresh(request, stale=self._access_token)
            if refresh is not None:
                try:
                    async with _lease(request, self) as lease:
                        if lease.successor is None:
                            await lease.started()
                            response = yield refresh
                            if lease.inherited and response.status_code in (400, 401):
                                response = yield self._recovery_request(refresh, response)
                        await self._apply_refresh(None if lease.successor else response, lease)
                finally:
                    self._end_refresh()

        used = self._access_token
        request.headers["Authorization"] = f"Bearer {used}"
        response = yield request
        if response.status_code == 401:
            # A refresh deletes the old access token at Cal.com, so a request sent with it just before
            # is answered 401, not 498. Once that refresh has landed here, resend with the new token
            # (safe for any method: a 401 is given before the request is processed).
            if self._lock is not None and self._lock.locked():
                async with self._lock:
                    pass  # a refresh is in flight: wait for its outcome
            if self._access_token == used:
                successor = await _published_successor(request, self)
                if successor is None and not await _refresh_pending(request, self):
                    # Nothing pending now: either nothing happened, or a refresh was published in between.
                    successor = await _published_successor(request, self)
                    if successor is None:
                        return  # the token we sent is still current everywhere: the 401 is real
                if successor is not None:
                    self._adopt(successor)  # another process rotated the pair while this request was out
            if self._access_token != used:
                logger.info(
                    "access token replaced while %s %s was in flight; resending", request.method, request.url.path
                )
                request.headers["Authorization"] = f"Bearer {self._access_token}"
                yield request
                return
            # Another process started rotating this pair and vanished before publishing: take it over.
            logger.info("a refresh started by another process did not finish; taking it over")
        elif response.status_code != TOKEN_EXPIRED:
            return
        else:
            logger.info("access token expired (498) on %s %s; refreshing", request.method, request.url.path)
        refresh = await self._begin_refresh(request, stale=used)
        if refresh is not None:
            try:
                async with _lease(request, self) as lease:
                    if lease.successor is None:
                        await lease.started()
                        response = yield refresh
                        if lease.inherited and response.status_code in (400, 401):
                            response = yield self._recovery_request(refresh, response)
                    await self._apply_refresh(None if lease.successor else response, lease)
            finally:
                self._end_refresh()
        request.headers["Authorization"] = f"Bearer {self._access_token}"
        yield request

    async def _begin_refresh(self, request: httpx.Request, *, stale: str) -> httpx.Request | None:
        """Single flight: the refresh request, with the lock held, for the first caller still holding
        ``stale``; None for callers that find the token already replaced while they waited.

        The caller releases the lock with ``_end_refresh`` once the response is applied.
        """
        if self._lock is None:
            import asyncio  # on first refresh, not at import time

            self._lock = asyncio.Lock()
        seen = self._finished
        await self._lock.acquire()
        try:
            if self._access_token != stale:
                self._lock.release()
                return None
            if self._refused is not None and self._refused[0] == self._refresh_token:
                # Cal.com refused this refresh token (400/401): asking again cannot succeed.
                raise self._refusal(self._refused[1])
            if self._finished != seen and self._failure is not None:
                raise self._refusal(self._failure)  # failed while we waited; do not pile on
            self._failure = None
            return self._refresh_request(request)
        except BaseException:
            if self._lock.locked():
                self._lock.release()
            raise

    def _end_refresh(self) -> None:
        if self._lock is not None and self._lock.locked():
            self._lock.release()

    def _refresh_request(self, request: httpx.Request) -> httpx.Request:
        path = request.url.path
        prefix = path[: path.find("/v2/")] if "/v2/" in path else ""
        refresh_path = f"{prefix}/v2/oauth/{quote(self.client_id, safe='')}/refresh"
        extensions: dict[str, Any] = {
            # Not retried once sent: a refresh that reached the server has rotated the token.
            EXTENSION: {**request.extensions.get(EXTENSION, {}), "idempotent": False, "op": "refresh_token"},
        }
        if "timeout" in request.extensions:
            extensions["timeout"] = request.extensions["timeout"]
        headers = {
            "x-cal-secret-key": self._secret_key,
            # Counted against the OAuth client (500/min) instead of the IP (120/min).
            "x-cal-client-id": self.client_id,
        }
        user_agent = request.headers.get("user-agent")
        if user_agent:
            headers["user-agent"] = user_agent
        return httpx.Request(
            "POST",
            request.url.copy_with(raw_path=refresh_path.encode("ascii")),
            json={"refreshToken": self._refresh_token},
            headers=headers,
            extensions=extensions,
        )

    async def _apply_refresh(self, response: httpx.Response | None, lease: RefreshLease | None = None) -> None:
        if response is None:  # another process refreshed: take its pair, it has called on_refresh
            assert lease is not None and lease.successor is not None
            self._finished += 1
            self._adopt(lease.successor)
            return
        await response.aread()
        self._finished += 1
        if response.status_code >= 400:
            if lease is not None:
                await lease.settled()
            self._failure = response
            if response.status_code in (400, 401):
                self._refused = (self._refresh_token, response)
            raise self._refusal(response)
        try:
            data = response.json()["data"]
            tokens = ManagedUserTokens(
                access_token=_require_text(data["accessToken"], "accessToken"),
                refresh_token=_require_text(data["refreshToken"], "refreshToken"),
                access_token_expires_at=_as_ms(data.get("accessTokenExpiresAt")),
                refresh_token_expires_at=_as_ms(data.get("refreshTokenExpiresAt")),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ResponseParseError(
                f"the token refresh response did not carry a new token pair ({type(exc).__name__})",
                response=response,
            ) from None
        if lease is not None:
            published = await lease.publish(_pair_payload(tokens))
            if published.get("accessToken") != tokens.access_token:
                self._adopt(published)  # a later lease holder's pair replaced ours: it is the live one
                return
        self._retired = (self._access_token, self._refresh_token)
        self._access_token = tokens.access_token
        self._refresh_token = tokens.refresh_token
        self._expires_at = tokens.access_token_expires_at
        self._refresh_expires_at = tokens.refresh_token_expires_at
        self.refresh_count += 1
        logger.info("managed-user access token refreshed for client %s", self.client_id)
        if self._on_refresh is not None:
            result = self._on_refresh(tokens)
            if inspect.isawaitable(result):
                await result

    def _adopt(self, pair: Mapping[str, Any]) -> None:
        """Use a pair another process got from Cal.com (and persisted through its ``on_refresh``)."""
        self._retired = (self._access_token, self._refresh_token)
        self._access_token = _require_text(pair.get("accessToken"), "accessToken")
        self._refresh_token = _require_text(pair.get("refreshToken"), "refreshToken")
        self._expires_at = _as_ms(pair.get("accessTokenExpiresAt"))
        self._refresh_expires_at = _as_ms(pair.get("refreshTokenExpiresAt"))

    def _recovery_request(self, refresh: httpx.Request, refused: httpx.Response) -> httpx.Request:
        """Force-refresh with the client credentials, after a refresh token that a vanished process may
        have rotated away was refused (only the lease holder of the cluster gets here)."""
        user_id = _owner_id(self._refresh_token) or _owner_id(self._access_token)
        if user_id is None:
            raise self._refusal(refused)
        logger.warning("managed-user refresh outcome was unknown; recovering with a force-refresh")
        path = refresh.url.path.rpartition("/v2/")[0]
        client = quote(self.client_id, safe="")
        target = f"{path}/v2/oauth-clients/{client}/users/{user_id}/force-refresh"
        headers = {k: v for k, v in refresh.headers.items() if k.lower() not in ("content-length", "content-type")}
        return httpx.Request(
            "POST",
            refresh.url.copy_with(raw_path=target.encode("ascii")),
            headers=headers,
            extensions=refresh.extensions,
        )

    def _refusal(self, response: httpx.Response) -> CalError:
        status = response.status_code
        return make_status_error(
            response,
            secrets=self.secrets(),
            cls=AuthenticationError if status in (400, 401) else None,
            prefix="managed-user token refresh failed",
        )


def _lease(request: httpx.Request, auth: ManagedUser) -> AbstractAsyncContextManager[RefreshLease]:
    """The coordinator's lease around one refresh (in-process unless the client has another)."""
    coordinator = request.extensions.get(COORDINATOR) or _LOCAL
    lease: AbstractAsyncContextManager[RefreshLease] = coordinator.refresh_lease(auth.client_id, auth._refresh_token)
    return lease


async def _published_successor(request: httpx.Request, auth: ManagedUser) -> Mapping[str, Any] | None:
    coordinator = request.extensions.get(COORDINATOR)
    if coordinator is None:
        return None
    found: Mapping[str, Any] | None = await coordinator.successor(auth.client_id, auth._refresh_token)
    return found


async def _refresh_pending(request: httpx.Request, auth: ManagedUser) -> bool:
    coordinator = request.extensions.get(COORDINATOR)
    return coordinator is not None and bool(await coordinator.refresh_pending(auth.client_id, auth._refresh_token))


def _pair_payload(tokens: ManagedUserTokens) -> dict[str, Any]:
    return {
        "accessToken": tokens.access_token,
        "refreshToken": tokens.refresh_token,
        "accessTokenExpiresAt": tokens.access_token_expires_at,
        "refreshTokenExpiresAt": tokens.refresh_token_expires_at,
    }


def _owner_id(token: str) -> int | None:
    """The managed user's id from a Cal.com token (a JWT whose payload carries ``ownerId``)."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except ValueError:
        return None
    owner = claims.get("ownerId") if isinstance(claims, dict) else None
    return owner if isinstance(owner, int) and not isinstance(owner, bool) and owner > 0 else None


def _as_ms(value: object) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value)
    raise TypeError(f"expected epoch milliseconds, got {type(value).__name__}")


TokenSource = str | Callable[[], str | Awaitable[str]]


class BearerToken(CalAuth):
    """``Authorization: Bearer <token>`` for a third-party OAuth access token.

    Pass the token, or a callable (sync or async) returning the current one; it is called for
    every request, so it should cache and refresh on its own.
    """

    def __init__(self, token: TokenSource) -> None:
        if isinstance(token, str):
            _require_text(token, "token")
        elif not callable(token):
            raise TypeError("token must be a str or a callable returning the current token")
        self._token = token
        self._last: str | None = token if isinstance(token, str) else None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = self._token() if callable(self._token) else self._token
        if not isinstance(token, str):
            raise RuntimeError("an async token callable needs AsyncCal / httpx.AsyncClient")
        request.headers["Authorization"] = f"Bearer {self._checked(token)}"
        yield request

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token: Any = self._token() if callable(self._token) else self._token
        if inspect.isawaitable(token):
            token = await token
        request.headers["Authorization"] = f"Bearer {self._checked(token)}"
        yield request

    def _checked(self, token: object) -> str:
        if not isinstance(token, str) or not token or token != token.strip():
            raise TypeError("the token callable must return a non-empty string without surrounding whitespace")
        self._last = token
        return token

    def secrets(self) -> tuple[str, ...]:
        return (self._last,) if self._last else ()

    def __repr__(self) -> str:
        if isinstance(self._token, str):
            return "BearerToken('****')"
        return f"BearerToken({getattr(self._token, '__qualname__', type(self._token).__name__)})"
