"""Cal.com's error envelope, as its NestJS exception filters write it (cal-api-v2.md 3.2).

``{"status": "error", "timestamp", "path", "error": {"code", "message", "details"?}}``: ``code``
is the Nest exception class name, ``details`` the exception's raw response.
"""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]

# Nest's default "error" phrase per status, used in the raw response Nest builds from a message.
PHRASES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    498: "Token Expired",
}
CODES = {
    400: "BadRequestException",
    401: "UnauthorizedException",
    403: "ForbiddenException",
    404: "NotFoundException",
    409: "ConflictException",
    422: "UnprocessableEntityException",
    429: "ThrottlerException",
    498: "TokenExpiredException",
}


class ApiError(Exception):
    """Raised by a route; the dispatcher renders it as Cal.com's envelope."""

    def __init__(self, status: int, message: str, *, details: Any = None, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or CODES.get(status, "HttpException")
        # A Nest HttpException built from a message string has this raw response.
        self.details = (
            details
            if details is not None
            else {
                "message": message,
                "error": PHRASES.get(status, "Error"),
                "statusCode": status,
            }
        )

    def body(self, *, path: str, timestamp: str) -> Json:
        error: Json = {"code": self.code, "message": self.message}
        if self.details is not None:
            error["details"] = self.details
        return {"status": "error", "timestamp": timestamp, "path": path, "error": error}


def bad_request(message: str) -> ApiError:
    return ApiError(400, message)


def unauthorized(message: str) -> ApiError:
    return ApiError(401, message)


def forbidden(message: str) -> ApiError:
    return ApiError(403, message)


def not_found(message: str) -> ApiError:
    return ApiError(404, message)


def conflict(message: str) -> ApiError:
    return ApiError(409, message)


def unprocessable(message: str) -> ApiError:
    return ApiError(422, message)


def token_expired() -> ApiError:
    return ApiError(498, "ACCESS_TOKEN_IS_EXPIRED")


def too_many_requests() -> ApiError:
    return ApiError(429, "CustomThrottlerGuard - Too many requests. Please try again later.")


def validation_failed(errors: list[Json]) -> ApiError:
    """What the global ValidationPipe answers: a generic message, class-validator errors in details."""
    return ApiError(400, "Bad Request Exception", details={"errors": errors})


def route_not_found(method: str, path: str) -> ApiError:
    return ApiError(404, f"Cannot {method} {path}")
