"""The handwritten layer of cal_client: auth, retries, rate limits, errors and resources.

Installed as ``cal_client.overrides``; its ``__all__`` is re-exported lazily by ``cal_client``.
"""

from . import webhooks
from ._auth import Anonymous, ApiKey, BearerToken, ManagedUser, ManagedUserTokens, PlatformClient
from ._client import NOT_GIVEN, AsyncCal, NotGiven
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
    ResponseParseError,
    TokenExpiredError,
    UnprocessableEntityError,
)
from ._ratelimit import RateLimit
from ._response import APIResponse
from .webhooks import WebhookVerificationError

__all__: list[str] = [
    # runtime (issue 3)
    "NOT_GIVEN",
    "APIConnectionError",
    "APIResponse",
    "APIStatusError",
    "APITimeoutError",
    "Anonymous",
    "ApiKey",
    "AsyncCal",
    "AuthenticationError",
    "BadRequestError",
    "BearerToken",
    "CalError",
    "ConflictError",
    "InternalServerError",
    "ManagedUser",
    "ManagedUserTokens",
    "NotFoundError",
    "NotGiven",
    "PermissionDeniedError",
    "PlatformClient",
    "RateLimit",
    "RateLimitError",
    "ResponseParseError",
    "TokenExpiredError",
    "UnprocessableEntityError",
    # webhooks
    "WebhookVerificationError",
    "webhooks",
]
