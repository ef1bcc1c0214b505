"""``FakeCal``: a stateful stand-in for Cal.com's API v2, as an ASGI app (Starlette requests/responses).

Every request goes the way Cal.com's NestJS stack takes it: path rewrites, route + version
match (404 otherwise), throttler (rate-limit headers, 429 while blocked), auth guard (401/498),
validation pipe (400), handler. Every response carries ``X-Request-Id``; errors use Cal.com's
envelope. Webhooks are POSTed after the response, like Cal.com's fire-and-forget sender.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from ._auth import authenticate
from ._clock import Clock, SystemClock
from ._errors import ApiError, bad_request, too_many_requests, unauthorized
from ._lifespan import answer_lifespan
from ._ratelimit import RateLimits, Throttler, tracker
from ._routes import all_routes
from ._routes.event_types import create_event_type
from ._routes.schedules import create_schedule
from ._routing import Call, Route, Router, State
from ._server import Server, serve
from ._store import OAuthClient, Store, User
from ._webhooks import WebhookDelivery, deliver, iso_ms

__all__ = ["FakeCal", "Sandbox"]

logger = logging.getLogger("cal_client.testing")

SANDBOX_API_KEY = "cal_test_fakecal_sandbox_key"
SANDBOX_CLIENT_ID = "fakecalsandboxoauthclient"  # 25 letters and digits, like a real client id (a cuid)
SANDBOX_CLIENT_SECRET = "fakecal-oauth-client-secret"
BODY_METHODS = ("POST", "PATCH", "PUT")


@dataclass(frozen=True)
class Sandbox:
    """What a fresh FakeCal holds: one host with an API key, a Mon-Fri 09:00-17:00 schedule and a
    30-minute event type, plus an OAuth client for managed users."""

    user_id: int
    username: str
    email: str
    time_zone: str
    schedule_id: int
    event_type_id: int
    event_type_slug: str
    oauth_client_id: str
    api_key: str = field(repr=False)
    oauth_client_secret: str = field(repr=False)


class FakeCal:
    """A fake Cal.com with real semantics for what the SDK wraps. See the README's "Sandbox".

    ``clock`` drives slots, token expiry and rate-limit windows (use :class:`FrozenClock` in
    tests). ``webhook_transport`` replaces the network for webhook POSTs (an ``httpx`` transport,
    e.g. ``httpx.ASGITransport(app=receiver)``); deliveries are kept in :attr:`deliveries`.
    """

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        rate_limits: RateLimits | None = None,
        webhook_transport: httpx.AsyncBaseTransport | None = None,
        webhook_timeout: float = 5.0,
        time_zone: str = "Europe/London",
        api_key: str = SANDBOX_API_KEY,
        oauth_client_id: str = SANDBOX_CLIENT_ID,
        oauth_client_secret: str = SANDBOX_CLIENT_SECRET,
    ) -> None:
        self.clock: Clock = clock or SystemClock()
        self.rate_limits = rate_limits or RateLimits()
        self.webhook_transport = webhook_transport
        self.webhook_timeout = webhook_timeout
        self._seed_args = (time_zone, api_key, oauth_client_id, oauth_client_secret)
        self._initial = (self.rate_limits, webhook_transport)
        self._router = Router(all_routes())
        self.state = self._fresh_state()
        self.sandbox = self._seed()
        # One ASGI callable rather than Starlette routes: Cal.com's own router (versions, rewrites,
        # its 404 envelope) decides, and a path no route regex would match still gets an envelope.
        self.app: ASGIApp = _App(self)

    def __repr__(self) -> str:
        return f"FakeCal(clock={self.clock!r}, rate_limits={self.rate_limits!r})"

    # -- for tests and users -------------------------------------------------------------------

    @property
    def store(self) -> Store:
        return self.state.store

    @property
    def deliveries(self) -> list[WebhookDelivery]:
        """Every webhook POST made so far (also failed ones, with ``error`` set)."""
        with self.state.lock:
            return list(self.state.deliveries)

    def reset(self) -> None:
        """Forget everything (bookings, users, counters, deliveries, rate-limit and webhook-transport
        changes) and seed the sandbox again."""
        with self.state.lock:
            self.rate_limits, self.webhook_transport = self._initial
            self.state = self._fresh_state()
            self.sandbox = self._seed()

    def configure_rate_limits(self, limits: RateLimits) -> None:
        with self.state.lock:
            self.rate_limits = limits
            self.state.throttler = Throttler(limits)

    def transport(self) -> httpx.ASGITransport:
        """An in-process transport: ``httpx.AsyncClient(transport=fake.transport(), base_url=...)``."""
        return httpx.ASGITransport(app=self.app)

    def client(self, **kwargs: Any) -> httpx.AsyncClient:
        kwargs.setdefault("base_url", "http://fakecal.test")
        return httpx.AsyncClient(transport=self.transport(), **kwargs)

    def serve(self, *, host: str = "127.0.0.1", port: int = 0) -> Server:
        """Serve on ``host:port`` (a free port by default) with uvicorn in a background thread."""
        return serve(self.app, host=host, port=port)

    def add_user(self, username: str, *, name: str | None = None, time_zone: str = "UTC") -> tuple[int, str]:
        """A new user with a default Mon-Fri 09:00-17:00 schedule; returns (user id, API key)."""
        with self.state.lock:
            user = self._add_user(username, name or username.title(), time_zone)
            key = f"cal_test_{secrets.token_hex(12)}"
            self.store.add_api_key(key, user.id)
            create_schedule(self.store, user, {"name": "Working hours", "timeZone": time_zone, "isDefault": True})
            return user.id, key

    def add_event_type(self, owner_id: int, *, title: str, slug: str, length: int = 30, **fields: Any) -> int:
        """An event type from a create body's fields (``minimumBookingNotice=...`` etc.); returns its id."""
        with self.state.lock:
            body = {"title": title, "slug": slug, "lengthInMinutes": length, **fields}
            return create_event_type(self.store, self.store.users[owner_id], body).id

    # -- internals -----------------------------------------------------------------------------

    def _fresh_state(self) -> State:
        return State(
            store=Store(),
            clock=self.clock,
            throttler=Throttler(self.rate_limits),
            token_key=secrets.token_bytes(32),
        )

    def _seed(self) -> Sandbox:
        time_zone, api_key, client_id, client_secret = self._seed_args
        store = self.store
        host = self._add_user("sandbox-host", "Sandbox Host", time_zone)
        store.add_api_key(api_key, host.id)
        schedule = create_schedule(store, host, {"name": "Working hours", "timeZone": time_zone, "isDefault": True})
        event_type = create_event_type(store, host, {"title": "30 min meeting", "slug": "30min", "lengthInMinutes": 30})
        store.oauth_clients[client_id] = OAuthClient(client_id, client_secret, host.id)
        return Sandbox(
            user_id=host.id,
            username=host.username,
            email=host.email,
            time_zone=time_zone,
            schedule_id=schedule.id,
            event_type_id=event_type.id,
            event_type_slug=event_type.slug,
            oauth_client_id=client_id,
            api_key=api_key,
            oauth_client_secret=client_secret,
        )

    def _add_user(self, username: str, name: str, time_zone: str) -> User:
        user = User(
            id=self.store.next_id("user"),
            email=f"{username}@example.com",
            username=username,
            name=name,
            time_zone=time_zone,
        )
        self.store.users[user.id] = user
        return user

    def _record(self, delivery: WebhookDelivery) -> None:
        with self.state.lock:
            self.state.deliveries.append(delivery)

    async def _asgi(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await answer_lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        try:
            response = await self._endpoint(Request(scope, receive))
        except Exception:  # a FakeCal bug: answer as Nest's default filter does, and let the test see a 500
            logger.exception("FakeCal failed on %s %s", scope.get("method"), scope.get("path"))
            response = JSONResponse({"statusCode": 500, "message": "Internal server error"}, status_code=500)
        await response(scope, receive, send)

    async def _endpoint(self, request: Request) -> Response:
        raw = await request.body() if request.method in BODY_METHODS else b""
        url = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        headers: dict[str, str] = {}
        now = self.clock.now()
        try:
            with self.state.lock:
                call, route = self._prepare(request, raw, headers, now)
                payload = route.handler(call)
            response: Response = JSONResponse(payload, status_code=route.status, headers=headers)
            if call.outgoing:
                response.background = BackgroundTask(
                    deliver,
                    call.outgoing,
                    transport=self.webhook_transport,
                    record=self._record,
                    timeout=self.webhook_timeout,
                )
        except ApiError as exc:
            response = JSONResponse(exc.body(path=url, timestamp=iso_ms(now)), status_code=exc.status, headers=headers)
        response.headers["X-Request-Id"] = str(uuid.uuid4())
        return response

    def _prepare(self, request: Request, raw: bytes, headers: dict[str, str], now: dt.datetime) -> tuple[Call, Route]:
        """Route, throttle and authenticate as Cal.com's guards do; errors raise :class:`ApiError`."""
        state = self.state
        path = _rewrite(request.url.path)
        route, params = self._router.resolve(request.method, path, request.headers.get("cal-api-version"))
        client_ip = request.headers.get("cf-connecting-ip") or (request.client.host if request.client else "unknown")
        kind, credential = tracker(
            request.headers.get("authorization"), request.headers.get("x-cal-client-id"), client_ip
        )
        if kind == "api_key" and state.store.user_for_api_key(credential) is None:
            raise unauthorized("CustomThrottlerGuard - Invalid API Key")
        verdict = state.throttler.hit(kind, credential, now)
        headers.update(verdict.headers())
        if not verdict.allowed:
            raise too_many_requests()
        principal = authenticate(state.store, request.headers, params, now, route.auth)
        call = Call(
            state=state,
            path=path,
            params=params,
            query=list(request.query_params.multi_items()),
            headers=request.headers,
            body=_json(raw),
            principal=principal,
            now=now,
        )
        return call, route


class _App:
    """The ASGI callable: a class with an async ``__call__``, so servers detect ASGI 3 on their own."""

    def __init__(self, fake: FakeCal) -> None:
        self._fake = fake

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._fake._asgi(scope, receive, send)

    def __repr__(self) -> str:
        return f"<ASGI app of {self._fake!r}>"


def _rewrite(path: str) -> str:
    # Cal.com maps /api/v2/... and /v2/ee/... onto /v2/... before routing.
    if path.startswith("/api/v2/"):
        path = path[len("/api") :]
    if path.startswith("/v2/ee/"):
        path = "/v2/" + path[len("/v2/ee/") :]
    return path


def _json(raw: bytes) -> Any:
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError:
        raise bad_request("Request body is not valid JSON") from None
