"""FakeCal's cross-cutting behaviour, in-process: auth and tokens, rate limits, errors, versions, webhooks."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import uuid

import httpx
import pytest
from cal_client.testing import FakeCal, FrozenClock, RateLimits, WebhookReceiver, serve
from sandbox_helpers import BOOKINGS, SCHEDULES, SLOTS, book


def epoch_ms(when: dt.datetime) -> int:
    return int(when.timestamp() * 1000)


def client_headers(fake: FakeCal) -> dict[str, str]:
    return {"x-cal-secret-key": fake.sandbox.oauth_client_secret, "Authorization": ""}


async def create_managed_user(
    local: httpx.AsyncClient, fake: FakeCal, email: str = "ann@example.com"
) -> dict[str, object]:
    response = await local.post(
        f"/v2/oauth-clients/{fake.sandbox.oauth_client_id}/users",
        json={"email": email, "name": "Ann", "timeZone": "Europe/Paris"},
        headers=client_headers(fake),
    )
    assert response.status_code == 201, response.text
    data: dict[str, object] = response.json()["data"]
    return data


# -- managed users and tokens ---------------------------------------------------------------------


async def test_managed_user_gets_tokens_that_expire_with_498(local: httpx.AsyncClient, fake: FakeCal) -> None:
    data = await create_managed_user(local, fake)
    user = data["user"]
    assert isinstance(user, dict)
    assert user["email"] == f"ann+{fake.sandbox.oauth_client_id}@example.com"
    assert user["defaultScheduleId"] is not None  # a time zone gives a Mon-Fri 9-5 default schedule
    # Epoch milliseconds: access 60 minutes (to the minute), refresh a year (to the day).
    assert data["accessTokenExpiresAt"] == epoch_ms(dt.datetime(2030, 1, 7, 9, 0, tzinfo=dt.UTC))
    assert data["refreshTokenExpiresAt"] == epoch_ms(dt.datetime(2031, 1, 7, tzinfo=dt.UTC))
    bearer = {"Authorization": f"Bearer {data['accessToken']}"}
    me = await local.get("/v2/me", headers=bearer)
    assert me.status_code == 200 and me.json()["data"]["id"] == user["id"]
    assert isinstance(fake.clock, FrozenClock)
    fake.clock.advance(minutes=61)
    expired = await local.get("/v2/me", headers=bearer)
    assert expired.status_code == 498
    assert expired.json()["error"] == {
        "code": "TokenExpiredException",
        "message": "ACCESS_TOKEN_IS_EXPIRED",
        "details": {"message": "ACCESS_TOKEN_IS_EXPIRED", "error": "Token Expired", "statusCode": 498},
    }


async def test_refresh_rotates_both_tokens(local: httpx.AsyncClient, fake: FakeCal) -> None:
    data = await create_managed_user(local, fake)
    refresh_url = f"/v2/oauth/{fake.sandbox.oauth_client_id}/refresh"
    refreshed = await local.post(refresh_url, json={"refreshToken": data["refreshToken"]}, headers=client_headers(fake))
    assert refreshed.status_code == 200, refreshed.text
    keys = refreshed.json()["data"]
    assert keys["accessToken"] != data["accessToken"] and keys["refreshToken"] != data["refreshToken"]
    reused = await local.post(refresh_url, json={"refreshToken": data["refreshToken"]}, headers=client_headers(fake))
    assert reused.status_code == 400
    assert reused.json()["error"]["message"] == "Invalid refresh token"
    old = await local.get("/v2/me", headers={"Authorization": f"Bearer {data['accessToken']}"})
    assert old.status_code == 401
    new = await local.get("/v2/me", headers={"Authorization": f"Bearer {keys['accessToken']}"})
    assert new.status_code == 200
    wrong_secret = await local.post(
        refresh_url,
        json={"refreshToken": keys["refreshToken"]},
        headers={"x-cal-secret-key": "nope", "Authorization": ""},
    )
    assert wrong_secret.status_code == 401


async def test_force_refresh_and_user_crud(local: httpx.AsyncClient, fake: FakeCal) -> None:
    data = await create_managed_user(local, fake)
    user = data["user"]
    assert isinstance(user, dict)
    base = f"/v2/oauth-clients/{fake.sandbox.oauth_client_id}/users"
    forced = await local.post(f"{base}/{user['id']}/force-refresh", headers=client_headers(fake))
    assert forced.status_code == 200
    assert (await local.get("/v2/me", headers={"Authorization": f"Bearer {data['accessToken']}"})).status_code == 401
    duplicate = await local.post(base, json={"email": "ann@example.com", "name": "Ann"}, headers=client_headers(fake))
    assert duplicate.status_code == 409
    patched = await local.patch(
        f"{base}/{user['id']}", json={"name": "Ann B", "timeFormat": 24}, headers=client_headers(fake)
    )
    assert (patched.json()["data"]["name"], patched.json()["data"]["timeFormat"]) == ("Ann B", 24)
    listed = await local.get(base, params={"emails": user["email"]}, headers=client_headers(fake))
    assert [u["id"] for u in listed.json()["data"]] == [user["id"]]
    assert (await local.delete(f"{base}/{user['id']}", headers=client_headers(fake))).status_code == 200
    assert (await local.get(f"{base}/{user['id']}", headers=client_headers(fake))).status_code == 404


async def test_credentials_errors(local: httpx.AsyncClient, fake: FakeCal) -> None:
    unknown_key = await local.get("/v2/me", headers={"Authorization": "Bearer cal_test_unknown"})
    assert unknown_key.status_code == 401
    assert unknown_key.json()["error"]["message"] == "CustomThrottlerGuard - Invalid API Key"
    unknown_token = await local.get("/v2/me", headers={"Authorization": "Bearer some.jwt.value"})
    assert unknown_token.json()["error"]["message"] == "Invalid Access Token."
    nothing = await local.get("/v2/me", headers={"Authorization": ""})
    assert nothing.status_code == 401
    half = await local.get("/v2/me", headers={"Authorization": "", "x-cal-client-id": fake.sandbox.oauth_client_id})
    assert half.json()["error"]["message"] == "x-cal-secret-key header not provided"


# -- rate limiting ----------------------------------------------------------------------------------


async def test_rate_limit_headers_block_and_restart(local: httpx.AsyncClient, fake: FakeCal) -> None:
    fake.configure_rate_limits(RateLimits(api_key=3, window_seconds=60, block_seconds=60))
    remaining = []
    for _ in range(3):
        response = await local.get("/v2/me")
        assert response.status_code == 200
        assert response.headers["X-RateLimit-Limit-Default"] == "3"
        remaining.append(response.headers["X-RateLimit-Remaining-Default"])
    assert remaining == ["2", "1", "0"]
    blocked = await local.get("/v2/me")
    assert blocked.status_code == 429
    assert blocked.json()["error"]["code"] == "ThrottlerException"
    assert blocked.headers["X-RateLimit-Remaining-Default"] == "0"
    assert blocked.headers["X-RateLimit-Reset-Default"] == "60"
    assert "Retry-After" not in blocked.headers
    assert isinstance(fake.clock, FrozenClock)
    fake.clock.advance(seconds=30.2)
    still = await local.get("/v2/me")
    assert (still.status_code, still.headers["X-RateLimit-Reset-Default"]) == (429, "30")
    fake.clock.advance(seconds=30)
    again = await local.get("/v2/me")
    assert again.status_code == 200
    assert again.headers["X-RateLimit-Remaining-Default"] == "2"  # the count restarts at 1 after a block


async def test_rate_limit_window_resets_and_trackers_are_separate(local: httpx.AsyncClient, fake: FakeCal) -> None:
    fake.configure_rate_limits(RateLimits(api_key=2, ip=5, window_seconds=10, block_seconds=60))
    first = await local.get("/v2/me")
    assert first.headers["X-RateLimit-Reset-Default"] == "10"
    assert isinstance(fake.clock, FrozenClock)
    fake.clock.advance(seconds=4)
    second = await local.get("/v2/me")
    assert (second.headers["X-RateLimit-Remaining-Default"], second.headers["X-RateLimit-Reset-Default"]) == ("0", "6")
    fake.clock.advance(seconds=6)
    fresh = await local.get("/v2/me")
    assert fresh.headers["X-RateLimit-Remaining-Default"] == "1"
    anonymous = await local.get(
        "/v2/slots",
        params={"eventTypeId": 1, "start": "2030-01-08", "end": "2030-01-08"},
        headers={**SLOTS, "Authorization": ""},
    )
    assert anonymous.headers["X-RateLimit-Limit-Default"] == "5"  # counted per IP, not per key


# -- errors, request ids and versions --------------------------------------------------------------


async def test_error_envelope_and_request_ids(local: httpx.AsyncClient) -> None:
    response = await local.get("/v2/bookings/missing-uid?x=1", headers=BOOKINGS)
    assert response.status_code == 404
    body = response.json()
    assert body["status"] == "error"
    assert body["path"] == "/v2/bookings/missing-uid?x=1"
    assert body["timestamp"] == "2030-01-07T08:00:00.000Z"
    assert body["error"]["code"] == "NotFoundException"
    first, second = response.headers["X-Request-Id"], (await local.get("/v2/me")).headers["X-Request-Id"]
    assert uuid.UUID(first) and first != second


async def test_validation_400_lists_class_validator_errors(local: httpx.AsyncClient) -> None:
    response = await local.post("/v2/schedules", json={"name": "x", "timeZone": "Mars/Base"}, headers=SCHEDULES)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"] == "Bad Request Exception"
    by_property = {e["property"]: e for e in error["details"]["errors"]}
    assert set(by_property) == {"timeZone", "isDefault"}
    assert by_property["timeZone"]["constraints"] == {"isTimeZone": "timeZone must be a valid IANA time zone"}
    assert by_property["timeZone"]["value"] == "Mars/Base"


async def test_cal_api_version_routing(local: httpx.AsyncClient) -> None:
    query: dict[str, str | int] = {"eventTypeId": 1, "start": "2030-01-08", "end": "2030-01-08"}
    missing = await local.get("/v2/slots", params=query)
    assert (missing.status_code, missing.json()["error"]["message"]) == (404, "Cannot GET /v2/slots")
    wrong = await local.get("/v2/slots", params=query, headers={"cal-api-version": "2024-08-13"})
    assert wrong.status_code == 404
    garbage = await local.get("/v2/slots", params=query, headers={"cal-api-version": "latest"})
    assert garbage.status_code == 404  # unknown means the default 2024-04-15, which has no /v2/slots
    valid_elsewhere = await local.get("/v2/bookings", headers={"cal-api-version": "2024-09-04"})
    assert valid_elsewhere.status_code == 404
    legacy = await local.get("/v2/bookings")
    assert legacy.status_code == 400 and "legacy" in legacy.json()["error"]["message"]
    unversioned = await local.get("/v2/me", headers={"cal-api-version": "2024-08-13"})
    assert unversioned.status_code == 200
    assert (await local.get("/v2/nowhere")).status_code == 404
    rewritten = await local.get("/api/v2/me")
    assert rewritten.status_code == 200


# -- webhooks ---------------------------------------------------------------------------------------


async def test_booking_events_arrive_signed(local: httpx.AsyncClient, fake: FakeCal) -> None:
    receiver = WebhookReceiver()
    fake.webhook_transport = httpx.ASGITransport(app=receiver)
    hook = await local.post(
        "/v2/webhooks",
        json={
            "subscriberUrl": "http://subscriber.test/cal",
            "active": True,
            "triggers": ["BOOKING_CREATED", "BOOKING_CANCELLED"],
            "secret": "whsec-test",
        },
    )
    assert hook.status_code == 201, hook.text
    unsigned = await local.post(
        "/v2/webhooks", json={"subscriberUrl": "http://other.test/cal", "active": True, "triggers": ["BOOKING_CREATED"]}
    )
    assert unsigned.json()["data"]["payloadTemplate"] is None
    booking = (await book(local, "2030-01-08T10:00:00Z")).json()["data"]
    await local.post(f"/v2/bookings/{booking['uid']}/cancel", json={"cancellationReason": "x"}, headers=BOOKINGS)
    arrived = receiver.wait_for(3, timeout=5)
    signed = [w for w in arrived if w.path == "/cal" and w.headers["host"] == "subscriber.test"]
    assert [w.json()["triggerEvent"] for w in signed] == ["BOOKING_CREATED", "BOOKING_CANCELLED"]
    for webhook in signed:
        expected = hmac.new(b"whsec-test", webhook.body, hashlib.sha256).hexdigest()
        assert webhook.headers["x-cal-signature-256"] == expected
        assert webhook.headers["content-type"] == "application/json"
    created = signed[0].json()
    assert set(created) == {"triggerEvent", "createdAt", "payload"}
    assert created["createdAt"] == "2030-01-07T08:00:00.000Z"
    assert created["payload"]["uid"] == booking["uid"]
    assert created["payload"]["attendees"][0]["email"] == "ann@example.com"
    assert signed[1].json()["payload"]["cancellationReason"] == "x"
    other = [w for w in arrived if w.headers["host"] == "other.test"]
    assert [w.headers["x-cal-signature-256"] for w in other] == ["no-secret-provided"]
    assert [d.status_code for d in fake.deliveries] == [200, 200, 200]


async def test_template_and_inactive_webhooks(local: httpx.AsyncClient, fake: FakeCal) -> None:
    receiver = WebhookReceiver()
    fake.webhook_transport = httpx.ASGITransport(app=receiver)
    await local.post(
        "/v2/webhooks",
        json={
            "subscriberUrl": "http://t.test/",
            "active": True,
            "triggers": ["BOOKING_CREATED"],
            "payloadTemplate": "event={{triggerEvent}}&who={{attendees.0.name}}",
        },
    )
    await local.post(
        "/v2/webhooks", json={"subscriberUrl": "http://off.test/", "active": False, "triggers": ["BOOKING_CREATED"]}
    )
    await book(local, "2030-01-08T10:00:00Z")
    (only,) = receiver.wait_for(1, timeout=5)
    assert only.body == b"event=BOOKING_CREATED&who=Ann Attendee"
    assert only.headers["content-type"] == "application/x-www-form-urlencoded"


async def test_webhook_crud(local: httpx.AsyncClient, fake: FakeCal) -> None:
    body = {"subscriberUrl": "https://example.com/hook", "active": True, "triggers": ["BOOKING_CREATED"]}
    created = (await local.post("/v2/webhooks", json=body)).json()["data"]
    assert uuid.UUID(created["id"]) and created["userId"] == fake.sandbox.user_id
    assert (await local.post("/v2/webhooks", json=body)).status_code == 409
    patched = await local.patch(f"/v2/webhooks/{created['id']}", json={"active": False, "secret": "s"})
    assert (patched.json()["data"]["active"], patched.json()["data"]["secret"]) == (False, "s")
    assert [w["id"] for w in (await local.get("/v2/webhooks")).json()["data"]] == [created["id"]]
    _other, other_key = fake.add_user("nosy")
    nosy = await local.get(f"/v2/webhooks/{created['id']}", headers={"Authorization": f"Bearer {other_key}"})
    assert nosy.status_code == 403
    assert (await local.delete(f"/v2/webhooks/{created['id']}")).status_code == 200
    assert (await local.get(f"/v2/webhooks/{created['id']}")).status_code == 404


async def test_failed_delivery_is_recorded_not_raised(local: httpx.AsyncClient, fake: FakeCal) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    fake.webhook_transport = httpx.MockTransport(refuse)
    await local.post(
        "/v2/webhooks", json={"subscriberUrl": "http://down.test/", "active": True, "triggers": ["BOOKING_CREATED"]}
    )
    assert (await book(local, "2030-01-08T10:00:00Z")).status_code == 201
    assert [(d.url, d.error) for d in fake.deliveries] == [("http://down.test/", "ConnectError")]


# -- served over loopback ---------------------------------------------------------------------------


def test_serve_binds_loopback_and_stops() -> None:
    fake = FakeCal(clock=FrozenClock("2030-01-07T08:00:00Z"))
    with fake.serve() as server:
        assert server.host == "127.0.0.1"
        response = httpx.get(f"{server.url}/v2/me", headers={"Authorization": f"Bearer {fake.sandbox.api_key}"})
        assert response.json()["data"]["username"] == "sandbox-host"
    assert not server.running
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.url}/v2/me", timeout=2)


def test_webhooks_reach_a_served_receiver_over_http() -> None:
    receiver = WebhookReceiver()
    fake = FakeCal(clock=FrozenClock("2030-01-07T08:00:00Z"))
    headers = {"Authorization": f"Bearer {fake.sandbox.api_key}"}
    with serve(receiver) as hooks, fake.serve() as server, httpx.Client(base_url=server.url, headers=headers) as http:
        http.post(
            "/v2/webhooks",
            json={"subscriberUrl": hooks.url, "active": True, "triggers": ["BOOKING_CREATED"], "secret": "k"},
        )
        body = {
            "start": "2030-01-08T10:00:00Z",
            "eventTypeId": 1,
            "attendee": {"name": "A", "email": "a@example.com", "timeZone": "UTC"},
        }
        assert http.post("/v2/bookings", json=body, headers=BOOKINGS).status_code == 201
        (webhook,) = receiver.wait_for(1, timeout=10)
    assert webhook.signature == hmac.new(b"k", webhook.body, hashlib.sha256).hexdigest()
    assert json.loads(webhook.body)["payload"]["startTime"] == "2030-01-08T10:00:00Z"
