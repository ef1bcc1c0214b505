"""FakeCal answers with the shapes Cal.com's server sends (the corpus's facts), and the SDK reads
them strictly: seats and booking window off as ``{"disabled": true}``, default booking fields
without ``label``/``placeholder``, ``displayEmail`` on hosts and attendees, ``bookingUrl`` and the
owner's user object on event types, and for each resource FakeCal emulates, exactly the keys the
corpus case built from Cal.com's output service has."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
from cal_client.testing import FakeCal
from test_corpus import load

from cal_client import AsyncCal, Attendee, ManagedUser
from cal_client.api.slots import get_available_slots
from cal_client.models import Disabled20240614
from cal_client.types import Unset


def sandbox_client(fake: FakeCal, **kwargs: Any) -> AsyncCal:
    return AsyncCal(
        kwargs.pop("api_key", fake.sandbox.api_key),
        base_url="http://fakecal.test",
        transport=fake.transport(),
        allow_insecure_http=True,
        strict_parsing=True,
        **kwargs,
    )


def corpus_data(name: str) -> Any:
    return load(name)["body"]["data"]


async def test_fakecal_event_types_have_the_servers_shapes() -> None:
    fake = FakeCal()
    async with sandbox_client(fake) as cal:
        event_type = await cal.event_types.get(fake.sandbox.event_type_id)
        created = await cal.event_types.create(title="Chat", slug="chat", length_in_minutes=15)
    for parsed in (event_type, created):
        assert parsed is not None
        assert isinstance(parsed.seats, Disabled20240614) and parsed.seats.disabled is True
        assert isinstance(parsed.booking_window, Disabled20240614)
        defaults = [field for field in parsed.booking_fields if getattr(field, "is_default", False) is True]
        assert {field.slug for field in defaults} >= {"name", "email", "location", "title", "notes", "guests"}
        assert all(isinstance(field.label, Unset) for field in defaults)
    # The same facts as the corpus: each default field has the keys the server's transformer writes.
    corpus = {field["slug"]: set(field) for field in corpus_data("event_type_personal_seats_off")["bookingFields"]}
    sent = {field["slug"]: set(field) for field in event_type.to_dict()["bookingFields"]}
    assert sent == corpus
    # The whole event type: the keys getResponseEventType writes for a plain event type, the owner as
    # a user object, and the public booking page of the owner.
    assert set(event_type.to_dict()) == set(corpus_data("event_type_personal_seats_off"))
    assert event_type.to_dict()["users"][0].keys() == corpus_data("event_type_personal_seats_off")["users"][0].keys()
    assert event_type.to_dict()["users"][0]["id"] == fake.sandbox.user_id
    assert event_type.booking_url == f"https://cal.com/{fake.sandbox.username}/{fake.sandbox.event_type_slug}"


async def test_fakecal_bookings_have_the_servers_shapes() -> None:
    fake = FakeCal()
    async with sandbox_client(fake) as cal:
        now = dt.datetime.now(dt.UTC)
        slots = await cal.slots.find(
            event_type_id=fake.sandbox.event_type_id, start=now, end=now + dt.timedelta(days=7)
        )
        created = await cal.bookings.create(
            event_type_id=fake.sandbox.event_type_id,
            start=slots.starts()[0],
            attendee=Attendee(name="Grace Hopper", email="grace@example.org", time_zone="America/New_York"),
        )
        booking = await cal.bookings.get(created.uid)
    sent = booking.to_dict()
    # A booking without guests, phone or notes: the keys of getOutputBooking for that booking.
    corpus = corpus_data("booking_without_optional_fields")
    assert set(sent) == set(corpus)
    assert set(sent["hosts"][0]) == set(corpus["hosts"][0])
    assert set(sent["attendees"][0]) == set(corpus["attendees"][0])
    assert set(sent["bookingFieldsResponses"]) == set(corpus["bookingFieldsResponses"])
    assert sent["cancellationReason"] == "" and sent["cancelledByEmail"] == "" and sent["rating"] is None
    assert sent["attendees"][0]["displayEmail"] == "grace@example.org"


async def test_a_managed_users_display_email_drops_the_client_tag_as_cal_com_does() -> None:
    fake = FakeCal()
    client_id, secret = fake.sandbox.oauth_client_id, fake.sandbox.oauth_client_secret
    async with httpx.AsyncClient(base_url="http://fakecal.test", transport=fake.transport()) as http:
        made = await http.post(
            f"/v2/oauth-clients/{client_id}/users",
            json={"email": "ada@example.com", "name": "Ada", "timeZone": "Europe/London"},
            headers={"x-cal-secret-key": secret, "x-cal-client-id": client_id},
        )
    assert made.status_code == 201, made.text
    data = made.json()["data"]
    # The sandbox's client id has a real client id's shape (25 letters and digits), so the address
    # Cal.com gives the managed user carries that tag and displayEmail is the address without it.
    assert data["user"]["email"] == f"ada+{client_id}@example.com"
    auth = ManagedUser(client_id, secret, data["accessToken"], data["refreshToken"], data["accessTokenExpiresAt"])
    async with sandbox_client(fake, api_key=None, auth=auth) as cal:
        event_type = await cal.event_types.create(title="Intro", slug="intro", length_in_minutes=15)
        assert event_type.booking_url == ""  # no public booking page for a managed user
        now = dt.datetime.now(dt.UTC)
        slots = await cal.slots.find(event_type_id=event_type.id, start=now, end=now + dt.timedelta(days=7))
        created = await cal.bookings.create(
            event_type_id=event_type.id,
            start=slots.starts()[0],
            attendee=Attendee(name="Grace", email="grace@example.org", time_zone="Europe/London"),
        )
        booking = await cal.bookings.get(created.uid)
    assert booking.hosts[0].email == data["user"]["email"] and booking.hosts[0].display_email == "ada@example.com"


async def test_fakecal_me_schedules_webhooks_slots_and_reservations_have_the_servers_keys() -> None:
    fake = FakeCal()
    async with sandbox_client(fake) as cal:
        me = await cal.me.get()
        schedule = await cal.schedules.get(fake.sandbox.schedule_id)
        webhook = await cal.webhooks.create(
            subscriber_url="https://hooks.example.com/cal", triggers=["BOOKING_CREATED"]
        )
        now = dt.datetime.now(dt.UTC)
        envelope = await cal.call(
            get_available_slots,
            start=now.date().isoformat(),
            end=(now + dt.timedelta(days=7)).date().isoformat(),
            event_type_id=fake.sandbox.event_type_id,
        )
        slots = envelope.to_dict()["data"]
        first = next(iter(slots.values()))[0]
        reservation = await cal.slots.reserve(event_type_id=fake.sandbox.event_type_id, slot_start=first["start"])
        held = await cal.slots.get_reservation(reservation.reservation_uid)
    assert set(me.to_dict()) == set(corpus_data("me"))
    assert schedule is not None and set(schedule.to_dict()) == set(corpus_data("schedule_get"))
    # A webhook made without a secret or template: both keys present, null.
    assert set(webhook.to_dict()) == set(corpus_data("webhook_get_templated"))
    assert webhook.to_dict()["secret"] is None and webhook.to_dict()["payloadTemplate"] is None
    assert set(first) == set(next(iter(corpus_data("slots_time_utc").values()))[0])
    assert set(reservation.to_dict()) == set(corpus_data("slot_reservation_create"))
    assert held is not None and set(held.to_dict()) == set(corpus_data("slot_reservation_get"))
