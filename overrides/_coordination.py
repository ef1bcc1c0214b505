"""What several ``AsyncCal`` clients must agree on: rate-limit budgets, token rotations, idempotency keys.

``AsyncCal(coordinator=...)`` takes one ``Coordinator``, shared by all its ``with_options`` copies:

- ``InProcessCoordinator()`` (the default): everything lives in this process, as it always has.
- ``RedisCoordinator(...)`` (``cal_client.redis_coordination``, extra ``[redis]``): the
  same three things held in Redis, so every worker process and pod using one credential spends
  one budget, one process refreshes a managed user's tokens and the others pick up the new pair,
  and two processes retrying one ``idempotency_key`` never post at the same time.

A coordinator hands out three things:

``rate_limiter(throttle=...)``
    The ``RateLimiter`` the transport asks before each request and tells each response.
``refresh_lease(client_id, refresh_token)``
    An async context manager around one managed-user token refresh (see ``RefreshLease``).
``idempotency(key)``
    An async context manager held while a create with that caller key is in flight.
``successor(client_id, refresh_token)`` / ``refresh_pending(...)``
    The pair another process published after rotating that refresh token, if any; whether a
    refresh of it is under way (or was abandoned) elsewhere.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping
from typing import TYPE_CHECKING, Any

from ._ratelimit import RateLimiter

if TYPE_CHECKING:
    import asyncio  # at run time only when a key is first reserved: asyncio costs ~20 ms to import

__all__ = ["Coordinator", "InProcessCoordinator", "RefreshLease"]


class RefreshLease:
    """The right to refresh one managed user's tokens, or the pair another process already got.

    - ``successor``: the pair that replaced this refresh token, published by another process
      (``{"accessToken", "refreshToken", "accessTokenExpiresAt", "refreshTokenExpiresAt"}``);
      adopt it and send nothing.
    - ``inherited``: a previous holder started a refresh with this very refresh token and vanished
      without publishing the result (killed, cancelled, timed out), so the token may already be
      rotated away: if Cal.com refuses it, recover with a force-refresh (client credentials).
    - ``fence``: a number that grows with every lease; a holder whose lease expired cannot
      overwrite what a later holder published.
    """

    successor: Mapping[str, Any] | None = None
    inherited: bool = False
    fence: int = 0

    async def started(self) -> None:
        """The refresh request is about to be sent: from now on its outcome may be unknown."""

    async def settled(self) -> None:
        """Cal.com answered with a refusal: the outcome is known, nothing to publish."""

    async def publish(self, pair: Mapping[str, Any]) -> Mapping[str, Any]:
        """Record the new pair for every process; returns the pair now current (``pair`` itself, or a
        newer one a later lease holder published after this lease expired)."""
        return pair


class Coordinator:
    """The coordination interface; see the module docstring. Subclass it for another store."""

    def rate_limiter(self, *, throttle: bool) -> RateLimiter:
        raise NotImplementedError

    def refresh_lease(self, client_id: str, refresh_token: str) -> contextlib.AbstractAsyncContextManager[RefreshLease]:
        raise NotImplementedError

    def idempotency(self, key: str) -> contextlib.AbstractAsyncContextManager[None]:
        raise NotImplementedError

    async def successor(self, client_id: str, refresh_token: str) -> Mapping[str, Any] | None:
        """The newest pair published to replace ``refresh_token``, if another process rotated it."""
        return None

    async def refresh_pending(self, client_id: str, refresh_token: str) -> bool:
        """Whether another process holds, or held and abandoned, a refresh of ``refresh_token``."""
        return False

    async def aclose(self) -> None:
        """Release what the coordinator owns (an ``AsyncCal`` never closes its coordinator)."""


class InProcessCoordinator(Coordinator):
    """Coordination inside this process only: today's behaviour, and ``AsyncCal``'s default.

    A ``ManagedUser`` already refreshes once for all its concurrent requests, so the lease here
    grants every refresh; idempotency keys are serialised per key within the event loop.
    """

    def __init__(self) -> None:
        self._keys: dict[str, tuple[asyncio.Lock, int]] = {}

    def rate_limiter(self, *, throttle: bool) -> RateLimiter:
        return RateLimiter(throttle=throttle)

    @contextlib.asynccontextmanager
    async def refresh_lease(self, client_id: str, refresh_token: str) -> AsyncIterator[RefreshLease]:
        yield RefreshLease()

    @contextlib.asynccontextmanager
    async def idempotency(self, key: str) -> AsyncIterator[None]:
        lock, users = self._keys.get(key, (None, 0))
        if lock is None:
            import asyncio

            lock = asyncio.Lock()
        self._keys[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._keys[key]
            if users <= 1:
                del self._keys[key]  # no one else waits on it: keep the table small
            else:
                self._keys[key] = (lock, users - 1)

    def __repr__(self) -> str:
        return "InProcessCoordinator()"
