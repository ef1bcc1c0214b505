"""Booking and reservation timestamps are ``datetime``s (the spec types them plain strings)."""

from __future__ import annotations

import datetime
import typing
from typing import Any

import pytest
from generation_models import hints
from generation_samples import sample

import cal_client.models as models
from openapi.coverage import class_name
from openapi.normalise import SCHEMA_PREFIX

BOOKING_OUTPUTS = [
    "BookingOutput_2024_08_13",
    "RecurringBookingOutput_2024_08_13",
    "CreateSeatedBookingOutput_2024_08_13",
    "CreateRecurringSeatedBookingOutput_2024_08_13",
    "GetSeatedBookingOutput_2024_08_13",
    "GetRecurringSeatedBookingOutput_2024_08_13",
]
FIELDS = {name: ("start", "end", "created_at", "updated_at") for name in BOOKING_OUTPUTS}
FIELDS["ReserveSlotOutput_2024_09_04"] = ("slot_start", "slot_end", "reservation_until")


@pytest.mark.parametrize("schema", sorted(FIELDS))
def test_timestamps_parse_to_aware_datetimes_and_write_back_iso(schema: str, locked_raw: dict[str, Any]) -> None:
    cls = getattr(models, class_name(schema))
    # The spec's own example values (ISO strings with a Z) go in.
    document = sample(locked_raw, {"$ref": SCHEMA_PREFIX + schema})
    parsed = cls.from_dict(document)
    for field in FIELDS[schema]:
        assert datetime.datetime in (typing.get_args(hints(cls)[field]) or (hints(cls)[field],)), field
        value = getattr(parsed, field)
        assert isinstance(value, datetime.datetime) and value.tzinfo is not None, field
    assert cls.from_dict(parsed.to_dict()) == parsed
    first = FIELDS[schema][0]
    key = first.replace("_s", "S")
    # Written back as Cal.com writes it (toISOString: milliseconds and Z): the same instant, and
    # character for character what the server sends (the spec's examples omit the milliseconds).
    out = parsed.to_dict()[key]
    assert datetime.datetime.fromisoformat(out) == datetime.datetime.fromisoformat(document[key])
    assert out.endswith(".000Z") or (out.endswith("Z") and len(out) == 24)
