"""Routes, the per-request ``Call`` and Cal.com's ``cal-api-version`` routing (cal-api-v2.md 2.2)."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._auth import Mode, Principal
from ._clock import Clock
from ._errors import ApiError, bad_request, forbidden, route_not_found
from ._ratelimit import Throttler
from ._store import Store, User
from ._webhooks import Outgoing, WebhookDelivery, outgoing_for

Json = dict[str, Any]
Handler = Callable[["Call"], Json]

DEFAULT_VERSION = "2024-04-15"
KNOWN_VERSIONS = frozenset({"2024-04-15", "2024-06-11", "2024-06-14", "2024-08-13", "2024-09-04"})
# Versions that reach Cal.com's hidden legacy controllers on these prefixes (not emulated).
LEGACY_VERSIONS = {
    "/v2/bookings": frozenset({"2024-04-15", "2024-06-11", "2024-06-14"}),
    "/v2/event-types": frozenset({"2024-04-15", "2024-06-11"}),
    "/v2/schedules": frozenset({"2024-04-15"}),
}


@dataclass
class State:
    store: Store
    clock: Clock
    throttler: Throttler
    token_key: bytes
    deliveries: list[WebhookDelivery] = field(default_factory=list)
    lock: threading.RLock = field(default_factory=threading.RLock)


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    handler: Handler
    versions: frozenset[str] | None  # None: an unversioned controller, any version reaches it
    auth: Mode
    status: int
    regex: re.Pattern[str]

    @property
    def params(self) -> int:
        return self.template.count("{")


def route(
    table: list[Route],
    method: str,
    template: str,
    *,
    versions: tuple[str, ...] | None = None,
    auth: Mode = "required",
    status: int = 200,
) -> Callable[[Handler], Handler]:
    pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)

    def register(handler: Handler) -> Handler:
        table.append(
            Route(
                method,
                template,
                handler,
                None if versions is None else frozenset(versions),
                auth,
                status,
                re.compile(f"^{pattern}$"),
            )
        )
        return handler

    return register


class Router:
    def __init__(self, routes: list[Route]) -> None:
        self.routes = routes

    def resolve(self, method: str, path: str, version_header: str | None) -> tuple[Route, dict[str, str]]:
        """The route Cal.com would run, or the 404 (or legacy 400) it would answer."""
        matches = [(r, m.groupdict()) for r in self.routes if r.method == method and (m := r.regex.match(path))]
        if not matches:
            raise route_not_found(method, path)
        fewest = min(r.params for r, _ in matches)
        matches = [(r, p) for r, p in matches if r.params == fewest]
        # A missing or unknown cal-api-version silently means the default version.
        version = version_header if version_header in KNOWN_VERSIONS else DEFAULT_VERSION
        for candidate, params in matches:
            if candidate.versions is None or version in candidate.versions:
                return candidate, params
        for prefix, legacy in LEGACY_VERSIONS.items():
            if path.startswith(prefix) and version in legacy:
                wanted = sorted(next(iter(matches))[0].versions or ())
                raise bad_request(
                    f"cal-api-version {version} reaches Cal.com's legacy controller for {prefix}, which has "
                    f"another contract and which FakeCal does not emulate; send cal-api-version {wanted[-1]}"
                )
        raise route_not_found(method, path)


@dataclass
class Call:
    state: State
    path: str
    params: dict[str, str]
    query: list[tuple[str, str]]
    headers: Mapping[str, str]
    body: Any
    principal: Principal | None
    now: dt.datetime
    outgoing: list[Outgoing] = field(default_factory=list)

    @property
    def store(self) -> Store:
        return self.state.store

    def user(self) -> User:
        if self.principal is None:
            raise ApiError(401, "Authentication required")
        return self.principal.user

    def owned_by_caller(self, owner_id: int, what: str) -> None:
        if self.user().id != owner_id:
            raise forbidden(f"{what} does not belong to the authenticated user")

    def arg(self, name: str) -> str | None:
        values = [v for k, v in self.query if k == name]
        return values[-1] if values else None

    def args(self, name: str) -> list[str]:
        """A list parameter: repeated keys and comma-separated values both count."""
        return [part for k, v in self.query if k == name for part in v.split(",") if part]

    def int_param(self, name: str) -> int:
        raw = self.params[name]
        if not re.fullmatch(r"-?\d+", raw):
            raise bad_request("Validation failed (numeric string is expected)")
        return int(raw)

    def emit(self, user_id: int, trigger: str, payload: Json) -> None:
        self.outgoing.extend(outgoing_for(self.store, user_id, trigger, payload, self.now))


def ok(data: Any) -> Json:
    return {"status": "success", "data": data}
