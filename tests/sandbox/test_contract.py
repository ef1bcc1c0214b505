"""Schemathesis holds FakeCal's answers to the test copy of Cal.com's spec, operation by operation.

Positive mode: every request is valid per the spec. Half the examples go out as generated (so
mostly 4xx: unknown ids, bad time zones; their bodies must still be Cal.com's error envelope);
the other half have ids, times and a few free-text fields pointed at real sandbox data, so the
success shapes are exercised too. Checks: no 5xx, documented status, content type, headers and
response schema.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from cal_client.testing import FakeCal, FrozenClock, RateLimits
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sandbox_helpers import BOOKINGS, EVENT_TYPES, SLOTS, START
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

MAX_EXAMPLES = 16
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Every operation FakeCal implements, as (method, path) of the spec.
IMPLEMENTED = [
    ("POST", "/v2/bookings"),
    ("GET", "/v2/bookings"),
    ("GET", "/v2/bookings/{bookingUid}"),
    ("POST", "/v2/bookings/{bookingUid}/cancel"),
    ("POST", "/v2/bookings/{bookingUid}/reschedule"),
    ("POST", "/v2/bookings/{bookingUid}/confirm"),
    ("POST", "/v2/bookings/{bookingUid}/decline"),
    ("POST", "/v2/bookings/{bookingUid}/mark-absent"),
    ("GET", "/v2/slots"),
    ("POST", "/v2/slots/reservations"),
    ("GET", "/v2/slots/reservations/{uid}"),
    ("PATCH", "/v2/slots/reservations/{uid}"),
    ("DELETE", "/v2/slots/reservations/{uid}"),
    ("POST", "/v2/schedules"),
    ("GET", "/v2/schedules"),
    ("GET", "/v2/schedules/default"),
    ("GET", "/v2/schedules/{scheduleId}"),
    ("PATCH", "/v2/schedules/{scheduleId}"),
    ("DELETE", "/v2/schedules/{scheduleId}"),
    ("POST", "/v2/event-types"),
    ("GET", "/v2/event-types"),
    ("GET", "/v2/event-types/{eventTypeId}"),
    ("PATCH", "/v2/event-types/{eventTypeId}"),
    ("DELETE", "/v2/event-types/{eventTypeId}"),
    ("POST", "/v2/webhooks"),
    ("GET", "/v2/webhooks"),
    ("GET", "/v2/webhooks/{webhookId}"),
    ("PATCH", "/v2/webhooks/{webhookId}"),
    ("DELETE", "/v2/webhooks/{webhookId}"),
    ("GET", "/v2/me"),
    ("POST", "/v2/oauth-clients/{clientId}/users"),
    ("GET", "/v2/oauth-clients/{clientId}/users"),
    ("GET", "/v2/oauth-clients/{clientId}/users/{userId}"),
    ("PATCH", "/v2/oauth-clients/{clientId}/users/{userId}"),
    ("DELETE", "/v2/oauth-clients/{clientId}/users/{userId}"),
    ("POST", "/v2/oauth-clients/{clientId}/users/{userId}/force-refresh"),
    ("POST", "/v2/oauth/{clientId}/refresh"),
]


@pytest.fixture(scope="module")
def contract_schema(test_spec: dict[str, Any]) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_dict(test_spec)


class SyncClient:
    """Blocking calls into the in-process FakeCal, for setting up data between examples."""

    def __init__(self, fake: FakeCal, headers: dict[str, str]) -> None:
        self.fake = fake
        self.headers = headers

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def send() -> httpx.Response:
            async with self.fake.client(headers=self.headers) as client:
                return await client.request(method, url, **kwargs)

        response: httpx.Response = asyncio.run(send())
        return response

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)


class Sandbox:
    """Real data in a fresh FakeCal, handed out fresh where an operation consumes it."""

    def __init__(self) -> None:
        self.fake = FakeCal(
            clock=FrozenClock(START),
            rate_limits=RateLimits(api_key=10**6, access_token=10**6, oauth_client=10**6, ip=10**6),
            webhook_transport=httpx.MockTransport(lambda request: httpx.Response(200)),
        )
        self.auth = {"Authorization": f"Bearer {self.fake.sandbox.api_key}"}
        self.http = SyncClient(self.fake, self.auth)
        self.secret = {"x-cal-secret-key": self.fake.sandbox.oauth_client_secret}
        self.counter = itertools.count(1)
        confirm = {"type": "always", "blockUnconfirmedBookingsInBooker": False}
        self.pending_type = self.fake.add_event_type(
            self.fake.sandbox.user_id, title="Needs OK", slug="needs-ok", confirmationPolicy=confirm
        )
        self.free = self._free_slots()

    def _free_slots(self) -> Iterator[str]:
        found = self.http.get(
            "/v2/slots", params={"eventTypeId": 1, "start": "2030-01-08", "end": "2030-12-31"}, headers=SLOTS
        )
        for day in found.json()["data"].values():
            for slot in day:
                yield slot["start"]
        raise RuntimeError("the sandbox ran out of free slots in 2030: fewer examples or more event types")

    def booking(self, event_type_id: int = 1) -> str:
        attendee = {"name": "Ann", "email": "ann@example.com", "timeZone": "Europe/Rome"}
        body = {"start": next(self.free), "eventTypeId": event_type_id, "attendee": attendee}
        response = self.http.post("/v2/bookings", json=body, headers=BOOKINGS)
        assert response.status_code == 201, response.text
        uid: str = response.json()["data"]["uid"]
        return uid

    def reservation(self) -> str:
        response = self.http.post(
            "/v2/slots/reservations", json={"eventTypeId": 1, "slotStart": next(self.free)}, headers=SLOTS
        )
        uid: str = response.json()["data"]["reservationUid"]
        return uid

    def schedule(self) -> int:
        body = {"name": f"S{next(self.counter)}", "timeZone": "Europe/Paris", "isDefault": False}
        schedule_id: int = self.http.post("/v2/schedules", json=body, headers={"cal-api-version": "2024-06-11"}).json()[
            "data"
        ]["id"]
        return schedule_id

    def event_type(self) -> int:
        body = {"title": "T", "slug": f"t-{next(self.counter)}", "lengthInMinutes": 30}
        event_type_id: int = self.http.post("/v2/event-types", json=body, headers=EVENT_TYPES).json()["data"]["id"]
        return event_type_id

    def webhook(self) -> str:
        body = {
            "subscriberUrl": f"https://hooks.example.com/{next(self.counter)}",
            "active": True,
            "triggers": ["BOOKING_CREATED"],
        }
        webhook_id: str = self.http.post("/v2/webhooks", json=body).json()["data"]["id"]
        return webhook_id

    def managed_user(self) -> dict[str, Any]:
        body = {"email": f"user{next(self.counter)}@example.com", "name": "Managed", "timeZone": "Europe/Paris"}
        client_id = self.fake.sandbox.oauth_client_id
        data: dict[str, Any] = self.http.post(
            f"/v2/oauth-clients/{client_id}/users", json=body, headers=self.secret
        ).json()["data"]
        return data


def point_at_sandbox(case: Any, sandbox: Sandbox) -> None:
    """Swap the generated ids (and the few fields that must refer to real data) for sandbox ones."""
    method, path = case.operation.method.upper(), case.operation.path
    params = case.path_parameters or {}
    body = case.body if isinstance(case.body, dict) else None
    if "clientId" in params:
        params["clientId"] = sandbox.fake.sandbox.oauth_client_id
    if "userId" in params:
        params["userId"] = sandbox.managed_user()["user"]["id"]
    if "bookingUid" in params:
        pending = path.endswith(("/confirm", "/decline"))
        params["bookingUid"] = sandbox.booking(sandbox.pending_type if pending else 1)
    if "uid" in params:
        params["uid"] = sandbox.reservation()
    if "scheduleId" in params:
        params["scheduleId"] = sandbox.schedule()
    if "eventTypeId" in params:
        params["eventTypeId"] = sandbox.event_type()
    if "webhookId" in params:
        params["webhookId"] = sandbox.webhook()
    if path == "/v2/slots":
        case.query = {"eventTypeId": 1, "start": "2030-01-08", "end": "2030-01-10"} | {
            k: v for k, v in (case.query or {}).items() if k == "format"
        }
    if body is None:
        return
    fixes: dict[tuple[str, str], Callable[[dict[str, Any]], None]] = {
        ("POST", "/v2/bookings"): lambda b: _booking_body(b, sandbox),
        ("POST", "/v2/bookings/{bookingUid}/reschedule"): lambda b: _reschedule_body(b, sandbox),
        ("POST", "/v2/bookings/{bookingUid}/cancel"): lambda b: b.pop("seatUid", None),
        ("POST", "/v2/slots/reservations"): lambda b: b.update(eventTypeId=1, slotStart=next(sandbox.free)),
        ("PATCH", "/v2/slots/reservations/{uid}"): lambda b: b.update(eventTypeId=1, slotStart=next(sandbox.free)),
        ("POST", "/v2/schedules"): lambda b: _schedule_body(b),
        ("PATCH", "/v2/schedules/{scheduleId}"): lambda b: _schedule_body(b),
        ("POST", "/v2/event-types"): lambda b: _event_type_body(b, sandbox),
        ("PATCH", "/v2/event-types/{eventTypeId}"): lambda b: _event_type_body(b, sandbox),
        ("POST", "/v2/webhooks"): lambda b: b.update(subscriberUrl=f"https://h.example.com/{next(sandbox.counter)}"),
        ("PATCH", "/v2/webhooks/{webhookId}"): lambda b: b.pop("subscriberUrl", None),
        ("POST", "/v2/oauth-clients/{clientId}/users"): lambda b: _user_body(b, sandbox),
        ("PATCH", "/v2/oauth-clients/{clientId}/users/{userId}"): lambda b: _user_body(b, sandbox),
        ("POST", "/v2/oauth/{clientId}/refresh"): lambda b: b.update(
            refreshToken=sandbox.managed_user()["refreshToken"]
        ),
    }
    fix = fixes.get((method, path))
    if fix is not None:
        fix(body)


def _booking_body(body: dict[str, Any], sandbox: Sandbox) -> None:
    for key in ("eventTypeSlug", "username", "teamSlug", "organizationSlug", "instant", "recurrenceCount", "guests"):
        body.pop(key, None)
    body.pop("lengthInMinutes", None)
    body.update(eventTypeId=1, start=next(sandbox.free))
    body["attendee"] = {"name": "Ann", "email": "ann@example.com", "timeZone": "Europe/Rome"}


def _reschedule_body(body: dict[str, Any], sandbox: Sandbox) -> None:
    body.pop("seatUid", None)
    body.pop("rescheduledBy", None)
    body["start"] = next(sandbox.free)


def _schedule_body(body: dict[str, Any]) -> None:
    if "timeZone" in body:
        body["timeZone"] = "Europe/Paris"
    for override in body.get("overrides") or []:
        if isinstance(override, dict):
            override["date"] = "2030-01-09"


def _event_type_body(body: dict[str, Any], sandbox: Sandbox) -> None:
    for key in ("seats", "recurrence", "lengthInMinutesOptions", "scheduleId"):
        body.pop(key, None)
    if "slug" in body:
        body["slug"] = f"slug-{next(sandbox.counter)}"
    if "lengthInMinutes" in body:
        body["lengthInMinutes"] = 45


def _user_body(body: dict[str, Any], sandbox: Sandbox) -> None:
    if "email" in body:
        body["email"] = f"user{next(sandbox.counter)}@example.com"
    if "timeZone" in body:
        body["timeZone"] = "America/Chicago"
    body.pop("defaultScheduleId", None)


@pytest.mark.parametrize(("method", "path"), IMPLEMENTED, ids=[f"{m} {p}" for m, p in IMPLEMENTED])
def test_fakecal_answers_as_the_spec_says(contract_schema: schemathesis.BaseSchema, method: str, path: str) -> None:
    operation = contract_schema[path][method]
    sandbox = Sandbox()
    statuses: set[int] = set()

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), real_data=st.booleans())
    def answers_per_spec(case: Any, real_data: bool) -> None:
        case.headers = {**(case.headers or {}), **sandbox.auth}
        if "x-cal-secret-key" in case.headers or path.startswith(("/v2/oauth-clients/", "/v2/oauth/")):
            case.headers.update(sandbox.secret)
        if real_data:
            point_at_sandbox(case, sandbox)
        response = case.call_and_validate(app=sandbox.fake.app, checks=CHECKS)
        statuses.add(response.status_code)

    answers_per_spec()
    # The sandbox-pointed half must reach the success shape at least once, or this proves little.
    assert any(200 <= status < 300 for status in statuses), f"{method} {path} never succeeded: {sorted(statuses)}"
