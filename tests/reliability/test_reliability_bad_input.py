"""Bad input, one test per case: what the user passes and what the server sends back.

Each case must end in a typed error whose message names the problem. Mistakes the SDK can see
locally must never reach the network; broken responses must never surface as a raw
``KeyError``/``TypeError``/``JSONDecodeError`` from the generated models or as a bare httpx error.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import inspect
import json
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from cal_client.resources import IDEMPOTENCY_KEY, Attendee, CalValidationError
from reliability_kit import CANARY_API_KEY, CANARY_CLIENT_SECRET, CANARY_REFRESH_TOKEN, Observed

from cal_client import (
    APIStatusError,
    AsyncCal,
    BadRequestError,
    BearerToken,
    CalError,
    InternalServerError,
    ManagedUser,
    NotFoundError,
    PlatformClient,
    RateLimitError,
    ResponseParseError,
)
from cal_client.api.bookings import get_booking
from cal_client.types import UNSET

BASE = "https://cal.example"
ADA = Attendee(name="Ada", time_zone="Europe/London", email="ada@example.com")
AWARE = dt.datetime(2030, 1, 8, 10, 0, tzinfo=dt.UTC)
NAIVE = dt.datetime(2030, 1, 8, 10, 0)

Call = Callable[[AsyncCal], Any]


@dataclasses.dataclass(frozen=True)
class Case:
    call: Call
    error: type[BaseException] | tuple[type[BaseException], ...]
    says: tuple[str, ...]
    """Fragments the message must contain: what is wrong, and where."""
    argument: str | None = None
    """For ``CalValidationError``: the argument it must name."""
    never_says: tuple[str, ...] = ("_get_kwargs", "from_dict", "Traceback")
    """Names of generated internals: a user's mistake is reported in the user's terms."""


def create(**overrides: Any) -> Call:
    kwargs: dict[str, Any] = {"event_type_id": 42, "start": AWARE, "attendee": ADA, **overrides}
    return lambda cal: cal.bookings.create(**kwargs)


def attendee(**fields: Any) -> dict[str, Any]:
    return {"name": "Ada", "time_zone": "Europe/London", "email": "ada@example.com", **fields}


def construct(**kwargs: Any) -> Call:
    def call(cal: AsyncCal) -> Any:
        return AsyncCal(**kwargs)

    return call


def metadata(keys: int, *, key_length: int = 8, value: Any = "v") -> dict[str, Any]:
    return {f"k{i:0{key_length - 1}d}": value for i in range(keys)}


# Mistakes the SDK must refuse before sending anything.
LOCAL: dict[str, Case] = {
    "naive-datetime-create": Case(create(start=NAIVE), CalValidationError, ("start", "no time zone"), "start"),
    "iso-string-without-offset": Case(
        create(start="2030-01-08T10:00:00"), CalValidationError, ("start", "no time zone"), "start"
    ),
    "naive-datetime-slots": Case(
        lambda cal: cal.slots.find(event_type_id=42, start=NAIVE, end=AWARE),
        CalValidationError,
        ("start", "no time zone"),
        "start",
    ),
    "naive-datetime-reschedule": Case(
        lambda cal: cal.bookings.reschedule("abc", start=NAIVE), CalValidationError, ("start", "no time zone"), "start"
    ),
    "date-not-an-instant": Case(create(start=dt.date(2030, 1, 8)), CalValidationError, ("start", "date"), "start"),
    "start-not-iso": Case(create(start="tomorrow 10am"), CalValidationError, ("start", "ISO-8601"), "start"),
    "bad-iana-zone-attendee": Case(
        create(attendee=attendee(time_zone="Mars/Olympus_Mons")),
        CalValidationError,
        ("Mars/Olympus_Mons", "IANA"),
        "attendee.time_zone",
    ),
    "misspelt-iana-zone-slots": Case(
        lambda cal: cal.slots.find(event_type_id=42, start=AWARE, end=AWARE, time_zone="Europe/Londn"),
        CalValidationError,
        ("Europe/Londn", "IANA"),
        "time_zone",
    ),
    "utc-offset-is-not-a-zone": Case(
        create(attendee=attendee(time_zone="+02:00")), CalValidationError, ("+02:00", "IANA"), "attendee.time_zone"
    ),
    "empty-zone-schedule": Case(
        lambda cal: cal.schedules.create(name="Work", time_zone="", is_default=True),
        CalValidationError,
        ("time_zone", "empty"),
        "time_zone",
    ),
    "int-booking-uid": Case(lambda cal: cal.bookings.get(12345), CalValidationError, ("uid", "str", "int"), "uid"),
    "str-event-type-id": Case(
        lambda cal: cal.event_types.get("42"), CalValidationError, ("event_type_id", "int", "str"), "event_type_id"
    ),
    "bool-schedule-id": Case(
        lambda cal: cal.schedules.get(True), CalValidationError, ("schedule_id", "int", "bool"), "schedule_id"
    ),
    "str-event-type-id-in-create": Case(
        create(event_type_id="42"), CalValidationError, ("event_type_id", "int"), "event_type_id"
    ),
    "empty-booking-uid": Case(lambda cal: cal.bookings.get(""), CalValidationError, ("uid", "empty"), "uid"),
    "blank-uid-cancel": Case(lambda cal: cal.bookings.cancel("   "), CalValidationError, ("uid", "empty"), "uid"),
    "path-traversal-uid": Case(
        lambda cal: cal.bookings.get("../me"), CalValidationError, ("uid", "not a valid id"), "uid"
    ),
    "empty-attendee-name": Case(
        create(attendee=attendee(name="")), CalValidationError, ("attendee.name", "empty"), "attendee.name"
    ),
    "bad-attendee-email": Case(
        create(attendee=attendee(email="ada-at-example")),
        CalValidationError,
        ("ada-at-example", "e-mail"),
        "attendee.email",
    ),
    "attendee-without-contact": Case(
        create(attendee=attendee(email=None)), CalValidationError, ("email", "phone_number"), "attendee.email"
    ),
    "unknown-attendee-key": Case(
        create(attendee=attendee(mobile="+4412")), CalValidationError, ("unknown keys", "mobile"), "attendee"
    ),
    "guests-as-one-string": Case(create(guests="bob@example.com"), CalValidationError, ("guests", "list"), "guests"),
    "no-event-type": Case(create(event_type_id=None), CalValidationError, ("event type",), "event_type_id"),
    "metadata-51-keys": Case(create(metadata=metadata(51)), CalValidationError, ("51 keys", "50"), "metadata"),
    "metadata-50-keys-plus-idempotency-key": Case(
        create(metadata=metadata(50)), CalValidationError, ("50 keys", "exactly-once"), "metadata"
    ),
    "metadata-41-char-key": Case(
        create(metadata=metadata(1, key_length=41)), CalValidationError, ("1-40 characters",), "metadata"
    ),
    "metadata-501-char-value": Case(
        create(metadata={"note": "x" * 501}), CalValidationError, ("501 characters", "500"), "metadata"
    ),
    "metadata-nested-value": Case(
        create(metadata={"nested": {"a": 1}}), CalValidationError, ("nested", "str, int, float or bool"), "metadata"
    ),
    "metadata-reserved-key": Case(
        create(metadata={IDEMPOTENCY_KEY: "mine"}), CalValidationError, (IDEMPOTENCY_KEY, "reserved"), "metadata"
    ),
    "page-size-over-api-limit": Case(
        lambda cal: cal.bookings.list(take=1000), CalValidationError, ("take", "250"), "take"
    ),
    "page-size-zero": Case(lambda cal: cal.bookings.list(take=0), CalValidationError, ("take", "1"), "take"),
    "slots-end-before-start": Case(
        lambda cal: cal.slots.find(event_type_id=42, start=AWARE, end=AWARE - dt.timedelta(days=1)),
        CalValidationError,
        ("end", "before start"),
        "end",
    ),
    "http-base-url": Case(
        construct(api_key=CANARY_API_KEY, base_url="http://api.cal.com"), ValueError, ("http://", "https://")
    ),
    "base-url-without-scheme": Case(
        construct(api_key=CANARY_API_KEY, base_url="api.cal.com"), ValueError, ("api.cal.com", "absolute")
    ),
    "api-key-without-cal-prefix": Case(construct(api_key="sk_live_0123456789abcdef"), ValueError, ("api_key", "cal_")),
    "api-key-with-bearer-prefix": Case(
        construct(api_key="Bearer " + CANARY_API_KEY), ValueError, ("api_key", "starts with 'Bearer'")
    ),
    "api-key-with-line-break": Case(construct(api_key=CANARY_API_KEY + "\n"), ValueError, ("api_key", "whitespace")),
    "api-key-empty": Case(construct(api_key=""), ValueError, ("api_key", "empty")),
    "api-key-not-a-string": Case(construct(api_key=12345), TypeError, ("api_key", "str", "int")),
    "global-cal-api-version-header": Case(
        construct(api_key=CANARY_API_KEY, default_headers={"cal-api-version": "2024-08-13"}),
        ValueError,
        ("cal-api-version", "per"),
    ),
    "negative-max-retries": Case(lambda cal: cal.with_options(max_retries=-1), ValueError, ("max_retries", "-1")),
    "empty-managed-user-client-id": Case(
        lambda cal: ManagedUser("", CANARY_CLIENT_SECRET, "access", CANARY_REFRESH_TOKEN),
        ValueError,
        ("client_id", "empty"),
    ),
    "platform-secret-with-space": Case(
        lambda cal: PlatformClient("client", CANARY_CLIENT_SECRET + " "), ValueError, ("secret_key", "whitespace")
    ),
    "bearer-token-not-a-string": Case(lambda cal: BearerToken(12345), TypeError, ("token", "str")),  # type: ignore[arg-type]
    "low-level-call-without-its-path-id": Case(
        lambda cal: cal.call(get_booking), (TypeError, ValueError), ("get_booking", "booking_uid")
    ),
    "low-level-call-with-an-unknown-argument": Case(
        lambda cal: cal.call(get_booking, booking_uid="abc", bookingUid="abc"),
        (TypeError, ValueError),
        ("get_booking", "bookingUid"),
    ),
    "low-level-call-with-none-as-path-id": Case(
        lambda cal: cal.call(get_booking, booking_uid=None), (TypeError, ValueError), ("booking_uid", "None")
    ),
}


class NoNetwork(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(500, json={"status": "error"})


@pytest.mark.parametrize("name", list(LOCAL))
async def test_bad_argument_is_refused_locally(name: str, observed: Observed) -> None:
    case = LOCAL[name]
    network = NoNetwork()
    cal = AsyncCal(api_key=CANARY_API_KEY, base_url=BASE, transport=network)
    try:
        with pytest.raises(case.error) as caught:
            result = case.call(cal)
            if inspect.isawaitable(result):
                await result
    finally:
        await cal.aclose()
    observed.see(caught.value)
    message = str(caught.value)
    for fragment in case.says:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    for internal in case.never_says:
        assert internal not in message, f"{internal!r} in {message!r}"
    if case.argument is not None:
        assert isinstance(caught.value, CalValidationError)
        assert caught.value.argument == case.argument
    assert network.requests == [], "a request the SDK could refuse locally reached the network"


# What the server (or a proxy in front of it) may send back.


def body(status: int, content: bytes, content_type: str, **headers: str) -> httpx.Response:
    return httpx.Response(status, content=content, headers={"content-type": content_type, **headers})


BOOKING = {
    "id": 1,
    "uid": "abc",
    "title": "Intro",
    "description": None,
    "hosts": [],
    "status": "accepted",
    "start": "2030-01-08T10:00:00.000Z",
    "end": "2030-01-08T10:30:00.000Z",
    "duration": 30,
    "eventTypeId": 42,
    "eventType": {"id": 42, "slug": "intro"},
    "location": None,
    "absentHost": False,
    "createdAt": "2030-01-07T10:00:00.000Z",
    "updatedAt": None,
    "attendees": [],
    "bookingFieldsResponses": {},
}


def envelope(data: Any) -> bytes:
    return json.dumps({"status": "success", "data": data}).encode()


HTML_PAGE = b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>" + b"<p>upstream</p>" * 20


def get_booking_abc(cal: AsyncCal) -> Any:
    return cal.bookings.get("abc")


def refresh_with_client_credentials(cal: AsyncCal) -> Any:
    """The refresh endpoint called directly, as a platform backend with client credentials would."""
    from cal_client.api.platform_managed_users import refresh_tokens
    from cal_client.models.refresh_token_input import RefreshTokenInput

    platform = cal.with_options(auth=PlatformClient("client-1", CANARY_CLIENT_SECRET))
    return platform.call(
        refresh_tokens, client_id="client-1", body=RefreshTokenInput(refresh_token=CANARY_REFRESH_TOKEN)
    )


# Cal.com's ValidationPipe answers 400 with class-validator errors that echo the offending
# ``value`` and the whole request body as ``target`` (cal-api-v2.md 3.2).
VALIDATION_ECHO = {
    "status": "error",
    "timestamp": "2030-01-07T08:00:00.000Z",
    "path": "/v2/oauth/client-1/refresh",
    "error": {
        "code": "BadRequestException",
        "message": "Bad Request Exception",
        "details": {
            "message": "Bad Request Exception",
            "errors": [
                {
                    "property": "refreshToken",
                    "value": CANARY_REFRESH_TOKEN,
                    "target": {"refreshToken": CANARY_REFRESH_TOKEN},
                    "constraints": {"isJWT": "refreshToken must be a jwt string"},
                    "children": [],
                }
            ],
        },
    },
}


@dataclasses.dataclass(frozen=True)
class Reply:
    response: Callable[[], httpx.Response]
    error: type[BaseException] | None
    says: tuple[str, ...] = ()
    call: Call = get_booking_abc


REPLIES: dict[str, Reply] = {
    "200-not-json": Reply(lambda: body(200, b"OK", "text/plain"), ResponseParseError, ("get_booking", "200")),
    "200-truncated-json": Reply(
        lambda: body(200, envelope(BOOKING)[:-40], "application/json"), ResponseParseError, ("get_booking",)
    ),
    "200-empty-body": Reply(lambda: body(200, b"", "application/json"), ResponseParseError, ("get_booking",)),
    "200-html-page": Reply(lambda: body(200, HTML_PAGE, "text/html"), ResponseParseError, ("get_booking",)),
    "200-xml": Reply(
        lambda: body(200, b"<?xml version='1.0'?><booking/>", "application/xml"), ResponseParseError, ("get_booking",)
    ),
    "200-json-labelled-text-plain": Reply(lambda: body(200, envelope(BOOKING), "text/plain"), None),
    "200-invalid-utf8": Reply(
        lambda: body(200, b'{"status": "success", "data": "\xff\xfe"}', "application/json"),
        ResponseParseError,
        ("get_booking",),
    ),
    "200-bad-content-encoding": Reply(
        lambda: body(200, envelope(BOOKING), "application/json", **{"content-encoding": "gzip"}),
        CalError,
        ("decod",),
    ),
    "200-top-level-array": Reply(lambda: body(200, b"[]", "application/json"), ResponseParseError, ("get_booking",)),
    "200-envelope-without-data": Reply(
        lambda: body(200, b'{"status": "success"}', "application/json"), ResponseParseError, ("get_booking",)
    ),
    "200-data-missing-required-fields": Reply(
        lambda: body(200, envelope({"id": 1}), "application/json"), ResponseParseError, ("get_booking",)
    ),
    "200-data-of-wrong-type": Reply(
        lambda: body(200, envelope("a string"), "application/json"), ResponseParseError, ("get_booking",)
    ),
    "200-field-of-wrong-type": Reply(
        lambda: body(200, envelope({**BOOKING, "hosts": "nobody"}), "application/json"),
        ResponseParseError,
        ("get_booking",),
    ),
    "502-html-error-page": Reply(
        lambda: body(502, HTML_PAGE, "text/html"), InternalServerError, ("502", "non-JSON body", "text/html")
    ),
    "500-huge-html-error-page": Reply(
        lambda: body(500, b"<html>" + b"x" * 2_000_000 + b"</html>", "text/html"), InternalServerError, ("500",)
    ),
    "404-nest-plain-body": Reply(
        lambda: body(404, b'{"statusCode": 404, "message": "Cannot GET /v2/bookings/abc"}', "application/json"),
        NotFoundError,
        ("404", "Cannot GET"),
    ),
    "400-body-is-a-bare-string": Reply(
        lambda: body(400, b'"bad things"', "application/json"), BadRequestError, ("400",)
    ),
    "400-validation-error-echoes-the-refresh-token": Reply(
        lambda: body(400, json.dumps(VALIDATION_ECHO).encode(), "application/json"),
        BadRequestError,
        ("400", "BadRequestException", "1 detail"),
        refresh_with_client_credentials,
    ),
    "429-without-rate-limit-headers": Reply(lambda: body(429, b"", "application/json"), RateLimitError, ("429",)),
    "418-unknown-status-empty-body": Reply(lambda: body(418, b"", "text/plain"), APIStatusError, ("418",)),
}


@pytest.mark.parametrize("name", list(REPLIES))
async def test_bad_response_becomes_a_typed_error(name: str, observed: Observed) -> None:
    reply = REPLIES[name]
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return reply.response()

    async with AsyncCal(api_key=CANARY_API_KEY, base_url=BASE, transport=httpx.MockTransport(handler)) as cal:
        if reply.error is None:
            booking = await reply.call(cal)
            assert booking.uid == "abc"
            return
        with pytest.raises(CalError) as caught:
            await reply.call(cal)
    observed.see(caught.value)
    assert isinstance(caught.value, reply.error), repr(caught.value)
    message = str(caught.value)
    for fragment in reply.says:
        assert fragment.lower() in message.lower(), f"{fragment!r} not in {message!r}"
    # The message stays readable: no HTML page, no megabytes of body.
    assert "<html" not in message.lower() and "<!doctype" not in message.lower()
    assert len(message) < 1000
    if isinstance(caught.value, ResponseParseError | APIStatusError):
        assert caught.value.response.status_code == reply.response().status_code


# Where strict parsing (the project's tests, as above) locates each 2xx departure: (model, field path).
STRICT_DEPARTURES: dict[str, tuple[str, str]] = {
    "200-top-level-array": ("GetBookingOutput20240813", "GetBookingOutput20240813"),
    "200-envelope-without-data": ("GetBookingOutput20240813", "GetBookingOutput20240813.data"),
    # No booking variant has its keys: the departure is named in the variant read for it.
    "200-data-missing-required-fields": ("GetSeatedBookingOutput20240813", "GetBookingOutput20240813.data.uid"),
    "200-data-of-wrong-type": ("GetBookingOutput20240813", "GetBookingOutput20240813.data"),
    "200-field-of-wrong-type": ("BookingOutput20240813", "GetBookingOutput20240813.data.hosts"),
}


@pytest.mark.parametrize("name", list(STRICT_DEPARTURES))
async def test_strict_parsing_names_the_model_and_field_path_of_a_departure(name: str, observed: Observed) -> None:
    async with AsyncCal(
        api_key=CANARY_API_KEY, base_url=BASE, transport=httpx.MockTransport(lambda r: REPLIES[name].response())
    ) as cal:
        with pytest.raises(ResponseParseError) as caught:
            await REPLIES[name].call(cal)
    observed.see(caught.value)
    assert (caught.value.model, caught.value.field_path) == STRICT_DEPARTURES[name]
    assert "strict parsing" in str(caught.value)


def _lenient_result(name: str) -> Callable[[Any], None]:
    """What a user gets for each 2xx body whose JSON departs from the spec: checks on the result."""

    def booking_with_raw_hosts(booking: Any) -> None:
        assert (booking.uid, booking.hosts, booking.title) == ("abc", "nobody", "Intro")
        assert booking.to_dict() == {**BOOKING, "hosts": "nobody"}

    checks: dict[str, Callable[[Any], None]] = {
        # The envelope had no data: the booking is absent, not invented.
        "200-envelope-without-data": lambda data: _is(data, UNSET),
        "200-data-missing-required-fields": lambda data: _is(data.to_dict(), {"id": 1}),
        "200-data-of-wrong-type": lambda data: _is(data, "a string"),
        "200-field-of-wrong-type": booking_with_raw_hosts,
    }
    return checks[name]


def _is(value: Any, expected: Any) -> None:
    assert value == expected and type(value) is type(expected)


LENIENT_WARNINGS: dict[str, tuple[str, str, str]] = {
    "200-envelope-without-data": ("GetBookingOutput20240813", "data", "missing required key"),
    "200-data-missing-required-fields": ("GetSeatedBookingOutput20240813", "uid", "missing required key"),
    "200-data-of-wrong-type": ("GetBookingOutput20240813", "data", "matches no union alternative"),
    "200-field-of-wrong-type": ("BookingOutput20240813", "hosts", "wrong type"),
}


@pytest.mark.parametrize("name", [name for name, reply in REPLIES.items() if reply.error is ResponseParseError])
async def test_a_user_gets_a_departing_2xx_body_kept_raw_not_an_exception(
    name: str, observed: Observed, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from cal_client import types as cal_types

    monkeypatch.setattr(cal_types, "_warned", set())
    reply = REPLIES[name]
    async with AsyncCal(
        api_key=CANARY_API_KEY,
        base_url=BASE,
        transport=httpx.MockTransport(lambda r: reply.response()),
        strict_parsing=False,
    ) as cal:
        if name not in LENIENT_WARNINGS:
            # Not JSON, or JSON that is no object: nothing to keep but the raw response.
            with pytest.raises(ResponseParseError) as caught:
                await reply.call(cal)
            observed.see(caught.value)
            assert "strict parsing" not in str(caught.value)
            assert caught.value.response.content == reply.response().content
            return
        result = await reply.call(cal)
    _lenient_result(name)(result)
    warned = [tuple(r.args) for r in caplog.records if r.name == "cal_client" and r.levelno == logging.WARNING]
    assert LENIENT_WARNINGS[name] in warned
    assert len(warned) == len(set(warned))  # once each


async def test_huge_response_parses(observed: Observed) -> None:
    """A 5,000-booking page (several MB) is read whole and parsed, item by item."""
    items = [{**BOOKING, "id": i, "uid": f"u{i}", "description": "d" * 400} for i in range(5000)]
    pagination = {
        "totalItems": 5000,
        "remainingItems": 0,
        "returnedItems": 5000,
        "itemsPerPage": 250,
        "currentPage": 1,
        "totalPages": 1,
        "hasNextPage": False,
        "hasPreviousPage": False,
    }
    content = json.dumps({"status": "success", "data": items, "pagination": pagination}).encode()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            content=gzip.compress(content),
            headers={"content-type": "application/json", "content-encoding": "gzip"},
        )

    async with AsyncCal(api_key=CANARY_API_KEY, base_url=BASE, transport=httpx.MockTransport(handler)) as cal:
        page = await cal.bookings.list(take=250)
    assert len(content) > 2_000_000
    assert [b.uid for b in page.items] == [f"u{i}" for i in range(5000)]
