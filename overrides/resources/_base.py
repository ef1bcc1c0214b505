"""What every resource namespace shares: the one call into the runtime, and the raw-response view.

A namespace method validates its keyword arguments, builds the generated request model and hands
the generated endpoint module to ``AsyncCal.call``: one hop from ``await cal.bookings.get(uid)`` to
``cal_client.api.bookings.get_booking`` to one HTTP request. It returns the envelope's ``data``.

``cal.bookings.with_raw_response.get(uid)`` runs the very same method, but the runtime is asked for
``call_raw`` instead of ``call``, and the ``APIResponse`` objects are collected on the way (through
a context variable, so concurrent calls do not mix) and returned beside the result.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar

import httpx

from .._response import APIResponse, Endpoint

if TYPE_CHECKING:
    from .._client import AsyncCal

__all__ = ["RawResponse", "Resource", "raw_response_wrapper"]

T = TypeVar("T")
P = ParamSpec("P")

_CAPTURE: contextvars.ContextVar[list[APIResponse[Any]] | None] = contextvars.ContextVar(
    "cal_client_raw_capture", default=None
)


@dataclass(frozen=True)
class RawResponse(Generic[T]):
    """A result together with the HTTP response(s) it came from.

    ``data`` is exactly what the plain method returns. ``response`` is the last response received;
    methods that send several requests (``book_first_available``, a reconciled ``create``) list
    every one of them in ``responses``.
    """

    data: T
    responses: tuple[APIResponse[Any], ...] = field(repr=False)

    @property
    def response(self) -> APIResponse[Any]:
        return self.responses[-1]

    @property
    def http_response(self) -> httpx.Response:
        return self.response.http_response

    @property
    def status_code(self) -> int:
        return self.response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.response.headers

    @property
    def request_id(self) -> str | None:
        return self.response.request_id

    @property
    def parsed(self) -> Any:
        """The whole generated envelope model (``status``, ``data``, ``pagination`` ...) of the last response."""
        return self.response.parsed


def raw_response_wrapper(method: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[RawResponse[T]]]:
    """``method`` with the same arguments, returning ``RawResponse[result]``."""

    @functools.wraps(method)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        captured: list[APIResponse[Any]] = []
        token = _CAPTURE.set(captured)
        try:
            data = await method(*args, **kwargs)
        finally:
            _CAPTURE.reset(token)
        if not captured:  # pragma: no cover - every wrapped method sends at least one request
            raise RuntimeError(f"{getattr(method, '__qualname__', method)!r} sent no request")
        return RawResponse(data=data, responses=tuple(captured))

    return wrapped


class Resource:
    """Base of the namespaces on ``AsyncCal`` (``cal.bookings``, ``cal.slots`` ...)."""

    def __init__(self, client: AsyncCal) -> None:
        self._client = client

    async def _call(self, endpoint: Endpoint[T], /, *, _client: AsyncCal | None = None, **kwargs: Any) -> T:
        """The parsed envelope of one request to the generated ``endpoint``.

        ``_client`` lets a method send through a ``with_options`` copy (e.g. without retries).
        """
        client = _client or self._client
        captured = _CAPTURE.get()
        if captured is None:
            return await client.call(endpoint, **kwargs)
        response = await client.call_raw(endpoint, **kwargs)
        captured.append(response)
        return response.parsed

    def _record(self, response: APIResponse[Any]) -> None:
        """Count ``response`` as received, for a method that recovers from a parse error itself."""
        captured = _CAPTURE.get()
        if captured is not None:
            captured.append(response)

    async def _call_raw(self, endpoint: Endpoint[T], /, **kwargs: Any) -> APIResponse[T]:
        """The ``APIResponse`` of one request, for methods that keep it (list pages) or need it (errors)."""
        response = await self._client.call_raw(endpoint, **kwargs)
        captured = _CAPTURE.get()
        if captured is not None:
            captured.append(response)
        return response
