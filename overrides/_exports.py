"""The handwritten layer of cal_client: auth, retries, rate limits, errors and resources.

Installed as ``cal_client._exports``; ``cal_client`` re-exports every name in ``__all__``.
Names load on first use, so ``from cal_client import AsyncCal`` does not pay for webhooks,
resources or the sandbox.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import webhooks
    from ._auth import Anonymous, ApiKey, BearerToken, ManagedUser, ManagedUserTokens, PlatformClient
    from ._client import NOT_GIVEN, AsyncCal, NotGiven
    from ._coordination import Coordinator, InProcessCoordinator
    from ._errors import (
        APIConnectionError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        CalError,
        ConflictError,
        InternalServerError,
        NotFoundError,
        PermissionDeniedError,
        RateLimitError,
        RefreshOutcomeUnknownError,
        ResponseParseError,
        ResponseTooLargeError,
        TokenExpiredError,
        UnprocessableEntityError,
    )
    from ._logging import HttpxLogFilter
    from ._ratelimit import RateLimit
    from ._response import APIResponse
    from .redis_coordination import RedisCoordinator
    from .resources import (
        AsyncPaginator,
        Attendee,
        Availability,
        AvailabilityOverride,
        AvailableSlots,
        BookingOutcomeUnknownError,
        CalValidationError,
        CreatedBooking,
        NoSlotAvailableError,
        Page,
        PaginationLimitError,
        RawResponse,
    )
    from .webhooks import WebhookVerificationError

# name -> module (relative to this package) that defines it; "" means the name is that module.
_EXPORTS: dict[str, str] = {
    # runtime
    "NOT_GIVEN": "._client",
    "AsyncCal": "._client",
    "NotGiven": "._client",
    "Anonymous": "._auth",
    "ApiKey": "._auth",
    "BearerToken": "._auth",
    "ManagedUser": "._auth",
    "ManagedUserTokens": "._auth",
    "PlatformClient": "._auth",
    "APIConnectionError": "._errors",
    "APIStatusError": "._errors",
    "APITimeoutError": "._errors",
    "AuthenticationError": "._errors",
    "BadRequestError": "._errors",
    "CalError": "._errors",
    "ConflictError": "._errors",
    "InternalServerError": "._errors",
    "NotFoundError": "._errors",
    "PermissionDeniedError": "._errors",
    "RateLimitError": "._errors",
    "RefreshOutcomeUnknownError": "._errors",
    "ResponseParseError": "._errors",
    "ResponseTooLargeError": "._errors",
    "TokenExpiredError": "._errors",
    "UnprocessableEntityError": "._errors",
    "HttpxLogFilter": "._logging",
    "RateLimit": "._ratelimit",
    "Coordinator": "._coordination",
    "InProcessCoordinator": "._coordination",
    "RedisCoordinator": ".redis_coordination",
    "APIResponse": "._response",
    # resources
    "AsyncPaginator": ".resources",
    "Attendee": ".resources",
    "Availability": ".resources",
    "AvailabilityOverride": ".resources",
    "AvailableSlots": ".resources",
    "BookingOutcomeUnknownError": ".resources",
    "CalValidationError": ".resources",
    "CreatedBooking": ".resources",
    "NoSlotAvailableError": ".resources",
    "Page": ".resources",
    "PaginationLimitError": ".resources",
    "RawResponse": ".resources",
    # webhooks
    "WebhookVerificationError": ".webhooks",
    "webhooks": "",
}

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIResponse",
    "APIStatusError",
    "APITimeoutError",
    "Anonymous",
    "ApiKey",
    "AsyncCal",
    "AsyncPaginator",
    "Attendee",
    "AuthenticationError",
    "Availability",
    "AvailabilityOverride",
    "AvailableSlots",
    "BadRequestError",
    "BearerToken",
    "BookingOutcomeUnknownError",
    "CalError",
    "CalValidationError",
    "ConflictError",
    "Coordinator",
    "CreatedBooking",
    "HttpxLogFilter",
    "InProcessCoordinator",
    "InternalServerError",
    "ManagedUser",
    "ManagedUserTokens",
    "NoSlotAvailableError",
    "NotFoundError",
    "NotGiven",
    "Page",
    "PaginationLimitError",
    "PermissionDeniedError",
    "PlatformClient",
    "RateLimit",
    "RateLimitError",
    "RawResponse",
    "RedisCoordinator",
    "RefreshOutcomeUnknownError",
    "ResponseParseError",
    "ResponseTooLargeError",
    "TokenExpiredError",
    "UnprocessableEntityError",
    "WebhookVerificationError",
    "webhooks",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # __import__ keeps these imports visible to `python -X importtime`.
    if module == "":
        value = __import__(name, globals(), None, ["__name__"], 1)
    else:
        value = getattr(__import__(module.lstrip("."), globals(), None, [name], 1), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
