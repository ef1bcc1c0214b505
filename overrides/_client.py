"""``AsyncCal``: the client users hold, between them and the generated endpoint modules.

A call runs: the generated module's ``_get_kwargs(**kwargs)`` builds method, path, query, body
and its own ``cal-api-version`` → one shared ``httpx.AsyncClient`` whose ``auth`` is the chosen
flow and whose transport (``CalTransport``) retries and throttles → a status >= 400 raises from
the ``CalError`` tree; a 2xx is parsed by the module's ``_parse_response`` into the generated
model (the ``{status, data}`` envelope), and any failure there becomes ``ResponseParseError``
carrying the raw response.
"""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Mapping
from types import MappingProxyType, TracebackType
from typing import TYPE_CHECKING, Any, Final, TypeVar, final, get_args

import httpx

from cal_client.client import Client
from cal_client.errors import UnexpectedStatus
from cal_client.types import STRICT_PARSING, ParseDeparture

from ._auth import Anonymous, ApiKey, CalAuth, validate_api_key
from ._errors import ResponseParseError, connection_error, make_status_error
from ._logging import setup_logging
from ._options import (
    DEFAULT_MAX_RATE_LIMIT_WAIT,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    RequestOptions,
    checked_headers,
    resolve_base_url,
)
from ._ratelimit import RateLimit, RateLimiter, parse_rate_limit_headers, retry_after
from ._response import APIResponse, Endpoint
from ._transport import CalTransport, ClientTransport

if TYPE_CHECKING:
    from .resources.bookings import Bookings
    from .resources.calendars import Calendars
    from .resources.event_types import EventTypes
    from .resources.managed_users import ManagedUsers
    from .resources.me import Me
    from .resources.schedules import Schedules
    from .resources.slots import Slots
    from .resources.webhooks import Webhooks

__all__ = ["NOT_GIVEN", "AsyncCal", "NotGiven"]

T = TypeVar("T")

USER_AGENT: Final = f"cal-client-python/0.1.0 httpx/{httpx.__version__}"
# Every generated operation documents exactly one success status, 200 or 201; Cal.com sometimes
# answers with the other one, which must not turn a call that worked into an error.
_SUCCESS_STATUSES: Final = (200, 201)
_ANONYMOUS_401: Final = "sent without credentials (auth=Anonymous()); this endpoint needs an API key or token"


@final
class NotGiven:
    """Marks an option left unchanged by ``with_options`` (``None`` can be a real value)."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


class _Shared:
    """What an ``AsyncCal`` and all its ``with_options`` copies have in common."""

    __slots__ = ("auth", "base_url", "http", "limiter", "parse_client")

    def __init__(
        self, http: httpx.AsyncClient, limiter: RateLimiter, base_url: str, auth: httpx.Auth, parse_client: Client
    ) -> None:
        self.http = http
        self.limiter = limiter
        self.base_url = base_url
        self.auth = auth
        self.parse_client = parse_client


class AsyncCal:
    """Async client for the Cal.com API v2.

    ``AsyncCal(api_key=None, *, base_url=None, timeout=30s (10s connect), max_retries=2, auth=None,
    http_client=None, transport=None, default_headers=None, max_rate_limit_wait=60, throttle=True,
    allow_insecure_http=False)``

    - ``api_key`` (else ``CAL_API_KEY``) authenticates with ``ApiKey``; pass ``auth=`` instead for
      ``PlatformClient``, ``ManagedUser``, ``BearerToken`` or any ``httpx.Auth``, or
      ``auth=Anonymous()`` to send no credentials (public booking endpoints only; rate-limited per IP).
      With neither, construction fails: a forgotten key is an error, never silently anonymous.
    - ``base_url`` (else ``CAL_API_URL``, else ``https://api.cal.com``) points at self-hosted Cal.com.
    - ``http_client``: your own ``httpx.AsyncClient`` (proxies, TLS, limits, hooks) to send through;
      you keep ownership of it. ``transport``: an ``httpx.AsyncBaseTransport`` to send through
      instead (``httpx.MockTransport`` in tests); it is closed with this client.
    - ``throttle``: wait for an exhausted rate-limit window to reset instead of collecting 429s.

    Use it as ``async with AsyncCal(...) as cal:`` or call ``await cal.aclose()``.
    ``cal.with_options(...)`` returns a copy with other per-request settings sharing the
    connection pool and rate-limit state. Every generated operation is reachable through
    ``await cal.call(cal_client.api.<tag>.<operation>, **kwargs)``.
    """

    _shared: _Shared
    _options: RequestOptions
    _owner: bool
    _strict_parsing: bool | None

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        auth: httpx.Auth | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        default_headers: Mapping[str, str] | None = None,
        max_rate_limit_wait: float = DEFAULT_MAX_RATE_LIMIT_WAIT,
        throttle: bool = True,
        allow_insecure_http: bool = False,
        strict_parsing: bool | None = None,
    ) -> None:
        setup_logging()
        resolved_auth = _resolve_auth(api_key, auth)
        resolved_base_url = resolve_base_url(base_url, allow_insecure_http=allow_insecure_http)
        if http_client is not None and transport is not None:
            raise ValueError("pass either http_client or transport, not both")
        options = RequestOptions.build(
            timeout=timeout,
            max_retries=max_retries,
            max_rate_limit_wait=max_rate_limit_wait,
            idempotent=None,
            extra_headers={},
            auth=None,
        )
        headers = {"User-Agent": USER_AGENT}
        if default_headers:
            headers.update(checked_headers(default_headers))
        if transport is None:
            transport = ClientTransport(http_client) if http_client is not None else httpx.AsyncHTTPTransport()
        limiter = RateLimiter(throttle=throttle)
        http = httpx.AsyncClient(
            auth=resolved_auth,
            transport=CalTransport(
                transport, max_retries=max_retries, max_rate_limit_wait=max_rate_limit_wait, limiter=limiter
            ),
            headers=headers,
            timeout=options.timeout,
            follow_redirects=False,
        )
        parse_client = Client(base_url=resolved_base_url, raise_on_unexpected_status=True)
        self._shared = _Shared(http, limiter, resolved_base_url, resolved_auth, parse_client)
        self._options = options
        self._owner = True
        # None: CAL_STRICT_PARSING decides (read when each response is parsed).
        self._strict_parsing = strict_parsing

    # -- configuration ------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return self._shared.base_url

    @property
    def auth(self) -> httpx.Auth:
        """The auth flow this client (or copy) signs requests with."""
        return self._options.auth or self._shared.auth

    @property
    def timeout(self) -> httpx.Timeout:
        return self._options.timeout

    @property
    def max_retries(self) -> int:
        return self._options.max_retries

    @property
    def rate_limits(self) -> Mapping[str, RateLimit]:
        """The latest ``X-RateLimit-*`` state per limit name (``"default"``, ...), live."""
        return MappingProxyType(self._shared.limiter.latest)

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        max_rate_limit_wait: float | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | NotGiven = NOT_GIVEN,
        auth: httpx.Auth | NotGiven = NOT_GIVEN,
        idempotent: bool | NotGiven | None = NOT_GIVEN,
    ) -> AsyncCal:
        """A copy with other per-request settings, sharing the connection pool and rate-limit state.

        ``extra_headers`` are added to this copy's headers; ``auth`` signs the copy's requests with
        another flow (e.g. one ``ManagedUser`` per end user over one pool); ``idempotent=True``
        lets retries resend requests the server may have processed, ``False`` forbids it for every
        method. Closing a copy does nothing: the original owns the pool.
        """
        current = self._options
        options = RequestOptions.build(
            timeout=current.timeout if isinstance(timeout, NotGiven) else timeout,
            max_retries=current.max_retries if isinstance(max_retries, NotGiven) else max_retries,
            max_rate_limit_wait=(
                current.max_rate_limit_wait if isinstance(max_rate_limit_wait, NotGiven) else max_rate_limit_wait
            ),
            idempotent=current.idempotent if isinstance(idempotent, NotGiven) else idempotent,
            extra_headers=(
                current.extra_headers
                if isinstance(extra_headers, NotGiven)
                else {**current.extra_headers, **extra_headers}
            ),
            auth=current.auth if isinstance(auth, NotGiven) else _check_auth(auth),
        )
        copy = object.__new__(AsyncCal)
        copy._shared = self._shared
        copy._options = options
        copy._owner = False
        copy._strict_parsing = self._strict_parsing
        return copy

    # -- calls --------------------------------------------------------------------------------

    async def call(self, endpoint: Endpoint[T], /, **kwargs: Any) -> T:
        """Call a generated operation; returns its parsed model (the ``{status, data}`` envelope).

        ``kwargs`` are the operation's own arguments (path, query, ``body=``); ``cal_api_version``
        defaults to the operation's version and is only for deliberate overrides.
        """
        return self._parse(endpoint, await self._send(endpoint, kwargs))

    async def call_raw(self, endpoint: Endpoint[T], /, **kwargs: Any) -> APIResponse[T]:
        """Like ``call``, with the raw ``httpx.Response`` beside the parsed model."""
        response = await self._send(endpoint, kwargs)
        return APIResponse(self._parse(endpoint, response), response)

    async def _send(self, endpoint: Endpoint[Any], kwargs: dict[str, Any]) -> httpx.Response:
        """The operation's request, sent; a response with status >= 400 is raised as its error."""
        shared = self._shared
        options = self._options
        for value in kwargs.values():
            if value is None:
                _refuse_none(endpoint, kwargs)
                break
        try:
            spec = endpoint._get_kwargs(**kwargs)
        except TypeError as exc:
            raise _argument_error(endpoint, exc) from exc
        spec["url"] = shared.base_url + spec["url"]
        if options.extra_headers:
            spec["headers"] = {**spec.get("headers", {}), **options.extra_headers}
        http = shared.http
        request = http.build_request(**spec, extensions=options.extensions(endpoint.__name__))
        try:
            response = await http.send(request, auth=options.auth or httpx.USE_CLIENT_DEFAULT)
        except httpx.RequestError as exc:  # transport failures, and a body that does not decode
            raise connection_error(exc) from exc
        if response.status_code >= 400:
            raise self._status_error(response)
        return response

    def _status_error(self, response: httpx.Response) -> Exception:
        auth = self.auth
        secrets = auth.secrets() if isinstance(auth, CalAuth) else ()
        status = response.status_code
        wait = retry_after(parse_rate_limit_headers(response.headers)) if status == 429 else None
        # A 401 to a request sent on purpose without credentials means the route is not public.
        prefix = _ANONYMOUS_401 if status == 401 and isinstance(auth, Anonymous) else ""
        return make_status_error(response, secrets=secrets, retry_after=wait, prefix=prefix)

    def _parse(self, endpoint: Endpoint[T], response: httpx.Response) -> T:
        client = self._shared.parse_client
        token = STRICT_PARSING.set(self._strict_parsing) if self._strict_parsing is not None else None
        try:
            try:
                return endpoint._parse_response(client=client, response=response)  # type: ignore[return-value]
            except UnexpectedStatus:
                for status in _SUCCESS_STATUSES:
                    if status == response.status_code:
                        continue
                    stand_in = httpx.Response(
                        status, headers=response.headers, content=response.content, request=response.request
                    )
                    try:
                        return endpoint._parse_response(client=client, response=stand_in)  # type: ignore[return-value]
                    except UnexpectedStatus:
                        continue
                raise
        except ParseDeparture as exc:
            raise ResponseParseError(
                f"the response of {_operation_name(endpoint)} departs from the spec at {exc} (strict parsing; "
                "the raw response is in .response)",
                response=response,
                model=exc.model,
                field_path=f"{exc.root}.{exc.path}" if exc.path else exc.root,
            ) from exc
        except Exception as exc:
            raise ResponseParseError(
                f"could not read the response of {_operation_name(endpoint)} ({type(exc).__name__}; "
                "the raw response is in .response, the cause in __cause__)",
                response=response,
            ) from exc
        finally:
            if token is not None:
                STRICT_PARSING.reset(token)

    # -- lifecycle ----------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the connection pool (only the original owns it; closing a copy does nothing)."""
        if self._owner:
            await self._shared.http.aclose()

    @property
    def is_closed(self) -> bool:
        return self._shared.http.is_closed

    async def __aenter__(self) -> AsyncCal:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"AsyncCal(base_url={self.base_url!r}, auth={self.auth!r})"

    # -- resources (lazy: importing them costs nothing until used) -----------------------------

    @functools.cached_property
    def bookings(self) -> Bookings:
        from .resources.bookings import Bookings

        return Bookings(self)

    @functools.cached_property
    def slots(self) -> Slots:
        from .resources.slots import Slots

        return Slots(self)

    @functools.cached_property
    def event_types(self) -> EventTypes:
        from .resources.event_types import EventTypes

        return EventTypes(self)

    @functools.cached_property
    def schedules(self) -> Schedules:
        from .resources.schedules import Schedules

        return Schedules(self)

    @functools.cached_property
    def calendars(self) -> Calendars:
        from .resources.calendars import Calendars

        return Calendars(self)

    @functools.cached_property
    def webhooks(self) -> Webhooks:
        from .resources.webhooks import Webhooks

        return Webhooks(self)

    @functools.cached_property
    def me(self) -> Me:
        from .resources.me import Me

        return Me(self)

    @functools.cached_property
    def managed_users(self) -> ManagedUsers:
        """Platform managed users (``/v2/oauth-clients/{clientId}/users``); needs ``PlatformClient`` auth."""
        from .resources.managed_users import ManagedUsers

        return ManagedUsers(self)


def _operation_name(endpoint: Endpoint[Any]) -> str:
    return endpoint.__name__.rpartition(".")[2]


_NOT_NULLABLE: dict[object, frozenset[str]] = {}


def _not_nullable(endpoint: Endpoint[Any]) -> frozenset[str]:
    """The operation's required arguments that cannot be None (path ids, bodies, required query)."""
    known = _NOT_NULLABLE.get(endpoint)
    if known is None:
        if len(_NOT_NULLABLE) >= 1024:  # only stand-in endpoints could come in such numbers
            _NOT_NULLABLE.clear()
        known = _NOT_NULLABLE[endpoint] = _required_not_none(endpoint)
    return known


def _required_not_none(endpoint: Endpoint[Any]) -> frozenset[str]:
    names = set()
    for parameter in inspect.signature(endpoint._get_kwargs).parameters.values():
        annotation = parameter.annotation
        if isinstance(annotation, str):  # postponed annotations
            nullable = "None" in annotation
        else:
            nullable = annotation is None or type(None) in get_args(annotation)
        if parameter.default is inspect.Parameter.empty and not nullable:
            names.add(parameter.name)
    return frozenset(names)


def _refuse_none(endpoint: Endpoint[Any], kwargs: Mapping[str, Any]) -> None:
    # The generated code would send it as the text "None" (e.g. GET /v2/bookings/None).
    for name, value in kwargs.items():
        if value is None and name in _not_nullable(endpoint):
            raise TypeError(f"{_operation_name(endpoint)}(): {name} is required and cannot be None")


def _argument_error(endpoint: Endpoint[Any], exc: TypeError) -> TypeError:
    """The generated ``_get_kwargs`` refusing the arguments, told in terms of the operation."""
    message = str(exc)
    name = f"{_operation_name(endpoint)}()"
    return TypeError(message.replace("_get_kwargs()", name) if "_get_kwargs()" in message else f"{name}: {message}")


def _resolve_auth(api_key: str | None, auth: httpx.Auth | None) -> httpx.Auth:
    if auth is not None:
        if api_key is not None:
            raise ValueError("pass either api_key or auth=..., not both")
        return _check_auth(auth)
    if api_key is not None:
        return ApiKey(validate_api_key(api_key, source="api_key"))
    from_env = os.environ.get("CAL_API_KEY")
    if not from_env:
        raise ValueError(
            "no Cal.com credentials: pass AsyncCal(api_key='cal_...') or set the CAL_API_KEY environment "
            "variable (create a key in Cal.com under Settings → Developer → API keys), or pass "
            "auth=PlatformClient(...), auth=ManagedUser(...) or auth=BearerToken(...). For the public "
            "booking endpoints only (slots, reservations, bookings by uid, event types) pass "
            "auth=Anonymous() to send no credentials."
        )
    return ApiKey(validate_api_key(from_env, source="CAL_API_KEY"))


def _check_auth(auth: object) -> httpx.Auth:
    if not isinstance(auth, httpx.Auth):
        raise TypeError(
            f"auth must be an httpx.Auth such as ApiKey, PlatformClient, ManagedUser, BearerToken or Anonymous, "
            f"not {type(auth).__name__}"
        )
    return auth
