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
from ._errors import (
    NOT_SENT_ERRORS,
    APIConnectionError,
    AuthenticationError,
    CalError,
    RefreshOutcomeUnknownError,
    ResponseParseError,
    make_status_error,
    own_copy,
)
from ._options import BASE_URL_EXTENSION, COORDINATOR, EXTENSION, SEND_EXTENSION
from ._redact import SecretHeaders, mask_api_key

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
    if _unsendable(api_key):
        raise ValueError(f"{source} contains a control character or non-ASCII text; copy the key again, alone.")
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


def _unsendable(text: str) -> bool:
    """Whether ``text`` cannot go into a header as it is: control characters (NUL, CR, LF, DEL...)
    would be refused by the HTTP layer after the request counted as sent, or split the header."""
    return not text.isascii() or any(ord(ch) < 32 or ord(ch) == 127 for ch in text)


def _require_text(value: object, name: str) -> str:
    if not isinstance(value, str) or not value or value != value.strip():
        raise ValueError(f"{name} must be a non-empty string without surrounding whitespace")
    if _unsendable(value):
        raise ValueError(f"{name} contains a control character or non-ASCII text")
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
Send = Callable[[httpx.Request], Awaitable[httpx.Response]]
"""Sends one request (no auth flow) and returns the response with its body read."""

# A proxy's timeout or broken upstream connection: Cal.com may have handled the refresh behind it.
# Cal.com's own errors (500 included) come before any rotation and are raised as they are.
_LOST_ANSWER = frozenset({408, 502, 504})

_REFRESH_HELP = (
    "Cal.com may have rotated the pair, so the refresh token this ManagedUser holds may no longer work. "
    "Get a new pair with the OAuth client's credentials: "
    "`await AsyncCal(auth=PlatformClient(client_id, secret_key)).managed_users.force_refresh(user_id)` "
    "(POST /v2/oauth-clients/{clientId}/users/{userId}/force-refresh), store it as your on_refresh "
    "callback would, and build a new ManagedUser from it. Pass ManagedUser(..., user_id=...) and the SDK "
    "does this by itself."
)


class ManagedUser(CalAuth):
    """A platform managed user's access token, refreshed before expiry and on HTTP 498.

    Refresh tokens rotate: the old one stops working as soon as a refresh succeeds, so
    ``on_refresh`` (sync or async, called once per refresh with the new ``ManagedUserTokens``)
    must persist both tokens. A refresh Cal.com refuses (400/401) raises one ``AuthenticationError``
    for each request that needed it, and that refresh token is not tried again: there is no retry
    loop. A request answered 401 because a concurrent refresh replaced its token in flight is
    resent once with the new token.

    The refresh belongs to this object, not to the call that needed it: it runs in its own task,
    so cancelling that call (``asyncio.wait_for``, a task group) or its deadline cannot lose the
    rotated pair; it is applied and ``on_refresh`` is called exactly once whatever happens to the
    callers. An exception from ``on_refresh`` reaches the calls waiting for that refresh (the
    in-memory pair is already updated). When the refresh was sent but no answer came back (read
    timeout, reset, a proxy's 408/502/504, an unreadable 200), Cal.com may have rotated the pair: with ``user_id``
    the SDK then gets a new pair through force-refresh with the client credentials, otherwise it
    raises ``RefreshOutcomeUnknownError``, whose message says what to do.

    ``refresh_tokens`` is the single "do the refresh" step (one round trip, nothing applied) and
    ``apply_tokens`` installs a pair obtained elsewhere, for a coordinator shared by processes.
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
        user_id: int | None = None,
    ) -> None:
        self.client_id = _require_text(client_id, "client_id")
        self._secret_key = _require_text(secret_key, "secret_key")
        self._access_token = _require_text(access_token, "access_token")
        self._refresh_token = _require_text(refresh_token, "refresh_token")
        if user_id is not None and (isinstance(user_id, bool) or not isinstance(user_id, int)):
            raise TypeError(f"user_id must be the managed user's int id, not {type(user_id).__name__}")
        self.user_id = user_id
        self._expires_at = expires_at
        self._refresh_expires_at: int | None = None
        self._on_refresh = on_refresh
        # Bumped whenever the pair changes; requests compare generations, never token values, so
        # no frame of the auth flow holds a token in a local (``capture_locals`` tracebacks).
        self._generation = 0
        self._flight: asyncio.Future[None] | None = None
        self._refused: tuple[str, httpx.Response] | None = None
        self._retired: tuple[str, ...] = ()
        self._own_client: httpx.AsyncClient | None = None
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

    def _sign(self, request: httpx.Request) -> None:
        request.headers["Authorization"] = f"Bearer {self._access_token}"

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        if self.requires_request_body:
            await request.aread()
        if self._expiring():
            await self._refreshed(request, stale=self._generation)

        used = self._generation
        self._sign(request)
        response = yield request
        if response.status_code == 401:
            # A refresh deletes the old access token at Cal.com, so a request sent with it just before
            # is answered 401, not 498. Once that refresh has landed here, resend with the new token
            # (safe for any method: a 401 is given before the request is processed).
            flight = self._flight
            if flight is not None:
                import asyncio

                await asyncio.wait([flight])  # its outcome, whatever it is, without its exception
            if self._generation == used:
                successor = await _published_successor(request, self)
                if successor is None and not await _refresh_pending(request, self):
                    # Nothing pending now: either nothing happened, or a refresh was published in between.
                    successor = await _published_successor(request, self)
                    if successor is None:
                        return  # the token we sent is still current everywhere: the 401 is real
                if successor is not None:
                    self._adopt(successor)  # another process rotated the pair while this request was out
            if self._generation != used:
                logger.info(
                    "access token replaced while %s %s was in flight; resending", request.method, request.url.path
                )
                self._sign(request)
                yield request
                return
            # Another process started rotating this pair and vanished before publishing: take it over.
            logger.info("a refresh started by another process did not finish; taking it over")
        elif response.status_code != TOKEN_EXPIRED:
            return
        else:
            logger.info("access token expired (498) on %s %s; refreshing", request.method, request.url.path)
        await self._refreshed(request, stale=used)
        self._sign(request)
        yield request

    async def _refreshed(self, request: httpx.Request, *, stale: int) -> None:
        """Single flight: once this returns, the pair of generation ``stale`` has been replaced.

        The first caller still holding ``stale`` starts the refresh as a task of its own; every
        caller (the first too) waits for it through ``shield``, so a caller that is cancelled
        stops waiting and the refresh goes on.
        """
        import asyncio  # on first refresh, not at import time

        if self._generation != stale:
            return
        flight = self._flight
        if flight is None:
            if self._refused is not None and self._refused[0] == self._refresh_token:
                # Cal.com refused this refresh token (400/401): asking again cannot succeed.
                raise self._refusal(self._refused[1])
            send = request.extensions.get(SEND_EXTENSION) or self._fallback_send
            flight = self._flight = asyncio.ensure_future(self._fly(send, request))
            flight.add_done_callback(self._landed)
        try:
            await asyncio.shield(flight)
        except CalError as exc:
            raise own_copy(exc) from exc.__cause__  # one exception object per waiting call

    def _landed(self, flight: asyncio.Future[None]) -> None:
        if self._flight is flight:
            self._flight = None
        if not flight.cancelled():
            flight.exception()  # retrieved here, so nobody waiting is not an "unretrieved" warning

    async def _fly(self, send: Send, template: httpx.Request) -> None:
        # The coordinator's lease makes the refresh single-flight across processes too (in-process
        # unless the client has another): a holder elsewhere may already have rotated the pair.
        async with _lease(template, self) as lease:
            if lease.successor is not None:
                self._adopt(lease.successor)  # that process called on_refresh; this one does not
                return
            await lease.started()
            try:
                tokens = await self.refresh_tokens(send, template, inherited=lease.inherited)
            except BaseException:
                await lease.settled()
                raise
            published = await lease.publish(_pair_payload(tokens))
            if published.get("accessToken") != tokens.access_token:
                self._adopt(published)  # a later lease holder's pair replaced ours: it is the live one
                return
            self.apply_tokens(tokens)
        if self._on_refresh is not None:
            result = self._on_refresh(tokens)
            if inspect.isawaitable(result):
                await result

    async def refresh_tokens(
        self, send: Send, template: httpx.Request, *, inherited: bool = False
    ) -> ManagedUserTokens:
        """One refresh with the current refresh token: the new pair, not yet applied or persisted.

        ``send`` sends a request as it is and returns the read response; ``template`` is a
        request of this client (its base URL, timeouts and User-Agent are reused). When the outcome
        is unknown, recovers through force-refresh if ``user_id`` is known, else raises
        ``RefreshOutcomeUnknownError``. Nothing is retried once sent.
        """
        request = self._refresh_request(template, f"/v2/oauth/{quote(self.client_id, safe='')}/refresh")
        try:
            response = await send(request)
        except httpx.TransportError as exc:
            if isinstance(exc, NOT_SENT_ERRORS):
                raise  # never reached Cal.com: nothing rotated
            return await self._recover(send, template, f"{type(exc).__name__} after the refresh request was sent")
        status = response.status_code
        if status in _LOST_ANSWER:
            return await self._recover(send, template, f"a proxy answered {status} to the refresh")
        if status in (400, 401) and inherited:
            # The lease came from a process that vanished after sending: it may have rotated this
            # refresh token away, so a refusal is an unknown outcome, not a revoked session.
            return await self._recover(send, template, "a refresh taken over from a vanished process was refused")
        if status >= 400:
            if status in (400, 401):
                self._refused = (self._refresh_token, response)
            raise self._refusal(response)
        try:
            return _read_pair(response)
        except ResponseParseError:
            # A 2xx means Cal.com rotated the pair; without it, only a force-refresh gets a usable one.
            return await self._recover(send, template, "the refresh answer carried no readable token pair")

    async def _recover(self, send: Send, template: httpx.Request, what: str) -> ManagedUserTokens:
        logger.warning("managed-user token refresh outcome unknown for client %s: %s", self.client_id, what)
        user_id = self.user_id or _owner_id(self._refresh_token) or _owner_id(self._access_token)
        if user_id is None:
            raise RefreshOutcomeUnknownError(
                f"managed-user token refresh outcome unknown ({what}). {_REFRESH_HELP}",
                client_id=self.client_id,
                user_id=None,
            )
        path = f"/v2/oauth-clients/{quote(self.client_id, safe='')}/users/{user_id}/force-refresh"
        try:
            response = await send(self._refresh_request(template, path, body=False))
            if response.status_code >= 400:
                raise self._refusal(response)
            tokens = _read_pair(response)
        except (CalError, httpx.TransportError) as exc:
            raise RefreshOutcomeUnknownError(
                f"managed-user token refresh outcome unknown ({what}) and the force-refresh for user "
                f"{user_id} failed too ({type(exc).__name__}). {_REFRESH_HELP}",
                client_id=self.client_id,
                user_id=user_id,
            ) from exc
        logger.info("managed-user tokens recovered through force-refresh for client %s", self.client_id)
        return tokens

    def apply_tokens(self, tokens: ManagedUserTokens) -> None:
        """Use ``tokens`` from now on (the pair a refresh returned, or one another process stored)."""
        self._retired = (self._access_token, self._refresh_token)
        self._access_token = _require_text(tokens.access_token, "access_token")
        self._refresh_token = _require_text(tokens.refresh_token, "refresh_token")
        self._expires_at = tokens.access_token_expires_at
        self._refresh_expires_at = tokens.refresh_token_expires_at
        self._generation += 1
        self.refresh_count += 1
        logger.info("managed-user access token refreshed for client %s", self.client_id)

    async def _fallback_send(self, request: httpx.Request) -> httpx.Response:
        # Used only outside AsyncCal (a plain httpx.AsyncClient), which cannot lend its transport.
        if self._own_client is None:
            self._own_client = httpx.AsyncClient(follow_redirects=False)
        return await self._own_client.send(request)

    def _refresh_request(self, template: httpx.Request, path: str, *, body: bool = True) -> httpx.Request:
        base = template.extensions.get(BASE_URL_EXTENSION)
        if isinstance(base, str):
            url = httpx.URL(base.rstrip("/") + path)
        else:
            raw = template.url.raw_path.split(b"?")[0]
            at = raw.rfind(b"/v2/")
            prefix = raw[:at] if at >= 0 else b""
            url = template.url.copy_with(raw_path=prefix + path.encode("ascii"))
        extensions: dict[str, Any] = {
            # Not retried once sent: a refresh that reached the server has rotated the token.
            EXTENSION: {**template.extensions.get(EXTENSION, {}), "idempotent": False, "op": "refresh_token"},
        }
        if "timeout" in template.extensions:
            extensions["timeout"] = template.extensions["timeout"]
        headers = {
            "x-cal-secret-key": self._secret_key,
            # Counted against the OAuth client (500/min) instead of the IP (120/min).
            "x-cal-client-id": self.client_id,
        }
        user_agent = template.headers.get("user-agent")
        if user_agent:
            headers["user-agent"] = user_agent
        request = httpx.Request(
            "POST",
            url,
            json={"refreshToken": self._refresh_token} if body else None,
            headers=headers,
            extensions=extensions,
        )
        request.headers.__class__ = SecretHeaders  # same layout: only the repr changes, no copy
        return request

    def _adopt(self, pair: Mapping[str, Any]) -> None:
        """Use a pair another process got from Cal.com (and persisted through its ``on_refresh``)."""
        self._retired = (self._access_token, self._refresh_token)
        self._access_token = _require_text(pair.get("accessToken"), "accessToken")
        self._refresh_token = _require_text(pair.get("refreshToken"), "refreshToken")
        self._expires_at = _as_ms(pair.get("accessTokenExpiresAt"))
        self._refresh_expires_at = _as_ms(pair.get("refreshTokenExpiresAt"))
        self._generation += 1

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


def _read_pair(response: httpx.Response) -> ManagedUserTokens:
    try:
        data = response.json()["data"]
        return ManagedUserTokens(
            access_token=_require_text(data["accessToken"], "accessToken"),
            refresh_token=_require_text(data["refreshToken"], "refreshToken"),
            access_token_expires_at=_as_ms(data.get("accessTokenExpiresAt")),
            refresh_token_expires_at=_as_ms(data.get("refreshTokenExpiresAt")),
        )
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        raise ResponseParseError(
            f"the token refresh response did not carry a new token pair ({type(exc).__name__})",
            response=response,
        ) from None


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
        request.headers["Authorization"] = self._header(token, request)
        yield request

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        request.headers["Authorization"] = self._header(await self._fetch(), request)
        yield request

    async def _fetch(self) -> object:
        # A helper, so the token is not a local of the flow's frame (capture_locals tracebacks).
        token: Any = self._token() if callable(self._token) else self._token
        if inspect.isawaitable(token):
            token = await token
        return token

    def _header(self, token: object, request: httpx.Request) -> str:
        if not isinstance(token, str) or not token or token != token.strip():
            raise TypeError("the token callable must return a non-empty string without surrounding whitespace")
        if _unsendable(token):
            # Said before anything is sent, without echoing the token (it may hold header injection).
            raise APIConnectionError(
                "the token callable returned a token with a control character (CR, LF, NUL...) or "
                "non-ASCII text; nothing was sent",
                request=request,
                maybe_processed=False,
            )
        self._last = token
        return f"Bearer {token}"

    def secrets(self) -> tuple[str, ...]:
        return (self._last,) if self._last else ()

    def __repr__(self) -> str:
        if isinstance(self._token, str):
            return "BearerToken('****')"
        return f"BearerToken({getattr(self._token, '__qualname__', type(self._token).__name__)})"
