"""Tools the reliability suite shares: canary secrets, a virtual clock, fault injection, results.

Nothing here is part of the SDK. The layering every scenario uses is::

    AsyncCal ─ CalTransport (the SDK's retries + throttle)
             └ FaultTransport   (this module: 502, 503, resets, read timeouts)
               └ ServerProbe    (this module: what the server saw and answered)
                 └ httpx.ASGITransport(FakeCal)  or  httpx.AsyncHTTPTransport() to uvicorn on 127.0.0.1

``CAL_SOAK=1`` (``make soak``) switches the scenarios to larger counts, a real clock and FakeCal
served by uvicorn on loopback; the default is the fast in-process run of ``make test``.
"""

from __future__ import annotations

import asyncio
import contextvars
import dataclasses
import datetime as dt
import heapq
import itertools
import json
import os
import random
import traceback
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
SOAK = os.environ.get("CAL_SOAK", "").strip() not in ("", "0")

# -- canary secrets --------------------------------------------------------------------------------
# Unique strings that must never be found in a log line, repr, exception or written report.
CANARY_API_KEY = "cal_live_CANARYrelKEY0d41d8cd98f00b204e9800998ecf8427e"
CANARY_CLIENT_ID = "reliability-platform-client"  # an id, not a secret
CANARY_CLIENT_SECRET = "CANARYrelSECRET0b1c2d3e4f5a6b7c8d9e0f"
CANARY_ACCESS_TOKEN = "eyCANARYrelACCESS.0123456789abcdef.sig"
CANARY_REFRESH_TOKEN = "eyCANARYrelREFRESH.0123456789abcdef.sig"
STATIC_CANARIES = (CANARY_API_KEY, CANARY_CLIENT_SECRET, CANARY_ACCESS_TOKEN, CANARY_REFRESH_TOKEN)
# The part of each canary that identifies it even when the text around it was cut.
CANARY_LABELS = {
    "CANARYrelKEY": "the API key canary",
    "CANARYrelSECRET": "the client secret canary",
    "CANARYrelACCESS": "the access token canary",
    "CANARYrelREFRESH": "the refresh token canary",
}


class SecretRegistry:
    """Every secret value seen during the run: the canaries plus tokens FakeCal issued."""

    def __init__(self) -> None:
        self.values: set[str] = set(STATIC_CANARIES)

    def add(self, value: object) -> None:
        if isinstance(value, str) and len(value) >= 8:
            self.values.add(value)

    def add_from_body(self, body: bytes) -> None:
        """Token pairs in a response body (managed-user creation, refresh, force-refresh)."""
        if b"Token" not in body:
            return
        try:
            decoded = json.loads(body)
        except ValueError:
            return
        data = decoded.get("data") if isinstance(decoded, dict) else None
        if isinstance(data, dict):
            for key in ("accessToken", "refreshToken"):
                self.add(data.get(key))

    def found_in(self, text: str) -> list[str]:
        """Labels of the secrets in ``text`` (labels only: a report of a leak must not repeat it)."""
        hits = [label for marker, label in CANARY_LABELS.items() if marker in text]
        hits += [
            "a token FakeCal issued"
            for value in self.values
            if value in text and not any(marker in value for marker in CANARY_LABELS)
        ]
        return hits


SECRETS = SecretRegistry()


def texts_of(obj: object) -> list[str]:
    """Every text a user could see of ``obj``: str and repr, and for exceptions their notes,
    chained causes, formatted traceback and the public attributes of cal_client's errors."""
    out: list[str] = []
    seen: set[int] = set()

    def visit(item: object, depth: int) -> None:
        if id(item) in seen or depth > 6:
            return
        seen.add(id(item))
        out.append(str(item))
        out.append(repr(item))
        if isinstance(item, BaseException):
            out.extend(getattr(item, "__notes__", []) or [])
            out.append("".join(traceback.format_exception_only(type(item), item)))
            for name in ("message", "body", "details", "code", "path"):
                if hasattr(item, name):
                    out.append(json.dumps(getattr(item, name), default=repr))
            for linked in (item.__cause__, item.__context__):
                if linked is not None:
                    visit(linked, depth + 1)
            if isinstance(item, BaseExceptionGroup):
                for inner in item.exceptions:
                    visit(inner, depth + 1)

    visit(obj, 0)
    return out


class Observed:
    """Texts a test showed to the 'user' (exception strings, reprs); scanned for secrets at teardown."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def see(self, *objs: object) -> None:
        for obj in objs:
            self.texts.extend(texts_of(obj))


# -- results ---------------------------------------------------------------------------------------


@dataclasses.dataclass
class Row:
    scenario: str
    cases: int
    failures: int = 0
    duplicates: int | None = None
    lost: int | None = None
    rate_limited: int | None = None  # 429 responses the server sent
    refreshes: int | None = None
    leaks: int = 0
    notes: str = ""


RESULTS: list[Row] = []
LEAK_LOG: list[str] = []


def record(row: Row) -> Row:
    RESULTS.append(row)
    return row


def _cell(value: int | None) -> str:
    return "–" if value is None else str(value)


def results_table(rows: Iterable[Row]) -> str:
    header = "| scenario | cases | failures | duplicates | lost | 429s | refreshes | leaks | notes |"
    lines = [header, "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        cells = [
            row.scenario,
            str(row.cases),
            str(row.failures),
            _cell(row.duplicates),
            _cell(row.lost),
            _cell(row.rate_limited),
            _cell(row.refreshes),
            str(row.leaks),
            row.notes,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# -- virtual time ----------------------------------------------------------------------------------

EPOCH = dt.datetime(2030, 1, 7, 8, 0, tzinfo=dt.UTC)  # a Monday, 08:00 UTC


class VirtualClock:
    """One clock for the SDK (``_timing``) and FakeCal (its ``Clock``), in which waiting is free.

    ``sleep`` parks the caller until virtual time reaches its deadline. Time moves only when every
    task is parked (no ready callbacks and no request inside FakeCal): it then jumps to the earliest
    deadline. Requests therefore take no virtual time, and a run's virtual duration is exactly
    the waiting the SDK chose to do, which makes rate-limit timings deterministic.
    """

    def __init__(self, start: dt.datetime = EPOCH) -> None:
        self.start = start
        self.elapsed = 0.0
        self.busy = 0  # requests inside the in-process server
        self.slept = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()
        self._ticker: asyncio.Task[None] | None = None

    # the SDK's _timing
    def monotonic(self) -> float:
        return 50_000.0 + self.elapsed

    def time_ms(self) -> float:
        return self.start.timestamp() * 1000.0 + self.elapsed * 1000.0

    async def sleep(self, delay: float) -> None:
        if delay <= 0:
            await asyncio.sleep(0)
            return
        self.slept += delay
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        heapq.heappush(self._sleepers, (self.elapsed + delay, next(self._seq), future))
        if self._ticker is None or self._ticker.done():
            self._ticker = loop.create_task(self._tick())
        await future

    # FakeCal's Clock
    def now(self) -> dt.datetime:
        return self.start + dt.timedelta(seconds=self.elapsed)

    def advance(self, seconds: float) -> None:
        """Move time by hand (token expiry); parked sleepers whose deadline passed wake up."""
        self.elapsed += seconds
        self._wake_due()

    def _wake_due(self) -> None:
        while self._sleepers and self._sleepers[0][0] <= self.elapsed:
            _when, _seq, future = heapq.heappop(self._sleepers)
            if not future.done():
                future.set_result(None)

    async def _tick(self) -> None:
        loop = asyncio.get_running_loop()
        # asyncio keeps its runnable callbacks in ``_ready`` (CPython's default loop); without
        # it, fall back to a short real pause before each jump.
        ready = getattr(loop, "_ready", None)
        while self._sleepers:
            await asyncio.sleep(0)
            if ready is None:
                await asyncio.sleep(0.002)
            elif ready or self.busy:
                if not ready:
                    await asyncio.sleep(0.001)
                continue
            when = self._sleepers[0][0]
            if when > self.elapsed:
                self.elapsed = when
            self._wake_due()

    def stop(self) -> None:
        if self._ticker is not None and not self._ticker.done():
            self._ticker.cancel()
        for _when, _seq, future in self._sleepers:
            if not future.done():
                future.cancel()
        self._sleepers.clear()


class OffsetClock:
    """FakeCal's clock in the soak run: the wall clock plus a jump set by the test."""

    def __init__(self) -> None:
        self.offset = dt.timedelta()

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += dt.timedelta(seconds=seconds)


# -- transports ------------------------------------------------------------------------------------


@dataclasses.dataclass
class Seen:
    """One request as the server saw it, with its answer."""

    method: str
    path: str
    status: int
    at: float
    headers: httpx.Headers


class ServerProbe(httpx.AsyncBaseTransport):
    """Innermost wrapper: records every request that reached the server and its response.

    It marks the in-process server busy for the virtual clock, collects token pairs the server
    issued into ``SECRETS``, and can hold requests at a ``barrier`` (see ``hold``).
    """

    def __init__(
        self, inner: httpx.AsyncBaseTransport, clock: VirtualClock | None = None, now: Callable[[], float] | None = None
    ) -> None:
        self.inner = inner
        self.clock = clock
        self.now = now or (clock.monotonic if clock is not None else _real_monotonic)
        self.seen: list[Seen] = []
        self._hold: tuple[int, asyncio.Event, Callable[[], None]] | None = None
        self._hold_answers: tuple[int, asyncio.Event] | None = None
        self.held = 0
        self.answered = 0

    def hold(self, count: int, then: Callable[[], None], *, answers: bool = False) -> None:
        """Park the next ``count`` requests, run ``then`` once they are all parked, then let them go.

        With ``answers=True`` the server's answers to them are parked too, until it has answered
        all ``count``: every request reaches the server before any caller sees a response.
        """
        self._hold = (count, asyncio.Event(), then)
        self._hold_answers = (count, asyncio.Event()) if answers else None
        self.held = 0
        self.answered = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        hold_answers = None
        if self._hold is not None:
            count, released, then = self._hold
            hold_answers = self._hold_answers
            self.held += 1
            if self.held >= count:
                self._hold = None
                then()
                released.set()
            else:
                await released.wait()
        if self.clock is not None:
            self.clock.busy += 1
        try:
            response = await self.inner.handle_async_request(request)
            body = await response.aread()
        finally:
            if self.clock is not None:
                self.clock.busy -= 1
        SECRETS.add_from_body(body)
        self.seen.append(Seen(request.method, request.url.path, response.status_code, self.now(), response.headers))
        if hold_answers is not None:
            count, answered = hold_answers
            self.answered += 1
            if self.answered >= count:
                self._hold_answers = None
                answered.set()
            else:
                await answered.wait()
        return httpx.Response(
            response.status_code, headers=response.headers, content=body, extensions=response.extensions
        )

    async def aclose(self) -> None:
        await self.inner.aclose()

    def statuses(self) -> Counter[int]:
        return Counter(s.status for s in self.seen)

    def count(self, path_part: str, method: str | None = None) -> int:
        return sum(1 for s in self.seen if path_part in s.path and (method is None or s.method == method))


# Set by a scenario to a one-item list in a task; FaultTransport counts that task's sends in it.
ATTEMPTS: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("reliability_attempts", default=None)

FAULT_KINDS = ("502", "503", "reset-before-send", "reset-after-processing", "read-timeout")
# Which faults happen after the server has processed the request.
PROCESSED_FAULTS = frozenset({"502", "reset-after-processing", "read-timeout"})
_HTML_502 = (
    b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>"
)


class FaultTransport(httpx.AsyncBaseTransport):
    """Fails ``rate`` of the requests, choosing one of ``FAULT_KINDS`` by a seeded RNG.

    * ``502``: the request reached the server, the gateway answered an HTML 502 page instead.
    * ``503``: the gateway answered 503 without forwarding.
    * ``reset-before-send``: ``httpx.ConnectError``; the server never saw the request.
    * ``reset-after-processing``: the server processed it, then the connection broke (``ReadError``).
    * ``read-timeout``: the server processed it, the answer never came (``ReadTimeout``).
    """

    def __init__(self, inner: httpx.AsyncBaseTransport, *, rate: float = 0.2, seed: int = 9) -> None:
        self.inner = inner
        self.rate = rate
        self.random = random.Random(seed)
        self.injected: Counter[str] = Counter()
        self.requests = 0
        self.enabled = True
        self._script: list[str] = []
        self._when: Callable[[httpx.Request], bool] = lambda request: False

    def force(self, kinds: Iterable[str], when: Callable[[httpx.Request], bool]) -> None:
        """The next requests matching ``when`` get these faults in order (``"ok"``: no fault)."""
        self._script = list(kinds)
        self._when = when

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        box = ATTEMPTS.get()
        if box is not None:
            box[0] += 1
        if self._script and self._when(request):
            kind = self._script.pop(0)
        elif self.enabled and self.random.random() < self.rate:
            kind = self.random.choice(FAULT_KINDS)
        else:
            kind = "ok"
        if kind == "ok":
            return await self.inner.handle_async_request(request)
        self.injected[kind] += 1
        if kind == "503":
            return httpx.Response(503, headers={"content-type": "text/plain"}, content=b"Service Unavailable")
        if kind == "reset-before-send":
            raise httpx.ConnectError("[Errno 104] Connection reset by peer (injected, before sending)", request=request)
        response = await self.inner.handle_async_request(request)
        await response.aread()
        await response.aclose()
        if kind == "502":
            return httpx.Response(502, headers={"content-type": "text/html"}, content=_HTML_502)
        if kind == "reset-after-processing":
            raise httpx.ReadError("[Errno 104] Connection reset by peer (injected, after processing)", request=request)
        if kind == "read-timeout":
            raise httpx.ReadTimeout("timed out reading the response (injected, after processing)", request=request)
        raise ValueError(f"unknown fault {kind!r}")

    async def aclose(self) -> None:
        await self.inner.aclose()


def _real_monotonic() -> float:
    import time

    return time.monotonic()


def fault_summary(faults: FaultTransport) -> str:
    return ", ".join(f"{kind} {faults.injected[kind]}" for kind in FAULT_KINDS)
