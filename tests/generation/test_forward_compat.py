"""What Cal.com may send tomorrow (or already sends) must not break parsing.

For every model a response can contain: all optional fields ``null``, all optional fields
missing, enum values this SDK does not know, keys it does not know. Each must parse for users,
keep every object in its own class, and survive ``to_dict()`` -> ``from_dict()`` unchanged.

Nulls, missing optional fields and unknown keys are no departure at all: they parse in strict
mode too. An enum value the spec does not list parses for users (an open enum: kept, named
``UNKNOWN``, written back as it came, no warning), while strict mode (the project's own tests)
reports it, so a value Cal.com added is noticed and put in the spec.
"""

from __future__ import annotations

import datetime
import json
import logging
from typing import Any

import pytest
from generation_fixtures import SHARED
from generation_models import misplaced
from generation_samples import EXTRA_KEY, UNKNOWN_INT, UNKNOWN_STRING, resolve, response_schema_names, sample

import cal_client.models as models
from cal_client import types as cal_types
from openapi.coverage import class_name
from openapi.normalise import SCHEMA_PREFIX, Normaliser

Json = dict[str, Any]
VARIATIONS = {
    "optional-null": {"optional": "null"},
    "optional-missing": {"optional": "omit"},
    "unknown-enum-values": {"unknown_enums": True},
    "unknown-keys": {"extra_keys": True},
}


# Models whose only unknown enum values sit where strict parsing does not look yet: an optional
# (or nullable) enum field, or the items of a list of enum values. Users get those kept as open
# enum members either way; strict parsing should report them too (a template gap, reported with
# issue 13). When it does, the model's case fails here: remove it from this table.
OPTIONAL_ENUM = "an optional enum field: strict parsing accepts a value its enum does not list"
ENUM_ITEMS = "a list of enum values: strict parsing accepts an item its enum does not list"
STRICT_UNCHECKED: dict[str, tuple[str, str]] = {
    "BookingAttendee": ("language", OPTIONAL_ENUM),
    "BookingAttendeeOutput_2024_08_13": ("language", OPTIONAL_ENUM),
    "BookingAttendeeWithId_2024_08_13": ("language", OPTIONAL_ENUM),
    "SeatedAttendee": ("language", OPTIONAL_ENUM),
    "CalendarEventAttendee": ("responseStatus", OPTIONAL_ENUM),
    "CalendarEventHost": ("responseStatus", OPTIONAL_ENUM),
    "TeamEventTypeResponseHost_2024_06_14": ("priority", OPTIONAL_ENUM),
    "ManagedUserOutput": ("locale", OPTIONAL_ENUM),
    "CreateManagedUserData": ("user.locale", OPTIONAL_ENUM),
    "UserOooOutputDto": ("reason", OPTIONAL_ENUM),
    "EventTypeWebhookOutputDto": ("triggers[0]", ENUM_ITEMS),
    "OAuthClientWebhookOutputDto": ("triggers[0]", ENUM_ITEMS),
    "TeamWebhookOutputDto": ("triggers[0]", ENUM_ITEMS),
    "UserWebhookOutputDto": ("triggers[0]", ENUM_ITEMS),
    "PlatformOAuthClientDto": ("permissions[0]", ENUM_ITEMS),
    "ScheduleAvailabilityInput_2024_06_11": ("days[0]", ENUM_ITEMS),
    "ScheduleOutput_2024_06_11": ("availability[0].days[0]", ENUM_ITEMS),
}


def _cases() -> list[Any]:
    raw = SHARED.collection_spec()
    if raw is None:
        return [SHARED.unavailable_param()]
    spec = Normaliser(raw).run()
    cases = []
    for name in response_schema_names(spec):
        schema, _ = resolve(spec, {"$ref": SCHEMA_PREFIX + name})
        if schema.get("type") != "object" or class_name(name) not in models.__all__:
            continue  # enums and pure unions have no model class of their own
        for variation, knobs in VARIATIONS.items():
            cases.append(pytest.param((spec, name, knobs), id=f"{name}-{variation}"))
    return cases


@pytest.fixture
def fresh_log(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """``cal_client``'s warnings, none given before the test (they are once per process)."""
    monkeypatch.setattr(cal_types, "_warned", set())
    caplog.set_level(logging.WARNING, logger="cal_client")
    return caplog


def _warned(caplog: pytest.LogCaptureFixture) -> list[tuple[Any, ...]]:
    return sorted(tuple(r.args) for r in caplog.records if r.name == "cal_client" and isinstance(r.args, tuple))


def _strictly(parse: Any, *args: Any) -> cal_types.ParseDeparture:
    """The departure strict parsing reports for ``parse(*args)``."""
    token = cal_types.STRICT_PARSING.set(True)
    try:
        with pytest.raises(cal_types.ParseDeparture) as info:
            parse(*args)
    finally:
        cal_types.STRICT_PARSING.reset(token)
    return info.value


def test_every_strict_parsing_gap_is_an_unknown_enum_value_where_the_table_says(locked_normalised: Json) -> None:
    def spots(value: Any, path: str = "") -> list[str]:
        if isinstance(value, dict):
            return [s for key, item in value.items() for s in spots(item, f"{path}.{key}")]
        if isinstance(value, list):
            return [s for i, item in enumerate(value) for s in spots(item, f"{path}[{i}]")]
        return [path[1:]] if value in (UNKNOWN_STRING, UNKNOWN_INT) else []

    for name, (field, _why) in STRICT_UNCHECKED.items():
        data = sample(locked_normalised, {"$ref": SCHEMA_PREFIX + name}, examples=False, unknown_enums=True)
        assert spots(data) == [field], name


@pytest.mark.parametrize("case", _cases())
def test_every_response_model_survives_what_a_newer_server_sends(
    case: tuple[Json, str, Json], lenient: None, fresh_log: pytest.LogCaptureFixture
) -> None:
    spec, name, knobs = case
    data = sample(spec, {"$ref": SCHEMA_PREFIX + name}, examples=False, **knobs)
    cls = getattr(models, class_name(name))

    parsed = cls.from_dict(data)

    assert cls.from_dict(parsed.to_dict()) == parsed
    assert [entry for entry in misplaced(parsed) if "kept as a dict" in entry] == []
    written = json.dumps(parsed.to_dict(), default=str)
    for marker in (UNKNOWN_STRING, EXTRA_KEY):
        assert (marker in written) == (marker in json.dumps(data))
    # Nothing a newer server may send is a departure worth a warning.
    assert _warned(fresh_log) == []

    text = json.dumps(data)
    unknown = UNKNOWN_STRING in text or str(UNKNOWN_INT) in text
    if not unknown or name in STRICT_UNCHECKED:
        # No departure: strict parsing (the project's tests) reads it the same.
        token = cal_types.STRICT_PARSING.set(True)
        try:
            assert cls.from_dict(data) == parsed, STRICT_UNCHECKED.get(name)
        except cal_types.ParseDeparture as error:
            if name in STRICT_UNCHECKED:
                pytest.fail(f"strict parsing now reports {error}: remove {name} from STRICT_UNCHECKED")
            raise
        finally:
            cal_types.STRICT_PARSING.reset(token)
        return
    # An enum value the spec does not list: strict parsing names where, in this model.
    error = _strictly(cls.from_dict, data)
    assert error.root == cls.__name__ and error.path
    # A value out of an enum, or the union member whose enum it is failing as a whole.
    assert error.kind in ("invalid value", "matches no union alternative"), str(error)
    assert UNKNOWN_STRING not in str(error) and str(UNKNOWN_INT) not in str(error)


BOOKING = {
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


def test_a_booking_with_cal_coms_real_nulls_parses() -> None:
    parsed = models.GetBookingOutput20240813.from_dict({"status": "success", "data": BOOKING})
    booking = parsed.data
    assert isinstance(booking, models.BookingOutput20240813)
    assert (booking.description, booking.location, booking.updated_at) == (None, None, None)
    assert booking.start == datetime.datetime(2030, 1, 1, 10, tzinfo=datetime.UTC)
    assert parsed.to_dict()["data"]["updatedAt"] is None


def test_booking_status_values_new_and_unknown(lenient: None, fresh_log: pytest.LogCaptureFixture) -> None:
    awaiting = models.BookingOutput20240813.from_dict({**BOOKING, "status": "awaiting_host"})
    assert awaiting.status is models.BookingOutput20240813Status.AWAITING_HOST
    future = models.BookingOutput20240813.from_dict({**BOOKING, "status": "on_hold"})
    assert (future.status.name, future.status) == ("UNKNOWN", "on_hold")
    assert future.to_dict()["status"] == "on_hold"
    assert _warned(fresh_log) == []
    # Strict parsing reports the value the spec does not list (and so does not name it).
    error = _strictly(models.BookingOutput20240813.from_dict, {**BOOKING, "status": "on_hold"})
    assert (error.model, error.path, error.kind) == ("BookingOutput20240813", "status", "invalid value")
    assert "on_hold" not in str(error)
    # A status the spec lists is no departure.
    token = cal_types.STRICT_PARSING.set(True)
    try:
        assert models.BookingOutput20240813.from_dict({**BOOKING, "status": "awaiting_host"}) == awaiting
    finally:
        cal_types.STRICT_PARSING.reset(token)


def test_a_booking_matching_no_variant_reaches_users_and_strict_parsing_names_the_field(
    lenient: None, fresh_log: pytest.LogCaptureFixture
) -> None:
    # Booking variants have no tag. A booking with one field of the wrong type is still the
    # booking: that field keeps its raw JSON, every other is typed, and one warning says where.
    wrong_field = {"status": "success", "data": {**BOOKING, "hosts": "nobody"}}
    parsed = models.GetBookingOutput20240813.from_dict(wrong_field)
    booking = parsed.data
    assert isinstance(booking, models.BookingOutput20240813)
    assert booking.hosts == "nobody"
    assert booking.start == datetime.datetime(2030, 1, 1, 10, tzinfo=datetime.UTC)
    assert [a.email for a in booking.attendees] == ["ann@example.com"]
    assert parsed.to_dict() == wrong_field
    assert _warned(fresh_log) == [("BookingOutput20240813", "hosts", "wrong type")]
    assert all("nobody" not in r.getMessage() for r in fresh_log.records)

    error = _strictly(models.GetBookingOutput20240813.from_dict, wrong_field)
    assert (error.model, error.root, error.path, error.kind) == (
        "BookingOutput20240813",
        "GetBookingOutput20240813",
        "data.hosts",
        "wrong type",
    )
    assert "nobody" not in str(error)

    # Hardly a booking at all: still no exception for users, and nothing lost.
    stranger = {"status": "success", "data": {"id": 1, "kind": "waitlist"}}
    parsed = models.GetBookingOutput20240813.from_dict(stranger)
    assert parsed.to_dict() == stranger
    assert ("missing required key", "uid") in {(kind, field) for _model, field, kind in _warned(fresh_log)}
    error = _strictly(models.GetBookingOutput20240813.from_dict, stranger)
    assert (error.root, error.path, error.kind) == ("GetBookingOutput20240813", "data.uid", "missing required key")


def test_a_known_tag_with_a_broken_body_is_a_departure_not_a_future_variant(
    locked_normalised: Json, lenient: None, fresh_log: pytest.LogCaptureFixture
) -> None:
    data = sample(locked_normalised, {"$ref": SCHEMA_PREFIX + "EventTypeOutput_2024_06_14"}, examples=False)
    data["locations"] = [{"type": "address"}]  # address without its address

    parsed = models.EventTypeOutput20240614.from_dict(data)

    # Users get the event type; the broken field keeps its raw JSON and is reported.
    assert parsed.locations == [{"type": "address"}]
    assert parsed.to_dict() == data
    assert _warned(fresh_log) == [("EventTypeOutput20240614", "locations", "matches no union alternative")]
    error = _strictly(models.EventTypeOutput20240614.from_dict, data)
    assert (error.model, error.path, error.kind) == (
        "EventTypeOutput20240614",
        "locations",
        "matches no union alternative",
    )


def test_an_event_type_with_a_future_booking_field_and_location_keeps_the_rest(
    locked_normalised: Json, lenient: None, fresh_log: pytest.LogCaptureFixture
) -> None:
    data = sample(locked_normalised, {"$ref": SCHEMA_PREFIX + "EventTypeOutput_2024_06_14"}, examples=False)
    email = sample(locked_normalised, {"$ref": SCHEMA_PREFIX + "EmailDefaultFieldOutput_2024_06_14"}, examples=False)
    future_field = {"type": "signature", "slug": "sign", "label": "Sign here", "isDefault": False}
    future_location = {"type": "hologram", "room": 7}
    data["bookingFields"] = [email, future_field]
    data["locations"] = [future_location]

    parsed = models.EventTypeOutput20240614.from_dict(data)

    assert isinstance(parsed.booking_fields[0], models.EmailDefaultFieldOutput20240614)
    assert parsed.booking_fields[1] == future_field
    assert parsed.locations == [future_location]
    assert parsed.to_dict()["bookingFields"][1] == future_field
    assert parsed.to_dict() == data
    # A variant added after this SDK was generated is forward compatibility, not a defect: kept
    # without a warning for users, reported by strict parsing so the spec can learn it.
    assert _warned(fresh_log) == []
    error = _strictly(models.EventTypeOutput20240614.from_dict, data)
    assert error.root == "EventTypeOutput20240614" and error.kind == "a union member the spec does not list"
    assert error.path.endswith(".type")
