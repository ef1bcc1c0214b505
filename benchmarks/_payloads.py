"""Realistic Cal.com booking payloads, hand-written for the benchmarks.

The shape follows ``BookingOutput_2024_08_13`` in the locked spec (every required field, the usual
optional ones, two attendees, the booking-field responses a booking page collects); the values are
made up. Every tenth booking in the list is an occurrence of a recurring booking, as a real
calendar mixes them.
"""

from __future__ import annotations

import json
from typing import Any

LIST_SIZE = 1_000


def booking(index: int = 0) -> dict[str, Any]:
    uid = f"kT9x2mQpLr7vWb3nYc{index:06d}"
    day = 1 + index % 28
    hour = 8 + index % 9
    cancelled = index % 17 == 5
    item: dict[str, Any] = {
        "id": 4_812_337 + index,
        "uid": uid,
        "title": "30 Min Meeting between Ada Lovelace and Grace Hopper",
        "description": "Quarterly roadmap review. Agenda and notes are in the shared document.",
        "hosts": [
            {
                "id": 1187,
                "name": "Ada Lovelace",
                "email": "ada.lovelace@example.com",
                "displayEmail": "ada.lovelace@example.com",
                "username": "ada",
                "timeZone": "Europe/London",
            }
        ],
        "status": "cancelled" if cancelled else "accepted",
        "start": f"2025-10-{day:02d}T{hour:02d}:00:00.000Z",
        "end": f"2025-10-{day:02d}T{hour:02d}:30:00.000Z",
        "duration": 30,
        "eventTypeId": 90211,
        "eventType": {"id": 90211, "slug": "30min"},
        "meetingUrl": f"https://app.cal.com/video/{uid}",
        "location": f"https://app.cal.com/video/{uid}",
        "absentHost": False,
        "createdAt": "2025-09-28T14:12:45.382Z",
        "updatedAt": "2025-09-29T08:01:10.004Z",
        "metadata": {"videoCallUrl": f"https://app.cal.com/video/{uid}"},
        "icsUid": f"{uid}@Cal.com",
        "attendees": [
            {
                "name": "Grace Hopper",
                "email": "grace.hopper@example.org",
                "displayEmail": "grace.hopper@example.org",
                "timeZone": "America/New_York",
                "language": "en",
                "absent": False,
                "phoneNumber": "+14155550123",
            },
            {
                "name": "Linus Pauling",
                "email": "linus@example.net",
                "displayEmail": "linus@example.net",
                "timeZone": "America/Los_Angeles",
                "language": "en",
                "absent": False,
            },
        ],
        "guests": ["linus@example.net"],
        "bookingFieldsResponses": {
            "name": "Grace Hopper",
            "email": "grace.hopper@example.org",
            "notes": "Please bring the Q3 numbers.",
            "guests": ["linus@example.net"],
            "location": {"value": "integrations:daily", "optionValue": ""},
            "rescheduleReason": None,
        },
    }
    if cancelled:
        item["cancellationReason"] = "Conflicting meeting"
        item["cancelledByEmail"] = "ada.lovelace@example.com"
    if index % 10 == 9:
        item["recurringBookingUid"] = "rEc9a8b7c6d5e4f3g2h1"
    return item


def booking_body() -> bytes:
    """Body of ``GET /v2/bookings/{uid}``."""
    return json.dumps({"status": "success", "data": booking(0)}, separators=(",", ":")).encode()


def booking_list_body(size: int = LIST_SIZE) -> bytes:
    """Body of ``GET /v2/bookings`` with ``size`` bookings on the page."""
    pagination = {
        "totalItems": size * 3,
        "remainingItems": size * 2,
        "returnedItems": size,
        "itemsPerPage": size,
        "currentPage": 1,
        "totalPages": 3,
        "hasNextPage": True,
        "hasPreviousPage": False,
    }
    page = {"status": "success", "data": [booking(i) for i in range(size)], "pagination": pagination}
    return json.dumps(page, separators=(",", ":")).encode()
