"""Times and time zones at the SDK boundary (``resources/_time.py``)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from cal_client.resources import CalValidationError
from cal_client.resources._time import (
    format_day_or_time,
    format_utc,
    parse_aware,
    to_utc,
    validate_time_zone,
)
from hypothesis import given, settings
from hypothesis import strategies as st

PARIS = ZoneInfo("Europe/Paris")


def test_aware_datetime_is_sent_as_utc_with_z() -> None:
    assert format_utc(dt.datetime(2050, 7, 1, 11, 0, tzinfo=PARIS), name="start") == "2050-07-01T09:00:00Z"
    assert format_utc(dt.datetime(2050, 1, 1, 11, 0, tzinfo=PARIS), name="start") == "2050-01-01T10:00:00Z"


def test_milliseconds_are_kept_when_present() -> None:
    moment = dt.datetime(2050, 1, 1, 9, 0, 0, 123456, tzinfo=dt.UTC)
    assert format_utc(moment, name="start") == "2050-01-01T09:00:00.123Z"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2050-01-01T09:00:00Z", "2050-01-01T09:00:00Z"),
        ("2050-01-01T11:00:00+02:00", "2050-01-01T09:00:00Z"),
        ("2050-01-01T09:00:00.500-01:00", "2050-01-01T10:00:00.500Z"),
    ],
)
def test_iso_strings_with_offsets_are_accepted(text: str, expected: str) -> None:
    assert format_utc(text, name="start") == expected


def test_naive_datetime_is_rejected_naming_the_argument() -> None:
    with pytest.raises(CalValidationError, match=r"slot_start=.*no time zone") as info:
        to_utc(dt.datetime(2050, 1, 1, 9), name="slot_start")
    assert info.value.argument == "slot_start"
    assert isinstance(info.value, ValueError)


def test_naive_iso_string_is_rejected() -> None:
    with pytest.raises(CalValidationError, match="no time zone"):
        to_utc("2050-01-01T09:00:00", name="start")


@pytest.mark.parametrize("value", ["", "   ", "tomorrow", 1700000000, dt.date(2050, 1, 1), None])
def test_other_values_are_rejected(value: object) -> None:
    with pytest.raises(CalValidationError) as info:
        to_utc(value, name="start")
    assert info.value.argument == "start"


def test_days_pass_through_where_a_day_is_allowed() -> None:
    assert format_day_or_time(dt.date(2050, 1, 2), name="start") == "2050-01-02"
    assert format_day_or_time("2050-01-02", name="start") == "2050-01-02"
    assert format_day_or_time("2050-01-02T00:00:00+01:00", name="start") == "2050-01-01T23:00:00Z"
    with pytest.raises(CalValidationError):
        format_day_or_time("2050-02-30", name="start")


def test_parse_aware_handles_strings_datetimes_and_naive_values() -> None:
    assert parse_aware("2050-01-01T09:00:00.000Z") == dt.datetime(2050, 1, 1, 9, tzinfo=dt.UTC)
    assert parse_aware("2050-01-01T09:00:00.000Z").tzinfo is not None
    offset = parse_aware("2050-01-01T11:00:00+02:00")
    assert offset.utcoffset() == dt.timedelta(hours=2)
    # Cal.com reads offset-less times as UTC; so does the SDK when one comes back.
    assert parse_aware("2050-01-01T09:00:00") == dt.datetime(2050, 1, 1, 9, tzinfo=dt.UTC)
    aware = dt.datetime(2050, 1, 1, tzinfo=PARIS)
    assert parse_aware(aware) is aware


@pytest.mark.parametrize("zone", ["Europe/Paris", "America/Argentina/Buenos_Aires", "UTC", "Asia/Kolkata"])
def test_iana_zones_are_accepted(zone: str) -> None:
    assert validate_time_zone(zone, name="time_zone") == zone


@pytest.mark.parametrize("zone", ["Mars/Olympus", "europe/paris", "CEST", "+02:00", "localtime", "", "../etc/passwd"])
def test_non_iana_zones_are_rejected(zone: str) -> None:
    with pytest.raises(CalValidationError) as info:
        validate_time_zone(zone, name="attendee.time_zone")
    assert info.value.argument == "attendee.time_zone"


def test_time_zone_must_be_a_string() -> None:
    with pytest.raises(CalValidationError, match="IANA"):
        validate_time_zone(PARIS, name="time_zone")


@settings(max_examples=200, deadline=None)
@given(
    moment=st.datetimes(
        min_value=dt.datetime(1970, 1, 2),
        max_value=dt.datetime(2200, 1, 1),
        timezones=st.sampled_from([dt.UTC, PARIS, ZoneInfo("America/St_Johns"), ZoneInfo("Asia/Kathmandu")]),
    )
)
def test_format_utc_keeps_the_instant_to_the_millisecond(moment: dt.datetime) -> None:
    text = format_utc(moment, name="start")
    assert text.endswith("Z")
    back = parse_aware(text)
    assert abs(back - moment) < dt.timedelta(milliseconds=1)
    assert back.utcoffset() == dt.timedelta(0)
