"""Responses Cal.com really sends, which the spec as published describes wrongly (openapi/patches.json).

Each body here is what cal-api-v2.md says the server sends; the committed client must parse it.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from generation_samples import sample

import cal_client.models as models
from cal_client.types import STRICT_PARSING, ParseDeparture
from openapi.normalise import SCHEMA_PREFIX

Json = dict[str, Any]


def test_a_fetched_reservation_has_no_reservation_duration() -> None:
    # GET /v2/slots/reservations/{uid}: the POST fields minus reservationDuration (cal-api-v2.md 7.4).
    data = {
        "eventTypeId": 12,
        "slotStart": "2030-01-08T10:00:00.000Z",
        "slotEnd": "2030-01-08T10:30:00.000Z",
        "slotDuration": 30,
        "reservationUid": "e84be5a3",
        "reservationUntil": "2030-01-08T10:05:00.000Z",
    }
    parsed = models.GetReservedSlotOutput20240904.from_dict({"status": "success", "data": data})
    assert isinstance(parsed.data, models.GetReservedSlotData20240904)
    assert parsed.data.reservation_uid == "e84be5a3"
    assert parsed.data.slot_start == datetime.datetime(2030, 1, 8, 10, tzinfo=datetime.UTC)
    assert sorted(parsed.to_dict()["data"]) == sorted(data)
    # POST and PATCH still return (and require) it: without it, strict parsing names it...
    with pytest.raises(ParseDeparture) as caught:
        models.ReserveSlotOutput20240904.from_dict(data)
    assert (caught.value.model, caught.value.field, caught.value.kind) == (
        "ReserveSlotOutput20240904",
        "reservationDuration",
        "missing required key",
    )
    # ... and users get the rest, the key still absent when written back.
    token = STRICT_PARSING.set(False)
    try:
        lenient = models.ReserveSlotOutput20240904.from_dict(data)
    finally:
        STRICT_PARSING.reset(token)
    assert lenient.reservation_uid == "e84be5a3" and lenient.to_dict() == data


def test_no_default_schedule_is_null_data() -> None:
    parsed = models.GetDefaultScheduleOutput20240611.from_dict({"status": "success", "data": None})
    assert parsed.data is None


@pytest.mark.parametrize(
    "name",
    ["CalendarLinksOutput_2024_08_13", "BookingReferencesOutput_2024_08_13", "StripCredentialsCheckOutputResponseDto"],
)
def test_envelope_status_is_the_shared_enum(name: str, locked_normalised: Json) -> None:
    data = sample(locked_normalised, {"$ref": SCHEMA_PREFIX + name}, examples=False)
    data["status"] = "success"
    parsed = getattr(models, name.replace("_", "")).from_dict(data)
    assert parsed.status is models.ResponseStatus.SUCCESS


@pytest.mark.parametrize("name", ["EventTypeOutput_2024_06_14", "TeamEventTypeOutput_2024_06_14"])
@pytest.mark.parametrize(
    ("seats", "url", "forward"), [(4, "https://example.com/thanks", True), (None, None, None), (None, None, False)]
)
def test_event_type_scalars_the_spec_types_as_objects(
    name: str, seats: int | None, url: str | None, forward: bool | None, locked_normalised: Json
) -> None:
    data = sample(locked_normalised, {"$ref": SCHEMA_PREFIX + name}, examples=False)
    data.update(seatsPerTimeSlot=seats, successRedirectUrl=url, forwardParamsSuccessRedirect=forward)
    parsed = getattr(models, name.replace("_", "")).from_dict(data)
    assert (parsed.seats_per_time_slot, parsed.success_redirect_url, parsed.forward_params_success_redirect) == (
        seats,
        url,
        forward,
    )
    assert parsed.to_dict()["successRedirectUrl"] == url


@pytest.mark.parametrize("required", [True, False])
def test_the_email_booking_field_says_whether_it_is_required(required: bool, locked_normalised: Json) -> None:
    data = sample(locked_normalised, {"$ref": SCHEMA_PREFIX + "EmailDefaultFieldOutput_2024_06_14"}, examples=False)
    data["required"] = required
    assert models.EmailDefaultFieldOutput20240614.from_dict(data).required is required
    field = models.EmailDefaultFieldInput20240614(label="Email", placeholder="you@example.com", required=required)
    assert field.to_dict()["required"] is required
