"""Bad arguments are rejected with ``CalValidationError`` naming them, before any request is sent."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from cal_client.resources import IDEMPOTENCY_KEY, Attendee, CalValidationError
from resources_fake import ScriptedCal

from cal_client import AsyncCal, CalError

ADA = Attendee(name="Ada", email="ada@example.com", time_zone="Europe/London")
NINE = dt.datetime(2050, 1, 3, 9, tzinfo=dt.UTC)


def create_args(**overrides: Any) -> dict[str, Any]:
    return {"event_type_id": 42, "start": NINE, "attendee": ADA, **overrides}


@pytest.mark.parametrize(
    ("overrides", "argument", "message"),
    [
        ({"start": dt.datetime(2050, 1, 3, 9)}, "start", "no time zone"),
        ({"start": "2050-01-03T09:00:00"}, "start", "no time zone"),
        ({"start": "next monday"}, "start", "ISO-8601"),
        ({"start": 1700000000}, "start", "aware datetime"),
        ({"event_type_id": "42"}, "event_type_id", "must be an int"),
        ({"event_type_id": True}, "event_type_id", "must be an int"),
        ({"event_type_id": 0}, "event_type_id", "≥ 1"),
        (
            {"attendee": Attendee(name="Ada", email="ada@example.com", time_zone="Europe/Londres")},
            "attendee.time_zone",
            "IANA",
        ),
        ({"attendee": Attendee(name="Ada", email="ada@example.com", time_zone="GMT+2")}, "attendee.time_zone", "IANA"),
        ({"attendee": Attendee(name="", email="ada@example.com", time_zone="UTC")}, "attendee.name", "empty"),
        ({"attendee": Attendee(name="Ada", email="ada.example.com", time_zone="UTC")}, "attendee.email", "e-mail"),
        ({"attendee": Attendee(name="Ada", time_zone="UTC")}, "attendee.email", "email or a phone_number"),
        ({"attendee": {"name": "Ada", "email": "a@x.com", "timezone": "UTC"}}, "attendee", "unknown keys"),
        ({"attendee": "Ada <ada@example.com>"}, "attendee", "Attendee"),
        ({"guests": "bob@example.com"}, "guests", "list of str"),
        ({"guests": ["bob"]}, "guests[0]", "e-mail"),
        ({"length_in_minutes": 30.5}, "length_in_minutes", "must be an int"),
        ({"recurrence_count": "3"}, "recurrence_count", "must be an int"),
        ({"recurrence_count": 3, "instant": True}, "instant", "recurring or instant"),
        ({"event_type_slug": "intro"}, "event_type_slug", "event_type_id already names"),
        ({"event_type_id": None}, "event_type_id", "no event type"),
        ({"metadata": {f"k{i}": "v" for i in range(50)}}, "metadata", "50 keys"),
        ({"metadata": {"k" * 41: "v"}}, "metadata", "1-40 characters"),
        ({"metadata": {"note": "x" * 501}}, "metadata", "501 characters"),
        ({"metadata": {"nested": {"a": 1}}}, "metadata", "str, int, float or bool"),
        ({"metadata": {IDEMPOTENCY_KEY: "mine"}}, "metadata", "reserved"),
        ({"metadata": ["a"]}, "metadata", "mapping"),
        ({"location": "Zoom"}, "location", "mapping"),
        ({"max_attempts": 0}, "max_attempts", "≥ 1"),
        ({"extra_body": [("a", 1)]}, "extra_body", "mapping"),
    ],
)
async def test_create_rejects_before_any_io(
    cal: AsyncCal, fake: ScriptedCal, overrides: dict[str, Any], argument: str, message: str
) -> None:
    with pytest.raises(CalValidationError, match=message) as info:
        await cal.bookings.create(**create_args(**overrides))
    assert info.value.argument == argument
    assert isinstance(info.value, CalError) and isinstance(info.value, ValueError)
    assert fake.requests == []


async def test_forty_nine_user_metadata_keys_fit_beside_the_sdk_key(cal: AsyncCal, fake: ScriptedCal) -> None:
    metadata = {f"k{i}": "v" * 500 for i in range(49)}
    await cal.bookings.create(**create_args(metadata=metadata))
    assert len(fake.last.body["metadata"]) == 50
    # Without exactly-once the 50th key is the user's.
    await cal.bookings.create(
        **create_args(start=NINE + dt.timedelta(hours=1), exactly_once=False, metadata={**metadata, "k49": 1})
    )
    assert len(fake.last.body["metadata"]) == 50 and IDEMPOTENCY_KEY not in fake.last.body["metadata"]


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda cal: cal.bookings.reschedule("uid1", start=dt.datetime(2050, 1, 3, 9)), "start"),
        (lambda cal: cal.bookings.reschedule("uid1", start=NINE, rescheduled_by="host"), "rescheduled_by"),
        (lambda cal: cal.bookings.reschedule(42, start=NINE), "uid"),
        (lambda cal: cal.bookings.cancel("uid1", cancel_subsequent="yes"), "cancel_subsequent"),
        (lambda cal: cal.bookings.cancel("uid1", reason=""), "reason"),
        (lambda cal: cal.bookings.decline("", reason="x"), "uid"),
        (lambda cal: cal.bookings.mark_absent("uid1"), "attendees"),
        (lambda cal: cal.bookings.mark_absent("uid1", attendees={}), "attendees"),
        (
            lambda cal: cal.bookings.mark_absent("uid1", attendees={"ada@example.com": "yes"}),
            "attendees['ada@example.com']",
        ),
        (lambda cal: cal.bookings.mark_absent("uid1", attendees={"ada": True}), "attendees"),
        (lambda cal: cal.bookings.reassign("uid1", user_id="7"), "user_id"),
        (lambda cal: cal.bookings.reassign("uid1", reason="x"), "reason"),
        (
            lambda cal: cal.bookings.book_first_available(event_type_id=42, window=(NINE,), attendee=ADA),
            "window",
        ),
        (
            lambda cal: cal.bookings.book_first_available(
                event_type_id=42, window=(dt.datetime(2050, 1, 3), NINE), attendee=ADA
            ),
            "start",
        ),
        (
            lambda cal: cal.bookings.book_first_available(
                event_type_id=42, window=(NINE, NINE), attendee=Attendee(name="A", email="a@x.com", time_zone="Nowhere")
            ),
            "attendee.time_zone",
        ),
    ],
)
async def test_other_booking_methods_reject_before_any_io(
    cal: AsyncCal, fake: ScriptedCal, call: Any, argument: str
) -> None:
    with pytest.raises(CalValidationError) as info:
        await call(cal)
    assert info.value.argument == argument
    assert fake.requests == []


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"status": "done"}, "status"),
        ({"status": []}, "status"),
        ({"after_start": dt.datetime(2050, 1, 1)}, "after_start"),
        ({"attendee_email": "ada"}, "attendee_email"),
        ({"event_type_ids": [1, "2"]}, "event_type_ids[1]"),
        ({"event_type_ids": "1,2"}, "event_type_ids"),
        ({"sort_start": "ascending"}, "sort_start"),
        ({"team_id": "3"}, "team_id"),
    ],
)
async def test_list_filters_are_checked_when_the_paginator_is_made(
    cal: AsyncCal, fake: ScriptedCal, kwargs: dict[str, Any], argument: str
) -> None:
    with pytest.raises(CalValidationError) as info:
        cal.bookings.list(**kwargs)
    assert info.value.argument == argument
    assert fake.requests == []


async def test_an_unknown_keyword_is_refused_as_python_refuses_it(cal: AsyncCal, fake: ScriptedCal) -> None:
    start = dt.datetime(2050, 1, 3, 9, tzinfo=dt.UTC)
    ada = Attendee(name="Ada", email="ada@example.com", time_zone="UTC")
    with pytest.raises(
        TypeError, match=r"create\(\) got an unexpected keyword argument 'gusts'; did you mean 'guests'"
    ):
        await cal.bookings.create(event_type_id=42, start=start, attendee=ada, gusts=[])  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"book_first_available.*'recurrence_count'"):
        await cal.bookings.book_first_available(  # type: ignore[call-arg]
            event_type_id=42, window=(start, start), attendee=ada, recurrence_count=2
        )
    assert fake.requests == []


async def test_a_known_location_type_with_missing_fields_is_refused_before_sending(
    cal: AsyncCal, fake: ScriptedCal
) -> None:
    start = dt.datetime(2050, 1, 3, 9, tzinfo=dt.UTC)
    ada = Attendee(name="Ada", email="ada@example.com", time_zone="UTC")
    with pytest.raises(CalValidationError, match="location of type 'attendeeAddress'") as refused:
        await cal.bookings.create(event_type_id=42, start=start, attendee=ada, location={"type": "attendeeAddress"})
    assert refused.value.argument == "location"
    assert fake.requests == []
