"""How the committed client parses: what the templates do for speed must not change what comes out.

The templates skip a union alternative whose distinguishing keys or tags are absent, resolve the
models a model refers to once, look enum values up in the value map, and build objects without
calling ``__init__``. Each test here checks the behaviour that must survive those shortcuts.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from generation_fixtures import ROOT

import cal_client.models as models
from cal_client import types
from cal_client.types import STRICT_PARSING, ParseDeparture

BOOKING: dict[str, Any] = {
    "id": 1,
    "uid": "b1",
    "title": "Intro",
    "description": None,
    "hosts": [
        {
            "id": 1,
            "name": "Host",
            "email": "h@example.com",
            "displayEmail": "h@example.com",
            "username": "h",
            "timeZone": "Europe/Rome",
        }
    ],
    "status": "accepted",
    "start": "2030-01-01T10:00:00.000Z",
    "end": "2030-01-01T10:30:00.000Z",
    "duration": 30,
    "eventTypeId": 5,
    "eventType": {"id": 5, "slug": "intro"},
    "location": None,
    "absentHost": False,
    "createdAt": "2029-12-01T08:00:00.000Z",
    "updatedAt": None,
    "attendees": [
        {
            "name": "Ann",
            "email": "ann@example.com",
            "displayEmail": "ann@example.com",
            "timeZone": "Europe/Rome",
            "absent": False,
        }
    ],
    "bookingFieldsResponses": {"name": "Ann"},
}
RECURRING = {**BOOKING, "uid": "b2", "recurringBookingUid": "series-1"}


@pytest.fixture(params=["lenient", "strict"])
def mode(request: pytest.FixtureRequest) -> Iterator[str]:
    """Both ways of parsing: users' (lenient, the fast path) and the project's tests' (strict)."""
    token = STRICT_PARSING.set(request.param == "strict")
    try:
        yield request.param
    finally:
        STRICT_PARSING.reset(token)


def _count_calls(monkeypatch: pytest.MonkeyPatch, cls: type) -> list[Any]:
    """Record the argument of every attempt to read ``cls`` (a union tries a member with
    ``_from_dict_exact``, a lenient read uses ``from_dict``), still parsing as before."""
    calls: list[Any] = []
    for name in ("from_dict", "_from_dict_exact"):
        original = getattr(cls, name)

        def attempt(_cls: type, src_dict: Any, _original: Any = original) -> Any:
            calls.append(src_dict)
            return _original(src_dict)

        monkeypatch.setattr(cls, name, classmethod(attempt))
    return calls


def test_a_plain_booking_is_never_parsed_as_a_recurring_one(monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    attempts = _count_calls(monkeypatch, models.RecurringBookingOutput20240813)

    page = models.GetBookingsOutput20240813.from_dict(
        {"status": "success", "data": [BOOKING, RECURRING, BOOKING], "pagination": _pagination(3)}
    )

    assert [type(item).__name__ for item in page.data] == [
        "BookingOutput20240813",
        "RecurringBookingOutput20240813",
        "BookingOutput20240813",
    ]
    assert [item["uid"] for item in attempts] == ["b2"]


def test_a_skipped_variant_is_named_with_the_key_it_lacks(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    broken = {**BOOKING, "hosts": "nobody"}
    # Strict: the variant that has the keys it needs was tried, and its own failure is reported
    # (not the recurring variants, which lack recurringBookingUid).
    with pytest.raises(ParseDeparture) as caught:
        models.GetBookingOutput20240813.from_dict({"status": "success", "data": broken})
    error = caught.value
    assert (error.model, error.root, error.path, error.kind) == (
        "BookingOutput20240813",
        "GetBookingOutput20240813",
        "data.hosts",
        "wrong type",
    )
    assert str(error).startswith("GetBookingOutput20240813.data.hosts: wrong type (in BookingOutput20240813.hosts)")
    # Lenient: the same variant is read, its one departing field kept raw.
    monkeypatch.setattr(types, "_warned", set())
    caplog.set_level(logging.WARNING, logger="cal_client")
    token = STRICT_PARSING.set(False)
    try:
        parsed = models.GetBookingOutput20240813.from_dict({"status": "success", "data": broken})
    finally:
        STRICT_PARSING.reset(token)
    assert type(parsed.data) is models.BookingOutput20240813 and parsed.data.hosts == "nobody"
    assert [r.args for r in caplog.records] == [("BookingOutput20240813", "hosts", "wrong type")]


def test_a_variant_whose_tag_differs_is_not_tried(
    monkeypatch: pytest.MonkeyPatch, locked_normalised: Any, mode: str
) -> None:
    from generation_samples import sample

    from openapi.normalise import SCHEMA_PREFIX

    attempts = _count_calls(monkeypatch, models.BookingInputAddressLocation20240813)
    link = sample(locked_normalised, {"$ref": SCHEMA_PREFIX + "BookingInputLinkLocation_2024_08_13"}, examples=False)
    body = sample(locked_normalised, {"$ref": SCHEMA_PREFIX + "CreateBookingInput_2024_08_13"}, examples=False)
    body["location"] = link

    parsed = models.CreateBookingInput20240813.from_dict(body)

    assert type(parsed.location).__name__ == "BookingInputLinkLocation20240813"
    assert attempts == []


def test_objects_from_dict_equal_those_the_constructor_builds() -> None:
    for cls, data in [
        (models.BookingOutput20240813, {**BOOKING, "meetingUrl": "https://x", "guests": ["g@example.com"]}),
        (models.BookingAttendee, {**BOOKING["attendees"][0], "language": "en", "future": 1}),
        (models.BookingOutput20240813Metadata, {"videoCallUrl": "https://x"}),
    ]:
        parsed = cls.from_dict(data)
        fields = {field.name: getattr(parsed, field.name) for field in attrs.fields(cls) if field.init}
        built = cls(**fields)
        built.additional_properties = dict(parsed.additional_properties)
        assert parsed == built
        assert parsed.to_dict() == built.to_dict()
    assert models.BookingAttendee.from_dict({**BOOKING["attendees"][0], "future": 1}).additional_properties == {
        "future": 1
    }


def test_unknown_keys_stay_in_their_own_dict() -> None:
    data = {**BOOKING["attendees"][0], "future": {"x": 1}}
    first = models.BookingAttendee.from_dict(data)
    second = models.BookingAttendee.from_dict(data)
    first.additional_properties["mine"] = True
    assert second.additional_properties == {"future": {"x": 1}}
    assert data == {**BOOKING["attendees"][0], "future": {"x": 1}}  # the input is left alone


def test_enum_values_are_the_members_and_unknown_ones_are_kept(mode: str) -> None:
    attendee = models.BookingAttendee.from_dict({**BOOKING["attendees"][0], "language": "de"})
    assert attendee.language is models.BookingAttendeeLanguage.DE
    # An optional enum keeps a value added after generation (strict parsing does not check those yet).
    future = models.BookingAttendee.from_dict({**BOOKING["attendees"][0], "language": "tlh"})
    assert (future.language.name, future.language.value) == ("UNKNOWN", "tlh")


def test_an_enum_field_of_another_type_departs(mode: str) -> None:
    wrong_language = {**BOOKING["attendees"][0], "language": 7}
    no_status = {**BOOKING, "status": None}
    if mode == "strict":
        with pytest.raises(ParseDeparture, match=r"^BookingAttendee\.language: matches no union alternative"):
            models.BookingAttendee.from_dict(wrong_language)
        with pytest.raises(ParseDeparture, match=r"^BookingOutput20240813\.status: invalid value"):
            models.BookingOutput20240813.from_dict(no_status)
        return
    # Users: the value is kept as it came (not coerced, not dropped) and written back so.
    attendee = models.BookingAttendee.from_dict(wrong_language)
    assert attendee.language == 7 and attendee.to_dict() == wrong_language
    booking = models.BookingOutput20240813.from_dict(no_status)
    assert booking.status is None and booking.to_dict() == no_status


def test_a_model_imports_the_models_it_refers_to_on_first_use_only() -> None:
    code = f"""
import json, sys
import cal_client.models.booking_output_20240813 as module
before = "cal_client.models.booking_attendee" in sys.modules
module.BookingOutput20240813.from_dict(json.loads({json.dumps(json.dumps(BOOKING))}))
from cal_client.models.booking_attendee import BookingAttendee
print(json.dumps([before, module._imported, module.BookingAttendee is BookingAttendee]))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [False, True, True]


def _pagination(count: int) -> dict[str, Any]:
    return {
        "totalItems": count,
        "remainingItems": 0,
        "returnedItems": count,
        "itemsPerPage": count,
        "currentPage": 1,
        "totalPages": 1,
        "hasNextPage": False,
        "hasPreviousPage": False,
    }
