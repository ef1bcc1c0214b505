"""Mapping of statuses, body shapes and transport failures onto the documented error tree."""

from __future__ import annotations

import importlib
import pkgutil
import re
from typing import Any

import cal_client._exports
import httpx
import pytest
from runtime_helpers import error_body, make_cal, ok, rate_headers

from cal_client import (
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
from cal_client import _errors as _errors_module
from cal_client.api.bookings import get_booking
from cal_client.api.calendars import sync_credentials
from cal_client.api.conferencing import get_default
from cal_client.api.schedules import delete_schedule

STATUS_CLASSES = [
    (400, BadRequestError, "BadRequestException"),
    (401, AuthenticationError, "UnauthorizedException"),
    (403, PermissionDeniedError, "ForbiddenException"),
    (404, NotFoundError, "NotFoundException"),
    (409, ConflictError, "ConflictException"),
    (422, UnprocessableEntityError, "UnprocessableEntityException"),
    (429, RateLimitError, "ThrottlerException"),
    (498, TokenExpiredError, "TokenExpiredException"),
    (500, InternalServerError, "INTERNAL_SERVER_ERROR"),
    (502, InternalServerError, "BadGateway"),
    (503, InternalServerError, "ServiceUnavailable"),
    (405, APIStatusError, "MethodNotAllowedException"),
    (412, APIStatusError, "PRECONDITION_FAILED"),
]


def test_the_tree() -> None:
    assert issubclass(APITimeoutError, APIConnectionError)
    for cls in (APIConnectionError, APIStatusError, ResponseParseError):
        assert issubclass(cls, CalError)
    for _, cls, _ in STATUS_CLASSES:
        assert issubclass(cls, APIStatusError)
    for name in ("CalError", "APIStatusError", "RateLimitError", "ResponseParseError", "AsyncCal", "ManagedUser"):
        assert name in cal_client._exports.__all__ and getattr(cal_client, name) is not None


def all_subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= all_subclasses(sub)
    return found


def test_the_documented_tree_names_every_error_the_client_defines() -> None:
    """The docstring of ``_errors`` is the one map of what can be raised: every ``CalError`` subclass
    in the client (runtime, resources, webhooks) must be on it, with its parent above it."""
    for package in ("cal_client.resources", "cal_client.webhooks"):
        for info in pkgutil.walk_packages(importlib.import_module(package).__path__, package + "."):
            importlib.import_module(info.name)
    doc = _errors_module.__doc__ or ""
    tree = doc[doc.index("CalError\n") : doc.index("\n\n", doc.index("CalError\n"))]
    depth = {match[2]: len(match[1]) for match in re.finditer(r"^( *(?:[│ ] {3})*)[├└]── (\w+)", tree, re.M)}
    defined = {
        cls
        for cls in all_subclasses(CalError)
        if cls.__module__.startswith(("cal_client._", "cal_client.resources", "cal_client.webhooks"))
    }
    assert {cls.__name__ for cls in defined} <= set(depth), sorted({c.__name__ for c in defined} - set(depth))
    for cls in defined:
        parent = cls.__mro__[1]
        if parent is CalError:
            assert depth[cls.__name__] == depth["APIStatusError"], cls
        else:
            assert depth[cls.__name__] > depth[parent.__name__], cls
    for name in ("CalValidationError", "WebhookVerificationError"):
        cls = next(c for c in defined if c.__name__ == name)
        assert issubclass(cls, ValueError) and issubclass(cls, CalError)


async def raised(response: httpx.Response | Exception, module: Any = get_booking, **kwargs: Any) -> Exception:
    def handler(request: httpx.Request) -> httpx.Response:
        if isinstance(response, Exception):
            raise response
        return response

    if module is get_booking:
        kwargs.setdefault("booking_uid", "bk-1")
    async with make_cal(handler, max_retries=0) as cal:
        with pytest.raises(CalError) as info:
            await cal.call(module, **kwargs)
    return info.value


@pytest.mark.parametrize(("status", "cls", "code"), STATUS_CLASSES)
async def test_each_status_maps_to_its_class(status: int, cls: type[APIStatusError], code: str) -> None:
    response = httpx.Response(
        status,
        json=error_body(status, code, f"message for {status}", path="/v2/bookings/bk-1"),
        headers={"X-Request-Id": f"req-{status}"},
    )
    error = await raised(response)
    assert type(error) is cls
    assert isinstance(error, APIStatusError)
    assert (error.status_code, error.code, error.message) == (status, code, f"message for {status}")
    assert (error.request_id, error.method, error.path) == (f"req-{status}", "GET", "/v2/bookings/bk-1")
    assert error.response.status_code == status and error.body["status"] == "error"
    assert error.details == []
    assert str(error) == f"{status} {code}: message for {status} (GET /v2/bookings/bk-1, request id req-{status})"


VALIDATION_ERRORS = [
    {"property": "start", "constraints": {"isDateString": "start must be a valid ISO 8601 date string"}},
    {"property": "attendee", "children": []},
]


@pytest.mark.parametrize(
    ("body", "code", "message", "details"),
    [
        pytest.param(
            error_body(400, "BadRequestException", "Bad Request Exception", {"errors": VALIDATION_ERRORS}),
            "BadRequestException",
            "Bad Request Exception",
            VALIDATION_ERRORS,
            id="envelope-validation-errors",
        ),
        pytest.param(
            error_body(400, "BadRequestException", "slotFormat property is wrong", "slotFormat property is wrong"),
            "BadRequestException",
            "slotFormat property is wrong",
            ["slotFormat property is wrong"],
            id="envelope-string-details",
        ),
        pytest.param(
            error_body(400, "BadRequestException", "x", {"message": "x", "error": "Bad Request", "statusCode": 400}),
            "BadRequestException",
            "x",
            [{"message": "x", "error": "Bad Request", "statusCode": 400}],
            id="envelope-object-details",
        ),
        pytest.param(
            error_body(400, "BAD_REQUEST", "start: Required; end: Required"),
            "BAD_REQUEST",
            "start: Required; end: Required",
            [],
            id="envelope-zod",
        ),
        pytest.param(
            {"statusCode": 400, "message": "Nest bare message"},
            None,
            "Nest bare message",
            [],
            id="nest-bare-string",
        ),
        pytest.param(
            {
                "statusCode": 400,
                "message": ["email must be an email", "name should not be empty"],
                "error": "Bad Request",
            },
            "Bad Request",
            "email must be an email; name should not be empty",
            ["email must be an email", "name should not be empty"],
            id="nest-bare-list",
        ),
        pytest.param({"message": "Invalid client"}, None, "Invalid client", [], id="plain-message"),
        pytest.param({}, None, "Bad Request", [], id="empty-object"),
        pytest.param(["a", "b"], None, "Bad Request", ["a", "b"], id="json-list"),
    ],
)
async def test_body_shapes(body: Any, code: str | None, message: str, details: list[Any]) -> None:
    error = await raised(httpx.Response(400, json=body))
    assert isinstance(error, BadRequestError)
    assert (error.code, error.message, error.details) == (code, message, details)
    assert error.body == body


async def test_empty_body() -> None:
    error = await raised(httpx.Response(503))
    assert isinstance(error, InternalServerError)
    assert (error.message, error.code, error.body, error.details) == ("Service Unavailable", None, None, [])


async def test_html_page_from_a_proxy() -> None:
    page = "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>"
    error = await raised(httpx.Response(502, text=page, headers={"content-type": "text/html; charset=utf-8"}))
    assert isinstance(error, InternalServerError)
    assert error.message == "Bad Gateway (non-JSON body, text/html)"
    assert error.body == page and "<html>" not in str(error)
    assert error.request_id is None


async def test_rate_limit_error_carries_retry_after() -> None:
    response = httpx.Response(
        429, json=error_body(429, "ThrottlerException", "Too many requests"), headers=rate_headers(120, 0, 3600)
    )
    error = await raised(response)
    assert isinstance(error, RateLimitError) and error.retry_after == 3600


async def test_secret_named_fields_in_error_bodies_are_blanked() -> None:
    details = {"errors": [{"property": "clientSecret", "target": {"clientSecret": "s3cr3t-value-123", "name": "n"}}]}
    error = await raised(httpx.Response(400, json=error_body(400, "BadRequestException", "bad", details)))
    assert isinstance(error, BadRequestError)
    assert error.details == [{"property": "clientSecret", "target": {"clientSecret": "[redacted]", "name": "n"}}]
    assert "s3cr3t" not in repr(error.body)


async def test_body_that_does_not_match_the_model_keeps_the_raw_response() -> None:
    error = await raised(ok(5))  # a number where every model of the union needs an object
    assert isinstance(error, ResponseParseError)
    assert error.response.status_code == 200 and error.response.json()["data"] == 5
    assert error.__cause__ is not None
    assert "get_booking" in str(error) and error.method == "GET" and error.path == "/v2/bookings/bk-1"


async def test_non_json_success_body_is_a_parse_error() -> None:
    error = await raised(httpx.Response(200, text="<html>maintenance</html>"))
    assert isinstance(error, ResponseParseError) and error.response.text == "<html>maintenance</html>"


async def test_the_other_success_status_is_still_parsed() -> None:
    """Documented 200 answered with 201 (and the reverse) is a success, not an error."""
    calls = [(get_default, {}, 201, {"appSlug": "zoom"}), (delete_schedule, {"schedule_id": 1}, 201, None)]
    for module, kwargs, status, data in calls:
        async with make_cal(lambda r, s=status, d=data: ok(d, status=s)) as cal:
            response = await cal.call_raw(module, **kwargs)
        assert response.status_code == status and response.parsed.status.value == "success"
    async with make_cal(lambda r: ok(None, status=200)) as cal:
        assert await cal.call(sync_credentials, calendar="apple", body=_Body()) is None  # documented 201


class _Body:
    def to_dict(self) -> dict[str, Any]:
        return {}


@pytest.mark.parametrize(
    ("exc", "cls", "maybe_processed"),
    [
        (httpx.ConnectError("refused"), APIConnectionError, False),
        (httpx.ConnectTimeout("connect timed out"), APITimeoutError, False),
        (httpx.PoolTimeout("pool"), APITimeoutError, False),
        (httpx.ReadTimeout("read timed out"), APITimeoutError, True),
        (httpx.WriteTimeout("write timed out"), APITimeoutError, True),
        (httpx.ReadError("connection reset by peer"), APIConnectionError, True),
        (httpx.RemoteProtocolError("server disconnected"), APIConnectionError, True),
    ],
)
async def test_transport_failures(exc: Exception, cls: type[APIConnectionError], maybe_processed: bool) -> None:
    error = await raised(exc)
    assert type(error) is cls
    assert isinstance(error, APIConnectionError)
    assert error.maybe_processed is maybe_processed
    assert (error.method, error.path) == ("GET", "/v2/bookings/bk-1")
    assert error.__cause__ is exc


async def test_a_body_that_does_not_decode_is_a_connection_error() -> None:
    # A proxy that claims gzip and sends plain JSON: httpx fails while reading, after the transport.
    broken = httpx.Response(
        200, stream=httpx.ByteStream(b'{"status": "success"}'), headers={"content-encoding": "gzip"}
    )
    error = await raised(broken)
    assert type(error) is APIConnectionError
    assert error.maybe_processed is True  # the server did answer: it may have acted
    assert "DecodingError" in str(error) and "/v2/bookings/bk-1" in str(error)
    assert isinstance(error.__cause__, httpx.DecodingError)


async def test_an_echoed_value_of_a_secret_named_property_is_blanked() -> None:
    # class-validator names the property and echoes the value the caller sent; the SDK may not know it.
    echoed = "eyUNKNOWNrefresh.token.0123456789"
    details = {"errors": [{"property": "refreshToken", "value": echoed, "constraints": {"isJWT": "not a jwt"}}]}
    error = await raised(httpx.Response(400, json=error_body(400, "BadRequestException", "bad", details)))
    assert error.details == [{"property": "refreshToken", "value": "[redacted]", "constraints": {"isJWT": "not a jwt"}}]
    plain = {"errors": [{"property": "name", "value": "Ada"}]}
    error = await raised(httpx.Response(400, json=error_body(400, "BadRequestException", "bad", plain)))
    assert error.details == [{"property": "name", "value": "Ada"}]  # ordinary values stay readable
    assert echoed not in repr(error.body) + repr(error.details)
