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
import math
import os
import sys
import warnings
from collections.abc import Mapping
from types import MappingProxyType, TracebackType
from typing import TYPE_CHECKING, Any, Final, ParamSpec, TypeVar, final, get_args

import httpx

from cal_client._deprecated import DEPRECATED
from cal_client.errors import UnexpectedStatus

from ._auth import Anonymous, ApiKey, CalAuth, validate_api_key
from ._coordination import Coordinator, InProcessCoordinator
from ._errors import ResponseParseError, connection_error, make_status_error
from ._logging import setup_logging
from ._options import (
    BASE_URL_EXTENSION,
    DEFAULT_MAX_RATE_LIMIT_WAIT,
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    SEND_EXTENSION,
    RequestOptions,
    checked_headers,
    resolve_base_url,
)
from ._ratelimit import RateLimit, RateLimiter, parse_rate_limit_headers, retry_after
from ._redact import SecretHeaders
from ._response import APIResponse, Endpoint
from ._transport import CalTransport, ClientTransport

if TYPE_CHECKING:
    from cal_client._namespaces import Api
    from cal_client.client import Client

    from ._operation import Operation
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
P = ParamSpec("P")

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

    __slots__ = ("auth", "base_url", "coordinator", "http", "limiter", "parse_client", "transport")

    def __init__(
        self,
        http: httpx.AsyncClient,
        limiter: RateLimiter,
        base_url: str,
        auth: httpx.Auth,
        parse_client: Client,
        coordinator: Coordinator,
        transport: CalTransport,
    ) -> None:
        self.http = http
        self.coordinator = coordinator
        self.limiter = limiter
        self.base_url = base_url
        self.auth = auth
        self.parse_client = parse_client
        self.transport = transport

    async def send_direct(self, request: httpx.Request) -> httpx.Response:
        """``request`` as it is (no auth flow), with retries and rate limits; the body read."""
        response = await self.transport.handle_async_request(request)
        await response.aread()
        return response


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
    - ``coordinator``: where rate-limit budgets, managed-user token rotations and idempotency keys
      are agreed on; ``InProcessCoordinator()`` (default) or, for several worker processes,
      ``RedisCoordinator(url=...)`` from ``cal_client.redis_coordination``. Shared by
      ``with_options`` copies; the client never closes it.

    Use it as ``async with AsyncCal(...) as cal:`` or call ``await cal.aclose()``.
    ``cal.with_options(...)`` returns a copy with other per-request settings sharing the
    connection pool and rate-limit state. Every generated operation has a typed method,
    ``await cal.api.<module>.<method>(...)``, and is reachable through
    ``await cal.call(cal_client.api.<module>.<operation>, **kwargs)``, type-checked too.
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
        coordinator: Coordinator | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        trust_env: bool = True,
        strict_parsing: bool | None = None,
    ) -> None:
        setup_logging()
        if coordinator is None:
            coordinator = InProcessCoordinator()
        elif not isinstance(coordinator, Coordinator):
            raise TypeError(
                "coordinator must be a Coordinator such as InProcessCoordinator() or RedisCoordinator(...), "
                f"not {type(coordinator).__name__}"
            )
        # The address first: a key refused over plain http:// would hide the mistake that matters.
        resolved_base_url = resolve_base_url(base_url, allow_insecure_http=allow_insecure_http)
        resolved_auth = _resolve_auth(api_key, auth)
        if http_client is not None and transport is not None:
            raise ValueError(
                "pass either http_client or transport, not both: give the transport to your client instead, "
                "httpx.AsyncClient(transport=...)"
            )
        options = RequestOptions.build(
            timeout=timeout,
            max_retries=max_retries,
            max_rate_limit_wait=max_rate_limit_wait,
            idempotent=None,
            extra_headers={},
            auth=None,
            coordinator=coordinator,
        )
        headers = {"User-Agent": USER_AGENT}
        if default_headers:
            headers.update(checked_headers(default_headers))
        if isinstance(max_response_size, bool) or not isinstance(max_response_size, int) or max_response_size < 1:
            raise ValueError(f"max_response_size must be a whole number of bytes >= 1, not {max_response_size!r}")
        if transport is None:
            if http_client is not None:
                transport = ClientTransport(http_client)
            else:
                # An httpx client of our own rather than a bare transport, so HTTPS_PROXY, NO_PROXY and
                # SSL_CERT_FILE are honoured as httpx users expect (trust_env=False turns that off).
                own = httpx.AsyncClient(trust_env=trust_env, follow_redirects=False, timeout=options.timeout)
                transport = ClientTransport(own, owned=True)
        limiter = coordinator.rate_limiter(throttle=throttle)
        cal_transport = CalTransport(
            transport,
            max_retries=max_retries,
            max_rate_limit_wait=max_rate_limit_wait,
            limiter=limiter,
            max_response_size=max_response_size,
        )
        http = httpx.AsyncClient(
            auth=resolved_auth,
            transport=cal_transport,
            headers=headers,
            timeout=options.timeout,
            follow_redirects=False,
        )
        # Imported here: the generated client is an attrs class, and attrs is the largest import
        # the SDK adds to httpx; an application that only imports AsyncCal does not need it yet.
        from cal_client.client import Client

        parse_client = Client(base_url=resolved_base_url, raise_on_unexpected_status=True)
        self._shared = _Shared(
            http, limiter, resolved_base_url, resolved_auth, parse_client, coordinator, cal_transport
        )
        self._options = options
        self._owner = True
        # None: the process default decides (CAL_STRICT_PARSING, read when cal_client.types is imported).
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
    def coordinator(self) -> Coordinator:
        """Where rate limits, token rotations and idempotency keys are coordinated (shared by copies)."""
        return self._shared.coordinator

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
            coordinator=self._shared.coordinator,
        )
        copy = object.__new__(AsyncCal)
        copy._shared = self._shared
        copy._options = options
        copy._owner = False
        copy._strict_parsing = self._strict_parsing
        return copy

    # -- calls --------------------------------------------------------------------------------

    async def call(self, endpoint: Operation[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Call a generated operation; returns its parsed model (the ``{status, data}`` envelope).

        ``kwargs`` are the operation's own arguments (path, query, ``body=``), checked by mypy and
        pyright against the operation; ``cal_api_version`` defaults to the operation's version and
        is only for deliberate overrides.
        """
        return self._parse(endpoint, await self._send(endpoint, _by_name(endpoint, args, kwargs)))

    async def call_raw(self, endpoint: Operation[P, T], /, *args: P.args, **kwargs: P.kwargs) -> APIResponse[T]:
        """Like ``call``, with the raw ``httpx.Response`` beside the parsed model."""
        response = await self._send(endpoint, _by_name(endpoint, args, kwargs))
        return APIResponse(self._parse(endpoint, response), response)

    async def _send(self, endpoint: Endpoint[Any], kwargs: dict[str, Any]) -> httpx.Response:
        """The operation's request, sent; a response with status >= 400 is raised as its error."""
        shared = self._shared
        options = self._options
        for value in kwargs.values():
            if value is None:
                _refuse_none(endpoint, kwargs)
                break
        if endpoint.__name__ in DEPRECATED:
            _warn_deprecated(endpoint.__name__)
        for name in _path_params(endpoint):
            if name in kwargs:
                _check_path_value(endpoint, name, kwargs[name])
        try:
            spec = endpoint._get_kwargs(**kwargs)
        except TypeError as exc:
            raise _argument_error(endpoint, exc) from exc
        _check_path(endpoint, spec["url"])
        spec["url"] = shared.base_url + spec["url"]
        if options.extra_headers:
            spec["headers"] = {**spec.get("headers", {}), **options.extra_headers}
        http = shared.http
        if http.is_closed:
            raise RuntimeError(
                "this AsyncCal is closed (aclose() ran, or its `async with` block ended): create a new "
                "AsyncCal, and make every call inside `async with AsyncCal() as cal:`"
            )
        extensions = {
            **options.extensions(endpoint.__name__),
            SEND_EXTENSION: shared.send_direct,
            BASE_URL_EXTENSION: shared.base_url,
        }
        try:
            request = http.build_request(**spec, extensions=extensions)
        except (UnicodeEncodeError, ValueError) as exc:  # a lone surrogate, NaN: not JSON
            raise _unencodable(endpoint, spec, exc) from None
        del spec  # its body may hold secrets; keep them out of capture_locals tracebacks
        request.headers.__class__ = SecretHeaders  # same layout: only the repr changes, no copy
        try:
            response = await http.send(request, auth=options.auth or httpx.USE_CLIENT_DEFAULT)
        except httpx.RequestError as exc:  # transport failures, and a body that does not decode
            raise connection_error(exc) from exc
        status = response.status_code
        if status >= 400:
            raise self._status_error(response)
        if status >= 300:
            raise self._redirect_error(response)
        return response

    def _redirect_error(self, response: httpx.Response) -> Exception:
        location = response.headers.get("location", "")
        try:
            target = httpx.URL(location).copy_with(query=None, fragment=None, userinfo=b"")
            where = f"{target.scheme}://{target.host}" if target.host else "a relative location"
        except (httpx.InvalidURL, TypeError):
            where = "an unreadable location"
        prefix = (
            f"redirect to {where} not followed (requests carry credentials, which must not follow a "
            "redirect; check base_url)"
        )
        return make_status_error(response, secrets=self._secrets(), prefix=prefix)

    def _secrets(self) -> tuple[str, ...]:
        auth = self.auth
        return auth.secrets() if isinstance(auth, CalAuth) else ()

    def _status_error(self, response: httpx.Response) -> Exception:
        auth = self.auth
        secrets = self._secrets()
        status = response.status_code
        wait = retry_after(parse_rate_limit_headers(response.headers)) if status == 429 else None
        # A 401 to a request sent on purpose without credentials means the route is not public.
        prefix = _ANONYMOUS_401 if status == 401 and isinstance(auth, Anonymous) else ""
        return make_status_error(response, secrets=secrets, retry_after=wait, prefix=prefix)

    def _parse(self, endpoint: Endpoint[T], response: httpx.Response) -> T:
        client = self._shared.parse_client
        # cal_client.types is imported here, not at import time: it is what parsing needs, and an
        # operation's first call has loaded it by now.
        from cal_client.types import STRICT_PARSING, ParseDeparture

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
            # The departure was raised while handling the field's own error, whose text can quote
            # the value (fromisoformat does): drop it, so no traceback or error reporter shows it.
            exc.__context__ = None
            exc.__suppress_context__ = True
            # Lenient parsing raises only when the body itself is not a JSON object: nothing to keep.
            mode = "strict parsing; " if STRICT_PARSING.get() else ""
            raise ResponseParseError(
                f"the response of {_operation_name(endpoint)} departs from the spec at {exc} ({mode}"
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
    def api(self) -> Api:
        """A typed method for every operation: ``await cal.api.<module>.<method>(...)`` (generated)."""
        from cal_client._namespaces import Api

        return Api(self)

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


_warned_deprecated: set[str] = set()


def _by_name(endpoint: Endpoint[Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    """Positional arguments (path parameters, in the operation's order) given their names."""
    if not args:
        return kwargs
    parameters = inspect.signature(endpoint._get_kwargs).parameters.values()
    names = [p.name for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if len(args) > len(names):
        raise TypeError(
            f"{_operation_name(endpoint)}() takes {len(names)} positional arguments ({', '.join(names)}), "
            f"{len(args)} were given"
        )
    named = dict(zip(names, args, strict=False))
    twice = sorted(named.keys() & kwargs.keys())
    if twice:
        raise TypeError(f"{_operation_name(endpoint)}() got multiple values for {', '.join(twice)}")
    return {**named, **kwargs}


def _warn_deprecated(module: str) -> None:
    """One ``DeprecationWarning`` per operation and process, pointing at the caller's own line."""
    if module in _warned_deprecated:
        return
    _warned_deprecated.add(module)
    level, frame = 2, sys._getframe(1)  # stacklevel 2 is the function that called this one
    while frame is not None and frame.f_globals.get("__name__", "").startswith("cal_client"):
        level, frame = level + 1, frame.f_back  # type: ignore[assignment]
    name = module.removeprefix("cal_client.api.")
    warnings.warn(f"{name}: {DEPRECATED[module]}", DeprecationWarning, stacklevel=level)


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


_PATH_PARAMS: dict[object, tuple[str, ...]] = {}


def _path_params(endpoint: Endpoint[Any]) -> tuple[str, ...]:
    """The operation's path parameters: the generated ``_get_kwargs`` takes exactly these positionally."""
    known = _PATH_PARAMS.get(endpoint)
    if known is None:
        if len(_PATH_PARAMS) >= 1024:  # only stand-in endpoints could come in such numbers
            _PATH_PARAMS.clear()
        known = _PATH_PARAMS[endpoint] = tuple(
            parameter.name
            for parameter in inspect.signature(endpoint._get_kwargs).parameters.values()
            if parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        )
    return known


_DOT_SEGMENTS: Final = frozenset({"", ".", ".."})


def _check_path_value(endpoint: Endpoint[Any], name: str, value: object) -> None:
    # The generated code percent-encodes "/" but leaves "." alone, and every server and proxy
    # collapses "." and ".." segments: DELETE .../webhooks/.. would delete another resource.
    if str(value).strip() in _DOT_SEGMENTS:
        raise _validation_error(
            f"{_operation_name(endpoint)}(): {name}={value!r} is not a valid path value (empty, '.' and '..' "
            "would make the request reach another endpoint)",
            argument=name,
        )


def _check_path(endpoint: Endpoint[Any], path: str) -> None:
    """Backstop for the value check: no built path may hold an empty, '.' or '..' segment."""
    segments = path.split("?", 1)[0].split("/")[1:]
    if any(segment in _DOT_SEGMENTS for segment in segments):
        raise _validation_error(
            f"{_operation_name(endpoint)}(): the request path would contain an empty, '.' or '..' segment",
            argument=None,
        )


def _validation_error(message: str, *, argument: str | None) -> Exception:
    from .resources._validation import CalValidationError

    return CalValidationError(message, argument=argument)


def _unencodable(endpoint: Endpoint[Any], spec: Mapping[str, Any], exc: Exception) -> Exception:
    """Which argument cannot be sent as JSON (a lone surrogate, NaN or infinity), and why."""
    for part in ("json", "params"):
        where = _bad_value(spec.get(part), "body" if part == "json" else "query")
        if where is not None:
            path, what = where
            argument = "body" if part == "json" else path.split(".", 1)[-1]
            return _validation_error(
                f"{_operation_name(endpoint)}(): {path} {what}, which cannot be sent as JSON", argument=argument
            )
    return _validation_error(
        f"{_operation_name(endpoint)}(): the arguments cannot be sent ({type(exc).__name__})", argument=None
    )


def _bad_value(value: object, path: str, depth: int = 0) -> tuple[str, str] | None:
    if depth > 32:
        return None
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path, "contains a lone surrogate character"
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return path, f"is {value!r}"
    if isinstance(value, Mapping):
        for key, item in value.items():
            found = _bad_value(key, path, depth + 1) or _bad_value(item, f"{path}.{key}", depth + 1)
            if found is not None:
                return found
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = _bad_value(item, f"{path}[{index}]", depth + 1)
            if found is not None:
                return found
    return None


def _argument_error(endpoint: Endpoint[Any], exc: TypeError) -> TypeError:
    """The generated ``_get_kwargs`` refusing the arguments, told in terms of the operation."""
    message = str(exc)
    name = f"{_operation_name(endpoint)}()"
    return TypeError(message.replace("_get_kwargs()", name) if "_get_kwargs()" in message else f"{name}: {message}")


def _resolve_auth(api_key: str | None, auth: httpx.Auth | None) -> httpx.Auth:
    if auth is not None:
        if api_key is not None:
            raise ValueError(
                "pass either api_key or auth=..., not both (api_key='cal_...' is short for auth=ApiKey(...))"
            )
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
