"""End to end: signed webhooks POSTed over real HTTP to the example receiver, run by uvicorn on 127.0.0.1.

The receiver runs as its own process (``python examples/webhook_receiver.py``), as a user would
run it, and is stopped by its PID. Two senders deliver to it: one here that signs with an HMAC
written from RFC 2104 (not with cal_client) and covers every trigger's documented shape, and
FakeCal, the sandbox, which sends its own signed webhooks when bookings change.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cal_client.testing import FakeCal, FrozenClock
from webhook_shapes import documented_body, independent_hmac_sha256, js_stringify

from cal_client import webhooks

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "webhook_receiver.py"
SECRET = "whsec_end-to-end-Ω-secret"
VERSION = {"cal-api-version": "2024-08-13"}
STARTUP_SECONDS = 20.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Receiver:
    def __init__(self, url: str, log_path: Path) -> None:
        self.url = url
        self.log_path = log_path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def receiver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Receiver]:
    port = free_port()
    log_path = tmp_path_factory.mktemp("receiver") / "receiver.log"
    env = {**os.environ, "CAL_WEBHOOK_SECRET": SECRET, "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1"}
    env.pop("CAL_WEBHOOK_ALLOW_UNSIGNED", None)
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, str(EXAMPLE), "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}/webhooks/cal"
        _wait_until_serving(process, url, log_path)
        yield Receiver(url, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_until_serving(process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the receiver exited with {process.returncode}:\n{log_path.read_text(errors='replace')}")
        try:
            httpx.get(url, timeout=1.0)
        except httpx.TransportError:
            time.sleep(0.1)
        else:
            return
    pytest.fail(f"the receiver did not answer within {STARTUP_SECONDS}s:\n{log_path.read_text(errors='replace')}")


def post(url: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
    # Cal.com posts with redirects not followed; so does this sender.
    return httpx.post(url, content=body, headers=headers, timeout=10.0, follow_redirects=False)


def cal_headers(body: bytes, *, secret: str | None = SECRET, content_type: str = "application/json") -> dict[str, str]:
    signature = independent_hmac_sha256(secret.encode(), body) if secret else "no-secret-provided"
    return {"Content-Type": content_type, "X-Cal-Signature-256": signature}


@pytest.mark.parametrize("trigger", sorted(webhooks.EVENT_CLASSES))
def test_signed_delivery_of_every_trigger(receiver: Receiver, trigger: str) -> None:
    body = js_stringify(documented_body(trigger))
    response = post(receiver.url, body, cal_headers(body))
    assert response.status_code == 200, response.text
    summary = response.json()
    assert summary["trigger"] == trigger
    assert summary["event"] == webhooks.EVENT_CLASSES[trigger].__name__
    assert summary["handler"] != "_log_unhandled"


def test_tampered_and_unsigned_deliveries_are_refused(receiver: Receiver) -> None:
    body = js_stringify(documented_body("BOOKING_CREATED"))
    tampered = body.replace(b'"status":"ACCEPTED"', b'"status":"CANCELLED"')
    cases = {
        "signature-mismatch": (tampered, cal_headers(body)),
        "no-secret-provided": (body, cal_headers(body, secret=None)),
        "missing-signature": (body, {"Content-Type": "application/json"}),
    }
    for reason, (content, headers) in cases.items():
        response = post(receiver.url, content, headers)
        assert response.status_code == 401
        assert response.json() == {"error": "invalid-signature", "reason": reason}
    wrong_secret = post(receiver.url, body, cal_headers(body, secret="someone-else"))
    assert wrong_secret.json()["reason"] == "signature-mismatch"


def test_form_urlencoded_template_delivery_is_verified_and_raw(receiver: Receiver) -> None:
    body = b"content=A+new+event+has+been+scheduled&booker=Zo%C3%AB+%C3%85ngstr%C3%B6m"
    headers = cal_headers(body, content_type="application/x-www-form-urlencoded")
    response = post(receiver.url, body, headers)
    assert response.status_code == 200
    assert response.json() == {"trigger": None, "event": "RawEvent", "handler": "_log_unhandled"}
    forged = post(receiver.url, body + b"&admin=1", headers)
    assert forged.status_code == 401


def test_receiver_logs_what_it_handled_and_never_the_secret(receiver: Receiver) -> None:
    body = js_stringify(documented_body("BOOKING_RESCHEDULED"))
    assert post(receiver.url, body, cal_headers(body)).status_code == 200
    bad = post(receiver.url, body, cal_headers(body, secret="nope"))
    assert bad.status_code == 401
    log = _wait_for_log(receiver, "BOOKING_RESCHEDULED: booking newUid7Xy", "rejected a webhook delivery")
    assert "BOOKING_RESCHEDULED: booking newUid7Xy" in log
    assert "rejected a webhook delivery: signature-mismatch" in log
    assert SECRET not in log


def _wait_for_log(receiver: Receiver, *needles: str, timeout: float = 5.0) -> str:
    deadline = time.monotonic() + timeout
    log = receiver.log()
    while not all(needle in log for needle in needles) and time.monotonic() < deadline:
        time.sleep(0.05)
        log = receiver.log()
    return log


async def test_fakecal_delivers_signed_booking_webhooks_to_the_receiver(receiver: Receiver) -> None:
    # FakeCal posts to the subscriber URL over the network, like Cal.com (webhook_transport=None).
    fake = FakeCal(clock=FrozenClock("2030-01-07T08:00:00Z"))
    auth = {"Authorization": f"Bearer {fake.sandbox.api_key}"}
    subscriptions = {
        "signed": {"subscriberUrl": receiver.url, "secret": SECRET},
        "impostor": {"subscriberUrl": f"{receiver.url}?as=impostor", "secret": "not-the-receivers-secret"},
        "unsigned": {"subscriberUrl": f"{receiver.url}?as=unsigned"},
        "template": {
            "subscriberUrl": f"{receiver.url}?as=template",
            "secret": SECRET,
            "payloadTemplate": "booking {{uid}} for {{attendees.0.name}}",
        },
    }
    triggers = ["BOOKING_CREATED", "BOOKING_RESCHEDULED", "BOOKING_CANCELLED"]
    async with fake.client(headers=auth) as http:
        for fields in subscriptions.values():
            created = await http.post("/v2/webhooks", json={"active": True, "triggers": triggers, **fields})
            assert created.status_code == 201, created.text
        booking = await http.post(
            "/v2/bookings",
            headers=VERSION,
            json={
                "start": "2030-01-08T10:00:00Z",
                "eventTypeId": fake.sandbox.event_type_id,
                "attendee": {"name": "Zoë Ångström", "email": "zoe@example.com", "timeZone": "Europe/Stockholm"},
            },
        )
        assert booking.status_code == 201, booking.text
        first_uid = booking.json()["data"]["uid"]
        moved = await http.post(
            f"/v2/bookings/{first_uid}/reschedule", headers=VERSION, json={"start": "2030-01-08T11:00:00Z"}
        )
        assert moved.status_code == 201, moved.text
        second_uid = moved.json()["data"]["uid"]
        cancelled = await http.post(
            f"/v2/bookings/{second_uid}/cancel", headers=VERSION, json={"cancellationReason": "ill"}
        )
        assert cancelled.status_code == 200, cancelled.text

    # The in-process client returns once FakeCal's background deliveries are done.
    by_subscription: dict[str, list[tuple[str, int | None]]] = {name: [] for name in subscriptions}
    for delivery in fake.deliveries:
        name = next(n for n, f in subscriptions.items() if f["subscriberUrl"] == delivery.url)
        by_subscription[name].append((delivery.trigger, delivery.status_code))
    assert by_subscription["signed"] == [(t, 200) for t in triggers]
    assert by_subscription["template"] == [(t, 200) for t in triggers]
    assert by_subscription["impostor"] == [(t, 401) for t in triggers]
    assert by_subscription["unsigned"] == [(t, 401) for t in triggers]

    log = _wait_for_log(
        receiver,
        f"BOOKING_CREATED: booking {first_uid} at 2030-01-08T10:00:00+00:00, 1 attendee(s)",
        f"BOOKING_RESCHEDULED: booking {second_uid} at 2030-01-08T11:00:00+00:00",
        f"BOOKING_CANCELLED: booking {second_uid}",
        "rejected a webhook delivery: no-secret-provided",
        "no handler for None (RawEvent)",
    )
    assert f"BOOKING_CREATED: booking {first_uid} at 2030-01-08T10:00:00+00:00, 1 attendee(s)" in log
    assert f"BOOKING_RESCHEDULED: booking {second_uid} at 2030-01-08T11:00:00+00:00" in log
    assert f"BOOKING_CANCELLED: booking {second_uid}" in log
    assert "rejected a webhook delivery: signature-mismatch" in log
    assert "rejected a webhook delivery: no-secret-provided" in log
    assert "no handler for None (RawEvent)" in log
    assert SECRET not in log
