"""The SDK (``AsyncCal`` and its resources) against FakeCal, with ``prism proxy --errors`` in between.

Every request the SDK builds is checked by Prism against the test copy of Cal.com's spec (422 if
the spec forbids it) and every FakeCal answer too (500), so these flows also prove the SDK and
the fake agree with the spec, not just with each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import httpx
import pytest
from cal_client.resources import Attendee
from cal_client.testing import FakeCal, FrozenClock, RateLimits, WebhookReceiver

from cal_client import (
    AsyncCal,
    ManagedUser,
    ManagedUserTokens,
    NotFoundError,
    RateLimitError,
    UnprocessableEntityError,
    webhooks,
)

pytestmark = pytest.mark.prism

ADA = Attendee(name="Ada Lovelace", email="ada@example.com", time_zone="Europe/London")
MONDAY = dt.date(2030, 1, 7)


@pytest.fixture
async def cal(prism_url: str, fake: FakeCal) -> AsyncIterator[AsyncCal]:
    async with AsyncCal(api_key=fake.sandbox.api_key, base_url=prism_url, max_retries=0) as client:
        yield client


async def test_quickstart_flow_with_verified_webhooks(
    cal: AsyncCal, fake: FakeCal, receiver: WebhookReceiver, receiver_url: str
) -> None:
    triggers = ["BOOKING_CREATED", "BOOKING_RESCHEDULED", "BOOKING_CANCELLED"]
    hook = await cal.webhooks.create(subscriber_url=receiver_url, triggers=triggers, secret="sdk-secret")
    slots = await cal.slots.find(
        event_type_id=fake.sandbox.event_type_id,
        start=MONDAY,
        end=MONDAY + dt.timedelta(days=4),
        time_zone="Asia/Tokyo",
    )
    assert slots.count == 14 + 4 * 16
    first = slots.first()
    assert first is not None
    assert first.start == dt.datetime(2030, 1, 7, 10, tzinfo=dt.UTC)
    assert first.start.utcoffset() == dt.timedelta(hours=9)

    created = await cal.bookings.create(event_type_id=fake.sandbox.event_type_id, start=first.start, attendee=ADA)
    assert created.booking.status == "accepted"
    fetched = await cal.bookings.get(created.uid)
    assert fetched.uid == created.uid

    later = slots.starts()[20]
    moved = await cal.bookings.reschedule(created.uid, start=later, reason="clash")
    assert moved.uid != created.uid
    assert moved.rescheduled_from_uid == created.uid
    cancelled = await cal.bookings.cancel(moved.uid, reason="done")
    assert cancelled.status == "cancelled"

    listed = [b.uid async for b in cal.bookings.list(status=["cancelled"])]
    assert sorted(listed) == sorted([created.uid, moved.uid])

    arrived = receiver.wait_for(3, timeout=10)
    events = [webhooks.parse(w.body, w.headers, secret="sdk-secret") for w in arrived]
    assert [e.trigger_event for e in events] == triggers
    assert [getattr(e, "uid", None) for e in events] == [created.uid, moved.uid, moved.uid]
    await cal.webhooks.delete(hook.id)


async def test_confirm_decline_and_mark_absent(cal: AsyncCal, fake: FakeCal) -> None:
    policy = {"type": "always", "blockUnconfirmedBookingsInBooker": True}
    needs_ok = fake.add_event_type(fake.sandbox.user_id, title="Intro", slug="intro", confirmationPolicy=policy)
    first = await cal.bookings.create(event_type_id=needs_ok, start="2030-01-08T10:00:00Z", attendee=ADA)
    second = await cal.bookings.create(event_type_id=needs_ok, start="2030-01-08T11:00:00Z", attendee=ADA)
    assert first.booking.status == second.booking.status == "pending"
    assert (await cal.bookings.confirm(first.uid)).status == "accepted"
    assert (await cal.bookings.decline(second.uid, reason="full")).status == "rejected"
    marked = await cal.bookings.mark_absent(first.uid, host=True)
    assert marked.absent_host is True


async def test_errors_are_typed(cal: AsyncCal, fake: FakeCal) -> None:
    with pytest.raises(NotFoundError) as missing:
        await cal.bookings.get("no-such-booking")
    assert missing.value.request_id
    await cal.bookings.create(event_type_id=1, start="2030-01-08T15:00:00Z", attendee=ADA)
    with pytest.raises(UnprocessableEntityError):
        await cal.slots.reserve(event_type_id=1, slot_start="2030-01-08T15:00:00Z")


async def test_a_request_prism_refuses_surfaces_as_422(cal: AsyncCal, fake: FakeCal) -> None:
    with pytest.raises(UnprocessableEntityError) as refused:
        await cal.bookings.create(
            event_type_id=1, start="2030-01-08T10:00:00Z", attendee=ADA, extra_body={"eventTypeId": "1"}
        )
    assert refused.value.status_code == 422
    assert fake.store.bookings == {}


async def test_rate_limit_error_carries_the_window(prism_url: str, fake: FakeCal) -> None:
    fake.configure_rate_limits(RateLimits(api_key=2))
    async with AsyncCal(api_key=fake.sandbox.api_key, base_url=prism_url, throttle=False, max_retries=0) as cal:
        await cal.me.get()
        await cal.me.get()
        with pytest.raises(RateLimitError) as limited:
            await cal.me.get()
    assert limited.value.status_code == 429
    assert cal.rate_limits["default"].remaining == 0


async def test_managed_user_token_expiry_refreshes_and_rotates(
    prism_url: str, fake: FakeCal, clock: FrozenClock
) -> None:
    client_id, secret = fake.sandbox.oauth_client_id, fake.sandbox.oauth_client_secret
    async with httpx.AsyncClient(base_url=prism_url) as http:
        created = await http.post(
            f"/v2/oauth-clients/{client_id}/users",
            json={"email": "mu@example.com", "name": "Managed", "timeZone": "Europe/Paris"},
            headers={"x-cal-secret-key": secret, "x-cal-client-id": client_id},
        )
    assert created.status_code == 201, created.text
    data = created.json()["data"]
    saved: list[ManagedUserTokens] = []
    auth = ManagedUser(
        client_id,
        secret,
        data["accessToken"],
        data["refreshToken"],
        data["accessTokenExpiresAt"],
        on_refresh=saved.append,
    )
    async with AsyncCal(auth=auth, base_url=prism_url, max_retries=0) as cal:
        assert (await cal.me.get()).email == data["user"]["email"]
        clock.advance(minutes=61)  # FakeCal's clock: the access token is now expired (498)
        me = await cal.me.get()
    assert me.id == data["user"]["id"]
    assert auth.refresh_count == 1
    assert len(saved) == 1 and saved[0].refresh_token != data["refreshToken"]
    async with httpx.AsyncClient(base_url=prism_url) as http:
        stale = await http.post(
            f"/v2/oauth/{client_id}/refresh",
            json={"refreshToken": data["refreshToken"]},
            headers={"x-cal-secret-key": secret},
        )
    assert stale.status_code == 400  # rotated: the first refresh token no longer works


async def test_get_reservation_reads_what_cal_com_sends(cal: AsyncCal) -> None:
    reservation = await cal.slots.reserve(event_type_id=1, slot_start="2030-01-08T10:00:00Z")
    fetched = await cal.slots.get_reservation(reservation.reservation_uid)
    assert fetched is not None and fetched.reservation_uid == reservation.reservation_uid
