"""FakeCal's bookings, in-process: lifecycle, state rules, list filters and pagination."""

from __future__ import annotations

import httpx
from cal_client.testing import FakeCal, FrozenClock
from sandbox_helpers import BOOKINGS, EVENT_TYPES, book


async def test_create_answers_the_booking_object(local: httpx.AsyncClient, fake: FakeCal) -> None:
    response = await book(local, "2030-01-08T10:30:00+01:00", guests=["guest@example.com"], metadata={"crm": "42"})
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert data["start"] == "2030-01-08T09:30:00.000Z"  # the offset is honoured, the answer is UTC
    assert data["end"] == "2030-01-08T10:00:00.000Z"
    assert data["duration"] == 30
    assert data["status"] == "accepted"
    assert data["eventType"] == {"id": 1, "slug": "30min"}
    assert data["hosts"][0]["username"] == fake.sandbox.username
    assert data["attendees"] == [
        {
            "name": "Ann Attendee",
            "email": "ann@example.com",
            "displayEmail": "ann@example.com",
            "timeZone": "Europe/Rome",
            "language": "en",
            "absent": False,
        }
    ]
    assert data["guests"] == ["guest@example.com"]
    assert data["metadata"] == {"crm": "42"}
    assert data["bookingFieldsResponses"]["email"] == "ann@example.com"
    assert len(data["uid"]) == 22
    fetched = await local.get(f"/v2/bookings/{data['uid']}", headers=BOOKINGS)
    assert fetched.json()["data"] == data


async def test_start_without_offset_is_utc(local: httpx.AsyncClient) -> None:
    response = await book(local, "2030-01-08T11:00:00")
    assert response.json()["data"]["start"] == "2030-01-08T11:00:00.000Z"


async def test_outside_hours_past_and_unknown_event_type_fail(local: httpx.AsyncClient, fake: FakeCal) -> None:
    night = await book(local, "2030-01-08T22:00:00Z")
    assert night.status_code == 400
    assert isinstance(fake.clock, FrozenClock)
    past = await book(local, "2030-01-06T10:00:00Z")
    assert past.json()["error"]["message"] == "Attempting to book a meeting in the past."
    missing = await book(local, "2030-01-08T10:00:00Z", event_type_id=404)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "NotFoundException"


async def test_unknown_body_keys_and_bad_fields_are_flattened_400s(local: httpx.AsyncClient) -> None:
    response = await local.post(
        "/v2/bookings",
        json={"start": "soon", "eventTypeId": 1, "attendee": {"name": "A", "timeZone": "Mars/Base"}, "color": "red"},
        headers=BOOKINGS,
    )
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert "start property is wrong,start must be a valid ISO 8601 date string" in message
    assert "attendee.timeZone property is wrong" in message
    assert "color property is wrong,property color should not exist" in message


async def test_reschedule_moves_and_links_both_bookings(local: httpx.AsyncClient) -> None:
    old = (await book(local, "2030-01-08T10:00:00Z")).json()["data"]
    moved = await local.post(
        f"/v2/bookings/{old['uid']}/reschedule",
        json={"start": "2030-01-09T14:00:00Z", "reschedulingReason": "clash", "rescheduledBy": "ann@example.com"},
        headers=BOOKINGS,
    )
    assert moved.status_code == 201, moved.text
    new = moved.json()["data"]
    assert new["uid"] != old["uid"]
    assert new["start"] == "2030-01-09T14:00:00.000Z"
    assert new["rescheduledFromUid"] == old["uid"]
    assert new["reschedulingReason"] == "clash"
    before = (await local.get(f"/v2/bookings/{old['uid']}", headers=BOOKINGS)).json()["data"]
    assert before["status"] == "cancelled"
    assert before["rescheduledToUid"] == new["uid"]
    # The old time is free again; rescheduling the cancelled booking is refused.
    assert (await book(local, "2030-01-08T10:00:00Z")).status_code == 201
    again = await local.post(
        f"/v2/bookings/{old['uid']}/reschedule", json={"start": "2030-01-10T10:00:00Z"}, headers=BOOKINGS
    )
    assert again.status_code == 400


async def test_reschedule_to_its_own_time_is_allowed(local: httpx.AsyncClient) -> None:
    old = (await book(local, "2030-01-08T10:00:00Z")).json()["data"]
    same = await local.post(f"/v2/bookings/{old['uid']}/reschedule", json={"start": old["start"]}, headers=BOOKINGS)
    assert same.status_code == 201, same.text


async def test_cancel_once(local: httpx.AsyncClient, fake: FakeCal) -> None:
    uid = (await book(local, "2030-01-08T10:00:00Z")).json()["data"]["uid"]
    cancelled = await local.post(f"/v2/bookings/{uid}/cancel", json={"cancellationReason": "ill"}, headers=BOOKINGS)
    assert cancelled.status_code == 200
    data = cancelled.json()["data"]
    assert (data["status"], data["cancellationReason"], data["cancelledByEmail"]) == (
        "cancelled",
        "ill",
        fake.sandbox.email,
    )
    twice = await local.post(f"/v2/bookings/{uid}/cancel", json={}, headers=BOOKINGS)
    assert twice.status_code == 400
    ghost = await local.post("/v2/bookings/nope/cancel", json={}, headers=BOOKINGS)
    assert ghost.status_code == 404


async def test_confirmation_policy_makes_pending_then_confirm_or_decline(
    local: httpx.AsyncClient, fake: FakeCal
) -> None:
    created = await local.post(
        "/v2/event-types",
        json={
            "title": "Intro",
            "slug": "intro",
            "lengthInMinutes": 15,
            "confirmationPolicy": {"type": "always", "blockUnconfirmedBookingsInBooker": True},
        },
        headers=EVENT_TYPES,
    )
    assert created.status_code == 201, created.text
    event_type_id = created.json()["data"]["id"]
    first = (await book(local, "2030-01-08T10:00:00Z", event_type_id=event_type_id)).json()["data"]
    second = (await book(local, "2030-01-08T11:00:00Z", event_type_id=event_type_id)).json()["data"]
    assert first["status"] == second["status"] == "pending"
    _other, other_key = fake.add_user("someone-else")
    stranger = await local.post(
        f"/v2/bookings/{first['uid']}/confirm", headers={**BOOKINGS, "Authorization": f"Bearer {other_key}"}
    )
    assert stranger.status_code == 403
    confirmed = await local.post(f"/v2/bookings/{first['uid']}/confirm", headers=BOOKINGS)
    assert confirmed.json()["data"]["status"] == "accepted"
    declined = await local.post(f"/v2/bookings/{second['uid']}/decline", json={"reason": "busy"}, headers=BOOKINGS)
    assert declined.json()["data"]["status"] == "rejected"
    not_pending = await local.post(f"/v2/bookings/{first['uid']}/decline", json={}, headers=BOOKINGS)
    assert not_pending.status_code == 400


async def test_mark_absent(local: httpx.AsyncClient) -> None:
    uid = (await book(local, "2030-01-08T10:00:00Z")).json()["data"]["uid"]
    marked = await local.post(
        f"/v2/bookings/{uid}/mark-absent",
        json={"host": True, "attendees": [{"email": "ann@example.com", "absent": True}]},
        headers=BOOKINGS,
    )
    data = marked.json()["data"]
    assert data["absentHost"] is True
    assert data["attendees"][0]["absent"] is True
    stranger = await local.post(
        f"/v2/bookings/{uid}/mark-absent",
        json={"attendees": [{"email": "x@example.com", "absent": True}]},
        headers=BOOKINGS,
    )
    assert stranger.status_code == 400


async def test_list_filters_sorts_and_paginates(local: httpx.AsyncClient, fake: FakeCal) -> None:
    uids = []
    for hour in (13, 10, 11, 12):
        uids.append((await book(local, f"2030-01-08T{hour}:00:00Z")).json()["data"]["uid"])
    await local.post(f"/v2/bookings/{uids[0]}/cancel", json={}, headers=BOOKINGS)
    page = await local.get("/v2/bookings", params={"status": "upcoming", "take": 2, "skip": 0}, headers=BOOKINGS)
    body = page.json()
    assert [b["start"][11:13] for b in body["data"]] == ["10", "11"]
    assert body["pagination"] == {
        "totalItems": 3,
        "remainingItems": 1,
        "returnedItems": 2,
        "itemsPerPage": 2,
        "currentPage": 1,
        "totalPages": 2,
        "hasNextPage": True,
        "hasPreviousPage": False,
    }
    last = (
        await local.get("/v2/bookings", params={"status": "upcoming", "take": 2, "skip": 2}, headers=BOOKINGS)
    ).json()
    assert [b["start"][11:13] for b in last["data"]] == ["12"]
    assert (last["pagination"]["currentPage"], last["pagination"]["hasNextPage"]) == (2, False)
    cancelled = (await local.get("/v2/bookings", params={"status": "cancelled"}, headers=BOOKINGS)).json()
    assert [b["uid"] for b in cancelled["data"]] == [uids[0]]
    newest = (await local.get("/v2/bookings", params={"sortStart": "desc", "take": 1}, headers=BOOKINGS)).json()
    assert newest["data"][0]["uid"] == uids[0]
    assert isinstance(fake.clock, FrozenClock)
    fake.clock.set("2030-01-09T00:00:00Z")
    past = (await local.get("/v2/bookings", params={"status": "past"}, headers=BOOKINGS)).json()
    assert len(past["data"]) == 3
    empty = (await local.get("/v2/bookings", params={"attendeeEmail": "nobody@example.com"}, headers=BOOKINGS)).json()
    assert empty["data"] == [] and empty["pagination"]["currentPage"] == 0


async def test_list_needs_credentials(local: httpx.AsyncClient) -> None:
    anonymous = await local.get("/v2/bookings", headers={**BOOKINGS, "Authorization": ""})
    assert anonymous.status_code == 401
