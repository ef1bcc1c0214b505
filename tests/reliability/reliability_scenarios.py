"""The three long-running scenarios (faults, 429 storm, token-expiry storm), for both scales.

Each scenario builds its own FakeCal, drives the SDK through the transports of
``reliability_kit`` and returns the numbers the tests assert and the results table shows. The
fast run (``make test``) serves FakeCal in-process on a ``VirtualClock``; the soak run
(``CAL_SOAK=1``, ``make soak``) serves it with uvicorn on 127.0.0.1 on the real clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import math
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
from cal_client.resources import Attendee, BookingOutcomeUnknownError
from cal_client.testing import FakeCal, RateLimits
from reliability_kit import (
    ATTEMPTS,
    CANARY_API_KEY,
    CANARY_CLIENT_ID,
    CANARY_CLIENT_SECRET,
    PROCESSED_FAULTS,
    SOAK,
    FaultTransport,
    Observed,
    OffsetClock,
    ServerProbe,
    VirtualClock,
)

from cal_client import AsyncCal, CalError, ManagedUser, ManagedUserTokens

# Counts per scale. The soak run is bounded too: every scenario also has a wall-clock cap.
SCALE: dict[str, int] = (
    {"mixed": 2000, "creates": 500, "storm_calls": 600, "storm_tasks": 50, "token_calls": 500, "concurrency": 50}
    if SOAK
    else {"mixed": 500, "creates": 200, "storm_calls": 600, "storm_tasks": 50, "token_calls": 200, "concurrency": 25}
)
SCENARIO_CAP_SECONDS = 240.0 if SOAK else 60.0
# The 429 storm's limit: 60 calls per window. Virtual time can afford Cal.com's real 60 s window;
# the soak run uses a short real one.
STORM_LIMIT = 60
STORM_WINDOW = 2.0 if SOAK else 60.0
# Retries for the fault scenario: at a 20 % fault rate a call fails all of 1 + n attempts with
# probability 0.2 ** (n + 1); n = 8 makes that ~5e-7 per call.
FAULT_MAX_RETRIES = 8
MARKER = "relCase"
UNLIMITED = RateLimits(api_key=10**9, access_token=10**9, oauth_client=10**9, ip=10**9)


@dataclasses.dataclass
class Env:
    fake: FakeCal
    clock: VirtualClock | OffsetClock
    probe: ServerProbe
    faults: FaultTransport
    base_url: str

    def cal(self, **kwargs: Any) -> AsyncCal:
        kwargs.setdefault("api_key", None if "auth" in kwargs else CANARY_API_KEY)
        if kwargs["api_key"] is None:
            del kwargs["api_key"]
        return AsyncCal(base_url=self.base_url, transport=self.faults, **kwargs)

    def seconds(self) -> float:
        """The clock the SDK waits on: virtual seconds, or the real monotonic clock in the soak run."""
        return self.clock.monotonic() if isinstance(self.clock, VirtualClock) else time.monotonic()


@contextlib.asynccontextmanager
async def environment(
    clock: VirtualClock | None, *, rate_limits: RateLimits = UNLIMITED, fault_rate: float = 0.0, seed: int = 9
) -> AsyncIterator[Env]:
    """FakeCal (canary API key and client secret) behind the probe and the fault injector."""
    fake_clock: VirtualClock | OffsetClock = clock if clock is not None else OffsetClock()
    fake = FakeCal(
        clock=fake_clock,
        rate_limits=rate_limits,
        api_key=CANARY_API_KEY,
        oauth_client_id=CANARY_CLIENT_ID,
        oauth_client_secret=CANARY_CLIENT_SECRET,
    )
    if clock is not None:
        probe = ServerProbe(fake.transport(), clock=clock)
        yield Env(fake, fake_clock, probe, FaultTransport(probe, rate=fault_rate, seed=seed), "https://fakecal.test")
        return
    with fake.serve() as server:
        probe = ServerProbe(httpx.AsyncHTTPTransport(), now=time.monotonic)
        yield Env(fake, fake_clock, probe, FaultTransport(probe, rate=fault_rate, seed=seed), server.url)


async def bounded(awaitable: Awaitable[Any]) -> Any:
    """Every scenario ends within ``SCENARIO_CAP_SECONDS`` of real time, whatever happens."""
    return await asyncio.wait_for(awaitable, SCENARIO_CAP_SECONDS)


async def free_starts(cal: AsyncCal, event_type_id: int, count: int, first_day: dt.date) -> list[dt.datetime]:
    """``count`` free slot starts of an event type from ``first_day`` on (asked without faults)."""
    days = 7 * (count // 60 + 2)
    slots = await cal.slots.find(event_type_id=event_type_id, start=first_day, end=first_day + dt.timedelta(days=days))
    starts = [slot.start for slot in slots.all()]
    if len(starts) < count:
        raise RuntimeError(f"the sandbox offers {len(starts)} slots, {count} needed")
    return starts[:count]


# -- 1. fault injection ----------------------------------------------------------------------------


@dataclasses.dataclass
class FaultOutcome:
    mixed: int
    mixed_failed: list[str]
    mixed_wrong: list[str]
    creates: int
    created: int
    create_failed: int
    create_unknown: int
    reconciled: int
    duplicates: int
    lost: int
    untruthful: list[str]
    injected: Counter[str]
    attempts_histogram: Counter[int]
    requests: int


async def run_faults(env: Env, observed: Observed, *, mixed: int, creates: int, concurrency: int) -> FaultOutcome:
    fake = env.fake
    sandbox = fake.sandbox
    env.faults.enabled = False
    async with env.cal(max_retries=FAULT_MAX_RETRIES) as cal:
        # Reference data made without faults: bookings to read back, and the slots to book.
        starts = await free_starts(cal, sandbox.event_type_id, creates + 20, dt.date(2030, 1, 8))
        # A weekday after every slot the creates take: its free slots stay the same all run.
        check_day = starts[-1].date() + dt.timedelta(days=7)
        reference = []
        for index, start in enumerate(starts[:20]):
            made = await cal.bookings.create(
                event_type_id=sandbox.event_type_id,
                start=start,
                attendee=Attendee(name=f"Ref {index}", time_zone="Europe/Paris", email=f"ref{index}@example.com"),
                metadata={MARKER: f"ref{index}"},
            )
            reference.append(made.uid)
        baseline_slots = (
            await cal.slots.find(event_type_id=sandbox.event_type_id, start=check_day, end=check_day)
        ).count
        env.faults.enabled = True
        requests_before = env.faults.requests
        semaphore = asyncio.Semaphore(concurrency)
        mixed_failed: list[str] = []
        mixed_wrong: list[str] = []
        outcomes: dict[str, tuple[str, Any]] = {}
        attempts: Counter[int] = Counter()

        async def one_mixed(index: int) -> None:
            kind = index % 6
            async with semaphore:
                box = [0]
                ATTEMPTS.set(box)
                try:
                    if kind == 0:
                        uid = reference[index % len(reference)]
                        got = await cal.bookings.get(uid)
                        if getattr(got, "uid", None) != uid:
                            mixed_wrong.append(f"get {uid} -> {getattr(got, 'uid', got)!r}")
                    elif kind == 1:
                        page = await cal.bookings.list(take=5, attendee_email=f"ref{index % 20}@example.com")
                        if [b.uid for b in page.items] != [reference[index % 20]]:
                            mixed_wrong.append(f"list ref{index % 20} -> {[b.uid for b in page.items]}")
                    elif kind == 2:
                        found = await cal.slots.find(
                            event_type_id=sandbox.event_type_id, start=check_day, end=check_day
                        )
                        if found.count != baseline_slots:
                            mixed_wrong.append(f"slots {found.count} != {baseline_slots}")
                    elif kind == 3:
                        event_type = await cal.event_types.get(sandbox.event_type_id)
                        if event_type is None or event_type.id != sandbox.event_type_id:
                            mixed_wrong.append(f"event type -> {event_type!r}")
                    elif kind == 4:
                        schedule = await cal.schedules.get(sandbox.schedule_id)
                        if schedule is None or schedule.id != sandbox.schedule_id:
                            mixed_wrong.append(f"schedule -> {schedule!r}")
                    else:
                        me = await cal.me.get()
                        if me.id != sandbox.user_id:
                            mixed_wrong.append(f"me -> {me.id}")
                except CalError as exc:
                    observed.see(exc)
                    mixed_failed.append(f"{kind}: {type(exc).__name__}: {exc}")
                attempts[box[0]] += 1

        async def one_create(index: int, start: dt.datetime) -> None:
            marker = f"c{index:05d}"
            async with semaphore:
                try:
                    made = await cal.bookings.create(
                        event_type_id=sandbox.event_type_id,
                        start=start,
                        attendee=Attendee(
                            name=f"Guest {index}", time_zone="America/New_York", email=f"g{index}@example.com"
                        ),
                        metadata={MARKER: marker},
                    )
                except BookingOutcomeUnknownError as exc:
                    observed.see(exc)
                    outcomes[marker] = ("unknown", exc)
                except CalError as exc:
                    observed.see(exc)
                    outcomes[marker] = ("failed", exc)
                else:
                    observed.see(made)
                    outcomes[marker] = ("created", made)

        tasks = [one_mixed(i) for i in range(mixed)]
        tasks += [one_create(i, start) for i, start in enumerate(starts[20 : 20 + creates])]
        # Interleave reads and creates so faults hit both while both are in flight.
        order = sorted(range(len(tasks)), key=lambda i: (i * 7919) % len(tasks))
        await bounded(asyncio.gather(*(tasks[i] for i in order)))
        requests = env.faults.requests - requests_before

    # Count in the sandbox: the store is the truth.
    by_marker: Counter[str] = Counter(
        str(b.metadata.get(MARKER))
        for b in fake.store.bookings.values()
        if str(b.metadata.get(MARKER, "")).startswith("c")
    )
    duplicates = sum(n - 1 for n in by_marker.values() if n > 1)
    lost = 0
    untruthful: list[str] = []
    reconciled = 0
    for marker, (status, value) in outcomes.items():
        stored = [b for b in fake.store.bookings.values() if b.metadata.get(MARKER) == marker]
        if status == "created":
            reconciled += bool(value.reconciled)
            if not any(b.uid == value.uid for b in stored):
                lost += 1
                untruthful.append(f"{marker}: reported created {value.uid}, not in the sandbox")
        elif status == "failed" and stored:
            lost += 1
            untruthful.append(f"{marker}: reported failed ({type(value).__name__}), but booked {stored[0].uid}")
    stray = set(by_marker) - set(outcomes)
    lost += len(stray)
    untruthful += [f"{marker}: in the sandbox but no call made it" for marker in sorted(stray)]
    return FaultOutcome(
        mixed=mixed,
        mixed_failed=mixed_failed,
        mixed_wrong=mixed_wrong,
        creates=creates,
        created=sum(1 for status, _ in outcomes.values() if status == "created"),
        create_failed=sum(1 for status, _ in outcomes.values() if status == "failed"),
        create_unknown=sum(1 for status, _ in outcomes.values() if status == "unknown"),
        reconciled=reconciled,
        duplicates=duplicates,
        lost=lost,
        untruthful=untruthful,
        injected=env.faults.injected,
        attempts_histogram=attempts,
        requests=requests,
    )


def processed_faults(injected: Counter[str]) -> int:
    return sum(n for kind, n in injected.items() if kind in PROCESSED_FAULTS)


# -- 2. 429 storm -----------------------------------------------------------------------------------


@dataclasses.dataclass
class StormOutcome:
    calls: int
    failures: list[str]
    rate_limited: int
    windows: int
    max_429_per_window: int
    elapsed: float
    minimum: float

    @property
    def overhead(self) -> float:
        return self.elapsed / self.minimum - 1.0 if self.minimum else 0.0


async def run_storm(env: Env, observed: Observed, *, calls: int, tasks: int, limit: int, window: float) -> StormOutcome:
    per_task, extra = divmod(calls, tasks)
    failures: list[str] = []
    async with env.cal() as cal:

        async def worker(count: int) -> None:
            for _ in range(count):
                try:
                    me = await cal.me.get()
                    if me.id != env.fake.sandbox.user_id:
                        failures.append(f"wrong user {me.id}")
                except CalError as exc:
                    observed.see(exc)
                    failures.append(f"{type(exc).__name__}: {exc}")

        started = env.seconds()
        await bounded(asyncio.gather(*(worker(per_task + (i < extra)) for i in range(tasks))))
        elapsed = env.seconds() - started
    # A window starts with the answer whose Remaining is limit - 1; each 429 belongs to the window open then.
    window_starts: list[float] = []
    per_window: Counter[int] = Counter()
    for seen in env.probe.seen:
        if seen.status == 429:
            per_window[len(window_starts) - 1] += 1
        elif seen.headers.get("x-ratelimit-remaining-default") == str(limit - 1):
            window_starts.append(seen.at)
    rate_limited = sum(per_window.values())
    return StormOutcome(
        calls=calls,
        failures=failures,
        rate_limited=rate_limited,
        windows=len(window_starts),
        max_429_per_window=max(per_window.values(), default=0),
        elapsed=elapsed,
        minimum=(math.ceil(calls / limit) - 1) * window,
    )


# -- 3. token-expiry storm ----------------------------------------------------------------------------


@dataclasses.dataclass
class ManagedSetup:
    user_id: int
    event_type_id: int
    tokens: ManagedUserTokens


async def create_managed_user(env: Env, email: str) -> ManagedSetup:
    """A managed user (with a default schedule and an event type), made directly at the fake."""
    async with env.fake.client(base_url="http://fakecal.test") as http:
        response = await http.post(
            f"/v2/oauth-clients/{CANARY_CLIENT_ID}/users",
            headers={"x-cal-secret-key": CANARY_CLIENT_SECRET},
            json={"email": email, "name": "Storm User", "timeZone": "Europe/London"},
        )
    response.raise_for_status()
    data = response.json()["data"]
    event_type_id = env.fake.add_event_type(data["user"]["id"], title="Storm call", slug="storm", length=15)
    return ManagedSetup(
        user_id=data["user"]["id"],
        event_type_id=event_type_id,
        tokens=ManagedUserTokens(
            data["accessToken"], data["refreshToken"], data["accessTokenExpiresAt"], data["refreshTokenExpiresAt"]
        ),
    )


def expire_access_tokens(env: Env) -> None:
    """Move FakeCal's clock past every access token's expiry (60 min) but not the refresh tokens'."""
    env.clock.advance(61 * 60)


@dataclasses.dataclass
class TokenOutcome:
    calls: int
    failures: list[str]
    expired_answers: int
    unknown_token_answers: int
    refresh_requests: int
    callback_calls: int
    callback_tokens: list[ManagedUserTokens]
    creates: int
    duplicates: int
    final_tokens: ManagedUserTokens
    server_pairs: list[tuple[str, str]]


ORDERINGS = {
    "expired-before-send": "expired before the calls start (the SDK knows expires_at)",
    "all-reach-server-first": "expires in flight; all calls reach the server before any refresh",
    "some-arrive-after-refresh": "expires in flight; most calls reach the server after the refresh",
}


async def run_token_storm(env: Env, observed: Observed, *, calls: int, ordering: str) -> TokenOutcome:
    """``calls`` concurrent calls as one managed user whose access token expires on the way.

    ``expired-before-send``: the SDK sees ``expires_at`` has passed and refreshes before sending.
    ``all-reach-server-first``: every call is sent with the old token and answered 498 before any
    caller sees an answer. ``some-arrive-after-refresh``: every call is sent with the old token;
    the first answered 498 refreshes, which deletes the expired token at the server (as Cal.com's
    ``refreshOAuthTokens`` does), so the calls arriving after it find it gone.
    """
    setup = await create_managed_user(env, f"storm-{ordering}@example.com")
    received: list[ManagedUserTokens] = []

    async def on_refresh(tokens: ManagedUserTokens) -> None:
        received.append(tokens)

    before_send = ordering == "expired-before-send"
    if before_send:
        expire_access_tokens(env)
    auth = ManagedUser(
        CANARY_CLIENT_ID,
        CANARY_CLIENT_SECRET,
        setup.tokens.access_token,
        setup.tokens.refresh_token,
        # Already past for the SDK in the first ordering; the real expiry otherwise.
        1 if before_send else setup.tokens.access_token_expires_at,
        on_refresh=on_refresh,
    )
    failures: list[str] = []
    creates = max(calls // 10, 1)
    async with env.cal(auth=auth) as cal:
        starts = await free_starts(cal.with_options(auth=_NoAuth()), setup.event_type_id, creates, dt.date(2030, 1, 8))
        if not before_send:
            await cal.me.get()  # the rate-limit tracker of this token is known before the storm
            # Every call is sent with the old token and parked; the last one to arrive expires
            # the token at the fake, then all of them go on.
            env.probe.hold(calls, then=lambda: expire_access_tokens(env), answers=ordering == "all-reach-server-first")
        refresh_before = env.probe.count("/refresh")
        expired_before = env.probe.statuses()[498]
        unknown_before = env.probe.statuses()[401]

        async def one(index: int) -> None:
            try:
                if index % 10 == 0:
                    made = await cal.bookings.create(
                        event_type_id=setup.event_type_id,
                        start=starts[index // 10],
                        attendee=Attendee(name="Storm guest", time_zone="UTC", email=f"s{index}@example.com"),
                        metadata={MARKER: f"t{index}"},
                    )
                    observed.see(made)
                elif index % 2:
                    me = await cal.me.get()
                    if me.id != setup.user_id:
                        failures.append(f"wrong user {me.id}")
                else:
                    page = await cal.schedules.list()
                    if not page.items:
                        failures.append("no schedules")
            except CalError as exc:
                observed.see(exc)
                failures.append(f"{index}: {type(exc).__name__}: {exc}")

        await bounded(asyncio.gather(*(one(i) for i in range(calls))))
        observed.see(cal, auth, auth.tokens)
    by_marker = Counter(
        str(b.metadata.get(MARKER))
        for b in env.fake.store.bookings.values()
        if str(b.metadata.get(MARKER, "")).startswith("t")
    )
    return TokenOutcome(
        calls=calls,
        failures=failures,
        expired_answers=env.probe.statuses()[498] - expired_before,
        unknown_token_answers=env.probe.statuses()[401] - unknown_before,
        refresh_requests=env.probe.count("/refresh") - refresh_before,
        callback_calls=len(received),
        callback_tokens=received,
        creates=sum(by_marker.values()),
        duplicates=sum(n - 1 for n in by_marker.values() if n > 1),
        final_tokens=auth.tokens,
        server_pairs=[(p.access_token, p.refresh_token) for p in env.fake.store.tokens if p.user_id == setup.user_id],
    )


class _NoAuth(httpx.Auth):
    """Slots are public: looked up without the managed user's token, so setup does not refresh it."""

    def auth_flow(self, request: httpx.Request) -> Any:
        yield request


def revoke_refresh_tokens(env: Env, user_id: int) -> None:
    """The refresh token stops working (revoked by the platform) while the access token merely expires."""
    for pair in env.fake.store.tokens:
        if pair.user_id == user_id:
            pair.refresh_token = pair.refresh_token + "-revoked"


async def call_all(calls: list[Callable[[], Awaitable[Any]]]) -> list[Any]:
    return await bounded(asyncio.gather(*(call() for call in calls), return_exceptions=True))


# -- 4. a refresh interrupted on its way ---------------------------------------------------------------


INTERRUPTIONS = {
    "before-send": "callers cancelled before the refresh request is sent",
    "after-send": "callers cancelled once Cal.com has rotated the pair, before its answer",
    "after-answer": "callers cancelled right after the answer arrived, before it is applied",
    "during-persistence": "callers cancelled while on_refresh is storing the new pair",
    "answer-lost": "Cal.com rotated the pair but its answer was lost (read timeout)",
}


class RefreshInterrupter(httpx.AsyncBaseTransport):
    """Passes everything through; at ``point`` of the refresh request it calls ``interrupt``
    (which cancels callers) or, for ``answer-lost``, drops the answer after the server acted."""

    def __init__(self, inner: httpx.AsyncBaseTransport, point: str, interrupt: Callable[[], None]) -> None:
        self.inner = inner
        self.point = point
        self.interrupt = interrupt

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not request.url.path.endswith("/refresh"):
            return await self.inner.handle_async_request(request)
        if self.point == "before-send":
            self.interrupt()
            await asyncio.sleep(0)  # the cancellations land before the request goes
        response = await self.inner.handle_async_request(request)
        await response.aread()
        if self.point == "after-send":
            self.interrupt()
            await asyncio.sleep(0)
        elif self.point == "answer-lost":
            raise httpx.ReadTimeout("the refresh answer was lost", request=request)
        elif self.point == "after-answer":
            asyncio.get_running_loop().call_soon(self.interrupt)  # while the SDK applies the answer
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


@dataclasses.dataclass
class InterruptedOutcome:
    calls: int
    cancelled: int
    failures: list[str]
    after_failures: list[str]
    refresh_requests: int
    force_refreshes: int
    callback_calls: int
    persisted_is_current: bool


async def run_interrupted_refresh(env: Env, observed: Observed, *, calls: int, point: str) -> InterruptedOutcome:
    """``calls`` concurrent calls as a managed user whose token has expired; at ``point`` of the one
    refresh, every other call (the one that started the refresh first among them) is cancelled, as
    an ``asyncio.wait_for`` around it would. Then ``calls`` more run: all must succeed."""
    setup = await create_managed_user(env, f"interrupted-{point}@example.com")
    expire_access_tokens(env)
    received: list[ManagedUserTokens] = []
    tasks: list[asyncio.Task[Any]] = []

    def interrupt() -> None:
        for task in tasks[::2]:
            task.cancel()

    async def on_refresh(tokens: ManagedUserTokens) -> None:
        if point == "during-persistence":
            interrupt()
        for _ in range(5):  # a store that takes a few turns of the loop
            await asyncio.sleep(0)
        received.append(tokens)

    auth = ManagedUser(
        CANARY_CLIENT_ID,
        CANARY_CLIENT_SECRET,
        setup.tokens.access_token,
        setup.tokens.refresh_token,
        1,  # already expired as far as the SDK knows: the first call starts the refresh
        on_refresh=on_refresh,
        user_id=setup.user_id,
    )
    failures: list[str] = []
    after: list[str] = []
    transport = RefreshInterrupter(env.faults, point, interrupt)
    refresh_before = env.probe.count("/refresh")
    force_before = env.probe.count("/force-refresh")

    async def one(index: int, into: list[str]) -> None:
        try:
            me = await cal.me.get()
            if me.id != setup.user_id:
                into.append(f"{index}: wrong user {me.id}")
        except CalError as exc:
            observed.see(exc)
            into.append(f"{index}: {type(exc).__name__}: {exc}")

    async with AsyncCal(base_url=env.base_url, transport=transport, auth=auth) as cal:
        tasks.extend(asyncio.create_task(one(i, failures)) for i in range(calls))
        outcomes = await bounded(asyncio.gather(*tasks, return_exceptions=True))
        cancelled = sum(isinstance(o, asyncio.CancelledError) for o in outcomes)
        await bounded(asyncio.gather(*(one(i, after) for i in range(calls))))
        observed.see(cal, auth, auth.tokens)
    pairs = [(p.access_token, p.refresh_token) for p in env.fake.store.tokens if p.user_id == setup.user_id]
    persisted = received[-1] if received else None
    return InterruptedOutcome(
        calls=calls,
        cancelled=cancelled,
        failures=failures,
        after_failures=after,
        refresh_requests=env.probe.count("/refresh") - refresh_before,  # "/force-refresh" does not match
        force_refreshes=env.probe.count("/force-refresh") - force_before,
        callback_calls=len(received),
        persisted_is_current=persisted is not None
        and pairs == [(persisted.access_token, persisted.refresh_token)]
        and auth.tokens == persisted,
    )
