"""Event types, schedules, calendars, webhooks, me and managed users: exact requests and results."""

from __future__ import annotations

import datetime as dt

import pytest
from cal_client._auth import PlatformClient
from cal_client.resources import (
    Availability,
    AvailabilityOverride,
    CalValidationError,
)
from resources_fake import ScriptedCal

from cal_client import AsyncCal

# -- event types -------------------------------------------------------------------------------------


async def test_event_types_create_get_update_delete(cal: AsyncCal, fake: ScriptedCal) -> None:
    created = await cal.event_types.create(
        title="Intro call",
        slug="intro-call",
        length_in_minutes=30,
        length_in_minutes_options=[15, 30],
        locations=[{"type": "integration", "integration": "cal-video"}],
        minimum_booking_notice=0,
        seats={"disabled": True},
        hidden=False,
        extra_body={"customName": "{Event type title} with {Scheduler}"},
    )
    seen = fake.last
    assert (seen.method, seen.path, seen.version, seen.query) == ("POST", "/v2/event-types", "2024-06-14", {})
    assert seen.body == {
        "title": "Intro call",
        "slug": "intro-call",
        "lengthInMinutes": 30,
        "lengthInMinutesOptions": [15, 30],
        "locations": [{"type": "integration", "integration": "cal-video"}],
        "minimumBookingNotice": 0,
        "seats": {"disabled": True},
        "hidden": False,
        "customName": "{Event type title} with {Scheduler}",
    }
    assert (created.id, created.title, created.slug, created.length_in_minutes) == (7, "Intro call", "intro-call", 30)

    got = await cal.event_types.get(42)
    assert (fake.last.method, fake.last.path, fake.last.version) == ("GET", "/v2/event-types/42", "2024-06-14")
    assert got is not None and got.id == 42

    updated = await cal.event_types.update(42, title="Renamed", after_event_buffer=10)
    assert (fake.last.method, fake.last.path, fake.last.version) == ("PATCH", "/v2/event-types/42", "2024-06-14")
    assert fake.last.body == {"title": "Renamed", "afterEventBuffer": 10}
    assert updated.title == "Renamed"

    deleted = await cal.event_types.delete(42)
    assert (fake.last.method, fake.last.path, fake.last.version) == ("DELETE", "/v2/event-types/42", "2024-06-14")
    assert deleted.id == 42


async def test_event_types_list_filters(cal: AsyncCal, fake: ScriptedCal) -> None:
    await cal.event_types.list(username="host", event_slug="intro", org_slug="acme", org_id=3)
    assert fake.last.query == {"username": ["host"], "eventSlug": ["intro"], "orgSlug": ["acme"], "orgId": ["3"]}
    await cal.event_types.list(usernames=["ada", "bob"])
    assert (fake.last.path, fake.last.version, fake.last.query) == (
        "/v2/event-types",
        "2024-06-14",
        {"usernames": ["ada,bob"]},
    )


async def test_event_types_reject_bad_input_before_io(cal: AsyncCal, fake: ScriptedCal) -> None:
    with pytest.raises(CalValidationError, match="length_in_minutes must be an int"):
        await cal.event_types.create(title="x", slug="x", length_in_minutes="30")  # type: ignore[arg-type]
    with pytest.raises(CalValidationError, match=r"length_in_minutes_options\[0\]"):
        await cal.event_types.create(title="x", slug="x", length_in_minutes=30, length_in_minutes_options=["15"])  # type: ignore[list-item]
    with pytest.raises(CalValidationError, match="title must not be empty"):
        await cal.event_types.create(title=" ", slug="x", length_in_minutes=30)
    with pytest.raises(CalValidationError, match="nothing to update"):
        await cal.event_types.update(42)
    with pytest.raises(CalValidationError, match="event_type_id"):
        await cal.event_types.get("42")  # type: ignore[arg-type]
    with pytest.raises(CalValidationError, match="event_slug needs username"):
        cal.event_types.list(event_slug="intro")
    assert fake.requests == []


# -- schedules --------------------------------------------------------------------------------------


async def test_schedules_crud(cal: AsyncCal, fake: ScriptedCal) -> None:
    assert await cal.schedules.get_default() is None  # Cal.com's data: null
    created = await cal.schedules.create(
        name="Office",
        time_zone="Europe/Paris",
        is_default=True,
        availability=[Availability(days=["Monday", "Friday"], start_time=dt.time(9), end_time="17:30")],
        overrides=[AvailabilityOverride(date=dt.date(2050, 12, 24), start_time=dt.time(9), end_time=dt.time(12))],
    )
    seen = fake.last
    assert (seen.method, seen.path, seen.version) == ("POST", "/v2/schedules", "2024-06-11")
    assert seen.body == {
        "name": "Office",
        "timeZone": "Europe/Paris",
        "isDefault": True,
        "availability": [{"days": ["Monday", "Friday"], "startTime": "09:00", "endTime": "17:30"}],
        "overrides": [{"date": "2050-12-24", "startTime": "09:00", "endTime": "12:00"}],
    }
    assert created.time_zone == "Europe/Paris"

    default = await cal.schedules.get_default()
    assert (fake.last.path, fake.last.version) == ("/v2/schedules/default", "2024-06-11")
    assert default is not None and default.id == created.id

    got = await cal.schedules.get(created.id)
    assert (fake.last.method, fake.last.path) == ("GET", f"/v2/schedules/{created.id}")
    assert got is not None and got.name == "Office"

    updated = await cal.schedules.update(created.id, name="Desk", time_zone="UTC")
    assert (fake.last.method, fake.last.path, fake.last.version) == (
        "PATCH",
        f"/v2/schedules/{created.id}",
        "2024-06-11",
    )
    assert fake.last.body == {"name": "Desk", "timeZone": "UTC"}
    assert updated.name == "Desk"

    page = await cal.schedules.list()
    assert (fake.last.method, fake.last.path) == ("GET", "/v2/schedules")
    assert [s.id for s in page] == [created.id]

    assert await cal.schedules.delete(created.id) is None
    assert (fake.last.method, fake.last.path, fake.last.version) == (
        "DELETE",
        f"/v2/schedules/{created.id}",
        "2024-06-11",
    )


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"time_zone": "Paris"}, "time_zone"),
        ({"is_default": "yes"}, "is_default"),
        ({"availability": [Availability(days=["Mon"], start_time="09:00", end_time="17:00")]}, "Mon"),
        ({"availability": [Availability(days=["Monday"], start_time="9am", end_time="17:00")]}, "HH:MM"),
        ({"availability": [Availability(days=["Monday"], start_time="17:00", end_time="09:00")]}, "after start"),
        ({"availability": [{"days": ["Monday"]}]}, "Availability"),
        (
            {"availability": [Availability(days=["Monday"], start_time=dt.time(9, tzinfo=dt.UTC), end_time="17:00")]},
            "wall-clock",
        ),
        ({"overrides": [AvailabilityOverride(date="24/12/2050", start_time="09:00", end_time="12:00")]}, "date"),
        (
            {"overrides": [AvailabilityOverride(date="2050-12-24", start_time="12:00", end_time="09:00")]},
            r"overrides\[0\]: end_time must be after start",
        ),
    ],
)
async def test_schedules_reject_bad_input_before_io(
    cal: AsyncCal, fake: ScriptedCal, kwargs: dict[str, object], match: str
) -> None:
    call: dict[str, object] = {"name": "x", "time_zone": "UTC", "is_default": False, **kwargs}
    with pytest.raises(CalValidationError, match=match):
        await cal.schedules.create(**call)  # type: ignore[arg-type]
    assert fake.requests == []


# -- calendars --------------------------------------------------------------------------------------


async def test_calendar_connections(cal: AsyncCal, fake: ScriptedCal) -> None:
    try:
        connections = await cal.calendars.connections()
    finally:
        assert (fake.last.method, fake.last.path, fake.last.version) == ("GET", "/v2/calendars", None)
    assert connections.connected_calendars[0].credential_id == 7
    assert connections.destination_calendar.external_id == "ada@example.com"


async def test_calendars(cal: AsyncCal, fake: ScriptedCal) -> None:
    busy = await cal.calendars.busy_times(
        credential_id=7,
        external_id="ada@example.com",
        time_zone="Europe/London",
        date_from=dt.date(2050, 1, 3),
        date_to=dt.datetime(2050, 1, 4, tzinfo=dt.UTC),
    )
    assert (fake.last.path, fake.last.query) == (
        "/v2/calendars/busy-times",
        {
            "loggedInUsersTz": ["Europe/London"],
            "dateFrom": ["2050-01-03"],
            "dateTo": ["2050-01-04T00:00:00Z"],
            "credentialId": ["7"],
            "externalId": ["ada@example.com"],
        },
    )
    assert busy[0].start == dt.datetime(2050, 1, 3, 9, tzinfo=dt.UTC)

    await cal.calendars.check("google")
    assert (fake.last.method, fake.last.path) == ("GET", "/v2/calendars/google/check")

    await cal.calendars.connect_url("office365", redirect_url="https://app.example/done")
    assert (fake.last.path, fake.last.query) == (
        "/v2/calendars/office365/connect",
        {"isDryRun": ["false"], "redir": ["https://app.example/done"]},
    )

    await cal.calendars.save_apple_credentials(username="ada@icloud.com", password="app-pass")
    assert (fake.last.method, fake.last.path) == ("POST", "/v2/calendars/apple/credentials")
    assert fake.last.body == {"username": "ada@icloud.com", "password": "app-pass"}

    removed = await cal.calendars.disconnect("google", credential_id=7)
    assert (fake.last.method, fake.last.path, fake.last.body) == ("POST", "/v2/calendars/google/disconnect", {"id": 7})
    assert removed.id == 7

    await cal.calendars.check_ics_feed()
    assert (fake.last.method, fake.last.path) == ("GET", "/v2/calendars/ics-feed/check")

    await cal.calendars.add_ics_feed(urls=["https://cal.example/a.ics"], read_only=True)
    assert (fake.last.method, fake.last.path) == ("POST", "/v2/calendars/ics-feed/save")
    assert fake.last.body == {"urls": ["https://cal.example/a.ics"], "readOnly": True}

    await cal.calendars.add_selected(integration="google_calendar", external_id="a@x.com", credential_id=7)
    assert (fake.last.method, fake.last.path) == ("POST", "/v2/selected-calendars")
    assert fake.last.body == {"integration": "google_calendar", "externalId": "a@x.com", "credentialId": 7}

    await cal.calendars.remove_selected(integration="google_calendar", external_id="a@x.com", credential_id=7)
    assert (fake.last.method, fake.last.path, fake.last.query) == (
        "DELETE",
        "/v2/selected-calendars",
        {"integration": ["google_calendar"], "externalId": ["a@x.com"], "credentialId": ["7"]},
    )

    await cal.calendars.set_destination(integration="google_calendar", external_id="a@x.com")
    assert (fake.last.method, fake.last.path) == ("PUT", "/v2/destination-calendars")
    assert fake.last.body == {"integration": "google_calendar", "externalId": "a@x.com"}


async def test_calendars_reject_bad_input_before_io(cal: AsyncCal, fake: ScriptedCal) -> None:
    with pytest.raises(CalValidationError, match="time_zone"):
        await cal.calendars.busy_times(credential_id=7, external_id="a", time_zone="GMT+1")
    with pytest.raises(CalValidationError, match="date_from"):
        await cal.calendars.busy_times(
            credential_id=7, external_id="a", time_zone="UTC", date_from=dt.datetime(2050, 1, 3)
        )
    with pytest.raises(CalValidationError, match="calendar"):
        await cal.calendars.check("outlook")  # type: ignore[arg-type]
    with pytest.raises(CalValidationError, match="urls"):
        await cal.calendars.add_ics_feed(urls="https://cal.example/a.ics")
    assert fake.requests == []


# -- webhooks ---------------------------------------------------------------------------------------


async def test_user_webhooks_crud(cal: AsyncCal, fake: ScriptedCal) -> None:
    hook = await cal.webhooks.create(
        subscriber_url="https://example.com/cal",
        triggers=["BOOKING_CREATED", "BOOKING_CANCELLED"],
        secret="s3cret",
        payload_template='{"x": 1}',
    )
    assert (fake.last.method, fake.last.path, fake.last.version) == ("POST", "/v2/webhooks", None)
    assert fake.last.body == {
        "subscriberUrl": "https://example.com/cal",
        "triggers": ["BOOKING_CREATED", "BOOKING_CANCELLED"],
        "active": True,
        "payloadTemplate": '{"x": 1}',
        "secret": "s3cret",
    }
    assert hook.id.startswith("wh-") and hook.user_id == 1

    assert (await cal.webhooks.get(hook.id)).id == hook.id
    assert (fake.last.method, fake.last.path) == ("GET", f"/v2/webhooks/{hook.id}")

    updated = await cal.webhooks.update(hook.id, active=False, triggers=["MEETING_ENDED"])
    assert (fake.last.method, fake.last.path) == ("PATCH", f"/v2/webhooks/{hook.id}")
    assert fake.last.body == {"triggers": ["MEETING_ENDED"], "active": False}
    assert updated.active is False

    page = await cal.webhooks.list()
    assert (fake.last.path, fake.last.query) == ("/v2/webhooks", {"take": ["250"], "skip": ["0"]})
    assert [h.id for h in page] == [hook.id]

    await cal.webhooks.delete(hook.id)
    assert (fake.last.method, fake.last.path) == ("DELETE", f"/v2/webhooks/{hook.id}")
    assert fake.webhooks == {}


async def test_event_type_oauth_client_and_organization_scopes(fake: ScriptedCal) -> None:
    async with fake.client(auth=PlatformClient("client1", "secret-key-123")) as cal:
        scoped = cal.webhooks.for_event_type(42)
        hook = await scoped.create(subscriber_url="https://example.com/et", triggers=["MEETING_ENDED"], active=False)
        assert (fake.last.method, fake.last.path) == ("POST", "/v2/event-types/42/webhooks")
        assert fake.last.body == {
            "subscriberUrl": "https://example.com/et",
            "triggers": ["MEETING_ENDED"],
            "active": False,
        }
        assert hook.event_type_id == 42
        await scoped.get(hook.id)
        assert fake.last.path == f"/v2/event-types/42/webhooks/{hook.id}"
        await scoped.update(hook.id, subscriber_url="https://example.com/et2")
        assert (fake.last.method, fake.last.path) == ("PATCH", f"/v2/event-types/42/webhooks/{hook.id}")
        assert [h.id async for h in scoped.list(take=5)] == [hook.id]
        assert (fake.last.path, fake.last.query) == ("/v2/event-types/42/webhooks", {"take": ["5"], "skip": ["0"]})
        await scoped.delete(hook.id)
        assert (fake.last.method, fake.last.path) == ("DELETE", f"/v2/event-types/42/webhooks/{hook.id}")
        assert await scoped.delete_all() == "2 webhooks deleted"
        assert (fake.last.method, fake.last.path) == ("DELETE", "/v2/event-types/42/webhooks")

        platform = cal.webhooks.for_oauth_client()  # the PlatformClient's own id
        created = await platform.create(subscriber_url="https://example.com/p", triggers=["BOOKING_CREATED"])
        assert (fake.last.method, fake.last.path) == ("POST", "/v2/oauth-clients/client1/webhooks")
        assert fake.last.headers["x-cal-client-id"] == "client1"
        assert created.o_auth_client_id == "client1"
        await platform.get(created.id)
        assert fake.last.path == f"/v2/oauth-clients/client1/webhooks/{created.id}"
        await platform.list()
        assert fake.last.path == "/v2/oauth-clients/client1/webhooks"
        await platform.update(created.id, active=False)
        assert (fake.last.method, fake.last.path, fake.last.body) == (
            "PATCH",
            f"/v2/oauth-clients/client1/webhooks/{created.id}",
            {"active": False},
        )
        await platform.delete(created.id)
        assert (fake.last.method, fake.last.path) == ("DELETE", f"/v2/oauth-clients/client1/webhooks/{created.id}")
        await platform.delete_all()
        assert (fake.last.method, fake.last.path) == ("DELETE", "/v2/oauth-clients/client1/webhooks")

        org = cal.webhooks.for_organization(9)
        made = await org.create(subscriber_url="https://example.com/o", triggers=["BOOKING_PAID"])
        assert (fake.last.method, fake.last.path) == ("POST", "/v2/organizations/9/webhooks")
        assert made.team_id == 9
        await org.get(made.id)
        assert fake.last.path == f"/v2/organizations/9/webhooks/{made.id}"
        await org.list(take=10, skip=0)
        assert (fake.last.path, fake.last.query) == ("/v2/organizations/9/webhooks", {"take": ["10"], "skip": ["0"]})
        await org.update(made.id, payload_template="{}")
        assert (fake.last.method, fake.last.path, fake.last.body) == (
            "PATCH",
            f"/v2/organizations/9/webhooks/{made.id}",
            {"payloadTemplate": "{}"},
        )
        await org.delete(made.id)
        assert (fake.last.method, fake.last.path) == ("DELETE", f"/v2/organizations/9/webhooks/{made.id}")


async def test_webhooks_reject_bad_input_before_io(cal: AsyncCal, fake: ScriptedCal) -> None:
    with pytest.raises(CalValidationError, match="did you mean 'BOOKING_CREATED'"):
        await cal.webhooks.create(subscriber_url="https://e.com", triggers=["BOOKING_CREATE"])
    with pytest.raises(CalValidationError, match="list"):
        await cal.webhooks.create(subscriber_url="https://e.com", triggers="BOOKING_CREATED")
    with pytest.raises(CalValidationError, match="at least one"):
        await cal.webhooks.create(subscriber_url="https://e.com", triggers=[])
    with pytest.raises(CalValidationError, match="http"):
        await cal.webhooks.create(subscriber_url="example.com", triggers=["BOOKING_CREATED"])
    with pytest.raises(CalValidationError, match="client_id"):
        cal.webhooks.for_oauth_client()  # API-key auth has no client id
    with pytest.raises(CalValidationError, match="event_type_id"):
        cal.webhooks.for_event_type("42")  # type: ignore[arg-type]
    assert fake.requests == []


# -- me ------------------------------------------------------------------------------------------------


async def test_me(cal: AsyncCal, fake: ScriptedCal) -> None:
    me = await cal.me.get()
    assert (fake.last.method, fake.last.path, fake.last.version) == ("GET", "/v2/me", None)
    assert me.username == "ada"
    updated = await cal.me.update(time_zone="Europe/Paris", week_start="Sunday", time_format=12)
    assert (fake.last.method, fake.last.path) == ("PATCH", "/v2/me")
    assert fake.last.body == {"timeFormat": 12, "weekStart": "Sunday", "timeZone": "Europe/Paris"}
    assert updated.time_zone == "Europe/Paris"
    with pytest.raises(CalValidationError, match="time_zone"):
        await cal.me.update(time_zone="CET+1")
    with pytest.raises(CalValidationError, match="time_format"):
        await cal.me.update(time_format=13)  # type: ignore[arg-type]
    with pytest.raises(CalValidationError, match="nothing to update"):
        await cal.me.update()
    assert len(fake.requests) == 2


# -- managed users -------------------------------------------------------------------------------------


async def test_managed_users(fake: ScriptedCal) -> None:
    async with fake.client(auth=PlatformClient("client1", "secret-key-123")) as cal:
        users = cal.managed_users
        created = await users.create(email="ada@example.com", name="Ada", time_zone="Europe/London", time_format=24)
        assert (fake.last.method, fake.last.path) == ("POST", "/v2/oauth-clients/client1/users")
        assert fake.last.body == {
            "email": "ada@example.com",
            "name": "Ada",
            "timeFormat": 24,
            "timeZone": "Europe/London",
        }
        assert created.access_token == "access" and created.user.id == 1
        await users.get(1)
        assert (fake.last.method, fake.last.path) == ("GET", "/v2/oauth-clients/client1/users/1")
        await users.update(1, name="Ada L.", client_id="client2")
        assert (fake.last.method, fake.last.path, fake.last.body) == (
            "PATCH",
            "/v2/oauth-clients/client2/users/1",
            {"name": "Ada L."},
        )
        await users.delete(1)
        assert (fake.last.method, fake.last.path) == ("DELETE", "/v2/oauth-clients/client1/users/1")
        keys = await users.force_refresh(1)
        assert (fake.last.method, fake.last.path) == ("POST", "/v2/oauth-clients/client1/users/1/force-refresh")
        assert keys.refresh_token == "refresh"
        await users.list(emails=["a@x.com", "b@x.com"], limit=10)
        assert fake.last.query == {"limit": ["10"], "offset": ["0"], "emails": ["a@x.com", "b@x.com"]}
        with pytest.raises(CalValidationError, match="email"):
            await users.create(email="not-an-email", name="Ada")
