"""Cal.com's throttler: a fixed window per tracker, then a block (cal-api-v2.md 4).

The window starts at the tracker's first hit. The hit that goes over the limit blocks the
tracker for ``block_seconds``; every request during the block is a 429 with Remaining 0 and
Reset the whole seconds left in the block. When the block ends the count restarts at 1.
Reset is always a delta in whole seconds (ceil), never an epoch. No ``Retry-After``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import threading
from dataclasses import dataclass

__all__ = ["RateLimits"]


@dataclass(frozen=True)
class RateLimits:
    """Requests per window by tracker kind; Cal.com's defaults (each configurable there by env)."""

    api_key: int = 120
    access_token: int = 500
    oauth_client: int = 500
    ip: int = 120
    window_seconds: float = 60.0
    block_seconds: float = 60.0
    name: str = "default"

    def limit_for(self, kind: str) -> int:
        limits = {
            "api_key": self.api_key,
            "access_token": self.access_token,
            "oauth_client": self.oauth_client,
            "ip": self.ip,
        }
        return limits[kind]


@dataclass
class _Counter:
    window_start: dt.datetime
    hits: int = 0
    blocked_until: dt.datetime | None = None


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int
    name: str

    def headers(self) -> dict[str, str]:
        suffix = self.name[:1].upper() + self.name[1:]
        return {
            f"X-RateLimit-Limit-{suffix}": str(self.limit),
            f"X-RateLimit-Remaining-{suffix}": str(self.remaining),
            f"X-RateLimit-Reset-{suffix}": str(self.reset_seconds),
        }


class Throttler:
    def __init__(self, limits: RateLimits) -> None:
        self.limits = limits
        self._counters: dict[str, _Counter] = {}
        self._lock = threading.Lock()

    def hit(self, kind: str, credential: str, now: dt.datetime) -> Verdict:
        limit = self.limits.limit_for(kind)
        window = dt.timedelta(seconds=self.limits.window_seconds)
        key = f"{kind}_{hashlib.sha256(credential.encode()).hexdigest()}"
        with self._lock:
            counter = self._counters.get(key)
            if counter is not None and counter.blocked_until is not None:
                if now < counter.blocked_until:
                    return self._verdict(False, limit, 0, counter.blocked_until - now)
                counter = None  # the block is over: a fresh window
            if counter is None or now >= counter.window_start + window:
                counter = self._counters[key] = _Counter(window_start=now)
            counter.hits += 1
            if counter.hits > limit:
                counter.blocked_until = now + dt.timedelta(seconds=self.limits.block_seconds)
                return self._verdict(False, limit, 0, counter.blocked_until - now)
            return self._verdict(True, limit, limit - counter.hits, counter.window_start + window - now)

    def _verdict(self, allowed: bool, limit: int, remaining: int, left: dt.timedelta) -> Verdict:
        return Verdict(allowed, limit, remaining, max(0, math.ceil(left.total_seconds())), self.limits.name)


def tracker(authorization: str | None, client_id: str | None, ip: str) -> tuple[str, str]:
    """(kind, credential) the request is counted against; first match wins, as in Cal.com."""
    if authorization:
        token = authorization.removeprefix("Bearer ").strip()
        return ("api_key" if token.startswith("cal_") else "access_token"), token
    if client_id:
        return "oauth_client", client_id
    return "ip", ip
