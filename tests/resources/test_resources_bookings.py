"""``cal.bookings``: the exact requests each method sends, and the shapes it returns."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from cal_client.resources import IDEMPOTENCY_KEY, Attendee, CalValidationError, CreatedBooking
from resources_fake import ScriptedCal, booking_json

from cal_client import AsyncCal

ADA = Attendee(name="Ada", email="ada@example.com", time_zone="Europe/London")
START = dt.datetime(2050, 1, 3, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))  # 09:00 UTC
VERSION = "2024-08-13"


async def test_create_sends_one_request_with_utc_start_and_a_key(cal: AsyncCal, fake: ScriptedCal) -> None:
    created = await cal.bookings.create(
        event_type_id=42,
        start=START,
        attendee=ADA,
        guests=["bob@example.com"],
        metadata={"crmId": "42"},
        length_in_minutes=30,
        booking_fields_responses={"notes": "hi"},
        location={"type": "integration", "integration": "cal-video"},
    )
    [sent] = fake.requests
    assert (sent.method, sent.path, sent.query, sent.version) == ("POST", "/v2/bookings", {}, VERSION)
    key = sent.body["metadata"][IDEMPOTENCY_KEY]
    assert len(key) == 32
    assert sent.body == {
        "start": "2050-01-03T09:00:00Z",
        "attendee": {"name": "Ada", "timeZone": "Europe/London", "email": "ada@example.com"},
        "eventTypeId": 42,
        "lengthInMinutes": 30,
        "guests": ["bob@example.com"],
        "location": {"type": "integration", "integration": "cal-video"},
        "bookingFieldsResponses": {"notes": "hi"},
        "metadata": {"crmId": "42", IDEMPOTENCY_KEY: key},
    }
    assert sent.headers["authorization"].startswith("Bearer cal_")
    assert isinstance(created, CreatedBooking)
    assert (created.kind, created.uid, created.idempotency_key, created.reconciled) == ("single", "uid1", key, False)
    assert created.start == dt.datetime(2050, 1, 3, 9, tzinfo=dt.UTC)
    assert created.start.tzinfo is not None and created.end.tzinfo is not None
    assert created.created_at == dt.datetime(2025, 1, 1, 8, tzinfo=dt.UTC)
    assert created.end - created.start == dt.timedelta(minutes=30)
    assert created.seat_uid is None and created.recurring_booking_uid is None
    assert len(fake.bookings) == 1


async def test_create_by_slug_and_username_or_team(cal: AsyncCal, fake: ScriptedCal) -> None:
    await cal.bookings.create(
        event_type_slug="intro", username="host", organization_slug="acme", start="2050-01-03T09:00:00Z", attendee=ADA
    )
    await cal.bookings.create(event_type_slug="intro", team_slug="sales", start="2050-01-04T09:00:00Z", attendee=ADA)
    first, second = (seen.body for seen in fake.of("POST", "/v2/bookings"))
    assert {k: first[k] for k in ("eventTypeSlug", "username", "organizationSlug")} == {
        "eventTypeSlug": "intro",
        "username": "host",
        "organizationSlug": "acme",
    }
    assert "eventTypeId" not in first and "teamSlug" not in first
    assert (second["eventTypeSlug"], second["teamSlug"]) == ("intro", "sales")


async def test_attendee_may_be_a_mapping_with_a_phone_number(cal: AsyncCal, fake: ScriptedCal) -> None:
    await cal.bookings.create(
        event_type_id=42,
        start=START,
        attendee={"name": "Ada", "time_zone": "UTC", "phone_number": "+447700900000", "language": "fr"},
        exactly_once=False,
    )
    body = fake.last.body
    assert body["attendee"] == {"name": "Ada", "timeZone": "UTC", "phoneNumber": "+447700900000", "language": "fr"}
    assert "metadata" not in body  # exactly_once=False: no key


async def test_recurring_create_returns_every_occurrence(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.recurring_event_type = 42
    created = await cal.bookings.create(event_type_id=42, start=START, attendee=ADA, recurrence_count=3)
    assert fake.last.body["recurrenceCount"] == 3
    assert created.kind == "recurring" and created.is_recurring and not created.is_seated
    assert len(created.bookings) == 3
    assert created.uid == created.bookings[0].uid == "uid2"
    assert created.recurring_booking_uid == "series1"
    assert created.starts == [START + dt.timedelta(weeks=week) for week in range(3)]


async def test_recurring_event_type_gives_a_list_even_without_recurrence_count(
    cal: AsyncCal, fake: ScriptedCal
) -> None:
    fake.recurring_event_type = 42
    created = await cal.bookings.create(event_type_id=42, start=START, attendee=ADA)
    assert "recurrenceCount" not in fake.last.body
    assert created.kind == "recurring" and len(created.bookings) == 3


async def test_seated_create_returns_the_seat_uid(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.seated_event_type = 42
    created = await cal.bookings.create(event_type_id=42, start=START, attendee=ADA)
    again = await cal.bookings.create(
        event_type_id=42, start=START, attendee=Attendee(name="Bob", email="bob@example.com", time_zone="UTC")
    )
    assert created.kind == again.kind == "seated"
    assert created.is_seated and not created.is_recurring
    assert created.seat_uid == "seat-1" and again.seat_uid == "seat-3"
    assert created.uid != again.uid


async def test_instant_create_sends_instant_true(cal: AsyncCal, fake: ScriptedCal) -> None:
    await cal.bookings.create(event_type_id=42, start=START, attendee=ADA, instant=True)
    assert fake.last.body["instant"] is True


async def test_get_returns_a_booking_or_a_series(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.recurring_event_type = 43
    single = await cal.bookings.create(event_type_id=42, start=START, attendee=ADA)
    series = await cal.bookings.create(event_type_id=43, start=START + dt.timedelta(days=1), attendee=ADA)
    booking = await cal.bookings.get(single.uid)
    assert (fake.last.method, fake.last.path, fake.last.version) == ("GET", f"/v2/bookings/{single.uid}", VERSION)
    assert booking.uid == single.uid
    occurrences = await cal.bookings.get_series(str(series.recurring_booking_uid))
    assert [b.uid for b in occurrences] == series.uids
    # Each method says which one fits when given the other kind of UID.
    with pytest.raises(CalValidationError, match=r"recurring series \(\d+ occurrences\).*get_series") as wrong:
        await cal.bookings.get(str(series.recurring_booking_uid))
    assert wrong.value.argument == "uid"
    with pytest.raises(CalValidationError, match=r"one booking, not a recurring series.*bookings\.get\(uid\)"):
        await cal.bookings.get_series(single.uid)


async def test_list_sends_the_filters_as_cal_com_names_them(cal: AsyncCal, fake: ScriptedCal) -> None:
    page = await cal.bookings.list(
        status=["upcoming", "unconfirmed"],
        attendee_email="ada@example.com",
        attendee_name="Ada",
        event_type_ids=[1, 2],
        team_ids=[3],
        after_start=START,
        before_end="2050-02-01T00:00:00+01:00",
        after_created_at=START,
        sort_start="desc",
        sort_created="asc",
        take=10,
        skip=20,
    )
    seen = fake.last
    assert (seen.method, seen.path, seen.version) == ("GET", "/v2/bookings", VERSION)
    assert seen.query == {
        "status": ["upcoming", "unconfirmed"],
        "attendeeEmail": ["ada@example.com"],
        "attendeeName": ["Ada"],
        "eventTypeIds": ["1,2"],
        "teamsIds": ["3"],
        "afterStart": ["2050-01-03T09:00:00Z"],
        "beforeEnd": ["2050-01-31T23:00:00Z"],
        "afterCreatedAt": ["2050-01-03T09:00:00Z"],
        "sortStart": ["desc"],
        "sortCreated": ["asc"],
        "take": ["10"],
        "skip": ["20"],
    }
    assert len(page) == 0 and page.pagination is not None and page.response.status_code == 200


async def test_list_single_values(cal: AsyncCal, fake: ScriptedCal) -> None:
    await cal.bookings.list(status="past", event_type_id=5, team_id=6, booking_uid="abc")
    assert fake.last.query == {
        "status": ["past"],
        "eventTypeId": ["5"],
        "teamId": ["6"],
        "bookingUid": ["abc"],
        "take": ["100"],
        "skip": ["0"],
    }


async def test_reschedule(cal: AsyncCal, fake: ScriptedCal) -> None:
    created = await cal.bookings.create(event_type_id=42, start=START, attendee=ADA)
    new = await cal.bookings.reschedule(
        created.uid,
        start=START + dt.timedelta(hours=1),
        reason="clash",
        rescheduled_by="host@example.com",
    )
    seen = fake.last
    assert (seen.method, seen.path, seen.version) == ("POST", f"/v2/bookings/{created.uid}/reschedule", VERSION)
    assert seen.body == {
        "start": "2050-01-03T10:00:00Z",
        "rescheduledBy": "host@example.com",
        "reschedulingReason": "clash",
    }
    assert new.uid != created.uid
    assert fake.bookings[created.uid]["status"] == "cancelled"


async def test_reschedule_one_seat(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.bookings["b1"] = booking_json(id=1, uid="b1", start=START)
    await cal.bookings.reschedule("b1", start=START, seat_uid="seat-9")
    assert fake.last.body == {"start": "2050-01-03T09:00:00Z", "seatUid": "seat-9"}
    with pytest.raises(CalValidationError, match="no reason"):
        await cal.bookings.reschedule("b1", start=START, seat_uid="seat-9", reason="x")


async def test_cancel_variants(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.bookings["b1"] = booking_json(id=1, uid="b1", start=START)
    cancelled = await cal.bookings.cancel("b1", reason="ill", cancel_subsequent=True)
    seen = fake.last
    assert (seen.method, seen.path, seen.version) == ("POST", "/v2/bookings/b1/cancel", VERSION)
    assert seen.body == {"cancellationReason": "ill", "cancelSubsequentBookings": True}
    assert not isinstance(cancelled, list) and cancelled.status.value == "cancelled"
    await cal.bookings.cancel("b1")
    assert fake.last.body == {}
    await cal.bookings.cancel("b1", seat_uid="seat-1")
    assert fake.last.body == {"seatUid": "seat-1"}
    before = len(fake.requests)
    with pytest.raises(CalValidationError, match="only seat_uid"):
        await cal.bookings.cancel("b1", seat_uid="seat-1", reason="x")
    assert len(fake.requests) == before


async def test_confirm_decline_mark_absent(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.bookings["b1"] = booking_json(id=1, uid="b1", start=START, status="pending")
    confirmed = await cal.bookings.confirm("b1")
    assert (fake.last.method, fake.last.path, fake.last.version, fake.last.body) == (
        "POST",
        "/v2/bookings/b1/confirm",
        VERSION,
        None,
    )
    assert not isinstance(confirmed, list) and confirmed.status.value == "accepted"
    await cal.bookings.decline("b1", reason="busy")
    assert (fake.last.path, fake.last.body, fake.last.version) == (
        "/v2/bookings/b1/decline",
        {"reason": "busy"},
        VERSION,
    )
    await cal.bookings.mark_absent("b1", host=False, attendees={"ada@example.com": True})
    assert fake.last.path == "/v2/bookings/b1/mark-absent"
    assert fake.last.body == {"host": False, "attendees": [{"email": "ada@example.com", "absent": True}]}
    assert fake.last.version == VERSION


async def test_reassign(cal: AsyncCal, fake: ScriptedCal) -> None:
    await cal.bookings.reassign("b1")
    assert (fake.last.method, fake.last.path, fake.last.body, fake.last.version) == (
        "POST",
        "/v2/bookings/b1/reassign",
        None,
        VERSION,
    )
    result = await cal.bookings.reassign("b1", user_id=12, reason="vacation")
    assert (fake.last.path, fake.last.body) == ("/v2/bookings/b1/reassign/12", {"reason": "vacation"})
    assert result.additional_properties == {"bookingUid": "b1"}


async def test_links_references_recordings_transcripts(cal: AsyncCal, fake: ScriptedCal) -> None:
    links = await cal.bookings.calendar_links("b1")
    assert (fake.last.path, fake.last.version) == ("/v2/bookings/b1/calendar-links", VERSION)
    assert [link.label for link in links] == ["Google"]
    # Cal.com answers status "success" where the spec says object: the SDK still returns the data.
    references = await cal.bookings.references("b1", type="google_calendar")
    assert (fake.last.path, fake.last.query) == ("/v2/bookings/b1/references", {"type": ["google_calendar"]})
    assert [(ref.event_uid, ref.id) for ref in references] == [("evt-1", 3)]
    await cal.bookings.recordings("b1")
    assert fake.last.path == "/v2/bookings/b1/recordings"
    transcripts = await cal.bookings.transcripts("b1")
    assert fake.last.path == "/v2/bookings/b1/transcripts"
    assert transcripts == ["https://t.example/1"]


async def test_uid_cannot_change_the_path(cal: AsyncCal, fake: ScriptedCal) -> None:
    for bad in ("../me", "a/b", "a?b=1", "", " "):
        with pytest.raises(CalValidationError):
            await cal.bookings.get(bad)
    assert fake.requests == []
