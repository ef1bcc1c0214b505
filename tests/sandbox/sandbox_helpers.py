"""Constants and small helpers shared by the sandbox tests (imported by module name, like pytest's rootdir)."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
START = "2030-01-07T08:00:00Z"  # a Monday; the sandbox host works Mon-Fri 09:00-17:00 Europe/London

BOOKINGS = {"cal-api-version": "2024-08-13"}
SLOTS = {"cal-api-version": "2024-09-04"}
SCHEDULES = {"cal-api-version": "2024-06-11"}
EVENT_TYPES = {"cal-api-version": "2024-06-14"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def slots(client: httpx.AsyncClient, **params: str | int) -> dict[str, list[dict[str, str]]]:
    response = await client.get("/v2/slots", params=params, headers=SLOTS)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "success"
    data: dict[str, list[dict[str, str]]] = body["data"]
    return data


async def book(client: httpx.AsyncClient, start: str, event_type_id: int = 1, **extra: object) -> httpx.Response:
    body = {
        "start": start,
        "eventTypeId": event_type_id,
        "attendee": {"name": "Ann Attendee", "email": "ann@example.com", "timeZone": "Europe/Rome"},
        **extra,
    }
    return await client.post("/v2/bookings", json=body, headers=BOOKINGS)
