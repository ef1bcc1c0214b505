"""What Cal.com may send tomorrow (or already sends) must not break parsing.

For every model a response can contain: all optional fields ``null``, all optional fields
missing, enum values this SDK does not know, keys it does not know. Each must parse, keep
every object in its own class, and survive ``to_dict()`` -> ``from_dict()`` unchanged.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from generation_fixtures import SHARED
from generation_models import misplaced
from generation_samples import EXTRA_KEY, UNKNOWN_STRING, resolve, response_schema_names, sample

import cal_client.models as models
from openapi.coverage import class_name
from openapi.normalise import SCHEMA_PREFIX, Normaliser

Json = dict[str, Any]
VARIATIONS = {
    "optional-null": {"optional": "null"},
    "optional-missing": {"optional": "omit"},
    "unknown-enum-values": {"unknown_enums": True},
    "unknown-keys": {"extra_keys": True},
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


@pytest.mark.parametrize("case", _cases())
def test_every_response_model_survives_what_a_newer_server_sends(case: tuple[Json, str, Json]) -> None:
    spec, name, knobs = case
    data = sample(spec, {"$ref": SCHEMA_PREFIX + name}, examples=False, **knobs)
    cls = getattr(models, class_name(name))

    parsed = cls.from_dict(data)

    assert cls.from_dict(parsed.to_dict()) == parsed
    assert [entry for entry in misplaced(parsed) if "kept as a dict" in entry] == []
    written = json.dumps(parsed.to_dict(), default=str)
    for marker in (UNKNOWN_STRING, EXTRA_KEY):
        assert (marker in written) == (marker in json.dumps(data))


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


def test_booking_status_values_new_and_unknown() -> None:
    awaiting = models.BookingOutput20240813.from_dict({**BOOKING, "status": "awaiting_host"})
    assert awaiting.status is models.BookingOutput20240813Status.AWAITING_HOST
    future = models.BookingOutput20240813.from_dict({**BOOKING, "status": "on_hold"})
    assert (future.status.name, future.status) == ("UNKNOWN", "on_hold")
    assert future.to_dict()["status"] == "on_hold"


def test_a_booking_matching_no_variant_is_an_error_naming_each_variants_failure() -> None:
    # Booking variants have no tag: an unparseable one is a bad body, not a future variant, and the
    # error (with the raw response kept by the runtime layer) is worth more than a silent dict.
    with pytest.raises(TypeError, match=r"'data' matches no alternative: .*BookingOutput20240813: KeyError\('uid'\)"):
        models.GetBookingOutput20240813.from_dict({"status": "success", "data": {"id": 1, "kind": "waitlist"}})
    wrong_field = {**BOOKING, "hosts": "nobody"}
    with pytest.raises(TypeError, match="'data' matches no alternative"):
        models.GetBookingOutput20240813.from_dict({"status": "success", "data": wrong_field})


def test_a_known_tag_with_a_broken_body_is_an_error_not_a_future_variant(locked_normalised: Json) -> None:
    data = sample(locked_normalised, {"$ref": SCHEMA_PREFIX + "EventTypeOutput_2024_06_14"}, examples=False)
    data["locations"] = [{"type": "address"}]  # address without its address
    with pytest.raises(TypeError, match="'locations_item' matches no alternative"):
        models.EventTypeOutput20240614.from_dict(data)


def test_an_event_type_with_a_future_booking_field_and_location_keeps_the_rest(locked_normalised: Json) -> None:
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
