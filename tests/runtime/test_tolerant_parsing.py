"""A 2xx body that departs from the spec, read as users read it and as the project's tests do.

Lenient (the default for users): the page parses, each departing field keeps its raw JSON while
its siblings are typed, ``to_dict()`` gives back the JSON received, and each departure is logged
once per (model, field, kind) on logger ``cal_client``, naming model, field and kind but never the
value. Strict (``AsyncCal(strict_parsing=True)``, ``CAL_STRICT_PARSING=1``, the
``cal_client.types.STRICT_PARSING`` context variable): ``ResponseParseError`` naming the model and
the field path, again without the value.
"""

from __future__ import annotations

import copy
import datetime
import json
import logging
import os
import subprocess
import sys
import traceback
from typing import Any

import httpx
import pytest
from runtime_helpers import CANARY_ACCESS, CANARY_KEY, make_cal

from cal_client import ResponseParseError
from cal_client import types as cal_types
from cal_client.models import BookingOutput20240813, EventType

UTC = datetime.UTC
# A value Cal.com would never send, standing in for anything private (an attendee's note, a
# token in a metadata field): it departs, so it is exactly what a careless warning would print.
PRIVATE = "private-" + CANARY_ACCESS


def _booking(booking_id: int, **changes: Any) -> dict[str, Any]:
    """A booking as Cal.com's BookingOutput_2024_08_13 sends it (output.service.ts)."""
    booking: dict[str, Any] = {
        "id": booking_id,
        "uid": f"uid-{booking_id}",
        "title": "30 min between Ada Lovelace and Grace Hopper",
        "description": None,
        "hosts": [
            {
                "id": 1187,
                "name": "Ada Lovelace",
                "email": "ada@example.com",
                "displayEmail": "ada@example.com",
                "username": "ada",
                "timeZone": "Europe/London",
            }
        ],
        "status": "accepted",
        "start": "2030-10-01T08:00:00.000Z",
        "end": "2030-10-01T08:30:00.000Z",
        "duration": 30,
        "eventTypeId": 90211,
        "eventType": {"id": 90211, "slug": "30min"},
        "location": None,
        "absentHost": False,
        "createdAt": "2030-09-28T14:12:45.382Z",
        "updatedAt": None,
        "attendees": [
            {
                "name": "Grace Hopper",
                "email": "grace@example.org",
                "displayEmail": "grace@example.org",
                "timeZone": "America/New_York",
                "absent": False,
            }
        ],
        "bookingFieldsResponses": {"name": "Grace Hopper", "email": "grace@example.org"},
    }
    booking.update(changes)
    return booking


PAGINATION = {
    "totalItems": 4,
    "remainingItems": 0,
    "returnedItems": 4,
    "itemsPerPage": 100,
    "currentPage": 1,
    "totalPages": 1,
    "hasNextPage": False,
    "hasPreviousPage": False,
}
# One page: a plain booking; one whose event type was deleted (Cal.com sends "eventType": null,
# which the patched spec allows: typed None, no departure); two whose start is not ISO (one
# departure kind on one field: one warning); one whose hosts is a bare string (a list field).
PAGE: dict[str, Any] = {
    "status": "success",
    "data": [
        _booking(1),
        _booking(2, eventType=None),
        _booking(3, start="next tuesday " + PRIVATE),
        _booking(4, start="soon"),
        _booking(5, hosts=PRIVATE),
    ],
    "pagination": PAGINATION,
}


def _serve(body: Any, requests: list[httpx.Request] | None = None) -> Any:
    raw = json.dumps(body).encode()

    def handler(request: httpx.Request) -> httpx.Response:
        if requests is not None:
            requests.append(request)
        return httpx.Response(200, content=raw, headers={"content-type": "application/json"})

    return handler


@pytest.fixture
def fresh_warnings(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Warnings are once per process: start with none given, and capture ``cal_client``'s."""
    monkeypatch.setattr(cal_types, "_warned", set())
    caplog.set_level(logging.WARNING, logger="cal_client")
    return caplog


def _departure_warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "cal_client" and "shape its spec does not describe" in r.message]


def _no_private_value(text: str) -> None:
    assert PRIVATE not in text and CANARY_ACCESS not in text and "next tuesday" not in text


async def test_a_page_with_odd_bookings_parses_for_users_and_keeps_their_raw_json(
    fresh_warnings: pytest.LogCaptureFixture,
) -> None:
    async with make_cal(_serve(PAGE), strict_parsing=False) as cal:
        page = await cal.bookings.list()

    plain, deleted_type, odd_start, vague_start, bare_hosts = page.items
    assert all(isinstance(b, BookingOutput20240813) for b in page.items)
    assert page.pagination is not None and page.pagination.total_items == 4
    # The plain booking is typed throughout.
    assert plain.start == datetime.datetime(2030, 10, 1, 8, 0, tzinfo=UTC)
    assert isinstance(plain.event_type, EventType) and plain.event_type.slug == "30min"
    assert [h.username for h in plain.hosts] == ["ada"]
    # A deleted event type is what Cal.com sends, and the patched spec says so: typed None.
    assert deleted_type.event_type is None
    # The odd fields keep the raw JSON; their siblings are typed.
    assert odd_start.start == "next tuesday " + PRIVATE
    assert vague_start.start == "soon"
    assert odd_start.end == datetime.datetime(2030, 10, 1, 8, 30, tzinfo=UTC)
    assert isinstance(odd_start.event_type, EventType) and odd_start.attendees[0].email == "grace@example.org"
    # A bare string where a list belongs is kept whole, never split into characters.
    assert bare_hosts.hosts == PRIVATE
    assert bare_hosts.start == datetime.datetime(2030, 10, 1, 8, 0, tzinfo=UTC)
    # Lossless: each booking, and the page, give back exactly what was received.
    assert [b.to_dict() for b in page.items] == PAGE["data"]
    assert json.loads(json.dumps([b.to_dict() for b in page.items])) == PAGE["data"]

    warned = _departure_warnings(fresh_warnings)
    assert sorted(tuple(r.args) for r in warned if isinstance(r.args, tuple)) == [
        ("BookingOutput20240813", "hosts", "wrong type"),
        ("BookingOutput20240813", "start", "invalid value"),
    ]
    for record in warned:
        assert record.levelno == logging.WARNING
        _no_private_value(record.getMessage())
    assert all(r.name != "cal_client" or r.levelno < logging.WARNING or r in warned for r in fresh_warnings.records)


async def test_the_same_departures_warn_once_per_model_field_and_kind_across_calls(
    fresh_warnings: pytest.LogCaptureFixture,
) -> None:
    async with make_cal(_serve(PAGE), strict_parsing=False) as cal:
        await cal.bookings.list()
        await cal.bookings.list()
    assert len(_departure_warnings(fresh_warnings)) == 2


async def test_strict_parsing_names_the_model_and_field_path_without_the_value(
    fresh_warnings: pytest.LogCaptureFixture,
) -> None:
    page = copy.deepcopy(PAGE)
    del page["data"][4]  # only the start departs: strict mode names it
    async with make_cal(_serve(page), strict_parsing=True) as cal:
        with pytest.raises(ResponseParseError) as info:
            await cal.bookings.list()
    error = info.value
    assert error.model == "BookingOutput20240813"
    assert error.field_path is not None and error.field_path.startswith("GetBookingsOutput20240813.data")
    assert error.field_path.endswith(".start")
    assert "BookingOutput20240813.start" in str(error) and "invalid value" in str(error)
    assert error.status_code == 200 and error.response.json() == page
    assert isinstance(error.__cause__, cal_types.ParseDeparture)
    for text in (str(error), repr(error), str(error.__cause__), "".join(traceback.format_exception(error))):
        _no_private_value(text)
        assert CANARY_KEY not in text
    # Strict mode raises instead of warning.
    assert _departure_warnings(fresh_warnings) == []


async def test_strict_parsing_reports_a_bare_string_in_a_list_field() -> None:
    page = copy.deepcopy(PAGE)
    page["data"] = [_booking(5, hosts=PRIVATE)]
    async with make_cal(_serve(page), strict_parsing=True) as cal:
        with pytest.raises(ResponseParseError) as info:
            await cal.bookings.list()
    assert info.value.model == "BookingOutput20240813"
    assert info.value.field_path is not None and info.value.field_path.endswith(".hosts")
    for text in (str(info.value), "".join(traceback.format_exception(info.value))):
        _no_private_value(text)


@pytest.mark.parametrize(
    "changes",
    [
        {"updatedAt": "updated " + PRIVATE},  # a union (date-time | null): its members' errors quote the input
        {"start": "starts " + PRIVATE},
        {"status": PRIVATE},
        {"eventType": {"id": PRIVATE}},
        {"attendees": [{"name": PRIVATE}]},
    ],
    ids=["nullable-datetime", "datetime", "enum", "nested-model", "list-item"],
)
async def test_no_departing_value_reaches_a_strict_error_its_traceback_or_a_warning(
    changes: dict[str, Any], fresh_warnings: pytest.LogCaptureFixture
) -> None:
    body = {"status": "success", "data": _booking(3, **changes)}
    async with make_cal(_serve(body), strict_parsing=True) as cal:
        with pytest.raises(ResponseParseError) as info:
            await cal.bookings.get("uid-3")
    error = info.value
    assert error.model and error.field_path
    # The field's own error (whose text may quote the value) is not kept in the chain at all.
    assert isinstance(error.__cause__, cal_types.ParseDeparture) and error.__cause__.__context__ is None
    # Whatever a handler prints: the message, the repr, the chained causes, a logged traceback.
    logging.getLogger("app").error("booking failed", exc_info=error)
    for text in (str(error), repr(error), "".join(traceback.format_exception(error)), fresh_warnings.text):
        _no_private_value(text)
    async with make_cal(_serve(body), strict_parsing=False) as cal:
        booking = await cal.bookings.get("uid-3")
    assert booking.to_dict() == body["data"]
    # An unknown enum value is kept without a warning (an open enum); every other departure warns.
    assert bool(_departure_warnings(fresh_warnings)) == ("status" not in changes)
    for record in fresh_warnings.records:
        _no_private_value(record.getMessage())


async def test_a_booking_with_a_deleted_event_type_is_no_departure_even_strictly() -> None:
    body = {"status": "success", "data": _booking(2, eventType=None)}
    async with make_cal(_serve(body), strict_parsing=True) as cal:
        booking = await cal.bookings.get("uid-2")
    assert isinstance(booking, BookingOutput20240813) and booking.event_type is None
    assert booking.to_dict() == body["data"]


async def test_a_single_booking_with_a_departing_field_reaches_the_user(
    fresh_warnings: pytest.LogCaptureFixture,
) -> None:
    body = {"status": "success", "data": _booking(3, createdAt=12345, attendees={"note": PRIVATE})}
    async with make_cal(_serve(body), strict_parsing=False) as cal:
        booking = await cal.bookings.get("uid-3")
    assert isinstance(booking, BookingOutput20240813)
    # A mapping where a list belongs is kept whole too, never iterated into its keys.
    assert booking.created_at == 12345 and booking.attendees == {"note": PRIVATE}
    assert booking.start == datetime.datetime(2030, 10, 1, 8, 0, tzinfo=UTC)
    assert booking.to_dict() == body["data"]
    warned = sorted(tuple(r.args) for r in _departure_warnings(fresh_warnings) if isinstance(r.args, tuple))
    assert [(model, field) for model, field, _kind in warned] == [
        ("BookingOutput20240813", "attendees"),
        ("BookingOutput20240813", "createdAt"),
    ]
    for record in _departure_warnings(fresh_warnings):
        _no_private_value(record.getMessage())


async def test_the_client_setting_overrides_the_context_variable() -> None:
    body = {"status": "success", "data": _booking(3, start="soon")}
    token = cal_types.STRICT_PARSING.set(True)
    try:
        async with make_cal(_serve(body), strict_parsing=False) as cal:
            assert (await cal.bookings.get("uid-3")).start == "soon"
        # The client's own setting applied only inside its call.
        assert cal_types.STRICT_PARSING.get() is True
    finally:
        cal_types.STRICT_PARSING.reset(token)
    token = cal_types.STRICT_PARSING.set(False)
    try:
        async with make_cal(_serve(body), strict_parsing=True) as cal:
            with pytest.raises(ResponseParseError):
                await cal.bookings.get("uid-3")
        async with make_cal(_serve(body)) as cal:  # no setting: the context variable decides
            assert (await cal.bookings.get("uid-3")).start == "soon"
    finally:
        cal_types.STRICT_PARSING.reset(token)


async def test_the_lenient_fixture_gives_users_default_parsing(lenient: None) -> None:
    body = {"status": "success", "data": _booking(3, start="soon")}
    async with make_cal(_serve(body)) as cal:
        assert (await cal.bookings.get("uid-3")).start == "soon"


_PROBE = """
import asyncio, json, httpx
from cal_client import AsyncCal, ResponseParseError
body = json.loads({body!r})
async def main(setting):
    cal = AsyncCal(api_key="cal_test_probe", transport=httpx.MockTransport(
        lambda request: httpx.Response(200, json=body)), strict_parsing=setting)
    async with cal:
        try:
            booking = await cal.bookings.get("uid-3")
        except ResponseParseError as error:
            return "strict " + str(error.field_path)
        return "lenient " + str(booking.start)
print(asyncio.run(main(None)), "|", asyncio.run(main(True)), "|", asyncio.run(main(False)))
"""


@pytest.mark.parametrize(
    ("env", "default"),
    [
        (None, "lenient soon"),
        ("0", "lenient soon"),
        ("", "lenient soon"),
        ("1", "strict GetBookingOutput20240813.data.start"),
    ],
)
def test_users_parse_leniently_unless_cal_strict_parsing_is_set(env: str | None, default: str) -> None:
    body = json.dumps({"status": "success", "data": _booking(3, start="soon")})
    environ = {k: v for k, v in os.environ.items() if k != "CAL_STRICT_PARSING"}
    if env is not None:
        environ["CAL_STRICT_PARSING"] = env
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE.format(body=body)],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    # The client's own setting wins over the environment either way.
    assert proc.stdout.split("\n")[0] == (f"{default} | strict GetBookingOutput20240813.data.start | lenient soon"), (
        proc.stdout
    )
    # A lenient run warns once on stderr (logging's last resort), without the value.
    assert proc.stderr.count("BookingOutput20240813.start") == 1, proc.stderr
    assert "soon" not in proc.stderr


async def test_a_copy_made_with_options_keeps_the_setting() -> None:
    body = {"status": "success", "data": _booking(3, start="soon")}
    async with make_cal(_serve(body), strict_parsing=True) as cal:
        with pytest.raises(ResponseParseError):
            await cal.with_options(timeout=5).bookings.get("uid-3")
