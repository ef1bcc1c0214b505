"""``RedisCoordinator``: one rate-limit budget, one token rotation and one idempotency record for all workers.

Install with the ``redis`` extra (``redis.asyncio`` from redis-py) and give every process the same
Redis::

    from cal_client import AsyncCal
    from cal_client.redis_coordination import RedisCoordinator

    coordinator = RedisCoordinator(url="redis://127.0.0.1:6379/0")
    async with AsyncCal(api_key=..., coordinator=coordinator) as cal:
        ...
    await coordinator.aclose()

What lives in Redis (every key under ``prefix``; credentials only ever as a keyed hash):

- ``rl:{tracker}:w:<name>``: per credential and limit name, the requests left and the reset time,
  spent by a Lua script (one round trip per request) and corrected from ``X-RateLimit-*`` headers,
  all in Redis's own clock; the first request of an unknown credential goes alone (a probe).
- ``rt:{scope}:*``: per refresh token, the lock (with an expiry and a fencing number), the marker
  "a refresh was sent" and, once rotated, the successor pair (so processes that still hold the old
  refresh token pick up the new pair instead of sending a dead token). The pair is stored as
  Cal.com sent it: protect this Redis as you protect the database your ``on_refresh`` writes to.
- ``idem:{hash}``: a caller's ``idempotency_key`` reserved while its create is in flight.

When Redis is unreachable or slow (``timeout``, default 2 s per operation), each process carries
on with its own in-process coordination, logs one warning, and tries Redis again every
``retry_interval`` seconds; nothing waits on a dead Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import hashlib
import hmac
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from . import _timing
from ._coordination import Coordinator, InProcessCoordinator, RefreshLease
from ._ratelimit import _PROBE_WAIT, RateLimiter, tracker_key

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["RedisCoordinator"]

logger = logging.getLogger("cal_client")

T = TypeVar("T")

_DEFAULT_HASH_KEY = b"cal_client coordination v1"
_NAMES_TTL_MS = 3_600_000  # limit names per operation: relearned within an hour of silence
_SUCCESSOR_TTL_MS = 7 * 24 * 3_600_000  # a process restarted from an old pair still finds its successor
_POLL = 0.02  # seconds between looks at a lock someone else holds
_MAX_HOPS = 8
_NO_LIMITS = "-"
# A request let through counts as in flight until its answer, at most this long (a lost one expires).
_FLYING_TTL_MS = 30_000
_FLYING_ID: contextvars.ContextVar[str] = contextvars.ContextVar("cal_client_flying_request", default="")
_MAX_FLYING = 10_000  # credentials of this process with a local queue in front of Redis
_PROBE_POLL = 0.05  # seconds between looks for the first answer of an unknown credential

# Spend one request from every window that applies, or say how long to wait. Time is Redis's.
_ACQUIRE = """
local base, op, names, max_wait, probe_ttl = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
local id, flying_ttl = ARGV[6], tonumber(ARGV[7])
local flying = base .. 'flying'
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function fly()
  redis.call('ZADD', flying, now + flying_ttl, id)
  redis.call('PEXPIRE', flying, flying_ttl)
end
if names == '' then
  names = redis.call('GET', base .. 'op:' .. op) or redis.call('GET', base .. 'last') or ''
end
if names == '' then
  if redis.call('SET', base .. 'probe', '1', 'NX', 'PX', probe_ttl) then fly() return {1, 0} end
  return {2, 0}
end
if names == '-' then return {0, 0} end  -- answers of this credential carry no rate-limit headers
local wait = -1
local keys = {}
for name in string.gmatch(names, '[^,]+') do
  local w = base .. 'w:' .. name
  if redis.call('EXISTS', w) == 0 then
    wait = 0
  else
    table.insert(keys, w)
    local reset = tonumber(redis.call('HGET', w, 'reset'))
    if reset <= now then
      -- A new window starts with our next request. Requests let through before may not have reached
      -- the server yet (a stalled worker): they will count in the new window, so they are kept out of it.
      local period = tonumber(redis.call('HGET', w, 'period'))
      redis.call('ZREMRANGEBYSCORE', flying, '-inf', now)
      local lim = tonumber(redis.call('HGET', w, 'lim') or '1e15') - redis.call('ZCARD', flying)
      redis.call('HSET', w, 'rem', lim, 'reset', now + period, 'renewed', now, 'est', 1)
      reset = now + period
    end
    local rem = tonumber(redis.call('HGET', w, 'rem'))
    if rem > 0 then
      wait = 0
    elseif wait ~= 0 and (wait < 0 or reset - now < wait) then
      wait = reset - now
    end
  end
end
if wait <= 0 or wait > max_wait then
  for _, w in ipairs(keys) do redis.call('HINCRBYFLOAT', w, 'rem', -1) end
  fly()
  return {0, 0}
end
return {3, wait}
"""

# A response's X-RateLimit-* headers: the same rules as the in-process limiter, in Redis's clock.
_OBSERVE = """
local base, op, names, blocked, age = ARGV[1], ARGV[2], ARGV[3], ARGV[4] == '1', tonumber(ARGV[5])
local names_ttl, id = ARGV[6], ARGV[7]
if id ~= '' then redis.call('ZREM', base .. 'flying', id) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local sent = now - age
redis.call('SET', base .. 'op:' .. op, names, 'PX', names_ttl)
redis.call('SET', base .. 'last', names, 'PX', names_ttl)
local i = 8
while ARGV[i] do
  local w = base .. 'w:' .. ARGV[i]
  local lim, rem, reset_ms = ARGV[i + 1], tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3]) * 1000
  local server_reset = now + reset_ms
  if redis.call('EXISTS', w) == 0 then
    if blocked then rem = 0 end
    local fields = {'rem', rem, 'reset', server_reset, 'period', math.max(reset_ms, 1000), 'renewed', sent, 'est', 0}
    if lim ~= '' then table.insert(fields, 'lim') table.insert(fields, lim) end
    redis.call('HSET', w, unpack(fields))
  else
    if lim ~= '' then redis.call('HSET', w, 'lim', lim) end
    local period = math.max(tonumber(redis.call('HGET', w, 'period')), reset_ms)
    redis.call('HSET', w, 'period', period)
    local cur_reset = tonumber(redis.call('HGET', w, 'reset'))
    if blocked then
      redis.call('HSET', w, 'rem', 0, 'reset', math.max(cur_reset, server_reset))
    elseif sent < tonumber(redis.call('HGET', w, 'renewed')) then
      -- an answer from before the window counted now
    elseif server_reset > cur_reset + 1500 then
      redis.call('HSET', w, 'rem', rem, 'reset', server_reset, 'renewed', sent, 'est', 0)
    else
      local cur_rem = tonumber(redis.call('HGET', w, 'rem'))
      local new_reset = server_reset
      if redis.call('HGET', w, 'est') ~= '1' then new_reset = math.min(cur_reset, server_reset) end
      redis.call('HSET', w, 'rem', math.min(cur_rem, rem), 'reset', new_reset, 'est', 0)
    end
  end
  redis.call('PEXPIRE', w, 2 * tonumber(redis.call('HGET', w, 'period')) + 120000)
  i = i + 4
end
redis.call('DEL', base .. 'probe')
return 1
"""

# Refresh lease: the successor if the token was already rotated, else the lock with a new fence.
_LEASE = """
local lock, fence, succ, sent = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local found = redis.call('GET', succ)
if found then return {1, found} end
if redis.call('EXISTS', lock) == 1 then return {0, ''} end
local n = redis.call('INCR', fence)
redis.call('PEXPIRE', fence, ARGV[2])
redis.call('SET', lock, n, 'PX', ARGV[1])
local inherited = redis.call('EXISTS', sent)
return {2, tostring(n), inherited}
"""

# Publish a rotated pair. A pair Cal.com handed out is the truth unless a later lease holder
# (higher fence) already published a newer one (a force-refresh after this lease expired).
_PUBLISH = """
local lock, succ, sent = KEYS[1], KEYS[2], KEYS[3]
local holder = redis.call('GET', lock)
local found = redis.call('GET', succ)
if holder == ARGV[1] or not found then
  redis.call('SET', succ, ARGV[2], 'PX', ARGV[3])
  redis.call('DEL', sent)
  if holder == ARGV[1] then redis.call('DEL', lock) end
  return {1, ARGV[2], found or ''}
end
return {0, found, ''}
"""

# Delete a key only if it still holds our value (a lock or reservation that may have expired).
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

# A credential whose answers carry no rate-limit headers is known, with no window to wait for.
_UNLIMITED = """
redis.call('SET', KEYS[1], '-', 'NX', 'PX', 3600000)
if ARGV[1] ~= '' then redis.call('ZREM', KEYS[3], ARGV[1]) end
return redis.call('DEL', KEYS[2])
"""

# Keep a live holder's lock: extend it while it is still ours.
_EXTEND = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""

# Mark "a refresh was sent under this fence", while the lock is still ours.
_MARK_SENT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
"""


class _Unavailable(Exception):
    """Redis did not answer in time (or at all): use the local coordination for this step."""


class RedisCoordinator(Coordinator):
    """Coordination through Redis for every process that points at it (see the module docstring).

    Pass ``url`` (the coordinator then owns its connection pool; ``await coordinator.aclose()``)
    or a ``redis.asyncio.Redis`` you own as ``client``. ``prefix`` separates applications sharing
    one Redis. ``hash_key`` keys the hash that names credentials and idempotency keys in Redis:
    set a secret one (the same in every process) so the names cannot be matched against a guess.
    ``lock_ttl`` bounds how long a killed refresh holder delays the others; it must exceed the
    time a refresh request can take. ``idempotency_ttl`` bounds a reservation of a killed process.
    """

    def __init__(
        self,
        *,
        url: str | None = None,
        client: Redis | None = None,
        prefix: str = "cal_client:",
        hash_key: bytes | str | None = None,
        timeout: float = 2.0,
        retry_interval: float = 1.0,
        lock_ttl: float = 30.0,
        idempotency_ttl: float = 300.0,
    ) -> None:
        if (url is None) == (client is None):
            raise ValueError("pass either url='redis://...' or client=redis.asyncio.Redis(...), exactly one")
        if client is None:
            try:
                from redis.asyncio import Redis
                from redis.backoff import NoBackoff
                from redis.retry import Retry
            except ImportError:
                raise ImportError("RedisCoordinator needs redis-py: pip install 'cal-client[redis]'") from None
            # No retries inside redis-py: a failed step falls back at once and Redis is tried again later.
            client = Redis.from_url(
                url or "",
                socket_timeout=timeout,
                socket_connect_timeout=timeout,
                retry=Retry(NoBackoff(), 0),
            )
            self._owns_client = True
        else:
            self._owns_client = False
        for name, value in (("timeout", timeout), ("retry_interval", retry_interval), ("lock_ttl", lock_ttl)):
            if not value > 0:
                raise ValueError(f"{name} must be > 0 seconds, not {value!r}")
        if not idempotency_ttl > 0:
            raise ValueError(f"idempotency_ttl must be > 0 seconds, not {idempotency_ttl!r}")
        self.redis = client
        self.prefix = prefix
        self.timeout = timeout
        self.retry_interval = retry_interval
        self.lock_ttl = lock_ttl
        self.idempotency_ttl = idempotency_ttl
        self._hash_key = (hash_key.encode() if isinstance(hash_key, str) else hash_key) or _DEFAULT_HASH_KEY
        self.local = InProcessCoordinator()
        """Where each step goes while Redis is away."""
        self._down_until = 0.0
        self._down = False
        self._warned = False
        self.fallbacks = 0
        """Steps that used the local coordination because Redis failed, for monitoring."""
        self._acquire = client.register_script(_ACQUIRE)
        self._observe = client.register_script(_OBSERVE)
        self._lease = client.register_script(_LEASE)
        self._publish = client.register_script(_PUBLISH)
        self._release = client.register_script(_RELEASE)
        self._mark_sent = client.register_script(_MARK_SENT)
        self._extend = client.register_script(_EXTEND)
        self._unlimited = client.register_script(_UNLIMITED)

    def __repr__(self) -> str:
        return f"RedisCoordinator(prefix={self.prefix!r}, available={self.available})"

    # -- health --------------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        """False while Redis is considered away (until the next retry)."""
        return time.monotonic() >= self._down_until

    async def _call(self, step: Callable[[], Awaitable[T]]) -> T:
        """One Redis step bounded by ``timeout``; ``_Unavailable`` when it cannot be done now."""
        if time.monotonic() < self._down_until:
            raise _Unavailable
        try:
            result = await asyncio.wait_for(step(), self.timeout)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # connection refused, timeout, READONLY, LOADING ...: all mean "not now"
            self._fail(exc)
            raise _Unavailable from None
        if self._down:
            self._down = False
            logger.info("Redis coordination is back")
        return result

    def _fail(self, exc: BaseException) -> None:
        self._down_until = time.monotonic() + self.retry_interval
        self._down = True
        self.fallbacks += 1
        # One warning per process; later outages are logged at INFO (they are the same problem).
        level = logging.INFO if self._warned else logging.WARNING
        self._warned = True
        logger.log(
            level,
            "Redis coordination unavailable (%s); using in-process coordination, retrying Redis every %.1fs",
            type(exc).__name__,
            self.retry_interval,
        )

    def hashed(self, *parts: str) -> str:
        """A keyed hash naming a credential or key in Redis (never the value itself)."""
        digest = hmac.new(self._hash_key, "\x00".join(parts).encode("utf-8", "surrogatepass"), hashlib.sha256)
        return digest.hexdigest()[:40]

    # -- the interface ---------------------------------------------------------------------------

    def rate_limiter(self, *, throttle: bool) -> RateLimiter:
        return _SharedRateLimiter(self, throttle=throttle)

    def _scope(self, client_id: str, refresh_token: str) -> str:
        return f"{self.prefix}rt:{{{self.hashed('refresh', client_id, refresh_token)}}}:"

    async def successor(self, client_id: str, refresh_token: str) -> Mapping[str, Any] | None:
        found: Mapping[str, Any] | None = None
        token = refresh_token
        # Follow the chain: a process that slept through two rotations needs the newest pair.
        for _ in range(_MAX_HOPS):
            try:
                name = self._scope(client_id, token) + "succ"
                raw = await self._call(lambda: self.redis.get(name))  # noqa: B023 (awaited right here)
            except _Unavailable:
                return found
            if raw is None:
                return found
            found = json.loads(raw)
            token = str(found.get("refreshToken", "")) if found else ""
        return found

    async def refresh_pending(self, client_id: str, refresh_token: str) -> bool:
        scope = self._scope(client_id, refresh_token)
        try:
            found = await self._call(lambda: self.redis.exists(scope + "lock", scope + "sent"))
        except _Unavailable:
            return False
        return bool(found)

    @contextlib.asynccontextmanager
    async def refresh_lease(self, client_id: str, refresh_token: str) -> AsyncIterator[RefreshLease]:
        scope = self._scope(client_id, refresh_token)
        lease = await self._take_lease(scope, client_id)
        if lease is not None and lease.successor is not None:
            newer = await self.successor(client_id, str(lease.successor.get("refreshToken", "")))
            if newer is not None:
                lease.successor = newer
        if lease is None:
            async with self.local.refresh_lease(client_id, refresh_token) as local:
                yield local
            return
        keepalive = asyncio.create_task(self._keep(scope, lease.fence)) if lease.fence else None
        try:
            yield lease
        finally:
            if keepalive is not None:
                keepalive.cancel()
            if lease.fence and not lease.published:
                with contextlib.suppress(_Unavailable):
                    await self._call(lambda: self._release(keys=[scope + "lock"], args=[str(lease.fence)]))

    async def _keep(self, scope: str, fence: int) -> None:
        """Extend a live holder's lock, so only a dead (or cut-off) holder ever loses it to expiry."""
        ttl_ms = str(int(self.lock_ttl * 1000))
        while True:
            await asyncio.sleep(self.lock_ttl / 3)
            try:
                held = await self._call(lambda: self._extend(keys=[scope + "lock"], args=[str(fence), ttl_ms]))
            except _Unavailable:
                continue
            if not held:
                return

    async def _take_lease(self, scope: str, client_id: str) -> _RedisLease | None:
        keys = [scope + "lock", scope + "fence", scope + "succ", scope + "sent"]
        ttl_ms = str(int(self.lock_ttl * 1000))
        # A holder that died keeps the lock for at most lock_ttl; allow that, plus one refresh.
        deadline = time.monotonic() + 2 * self.lock_ttl + 5.0
        while True:
            try:
                found = await self._call(lambda: self._lease(keys=keys, args=[ttl_ms, str(_SUCCESSOR_TTL_MS)]))
            except _Unavailable:
                return None
            kind = int(found[0])
            if kind == 1:
                return _RedisLease(self, scope, client_id, successor=json.loads(found[1]))
            if kind == 2:
                return _RedisLease(self, scope, client_id, fence=int(found[1]), inherited=bool(int(found[2])))
            if time.monotonic() > deadline:
                logger.warning("a managed-user refresh lock was held past its expiry; refreshing locally")
                return None
            await asyncio.sleep(_POLL)

    @contextlib.asynccontextmanager
    async def idempotency(self, key: str) -> AsyncIterator[None]:
        name = f"{self.prefix}idem:{self.hashed('idempotency', key)}"
        token = uuid.uuid4().hex
        ttl_ms = int(self.idempotency_ttl * 1000)
        deadline = time.monotonic() + self.idempotency_ttl + 5.0
        held = False
        while True:
            try:
                held = bool(await self._call(lambda: self.redis.set(name, token, nx=True, px=ttl_ms)))
            except _Unavailable:
                break
            if held or time.monotonic() > deadline:
                break
            await asyncio.sleep(_POLL * 2)
        async with self.local.idempotency(key):  # also serialises this process's own tasks
            try:
                yield
            finally:
                if held:
                    with contextlib.suppress(_Unavailable):
                        await self._call(lambda: self._release(keys=[name], args=[token]))

    async def aclose(self) -> None:
        if self._owns_client:
            await self.redis.aclose()


class _RedisLease(RefreshLease):
    def __init__(
        self,
        coordinator: RedisCoordinator,
        scope: str,
        client_id: str,
        *,
        successor: Mapping[str, Any] | None = None,
        fence: int = 0,
        inherited: bool = False,
    ) -> None:
        self._coordinator = coordinator
        self._scope = scope
        self._client_id = client_id
        self.successor = successor
        self.fence = fence
        self.inherited = inherited
        self.published = False

    async def started(self) -> None:
        scope = self._scope
        ttl = str(_SUCCESSOR_TTL_MS)
        with contextlib.suppress(_Unavailable):
            await self._coordinator._call(
                lambda: self._coordinator._mark_sent(keys=[scope + "lock", scope + "sent"], args=[str(self.fence), ttl])
            )

    async def settled(self) -> None:
        with contextlib.suppress(_Unavailable):
            await self._coordinator._call(lambda: self._coordinator.redis.delete(self._scope + "sent"))

    async def publish(self, pair: Mapping[str, Any]) -> Mapping[str, Any]:
        scope = self._scope
        payload = json.dumps(dict(pair), separators=(",", ":"))
        try:
            done = await self._coordinator._call(
                lambda: self._coordinator._publish(
                    keys=[scope + "lock", scope + "succ", scope + "sent"],
                    args=[str(self.fence), payload, str(_SUCCESSOR_TTL_MS)],
                )
            )
        except _Unavailable:
            return pair  # the others will refresh on their own: today's behaviour
        self.published = True
        current: Mapping[str, Any] = json.loads(done[1])
        if done[2]:
            # Ours replaced a pair an expired holder published (and others may use): point it at ours.
            replaced = json.loads(done[2])
            coordinator = self._coordinator
            stale = coordinator._scope(self._client_id, str(replaced.get("refreshToken", ""))) + "succ"
            with contextlib.suppress(_Unavailable):
                await coordinator._call(lambda: coordinator.redis.set(stale, payload, px=_SUCCESSOR_TTL_MS))
        return current


class _SharedRateLimiter(RateLimiter):
    """The ``RateLimiter`` interface over Redis windows, falling back to the in-process one."""

    def __init__(self, coordinator: RedisCoordinator, *, throttle: bool) -> None:
        super().__init__(throttle=throttle)
        self._coordinator = coordinator
        self._names_by_op: dict[tuple[str, str], str] = {}
        self._watches: dict[str, asyncio.Future[None]] = {}  # a task watching for a probe's answer
        self._gates: dict[str, asyncio.Lock] = {}

    def tracker_key(self, request: httpx.Request) -> object:
        local = tracker_key(request)
        headers = request.headers
        credential = headers.get("authorization") or headers.get("x-cal-client-id")
        kind = "token" if headers.get("authorization") is not None else "client" if credential else "ip"
        return _SharedKey(local, self._coordinator.hashed("tracker", kind, credential or ""))

    async def acquire(self, key: object, op: str, max_wait: float) -> bool:
        if not self.throttle:
            return False
        if not isinstance(key, _SharedKey):
            return await super().acquire(key, op, max_wait)
        # One task per credential of this process talks to Redis at a time; the others queue here.
        # Hundreds of tasks of one process calling Redis at once (at a window's reset, or watching for a
        # probe's answer) starve its event loop past the step timeout on a busy machine.
        gate = self._gates.get(key.hashed)
        if gate is None:
            if len(self._gates) >= _MAX_FLYING:
                self._gates = {name: lock for name, lock in self._gates.items() if lock.locked()}
            gate = self._gates[key.hashed] = asyncio.Lock()
        async with gate:
            return await self._acquire_shared(key, op, max_wait)

    async def _acquire_shared(self, key: _SharedKey, op: str, max_wait: float) -> bool:
        coordinator = self._coordinator
        base = f"{coordinator.prefix}rl:{{{key.hashed}}}:"
        names = self._names_by_op.get((key.hashed, op), "")
        max_wait_ms = str(int(max_wait * 1000))
        probe_ttl = str(int(_PROBE_WAIT * 1000))
        probe_deadline = _timing.monotonic() + _PROBE_WAIT
        flying = uuid.uuid4().hex
        flying_ttl = str(_FLYING_TTL_MS)
        watching: asyncio.Future[None] | None = None
        try:
            while True:
                try:
                    kind, wait_ms = await coordinator._call(
                        lambda: coordinator._acquire(args=[base, op, names, max_wait_ms, probe_ttl, flying, flying_ttl])
                    )
                except _Unavailable:
                    return await super().acquire(key.local, op, max_wait)
                kind = int(kind)
                if kind in (0, 1):
                    # The transport settles this request in the same task: the id finds its way back.
                    _FLYING_ID.set(flying)
                    return kind == 1
                if kind == 2:
                    # The credential's first request is out: one task of this process watches for its
                    # answer and the others wait for that task (hundreds polling would starve the loop).
                    left = probe_deadline - _timing.monotonic()
                    if left <= 0:
                        return False  # the probe never answered: go, the server decides
                    if watching is None:
                        other = self._watches.get(key.hashed)
                        if other is not None and not other.done():
                            with contextlib.suppress(TimeoutError):
                                await asyncio.wait_for(asyncio.shield(other), left)
                            continue
                        if len(self._watches) >= _MAX_FLYING:
                            self._watches = {k: f for k, f in self._watches.items() if not f.done()}
                        watching = self._watches[key.hashed] = asyncio.get_running_loop().create_future()
                    await _timing.sleep(_PROBE_POLL)
                    continue
                if watching is not None:
                    watching.set_result(None)
                    watching = None
                wait = float(wait_ms) / 1000.0
                if logger.isEnabledFor(logging.INFO):
                    logger.info("shared rate limit exhausted; waiting %.2fs for the window to reset", wait)
                await _timing.sleep(wait)
        finally:
            if watching is not None and not watching.done():
                watching.set_result(None)

    async def settle(
        self, key: object, op: str, headers: httpx.Headers, status_code: int, sent_at: float
    ) -> dict[str, list[float | None]]:
        local_key = key.local if isinstance(key, _SharedKey) else key
        limits = self.observe(local_key, op, headers, status_code, sent_at)
        if not self.throttle or not isinstance(key, _SharedKey):
            return limits
        coordinator = self._coordinator
        base = f"{coordinator.prefix}rl:{{{key.hashed}}}:"
        flying = _FLYING_ID.get()
        _FLYING_ID.set("")
        if not limits:
            # Known, and unthrottled: later requests must not each wait to probe (the in-process rule).
            self._names_by_op[(key.hashed, op)] = _NO_LIMITS
            with contextlib.suppress(_Unavailable):
                await coordinator._call(
                    lambda: coordinator._unlimited(keys=[base + "last", base + "probe", base + "flying"], args=[flying])
                )
            return limits
        names = ",".join(limits)
        self._names_by_op[(key.hashed, op)] = names
        args: list[str] = [
            base,
            op,
            names,
            "1" if status_code == 429 else "0",
            str(int(max(0.0, _timing.monotonic() - sent_at) * 1000)),
            str(_NAMES_TTL_MS),
            flying,
        ]
        for name, (limit, remaining, reset) in limits.items():
            if remaining is None or reset is None or reset != reset or remaining != remaining:
                continue
            args += [name, "" if limit is None or limit != limit else repr(float(limit)), repr(float(remaining))]
            args.append(repr(float(reset)))
        with contextlib.suppress(_Unavailable):
            await coordinator._call(lambda: coordinator._observe(args=args))
        return limits

    def abort_probe(self, key: object) -> None:
        if isinstance(key, _SharedKey):
            super().abort_probe(key.local)
            # The Redis probe expires on its own within the probe wait; a failed request cannot await here.
            return
        super().abort_probe(key)


class _SharedKey:
    __slots__ = ("hashed", "local")

    def __init__(self, local: object, hashed: str) -> None:
        self.local = local
        self.hashed = hashed

    def __hash__(self) -> int:
        return hash(self.local)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _SharedKey) and other.hashed == self.hashed
