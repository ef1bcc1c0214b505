"""What every resource namespace shares: the one call into the runtime, and the raw-response view.

A namespace method validates its keyword arguments, builds the generated request model and hands
the generated endpoint module to ``AsyncCal.call``: one hop from ``await cal.bookings.get(uid)`` to
``cal_client.api.bookings.get_booking`` to one HTTP request. It returns the envelope's ``data``.

``cal.bookings.with_raw_response.get(uid)`` runs the very same method, but the runtime is asked for
``call_raw`` instead of ``call``, and the ``APIResponse`` objects are collected on the way (through
a context variable, so concurrent calls do not mix) and returned beside the result.

Each namespace's raw view is a ``RawView`` subclass listing ``name = raw_twin(Namespace.name)``:
the twin's signature and result type come from the method itself, and defining the view fails
unless its twins are exactly the namespace's public async methods, so the two cannot drift.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar, overload

import httpx

from .._response import APIResponse, Endpoint

if TYPE_CHECKING:
    from .._client import AsyncCal

__all__ = ["RawResponse", "RawTwin", "RawView", "Resource", "public_async_methods", "raw_response_wrapper", "raw_twin"]

T = TypeVar("T")
P = ParamSpec("P")
R = TypeVar("R", bound="Resource")

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


def public_async_methods(namespace: type[Resource]) -> list[str]:
    """The names of ``namespace``'s public coroutine methods (its own and inherited): what a raw view mirrors."""
    return sorted(
        name
        for name in dir(namespace)
        if not name.startswith("_") and inspect.iscoroutinefunction(inspect.getattr_static(namespace, name))
    )


class RawTwin(Generic[P, T]):
    """One method of a raw view: the namespace's method of the same name, returning ``RawResponse``."""

    def __init__(self, method: Callable[Concatenate[Any, P], Awaitable[T]]) -> None:
        self.name: str = method.__name__

    @overload
    def __get__(self, view: None, owner: type | None = None) -> RawTwin[P, T]: ...
    @overload
    def __get__(self, view: RawView[Any], owner: type | None = None) -> Callable[P, Awaitable[RawResponse[T]]]: ...
    def __get__(self, view: RawView[Any] | None, owner: type | None = None) -> Any:
        if view is None:
            return self
        wrapped = raw_response_wrapper(getattr(view._resource, self.name))
        view.__dict__[self.name] = wrapped  # later lookups skip this descriptor
        return wrapped


def raw_twin(method: Callable[Concatenate[Any, P], Awaitable[T]]) -> RawTwin[P, T]:
    """The raw twin of ``method`` (``Namespace.method``), typed from its own signature."""
    return RawTwin(method)


class RawView(Generic[R]):
    """``<namespace>.with_raw_response``: a twin of every public async method, returning ``RawResponse``.

    Subclasses name their namespace, ``class XWithRawResponse(RawView[X], of=X)``, and list every
    twin; the class statement raises ``TypeError`` when a twin is missing or has no method.
    Lists are not mirrored: their pages carry ``.response`` already.
    """

    def __init__(self, resource: R) -> None:
        self._resource = resource

    def __init_subclass__(cls, *, of: type[Resource], **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        twins = {name for klass in cls.__mro__ for name, value in vars(klass).items() if isinstance(value, RawTwin)}
        for name in twins:
            method = inspect.getattr_static(cls, name).name
            if name != method:
                raise TypeError(f"{cls.__name__}.{name} is the raw twin of {method!r}: give it the same name")
        methods = set(public_async_methods(of))
        if twins != methods:
            missing, extra = sorted(methods - twins), sorted(twins - methods)
            raise TypeError(
                f"{cls.__name__} must mirror the public async methods of {of.__name__}: "
                f"missing {missing or 'none'}, without a method {extra or 'none'}"
            )
        cls.namespace = of

    namespace: type[Resource]
    """The namespace class this view mirrors."""
