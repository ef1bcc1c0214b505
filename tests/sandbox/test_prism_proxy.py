"""Flows through ``prism proxy --errors`` in front of the served FakeCal.

Prism holds both sides to the test copy of Cal.com's spec: a request the spec forbids comes back
422 and never reaches FakeCal; a FakeCal response the spec forbids comes back 500. So every
status asserted here is also "the request and the response were valid".
"""

from __future__ import annotations

import hashlib
import hmac

import httpx
import pytest
from cal_client.testing import FakeCal, FrozenClock, RateLimits, WebhookReceiver
from sandbox_helpers import BOOKINGS, EVENT_TYPES, SCHEDULES, SLOTS

from cal_client.api.bookings import cancel_booking, create_booking, get_booking, get_bookings, reschedule_booking
from cal_client.api.slots import get_available_slots, reserve_slot
from cal_client.api.webhooks import create_webhook
from cal_client.client import AuthenticatedClient
from cal_client.models import (
    CancelBookingInput20240813,
    CreateBookingInput20240813,
    CreateWebhookInputDto,
    RescheduleBookingInput20240813,
    ReserveSlotInput20240904,
)

pytestmark = pytest.mark.prism


def attendee() -> dict[str, str]:
    return {"name": "Ann Attendee", "email": "ann@example.com", "timeZone": "Europe/Rome"}


async def test_find_book_reschedule_cancel_through_prism(
    api: httpx.AsyncClient, fake: FakeCal, receiver: WebhookReceiver, receiver_url: str
) -> None:
    hook = await api.post(
        "/v2/webhooks",
        json={
            "subscriberUrl": receiver_url,
            "active": True,
            "triggers": ["BOOKING_CREATED", "BOOKING_RESCHEDULED", "BOOKING_CANCELLED"],
            "secret": "prism-secret",
        },
    )
    assert hook.status_code == 201, hook.text
    found = await api.get(
        "/v2/slots",
        params={"eventTypeId": 1, "start": "2030-01-08", "end": "2030-01-09", "timeZone": "America/New_York"},
        headers=SLOTS,
    )
    assert found.status_code == 200, found.text
    first = found.json()["data"]["2030-01-08"][0]["start"]
    assert first == "2030-01-08T04:00:00.000-05:00"
    created = await api.post(
        "/v2/bookings", json={"start": first, "eventTypeId": 1, "attendee": attendee()}, headers=BOOKINGS
    )
    assert created.status_code == 201, created.text
    uid = created.json()["data"]["uid"]
    moved = await api.post(f"/v2/bookings/{uid}/reschedule", json={"start": "2030-01-09T11:00:00Z"}, headers=BOOKINGS)
    assert moved.status_code == 201, moved.text
    new_uid = moved.json()["data"]["uid"]
    cancelled = await api.post(f"/v2/bookings/{new_uid}/cancel", json={"cancellationReason": "done"}, headers=BOOKINGS)
    assert cancelled.status_code == 200, cancelled.text
    listed = await api.get("/v2/bookings", params={"status": "cancelled"}, headers=BOOKINGS)
    assert listed.status_code == 200, listed.text
    assert sorted(b["uid"] for b in listed.json()["data"]) == sorted([uid, new_uid])
    arrived = receiver.wait_for(3, timeout=10)
    assert [w.json()["triggerEvent"] for w in arrived] == [
        "BOOKING_CREATED",
        "BOOKING_RESCHEDULED",
        "BOOKING_CANCELLED",
    ]
    for webhook in arrived:
        assert webhook.signature == hmac.new(b"prism-secret", webhook.body, hashlib.sha256).hexdigest()


async def test_schedules_event_types_and_reservations_through_prism(api: httpx.AsyncClient) -> None:
    schedule = await api.post(
        "/v2/schedules",
        json={
            "name": "Evenings",
            "timeZone": "Asia/Kolkata",
            "isDefault": False,
            "availability": [{"days": ["Monday", "Wednesday"], "startTime": "18:00", "endTime": "20:00"}],
            "overrides": [{"date": "2030-01-09", "startTime": "19:00", "endTime": "19:30"}],
        },
        headers=SCHEDULES,
    )
    assert schedule.status_code == 201, schedule.text
    schedule_id = schedule.json()["data"]["id"]
    default = await api.get("/v2/schedules/default", headers=SCHEDULES)
    assert default.status_code == 200 and default.json()["data"]["id"] != schedule_id
    event_type = await api.post(
        "/v2/event-types",
        json={
            "title": "Evening call",
            "slug": "evening",
            "lengthInMinutes": 30,
            "lengthInMinutesOptions": [30, 60],
            "scheduleId": schedule_id,
            "minimumBookingNotice": 0,
            "locations": [{"type": "link", "link": "https://meet.example.com/x", "public": True}],
            "bookingFields": [
                {
                    "type": "text",
                    "slug": "company",
                    "label": "Company",
                    "required": True,
                    "placeholder": "",
                    "hidden": False,
                }
            ],
        },
        headers=EVENT_TYPES,
    )
    assert event_type.status_code == 201, event_type.text
    event_type_id = event_type.json()["data"]["id"]
    found = await api.get(
        "/v2/slots",
        params={
            "eventTypeId": event_type_id,
            "start": "2030-01-07",
            "end": "2030-01-09",
            "duration": 60,
            "format": "range",
        },
        headers=SLOTS,
    )
    assert found.status_code == 200, found.text
    # 18:00-20:00 Kolkata (UTC+05:30) is 12:30-14:30 UTC; 60-minute slots step by 60; the 9th is overridden.
    assert found.json()["data"] == {
        "2030-01-07": [
            {"start": "2030-01-07T12:30:00.000Z", "end": "2030-01-07T13:30:00.000Z"},
            {"start": "2030-01-07T13:30:00.000Z", "end": "2030-01-07T14:30:00.000Z"},
        ]
    }
    missing_field = await api.post(
        "/v2/bookings",
        json={"start": "2030-01-07T12:30:00Z", "eventTypeId": event_type_id, "attendee": attendee()},
        headers=BOOKINGS,
    )
    assert missing_field.status_code == 400
    reserved = await api.post(
        "/v2/slots/reservations",
        json={"eventTypeId": event_type_id, "slotStart": "2030-01-07T12:30:00Z"},
        headers=SLOTS,
    )
    assert reserved.status_code == 201, reserved.text
    uid = reserved.json()["data"]["reservationUid"]
    assert (await api.get(f"/v2/slots/reservations/{uid}", headers=SLOTS)).status_code == 200
    assert (await api.delete(f"/v2/slots/reservations/{uid}", headers=SLOTS)).json() == {"status": "success"}
    booked = await api.post(
        "/v2/bookings",
        json={
            "start": "2030-01-07T12:30:00Z",
            "eventTypeId": event_type_id,
            "lengthInMinutes": 60,
            "attendee": attendee(),
            "bookingFieldsResponses": {"company": "Acme"},
        },
        headers=BOOKINGS,
    )
    assert booked.status_code == 201, booked.text
    assert booked.json()["data"]["location"] == "https://meet.example.com/x"
    assert booked.json()["data"]["duration"] == 60
    listed = await api.get("/v2/event-types", headers=EVENT_TYPES)
    assert {e["slug"] for e in listed.json()["data"]} == {"30min", "evening"}
    deleted = await api.delete(f"/v2/schedules/{schedule_id}", headers=SCHEDULES)
    assert deleted.json() == {"status": "success"}


async def test_errors_pass_prism_as_cal_envelopes(api: httpx.AsyncClient, fake: FakeCal, clock: FrozenClock) -> None:
    missing = await api.get("/v2/bookings/does-not-exist", headers=BOOKINGS)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "NotFoundException"
    assert missing.headers["x-request-id"]
    created = await api.post(
        f"/v2/oauth-clients/{fake.sandbox.oauth_client_id}/users",
        json={"email": "tok@example.com", "name": "Tok"},
        headers={"x-cal-secret-key": fake.sandbox.oauth_client_secret, "x-cal-client-id": fake.sandbox.oauth_client_id},
    )
    assert created.status_code == 201, created.text
    token = created.json()["data"]["accessToken"]
    clock.advance(hours=2)
    expired = await api.get("/v2/me", headers={"Authorization": f"Bearer {token}"})
    assert expired.status_code == 498
    assert expired.json()["error"]["message"] == "ACCESS_TOKEN_IS_EXPIRED"
    fake.configure_rate_limits(RateLimits(api_key=1))
    assert (await api.get("/v2/me")).status_code == 200
    limited = await api.get("/v2/me")
    assert limited.status_code == 429
    assert limited.headers["x-ratelimit-remaining-default"] == "0"
    assert int(limited.headers["x-ratelimit-reset-default"]) == 60


async def test_prism_rejects_an_id_sent_as_a_string(api: httpx.AsyncClient, fake: FakeCal) -> None:
    wrong = await api.post(
        "/v2/bookings",
        json={"start": "2030-01-08T10:00:00Z", "eventTypeId": "1", "attendee": attendee()},
        headers=BOOKINGS,
    )
    assert wrong.status_code == 422
    assert wrong.headers["content-type"].startswith("application/problem+json")
    assert "eventTypeId" in wrong.text
    assert fake.store.bookings == {}  # the request never reached FakeCal


async def test_prism_rejects_a_wrong_or_missing_api_version(api: httpx.AsyncClient) -> None:
    query: dict[str, str | int] = {"eventTypeId": 1, "start": "2030-01-08", "end": "2030-01-08"}
    wrong = await api.get("/v2/slots", params=query, headers={"cal-api-version": "2024-08-13"})
    assert wrong.status_code == 422
    missing = await api.get("/v2/slots", params=query)
    assert missing.status_code == 422
    assert "cal-api-version" in missing.text


async def test_prism_flags_a_response_that_breaks_the_spec(api: httpx.AsyncClient, fake: FakeCal) -> None:
    # Plant a value the spec forbids (MeOutput.timeFormat is a number): Prism must turn it into a 500.
    setattr(fake.store.users[fake.sandbox.user_id], "time_format", "12h")  # noqa: B010 - deliberately ill-typed
    response = await api.get("/v2/me")
    assert response.status_code == 500
    assert "timeFormat" in response.headers["sl-violations"]


async def test_generated_endpoints_through_prism(prism_url: str, fake: FakeCal) -> None:
    # The generated functions take no credentials: the (generated) client carries the bearer token.
    client = AuthenticatedClient(base_url=prism_url, token=fake.sandbox.api_key)
    found = await get_available_slots.asyncio_detailed(
        client=client, event_type_id=1, start="2030-01-08", end="2030-01-08"
    )
    assert found.status_code == 200, found.content
    first = found.parsed.data.additional_properties["2030-01-08"][0].start  # type: ignore[union-attr]
    body = CreateBookingInput20240813.from_dict({"start": first.isoformat(), "eventTypeId": 1, "attendee": attendee()})
    created = await create_booking.asyncio_detailed(client=client, body=body)
    assert created.status_code == 201, created.content
    uid = created.parsed.data.uid  # type: ignore[union-attr]
    fetched = await get_booking.asyncio_detailed(uid, client=client)
    assert fetched.status_code == 200 and fetched.parsed.data.uid == uid  # type: ignore[union-attr]
    reservation = await reserve_slot.asyncio_detailed(
        client=client,
        body=ReserveSlotInput20240904.from_dict({"eventTypeId": 1, "slotStart": "2030-01-08T16:00:00Z"}),
    )
    assert reservation.status_code == 201, reservation.content
    moved = await reschedule_booking.asyncio_detailed(
        uid,
        client=client,
        body=RescheduleBookingInput20240813.from_dict({"start": "2030-01-08T15:00:00Z"}),
    )
    assert moved.status_code == 201, moved.content
    new_uid = moved.parsed.data.uid  # type: ignore[union-attr]
    cancelled = await cancel_booking.asyncio_detailed(
        new_uid, client=client, body=CancelBookingInput20240813.from_dict({"cancellationReason": "x"})
    )
    assert cancelled.status_code == 200, cancelled.content
    listed = await get_bookings.asyncio_detailed(client=client)
    assert listed.status_code == 200 and listed.parsed.pagination.total_items == 2  # type: ignore[union-attr]
    hook = await create_webhook.asyncio_detailed(
        client=client,
        body=CreateWebhookInputDto.from_dict(
            {"subscriberUrl": "http://127.0.0.1:9/x", "active": True, "triggers": ["BOOKING_CREATED"]}
        ),
    )
    assert hook.status_code == 201, hook.content
