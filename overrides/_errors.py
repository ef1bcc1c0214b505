"""The exceptions ``cal_client`` raises, and the one place HTTP failures become them.

Hierarchy::

    CalError
    ├── APIConnectionError            no usable response (DNS, refused, reset, TLS, undecodable
    │                                 body, ...)
    │   ├── APITimeoutError           connect, read, write or pool timeout, or the per-attempt
    │   │                             deadline (a server dripping bytes)
    │   └── ResponseTooLargeError     the body passed ``max_response_size``; ``limit``
    ├── APIStatusError                the server answered with a status >= 400
    │   ├── BadRequestError           400  validation; ``details`` lists the field errors
    │   ├── AuthenticationError       401  missing/invalid credentials, or a failed token refresh
    │   ├── PermissionDeniedError     403  OAuth-client permission, role or plan
    │   ├── NotFoundError             404  also a mismatched ``cal-api-version``
    │   ├── ConflictError             409
    │   ├── UnprocessableEntityError  422  e.g. the slot is already booked
    │   ├── RateLimitError            429  ``retry_after`` from ``X-RateLimit-Reset-*``
    │   ├── TokenExpiredError         498  managed-user access token expired
    │   └── InternalServerError       >= 500 (also a proxy's HTML 502 page)
    ├── ResponseParseError            a 2xx body that does not match the generated models
    ├── RefreshOutcomeUnknownError    a managed-user refresh was sent and its answer lost; the
    │                                 message says how to get a new pair
    ├── CalValidationError            (also ValueError) an argument refused before any request;
    │                                 ``argument`` names it
    ├── BookingOutcomeUnknownError    a create failed ambiguously and the SDK could not tell whether
    │                                 the booking exists; ``idempotency_key``
    ├── NoSlotAvailableError          ``book_first_available`` found no slot, or every one it tried
    │                                 was taken; ``tried``
    ├── PaginationLimitError          the next page is past what the API serves (managed users:
    │                                 offset > 250)
    └── WebhookVerificationError      (also ValueError) a webhook body whose signature does not
                                      check out; ``reason``

Every one is defined here; ``cal_client``, ``cal_client.resources`` and ``cal_client.webhooks``
re-export them. The two that are also ``ValueError`` mean the input was wrong. Misconfiguration
found when a client is built (a missing or malformed key, an insecure base URL) raises a plain
``ValueError`` or ``TypeError`` instead.

Every ``APIStatusError`` carries ``status_code``, Cal.com's ``error.code`` as ``code`` (usually a
Nest exception class name such as ``NotFoundException``, not a stable enum), ``message``,
``details`` (always a list), ``request_id`` (``X-Request-Id``), ``method``, ``path``, the decoded
``body`` and the raw ``httpx.Response``. Secret-named fields and known secret values are blanked
in ``body``/``details``/``message``, and ``str()`` never includes request headers.

Other 4xx statuses (405, 408, 412, 413, ...) raise ``APIStatusError`` itself.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Final, Literal

import httpx

from ._redact import redact_json, scrub, sent_secrets

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BookingOutcomeUnknownError",
    "CalError",
    "CalValidationError",
    "ConflictError",
    "InternalServerError",
    "NoSlotAvailableError",
    "NotFoundError",
    "PaginationLimitError",
    "PermissionDeniedError",
    "RateLimitError",
    "RefreshOutcomeUnknownError",
    "ResponseParseError",
    "ResponseTooLargeError",
    "TokenExpiredError",
    "UnprocessableEntityError",
    "VerificationFailure",
    "WebhookVerificationError",
]


class CalError(Exception):
    """Base of every exception raised by cal_client.

    Every one pickles (``ProcessPoolExecutor``, task queues) without what could carry a
    credential: the raw ``response`` and ``request`` (their headers, query strings and bodies)
    arrive as None; messages, ``body`` and ``details`` are already scrubbed.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        state = {key: None if key in _NOT_PICKLED else value for key, value in self.__dict__.items()}
        return (_rebuild, (type(self), self.args), state)


_NOT_PICKLED = frozenset({"response", "request"})


def _rebuild(cls: type[CalError], args: tuple[Any, ...]) -> CalError:
    error = cls.__new__(cls)
    error.args = args
    return error


def own_copy(error: CalError) -> CalError:
    """A new exception object equal to ``error``, for raising one shared failure in several tasks
    (raising one object from many places would pile every task's traceback onto it)."""
    clone = _rebuild(type(error), error.args)
    clone.__dict__.update(error.__dict__)
    return clone


def _request_of(response: httpx.Response) -> httpx.Request | None:
    try:
        return response.request
    except RuntimeError:  # a response built by hand, without a request
        return None


def _method_path(request: httpx.Request | None) -> tuple[str | None, str | None]:
    if request is None:
        return None, None
    # The path only: query strings can carry OAuth codes and personal data.
    return request.method, request.url.path


class APIConnectionError(CalError):
    """The request got no usable response.

    ``maybe_processed`` is False only when the request surely never reached the server (connect
    error, connect or pool timeout), so it is safe to send again whatever the method. It is True
    after a read timeout, a reset after sending or a protocol error: a POST may have taken effect.
    """

    def __init__(self, message: str, *, request: httpx.Request | None, maybe_processed: bool) -> None:
        self.message = message
        self.request = request
        self.maybe_processed = maybe_processed
        self.method, self.path = _method_path(request)
        where = f" ({self.method} {self.path})" if self.method else ""
        super().__init__(f"{message}{where}")


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or waiting for a pooled connection), or the
    response was not complete within the per-attempt deadline."""


class ResponseTooLargeError(APIConnectionError):
    """The response was larger than ``max_response_size`` bytes; reading stopped there.

    ``maybe_processed`` is True: the server answered, so the request may have taken effect.
    """

    def __init__(self, message: str, *, request: httpx.Request | None = None, limit: int | None = None) -> None:
        self.limit = limit
        super().__init__(message, request=request, maybe_processed=True)


class RefreshOutcomeUnknownError(CalError):
    """A managed-user token refresh was sent but its answer was lost, and the SDK could not
    recover a usable pair by itself. The message says what to do (force-refresh with the OAuth
    client's credentials); the failure that caused it is ``__cause__``."""

    def __init__(self, message: str, *, client_id: str | None = None, user_id: int | None = None) -> None:
        self.message = message
        self.client_id = client_id
        self.user_id = user_id
        super().__init__(message)


class APIStatusError(CalError):
    """The server answered with a status code >= 400."""

    status_code: int
    default_status: ClassVar[int | None] = None

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any = None,
        code: str | None = None,
        details: list[Any] | None = None,
    ) -> None:
        self.message = message
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.code = code
        self.details: list[Any] = details if details is not None else []
        self.request_id: str | None = response.headers.get("x-request-id")
        self.method, self.path = _method_path(_request_of(response))
        super().__init__(self._describe())

    def _describe(self) -> str:
        text = f"{self.status_code}"
        if self.code:
            text += f" {self.code}"
        text += f": {self.message}"
        context = []
        if self.method:
            context.append(f"{self.method} {self.path}")
        if self.request_id:
            context.append(f"request id {self.request_id}")
        if self.details:
            context.append(f"{len(self.details)} detail(s) in .details")
        return f"{text} ({', '.join(context)})" if context else text

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code}, code={self.code!r}, message={self.message!r})"


class BadRequestError(APIStatusError):
    default_status = 400


class AuthenticationError(APIStatusError):
    """401, or a managed-user token refresh that Cal.com refused (then ``status_code`` is 400/401)."""

    default_status = 401


class PermissionDeniedError(APIStatusError):
    default_status = 403


class NotFoundError(APIStatusError):
    default_status = 404


class ConflictError(APIStatusError):
    default_status = 409


class UnprocessableEntityError(APIStatusError):
    default_status = 422


class RateLimitError(APIStatusError):
    """429. ``retry_after`` is the seconds until the exhausted window resets, when Cal.com said."""

    default_status = 429

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kwargs)


class TokenExpiredError(APIStatusError):
    """498: the managed-user access token expired (``ManagedUser`` auth refreshes it by itself)."""

    default_status = 498


class InternalServerError(APIStatusError):
    default_status = 500


class ResponseParseError(CalError):
    """A successful response whose body the generated models could not read.

    The raw ``httpx.Response`` is kept in ``response`` (and the original exception in
    ``__cause__``), so nothing the server sent is lost.
    """

    def __init__(
        self, message: str, *, response: httpx.Response, model: str | None = None, field_path: str | None = None
    ) -> None:
        self.message = message
        self.response = response
        # Strict parsing: the innermost model that departs, and the path to the field from the outermost.
        self.model = model
        self.field_path = field_path
        self.status_code = response.status_code
        self.request_id: str | None = response.headers.get("x-request-id")
        self.method, self.path = _method_path(_request_of(response))
        where = f" ({self.method} {self.path}, status {self.status_code}"
        where += f", request id {self.request_id})" if self.request_id else ")"
        super().__init__(message + where)


class CalValidationError(CalError, ValueError):
    """An argument was rejected locally, before any I/O. ``argument`` names it."""

    def __init__(self, message: str, *, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument


class BookingOutcomeUnknownError(CalError):
    """A create failed ambiguously and the SDK could not find out whether the booking was made.

    Search for ``idempotency_key`` in the ``metadata`` of the attendee's bookings before booking
    again. The failure that caused it is ``__cause__``.
    """

    def __init__(self, message: str, *, idempotency_key: str, start: _dt.datetime) -> None:
        super().__init__(message)
        self.idempotency_key = idempotency_key
        self.start = start


class NoSlotAvailableError(CalError):
    """``book_first_available`` found no slot in the window, or every slot it tried was taken."""

    def __init__(self, message: str, *, tried: Sequence[tuple[_dt.datetime, APIStatusError]] = ()) -> None:
        super().__init__(message)
        self.tried = list(tried)
        """``(slot start, the error Cal.com answered)`` for every slot that was tried."""


class PaginationLimitError(CalError):
    """The next page lies beyond what the API lets a client request (managed users: offset > 250)."""

    def __init__(self, message: str, *, offset: int, items_seen: int) -> None:
        super().__init__(message)
        self.offset = offset
        self.items_seen = items_seen


WEBHOOK_SIGNATURE_HEADER: Final = "X-Cal-Signature-256"
WEBHOOK_NO_SECRET_SIGNATURE: Final = "no-secret-provided"

VerificationFailure = Literal["missing-signature", "no-secret-provided", "malformed-signature", "signature-mismatch"]

_VERIFICATION_MESSAGES: Final[dict[VerificationFailure, str]] = {
    "missing-signature": f"the {WEBHOOK_SIGNATURE_HEADER} header is missing, so the body cannot be trusted",
    "no-secret-provided": (
        f"the webhook was sent unsigned ({WEBHOOK_SIGNATURE_HEADER}: {WEBHOOK_NO_SECRET_SIGNATURE}) but a secret"
        " is configured here: give the Cal.com webhook the same secret"
    ),
    "malformed-signature": f"the {WEBHOOK_SIGNATURE_HEADER} header is not a hex HMAC-SHA256 digest",
    "signature-mismatch": (
        f"the {WEBHOOK_SIGNATURE_HEADER} header does not match the body: the body was altered, or the secrets differ"
    ),
}


class WebhookVerificationError(CalError, ValueError):
    """A webhook body failed signature verification; treat it as not sent by Cal.com.

    A ``CalError`` like every cal_client exception, and a ``ValueError`` (the input is bad).

    ``reason`` is one of ``missing-signature``, ``no-secret-provided``, ``malformed-signature`` or
    ``signature-mismatch``. Neither the message nor the reason ever contains the secret.
    """

    reason: VerificationFailure

    def __init__(self, reason: VerificationFailure) -> None:
        super().__init__(_VERIFICATION_MESSAGES[reason])
        self.reason = reason

    def __reduce__(self) -> tuple[type[WebhookVerificationError], tuple[VerificationFailure]]:
        return (type(self), (self.reason,))


_BY_STATUS: dict[int, type[APIStatusError]] = {
    cls.default_status: cls
    for cls in (
        BadRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        ConflictError,
        UnprocessableEntityError,
        RateLimitError,
        TokenExpiredError,
    )
    if cls.default_status is not None
}

_MAX_MESSAGE = 500


def error_class(status_code: int) -> type[APIStatusError]:
    if status_code >= 500:
        return InternalServerError
    return _BY_STATUS.get(status_code, APIStatusError)


def make_status_error(
    response: httpx.Response,
    *,
    secrets: Iterable[str] = (),
    retry_after: float | None = None,
    cls: type[APIStatusError] | None = None,
    prefix: str = "",
) -> APIStatusError:
    """The exception for a response with status >= 400; the body must already be read.

    Understands Cal.com's envelope ``{status, timestamp, path, error: {code, message, details}}``,
    Nest's bare ``{statusCode, message, error?}`` (``message`` a string or a list), other
    ``{message}`` objects, empty bodies and non-JSON pages from proxies.
    """
    request = _request_of(response)
    secrets = (*secrets, *sent_secrets(request))
    try:
        body, code, message, details = _read_body(response)
    except RecursionError:
        body, code, message, details = None, None, _nested_too_deep(response), []
    body = redact_json(body, secrets)
    details = redact_json(details, secrets)
    message = scrub(message, secrets)
    if len(message) > _MAX_MESSAGE:
        message = message[:_MAX_MESSAGE] + "…"
    if prefix:
        message = f"{prefix}: {message}"
    cls = cls or error_class(response.status_code)
    kwargs: dict[str, Any] = {"response": response, "body": body, "code": code, "details": details}
    if issubclass(cls, RateLimitError):
        kwargs["retry_after"] = retry_after
    return cls(message, **kwargs)


def _read_body(response: httpx.Response) -> tuple[Any, str | None, str, list[Any]]:
    reason = response.reason_phrase or f"HTTP {response.status_code}"
    content = response.content
    if not content.strip():
        return None, None, reason, []
    try:
        body = json.loads(content)
    except ValueError:
        # An HTML error page from a proxy or load balancer: keep it in ``body``, not the message.
        kind = response.headers.get("content-type", "unknown content type").split(";")[0]
        return response.text, None, f"{reason} (non-JSON body, {kind})", []
    if not isinstance(body, dict):
        return body, None, reason, _as_list(body)

    error = body.get("error")
    if isinstance(error, dict):  # Cal.com's envelope
        code = error.get("code")
        message = _as_text(error.get("message")) or reason
        return body, _as_code(code), message, _details(error.get("details"))

    message_value = body.get("message")
    code = error if isinstance(error, str) else None  # Nest's ``{statusCode, message, error}``
    if isinstance(message_value, list):
        return body, code, "; ".join(str(item) for item in message_value) or reason, list(message_value)
    return body, code, _as_text(message_value) or (code or reason), []


def _nested_too_deep(response: httpx.Response) -> str:
    reason = response.reason_phrase or f"HTTP {response.status_code}"
    return f"{reason} (the error body is nested too deeply to read; {len(response.content)} bytes)"


def _as_code(value: Any) -> str | None:
    return None if value is None else str(value)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return json.dumps(value, default=str)


def _details(value: Any) -> list[Any]:
    """``details`` as a list: class-validator's ``{errors: [...]}``, a Nest ``{message: [...]}``, ..."""
    if value is None:
        return []
    if isinstance(value, dict):
        for key in ("errors", "message"):
            inner = value.get(key)
            if isinstance(inner, list):
                return list(inner)
        return [value]
    return _as_list(value)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def connection_error(exc: httpx.RequestError) -> APIConnectionError:
    """The exception for a transport failure (or an undecodable body), with whether the server may
    have acted on it."""
    try:
        request: httpx.Request | None = exc.request
    except RuntimeError:  # raised by httpx when the exception was created without a request
        request = None
    maybe_processed = not isinstance(exc, NOT_SENT_ERRORS)
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    detail = str(exc) or type(exc).__name__
    return cls(f"{type(exc).__name__}: {detail}", request=request, maybe_processed=maybe_processed)


# Failures that happen before any byte of the request left: safe to resend whatever the method.
NOT_SENT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
    httpx.ProxyError,
)
