"""The transport that retries, honours rate limits and logs; it wraps the one that does the I/O.

Decisions come from the request alone, so any caller can steer them per request through
``request.extensions["cal_client"]``, a mapping with these optional keys:

``max_retries`` (int)
    Retries after the first attempt (default: the transport's, 2).
``idempotent`` (bool)
    Whether sending the request twice is harmless. Default: True except for POST and PATCH.
    False forbids retries whenever the server may already have acted on the request; True
    allows them even for a POST. Requests that surely did not take effect (connect errors,
    429) are retried whatever this says.
``max_rate_limit_wait`` (float)
    The longest a rate-limit wait may be, in seconds (default 60); beyond it the 429 is returned
    and ``AsyncCal`` raises ``RateLimitError`` carrying ``retry_after``.
``op`` (str)
    The operation's name; rate-limit names are learned per operation.
``max_response_size`` (int)
    The most bytes of a response body read (default: the transport's, 16 MiB); a larger
    response raises ``ResponseTooLargeError`` and is not retried.

Each attempt must also finish, last byte of the body included, within a deadline: the sum of the
request's timeout phases (connect + write + read + pool; 100 s by default). httpx's read timeout
only bounds the wait for each chunk, so a server sending one byte at a time would otherwise hold
the call for ever. Past the deadline the attempt fails as a read timeout.

What is retried, with backoff ``min(0.5 * 2**n, 8) s`` less up to 25 % jitter:

=====================================  =================  ==========================
failure                                idempotent         not idempotent (POST)
=====================================  =================  ==========================
connect error / connect or pool timeout  retried            retried (never sent)
read/write timeout, reset, protocol      retried            raised (may have run)
408, 5xx                                 retried            returned (may have run)
429                                      after the reset    after the reset
=====================================  =================  ==========================

``decide_retry`` is this table as a pure function; ``CalTransport`` is the loop around it.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

import httpx

from . import _timing
from ._errors import NOT_SENT_ERRORS, ResponseTooLargeError
from ._options import DEFAULT_MAX_RATE_LIMIT_WAIT, DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_MAX_RETRIES, EXTENSION
from ._ratelimit import RateLimiter, retry_after

__all__ = ["CalTransport", "ClientTransport", "RetryDecision", "RetryPolicy", "backoff", "decide_retry"]

logger = logging.getLogger("cal_client")

_NON_IDEMPOTENT = frozenset({"POST", "PATCH"})
_EMPTY: Mapping[str, Any] = MappingProxyType({})
_BACKOFF_BASE = 0.5
_BACKOFF_MAX = 8.0


def backoff(retry: int, jitter: float | None = None) -> float:
    """Seconds before retry number ``retry`` (0-based): ``min(0.5 * 2**n, 8)`` less up to 25 % jitter.

    ``jitter`` in [0, 1) picks the reduction (default: random).
    """
    delay = min(_BACKOFF_BASE * 2.0**retry, _BACKOFF_MAX)
    return delay * (1.0 - 0.25 * (random.random() if jitter is None else jitter))


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """What one request allows: the retries left after the first attempt and how long a 429 may wait."""

    max_retries: int
    idempotent: bool
    """Whether sending the request twice is harmless (see the module docstring)."""
    max_rate_limit_wait: float

    @classmethod
    def of(
        cls, method: str, options: Mapping[str, Any], *, max_retries: int, max_rate_limit_wait: float
    ) -> RetryPolicy:
        """The policy of a request with ``method`` and its ``cal_client`` extension ``options``."""
        idempotent = options.get("idempotent")
        return cls(
            max_retries=options.get("max_retries", max_retries),
            idempotent=method not in _NON_IDEMPOTENT if idempotent is None else bool(idempotent),
            max_rate_limit_wait=options.get("max_rate_limit_wait", max_rate_limit_wait),
        )


Reason = Literal["answered", "retryable", "exhausted", "may_have_run", "wait_too_long"]


@dataclass(frozen=True, slots=True)
class RetryDecision:
    """Send again after ``delay`` seconds, or stop and hand back the response or error; ``reason`` says why."""

    retry: bool
    reason: Reason
    delay: float = 0.0
    """Seconds to wait before the retry; for ``wait_too_long``, the rate-limit wait that was refused."""


_ANSWERED = RetryDecision(False, "answered")


def decide_retry(
    policy: RetryPolicy,
    retries_done: int,
    *,
    status: int | None = None,
    error: BaseException | None = None,
    rate_limit_wait: float | None = None,
    jitter: float | None = None,
) -> RetryDecision:
    """Whether to retry after one attempt that answered ``status`` or failed with ``error``.

    ``rate_limit_wait`` is the time until the rate-limit window resets (a 429's headers), if known.
    The table of the module docstring, as a function of its inputs alone (``jitter``: see ``backoff``).
    """
    if error is not None:
        # A request that never left can always be sent again; one that may have run only if idempotent.
        if not (isinstance(error, NOT_SENT_ERRORS) or policy.idempotent):
            return RetryDecision(False, "may_have_run")
        delay = backoff(retries_done, jitter)
    elif status is None or (status < 500 and status != 429 and status != 408):
        return _ANSWERED
    elif status == 429:
        if rate_limit_wait is not None and rate_limit_wait > policy.max_rate_limit_wait:
            return RetryDecision(False, "wait_too_long", rate_limit_wait)
        delay = rate_limit_wait if rate_limit_wait is not None else backoff(retries_done, jitter)
    elif policy.idempotent:
        delay = backoff(retries_done, jitter)
    else:
        return RetryDecision(False, "may_have_run")
    if retries_done >= policy.max_retries:
        return RetryDecision(False, "exhausted")
    return RetryDecision(True, "retryable", delay)


class CalTransport(httpx.AsyncBaseTransport):
    """Retries, rate-limit throttling and request logging around ``transport``."""

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport,
        *,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_rate_limit_wait: float = DEFAULT_MAX_RATE_LIMIT_WAIT,
        limiter: RateLimiter | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
    ) -> None:
        self.transport = transport
        self.max_response_size = max_response_size
        self.max_retries = max_retries
        self.max_rate_limit_wait = max_rate_limit_wait
        self.limiter = limiter if limiter is not None else RateLimiter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        options = request.extensions.get(EXTENSION, _EMPTY)
        policy = RetryPolicy.of(
            request.method, options, max_retries=self.max_retries, max_rate_limit_wait=self.max_rate_limit_wait
        )
        op: str = options.get("op", "")
        max_size: int = options.get("max_response_size", self.max_response_size)
        deadline = _deadline(request)
        limiter = self.limiter
        key = limiter.tracker_key(request)
        debug = logger.isEnabledFor(logging.DEBUG)
        retry = 0
        while True:
            probe = await limiter.acquire(key, op, policy.max_rate_limit_wait)
            if debug:
                logger.debug("request %s %s%s", request.method, request.url.path, _attempt(retry))
            sent_at = _timing.monotonic()
            try:
                response = await self._send_once(request, deadline, max_size)
            except httpx.TransportError as exc:
                if probe:
                    limiter.abort_probe(key)
                decision = decide_retry(policy, retry, error=exc)
                _log(decision, request, policy, retry, type(exc).__name__)
                if not decision.retry:
                    raise
            except BaseException:
                # Cancelled, or a custom transport's own bug: no answer will come for the others to
                # wait for, so the next request of this credential goes first instead.
                if probe:
                    limiter.abort_probe(key)
                raise
            else:
                status = response.status_code
                limits = await limiter.settle(key, op, response.headers, status, sent_at)
                if debug:
                    logger.debug(
                        "response %s %s -> %d (request id %s)",
                        request.method,
                        request.url.path,
                        status,
                        response.headers.get("x-request-id"),
                    )
                wait = retry_after(limits) if status == 429 else None
                decision = decide_retry(policy, retry, status=status, rate_limit_wait=wait)
                if decision is _ANSWERED:
                    return response
                _log(decision, request, policy, retry, f"status {status}", response.headers.get("x-request-id"))
                if not decision.retry:
                    return response
                await response.aclose()
            retry += 1
            await _timing.sleep(decision.delay)

    async def _send_once(self, request: httpx.Request, deadline: float | None, max_size: int) -> httpx.Response:
        """One send, its body read whole within ``deadline`` seconds and ``max_size`` bytes."""
        import asyncio

        try:
            async with asyncio.timeout(deadline):
                response = await self.transport.handle_async_request(request)
                try:
                    return await _read_capped(response, request, max_size)
                finally:
                    await response.aclose()
        except TimeoutError:
            raise httpx.ReadTimeout(
                f"the response was not complete within the {deadline:g} s deadline "
                "(the sum of the timeout's connect, write, read and pool phases)",
                request=request,
            ) from None

    async def aclose(self) -> None:
        await self.transport.aclose()


def _deadline(request: httpx.Request) -> float | None:
    phases = request.extensions.get("timeout")
    if not phases:
        return None
    values = [phases.get(name) for name in ("connect", "write", "read", "pool")]
    if any(value is None for value in values):
        return None  # a phase without a limit: the caller asked for no overall bound
    return float(sum(values))


async def _read_capped(response: httpx.Response, request: httpx.Request, max_size: int) -> httpx.Response:
    """``response`` with its body in memory, or ``ResponseTooLargeError`` once past ``max_size``."""
    declared = response.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_size:
        raise _too_large(request, max_size, f"Content-Length {declared}")
    try:
        content = response.content  # already read (a mock transport, a caller's hook)
    except httpx.ResponseNotRead:
        pass
    else:
        if len(content) > max_size:
            raise _too_large(request, max_size, f"{len(content)} bytes")
        return response
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_raw():
        size += len(chunk)
        if size > max_size:
            raise _too_large(request, max_size, f"more than {max_size} bytes")
        chunks.append(chunk)
    # Still encoded (gzip...): httpx decodes it when the client reads this stream.
    return httpx.Response(
        response.status_code,
        headers=response.headers,
        stream=httpx.ByteStream(b"".join(chunks)),
        extensions=response.extensions,
        request=request,
    )


def _too_large(request: httpx.Request, max_size: int, seen: str) -> ResponseTooLargeError:
    return ResponseTooLargeError(
        f"the response is too large ({seen}; max_response_size={max_size}); it was not read. "
        "Raise AsyncCal(max_response_size=...) if this response is expected",
        request=request,
        limit=max_size,
    )


def _log(
    decision: RetryDecision,
    request: httpx.Request,
    policy: RetryPolicy,
    retry: int,
    after: str,
    request_id: str | None = None,
) -> None:
    """One info line when a request is retried, or left unretried for a reason the caller should know."""
    method, path = request.method, request.url.path
    if decision.retry:
        where = f", request id {request_id}" if after.startswith("status") else ""
        logger.info(
            "retrying %s %s in %.2fs after %s (retry %d of %d%s)",
            method,
            path,
            decision.delay,
            after,
            retry + 1,
            policy.max_retries,
            where,
        )
    elif decision.reason == "may_have_run" and retry < policy.max_retries:
        logger.info("not retrying %s %s after %s: it may have been processed", method, path, after)
    elif decision.reason == "wait_too_long":
        logger.info(
            "rate limited on %s %s; the window resets in %.0fs, more than max_rate_limit_wait=%.0fs",
            method,
            path,
            decision.delay,
            policy.max_rate_limit_wait,
        )


def _attempt(retry: int) -> str:
    return f" (retry {retry})" if retry else ""


class ClientTransport(httpx.AsyncBaseTransport):
    """Sends through an ``httpx.AsyncClient`` (its pool, proxies, TLS and hooks).

    A caller's client stays theirs: closing the SDK does not close it. The SDK's own client
    (``owned=True``) exists so ``HTTPS_PROXY``/``NO_PROXY`` and ``trust_env`` work as in httpx.
    """

    def __init__(self, client: httpx.AsyncClient, *, owned: bool = False) -> None:
        self.client = client
        self.owned = owned

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        # Never follow a redirect, whatever the caller's client says: the request carries
        # credentials (and may be a POST with a refresh token) that must not go to another host
        # or over plain http. The 3xx is returned and raised as an error.
        return await self.client.send(request, stream=True, follow_redirects=False)

    async def aclose(self) -> None:
        if self.owned:
            await self.client.aclose()
