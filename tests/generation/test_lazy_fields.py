"""Fields holding models are read on first access (the happy path's speed), and that must not show.

``from_dict`` keeps a model's JSON object and leaves its model-typed fields (a model, a list of
them, a union with one) to ``__getattr__``. Whatever a user does first (read the field, compare,
repr, copy, pickle, ``to_dict``) gives what eager parsing gives: the same classes all the way down,
the same departures, and exactly the JSON received.
"""

from __future__ import annotations

import copy
import importlib
import json
import logging
import pickle
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

from cal_client.client import Client
from cal_client.models import BookingAttendee, BookingOutput20240813, EventType, GetBookingsOutput20240813
from cal_client.types import STRICT_PARSING, ParseDeparture

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text())


def _response_cases() -> list[Any]:
    cases = []
    for entry in MANIFEST["cases"]:
        case = json.loads((CORPUS / entry["file"]).read_text())
        if "call" in case and 200 <= case["status"] < 300:
            cases.append(pytest.param(case, id=entry["file"].split("/")[-1].removesuffix(".json")))
    return cases


def _parse(case: dict[str, Any], *, strict: bool) -> Any:
    module = importlib.import_module(case["call"]["module"])
    response = httpx.Response(case["status"], json=case["body"])
    token = STRICT_PARSING.set(strict)
    try:
        return module._parse_response(client=Client(base_url="https://cal.invalid"), response=response)
    finally:
        STRICT_PARSING.reset(token)


def _unread(model: Any) -> list[str]:
    """Names of the fields of ``model`` not read yet (their slots still empty)."""
    unread = []
    for field in attrs.fields(type(model)):
        try:
            object.__getattribute__(model, field.name)
        except AttributeError:
            unread.append(field.name)
    return unread


def shape(value: Any) -> Any:
    """The classes of ``value`` all the way down (reading every field), and where it departed."""
    if attrs.has(type(value)):
        fields = {
            f.name: shape(getattr(value, f.name)) for f in attrs.fields(type(value)) if not f.name.startswith("_")
        }
        return (type(value).__name__, sorted(value._departed or ()), fields)
    if isinstance(value, list):
        return [shape(item) for item in value]
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    return type(value).__name__


@pytest.mark.parametrize("case", _response_cases())
def test_a_lazily_read_response_is_what_eager_parsing_gives(case: dict[str, Any]) -> None:
    lazy = _parse(case, strict=False)
    # Lossless before anything was read, and again after everything was.
    assert json.loads(json.dumps(lazy.to_dict())) == case["body"]
    lazy_shape = shape(lazy)
    assert json.loads(json.dumps(lazy.to_dict())) == case["body"]
    try:
        eager = _parse(case, strict=True)
    except ParseDeparture:
        # Strict parsing refuses it: the lenient model must have kept some field raw.
        assert _departures(lazy_shape), "strict parsing found a departure that lenient parsing did not record"
        return
    assert lazy_shape == shape(eager)


def _departures(tree: Any) -> list[str]:
    if isinstance(tree, tuple):
        return list(tree[1]) + [d for sub in tree[2].values() for d in _departures(sub)]
    if isinstance(tree, list):
        return [d for sub in tree for d in _departures(sub)]
    if isinstance(tree, dict):
        return [d for sub in tree.values() for d in _departures(sub)]
    return []


BOOKING: dict[str, Any] = {
    "id": 1,
    "uid": "u1",
    "title": "Intro",
    "description": "",
    "hosts": [
        {"id": 7, "name": "Ada", "email": "a@x.io", "displayEmail": "a@x.io", "username": "ada", "timeZone": "UTC"}
    ],
    "status": "accepted",
    "start": "2030-01-07T10:00:00.000Z",
    "end": "2030-01-07T10:30:00.000Z",
    "duration": 30,
    "eventTypeId": 3,
    "eventType": {"id": 3, "slug": "intro"},
    "location": None,
    "absentHost": False,
    "createdAt": "2029-12-01T08:00:00.000Z",
    "updatedAt": None,
    "attendees": [
        {"name": "Bo", "email": "b@x.io", "displayEmail": "b@x.io", "timeZone": "UTC", "absent": False},
    ],
    "bookingFieldsResponses": {"name": "Bo"},
}


@pytest.mark.usefixtures("lenient")
def test_model_fields_are_left_unread_until_used_and_then_kept() -> None:
    booking = BookingOutput20240813.from_dict(BOOKING)
    assert set(_unread(booking)) >= {"hosts", "attendees", "event_type", "booking_fields_responses"}
    attendees = booking.attendees
    assert [type(a) for a in attendees] == [BookingAttendee] and attendees[0].email == "b@x.io"
    assert booking.attendees is attendees  # read once, then a plain slot
    assert "attendees" not in _unread(booking)


@pytest.mark.parametrize(
    "use",
    [
        pytest.param(lambda b: b == BookingOutput20240813.from_dict(BOOKING), id="eq"),
        pytest.param(repr, id="repr"),
        pytest.param(copy.copy, id="copy"),
        pytest.param(copy.deepcopy, id="deepcopy"),
        pytest.param(lambda b: pickle.loads(pickle.dumps(b)), id="pickle"),
        pytest.param(lambda b: attrs.evolve(b, title="Other"), id="evolve"),
    ],
)
@pytest.mark.usefixtures("lenient")
def test_whatever_is_done_first_sees_the_parsed_fields(use: Any) -> None:
    booking = BookingOutput20240813.from_dict(BOOKING)
    result = use(booking)
    if isinstance(result, BookingOutput20240813):
        assert isinstance(result.event_type, EventType) and result.hosts[0].username == "ada"
        assert result.to_dict() == {**BOOKING, **({"title": "Other"} if result.title == "Other" else {})}
    elif isinstance(result, str):
        assert "EventType(id=3, slug='intro'" in result and "BookingAttendee(name='Bo'" in result
    else:
        assert result is True


@pytest.mark.usefixtures("lenient")
def test_an_unknown_attribute_is_still_an_attribute_error() -> None:
    booking = BookingOutput20240813.from_dict(BOOKING)
    with pytest.raises(AttributeError, match="'BookingOutput20240813' object has no attribute 'atendees'"):
        booking.atendees  # noqa: B018
    assert not hasattr(booking, "atendees")


def test_a_departure_in_an_unread_field_degrades_locally_when_read(caplog: pytest.LogCaptureFixture) -> None:
    body = {**BOOKING, "attendees": "Bo <b@x.io>", "eventType": {"id": "three"}}
    token = STRICT_PARSING.set(False)
    try:
        booking = BookingOutput20240813.from_dict(body)
    finally:
        STRICT_PARSING.reset(token)
    # Read later, even with strict parsing on by then: the fields are read as the model was parsed.
    with caplog.at_level(logging.WARNING, logger="cal_client"):
        assert booking.attendees == "Bo <b@x.io>"  # kept raw, never split into characters
        assert booking.hosts[0].name == "Ada"  # its siblings parse
        event_type = booking.event_type
    assert isinstance(event_type, EventType) and event_type.id == "three"  # nested fast path keeps it as sent
    assert booking.to_dict() == body
    warnings = [r.getMessage() for r in caplog.records]
    assert any("BookingOutput20240813.attendees" in w and "wrong type" in w for w in warnings), warnings
    assert not any("Bo <b@x.io>" in w for w in warnings)


def test_strict_parsing_reads_everything_at_once() -> None:
    token = STRICT_PARSING.set(True)
    try:
        booking = BookingOutput20240813.from_dict(BOOKING)
        assert _unread(booking) == []
        with pytest.raises(ParseDeparture, match=r"BookingOutput20240813\.attendees"):
            BookingOutput20240813.from_dict({**BOOKING, "attendees": "Bo"})
    finally:
        STRICT_PARSING.reset(token)


@pytest.mark.usefixtures("lenient")
def test_a_page_parsed_lazily_reads_each_item_union_from_its_own_keys() -> None:
    recurring = {**BOOKING, "uid": "u2", "recurringBookingUid": "r1"}
    page = GetBookingsOutput20240813.from_dict(
        {"status": "success", "data": [BOOKING, recurring], "pagination": _PAGINATION}
    )
    assert [type(item).__name__ for item in page.data] == [
        "BookingOutput20240813",
        "RecurringBookingOutput20240813",
    ]
    assert page.to_dict()["data"] == [BOOKING, recurring]


_PAGINATION = {
    "totalItems": 2,
    "remainingItems": 0,
    "returnedItems": 2,
    "itemsPerPage": 10,
    "currentPage": 1,
    "totalPages": 1,
    "hasNextPage": False,
    "hasPreviousPage": False,
}
