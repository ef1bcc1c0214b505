"""Cal.com's rate-limit headers, and a throttle that waits instead of collecting 429s.

Every throttled response (200s too) carries ``X-RateLimit-Limit-<Name>``,
``X-RateLimit-Remaining-<Name>`` and ``X-RateLimit-Reset-<Name>``, where Reset is whole seconds
until the window resets (a delta) and no ``Retry-After`` is ever sent. Cal.com counts per
*tracker*: the API key or access token, else ``x-cal-client-id``, else the IP (so every
``Anonymous`` request of this client shares one tracker, apart from any credential's). Going over the
limit blocks the tracker for a whole extra minute, so one avoidable 429 costs a lot.

The throttle keeps, per tracker and limit name, an estimate of the requests left in the current
window (the server's numbers, lowered by the requests this client has in flight). When every
window that applies to an operation is exhausted, callers sleep until the earliest reset. Before
anything is known about a tracker, one request goes first and the others wait for its headers,
so a burst of concurrent first calls cannot overrun the window.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    import asyncio

from . import _timing

__all__ = ["RateLimit", "RateLimiter", "parse_rate_limit_headers", "retry_after"]

logger = logging.getLogger("cal_client")

_PREFIX = b"x-ratelimit-"
_PREFIX_LENGTH = len(_PREFIX)
_X = (ord("x"), ord("X"))
# (field, index in [limit, remaining, reset], length of the field)
_FIELDS = ((b"limit-", 0, 6), (b"remaining-", 1, 10), (b"reset-", 2, 6))
# Server Reset values are ceil'd whole seconds; two readings this close describe one window.
_SAME_WINDOW = 1.5
# How long the others wait for the first request of a tracker before going anyway.
_PROBE_WAIT = 5.0
# Access tokens rotate hourly, so trackers come and go; idle ones are dropped past this many.
_MAX_TRACKERS = 1024
# Cal.com sends a handful of limit names; a server sending thousands must not grow memory.
_MAX_NAMES = 64


@dataclass(frozen=True, slots=True)
class RateLimit:
    """One named limit as of the latest response (``name`` is lower-case, e.g. ``"default"``)."""

    name: str
    limit: int | None
    remaining: int | None
    reset: float | None
    """Seconds until the window resets, as Cal.com sent it."""
    observed_at: float
    """``time.monotonic()`` when the response arrived."""

    @property
    def resets_in(self) -> float | None:
        """Seconds from now until the window resets (never negative), if Cal.com said."""
        if self.reset is None:
            return None
        return max(0.0, self.observed_at + self.reset - _timing.monotonic())


def parse_rate_limit_headers(headers: httpx.Headers) -> dict[str, list[float | None]]:
    """``{name: [limit, remaining, reset]}`` for every ``X-RateLimit-*-<Name>`` header."""
    found: dict[str, list[float | None]] = {}
    for raw_key, raw_value in headers.raw:
        # Most headers fail on the first byte, before any slicing or lower-casing.
        if not raw_key or raw_key[0] not in _X or raw_key[:_PREFIX_LENGTH].lower() != _PREFIX:
            continue
        rest = raw_key[_PREFIX_LENGTH:].lower()
        for field, index, length in _FIELDS:
            if rest.startswith(field):
                try:
                    value: float | None = float(raw_value)
                except ValueError:
                    value = None
                if value is not None and not (0.0 <= value < math.inf):
                    value = None  # "nan", "inf" or negative would reach asyncio.sleep as they are
                name = rest[length:].decode("latin-1")
                entry = found.get(name)
                if entry is None:
                    if len(found) >= _MAX_NAMES:
                        break
                    entry = found[name] = [None, None, None]
                entry[index] = value
                break
    return found


def retry_after(limits: Mapping[str, list[float | None]]) -> float | None:
    """Seconds to wait after a 429: Cal.com refuses only when every limit is blocked, so the
    earliest reset of an exhausted window; None when the response said nothing."""
    exhausted = [reset for _, remaining, reset in limits.values() if reset is not None and remaining == 0]
    if exhausted:
        return min(exhausted)
    resets = [reset for _, _, reset in limits.values() if reset is not None]
    return max(resets) if resets else None


class _Window:
    __slots__ = ("estimated", "limit", "period", "remaining", "renewed_at", "reset_at")

    def __init__(self, limit: float | None, remaining: float, reset_at: float, period: float, now: float) -> None:
        self.limit = limit
        self.remaining = remaining
        self.reset_at = reset_at
        self.period = period
        self.renewed_at = now
        # True while reset_at is our own guess for a window we renewed, not yet read from the server.
        self.estimated = False


class _Tracker:
    __slots__ = ("known", "last_names", "names_by_op", "probe", "windows")

    def __init__(self) -> None:
        self.known = False
        self.probe: asyncio.Future[None] | None = None
        self.windows: dict[str, _Window] = {}
        self.names_by_op: dict[str, tuple[str, ...]] = {}
        self.last_names: tuple[str, ...] = ()


def tracker_key(request: httpx.Request) -> object:
    """What Cal.com counts this request against: the credential, else the client id, else the IP."""
    headers = request.headers
    authorization = headers.get("authorization")
    if authorization is not None:
        return ("token", hash(authorization))  # a hash, so no secret sits in this table
    client_id = headers.get("x-cal-client-id")
    if client_id is not None:
        return ("client", client_id)
    return ("ip", None)


class RateLimiter:
    """Shared by an ``AsyncCal`` and all its ``with_options`` copies (they share one tracker)."""

    def __init__(self, *, throttle: bool = True) -> None:
        self.throttle = throttle
        self.latest: dict[str, RateLimit] = {}
        self._trackers: dict[object, _Tracker] = {}

    def tracker_key(self, request: httpx.Request) -> object:
        """The key this limiter counts ``request`` under (a shared limiter needs one stable across processes)."""
        return tracker_key(request)

    async def settle(
        self, key: object, op: str, headers: httpx.Headers, status_code: int, sent_at: float
    ) -> dict[str, list[float | None]]:
        """``observe``, awaited by the transport so a shared limiter can tell its store."""
        return self.observe(key, op, headers, status_code, sent_at)

    async def acquire(self, key: object, op: str, max_wait: float) -> bool:
        """Wait until a request may go; True when this request is the tracker's first (its probe).

        A wait longer than ``max_wait`` is not taken: the request goes and the server decides.
        """
        if not self.throttle:
            return False
        import asyncio  # here, not at module level: `import cal_client` must not pay ~12 ms for it

        tracker = self._trackers.get(key)
        if tracker is None:
            if len(self._trackers) >= _MAX_TRACKERS:
                self._prune()
            tracker = self._trackers[key] = _Tracker()
        while not tracker.known:
            if tracker.probe is None:
                tracker.probe = asyncio.get_running_loop().create_future()
                return True
            try:
                await asyncio.wait_for(asyncio.shield(tracker.probe), _PROBE_WAIT)
            except TimeoutError:
                break
        names = tracker.names_by_op.get(op, tracker.last_names)
        if not names:
            return False
        windows = tracker.windows
        while True:
            now = _timing.monotonic()
            wait = float("inf")
            for name in names:
                window = windows.get(name)
                if window is None:
                    wait = 0.0
                    break
                if window.reset_at <= now:
                    self._renew(window, now)
                if window.remaining > 0:
                    wait = 0.0
                    break
                wait = min(wait, window.reset_at - now)
            if wait <= 0.0 or wait > max_wait:
                for name in names:
                    window = windows.get(name)
                    if window is not None:
                        window.remaining -= 1
                return False
            if logger.isEnabledFor(logging.INFO):
                logger.info("rate limit %s exhausted; waiting %.2fs for the window to reset", "/".join(names), wait)
            await _timing.sleep(wait)

    def _prune(self) -> None:
        now = _timing.monotonic()
        idle = [
            key
            for key, tracker in self._trackers.items()
            if tracker.known and all(window.reset_at <= now for window in tracker.windows.values())
        ]
        for key in idle:
            del self._trackers[key]

    @staticmethod
    def _renew(window: _Window, now: float) -> None:
        # A new window starts with our next request; the server's answer corrects the estimate.
        window.remaining = window.limit if window.limit is not None else float("inf")
        window.reset_at = now + window.period
        window.renewed_at = now
        window.estimated = True

    def observe(
        self, key: object, op: str, headers: httpx.Headers, status_code: int, sent_at: float
    ) -> dict[str, list[float | None]]:
        """Record a response's rate-limit headers; returns them parsed."""
        limits = parse_rate_limit_headers(headers)
        tracker = self._trackers.get(key) if self.throttle else None
        if not limits:
            if tracker is not None:
                self._settle_probe(tracker)
            return limits
        now = _timing.monotonic()
        latest = self.latest
        for name, (limit, remaining, reset) in limits.items():
            if name not in latest and len(latest) >= _MAX_NAMES:
                del latest[next(iter(latest))]  # the oldest name seen
            latest[name] = RateLimit(
                name,
                None if limit is None else int(limit),
                None if remaining is None else int(remaining),
                reset,
                now,
            )
        if tracker is None:
            return limits
        names = tuple(limits)
        tracker.names_by_op[op] = names
        tracker.last_names = names
        windows = tracker.windows
        blocked = status_code == 429
        for name, (limit, remaining, reset) in limits.items():
            if remaining is None or reset is None:
                continue
            server_reset_at = now + reset
            window = windows.get(name)
            if window is None:
                windows[name] = _Window(limit, 0 if blocked else remaining, server_reset_at, max(reset, 1.0), sent_at)
                continue
            window.limit = limit if limit is not None else window.limit
            window.period = max(window.period, reset)
            if blocked:
                window.remaining = 0
                window.reset_at = max(window.reset_at, server_reset_at)
            elif sent_at < window.renewed_at:
                continue  # an answer from before the window we are counting now
            elif server_reset_at > window.reset_at + _SAME_WINDOW:
                window.remaining = remaining  # the server has started a window we did not see
                window.reset_at = server_reset_at
                window.renewed_at = sent_at
                window.estimated = False
            else:
                window.remaining = min(window.remaining, remaining)
                # Reset is whole seconds rounded up, so every reading is an upper bound of the true
                # reset: the first reading replaces our estimate, then the earliest reading wins.
                window.reset_at = server_reset_at if window.estimated else min(window.reset_at, server_reset_at)
                window.estimated = False
        self._settle_probe(tracker)
        return limits

    def abort_probe(self, key: object) -> None:
        """The tracker's first request failed without an answer: let the next one probe."""
        tracker = self._trackers.get(key)
        if tracker is not None and not tracker.known and tracker.probe is not None:
            probe, tracker.probe = tracker.probe, None
            if not probe.done():
                probe.set_result(None)

    @staticmethod
    def _settle_probe(tracker: _Tracker) -> None:
        if tracker.known:
            return
        tracker.known = True
        if tracker.probe is not None and not tracker.probe.done():
            tracker.probe.set_result(None)
