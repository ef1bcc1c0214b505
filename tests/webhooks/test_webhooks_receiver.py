"""The example receiver (examples/webhook_receiver.py) in-process: verify, parse, dispatch, HTTP answers."""

from __future__ import annotations

import asyncio
import importlib.util
import logging
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from webhook_shapes import documented_body, independent_hmac_sha256, js_stringify

from cal_client import webhooks

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "webhook_receiver.py"
SECRET = "whsec_receiver-tests"
URL = "http://receiver.test/webhooks/cal"

EXPECTED_HANDLER = {
    **dict.fromkeys(
        [
            "BOOKING_CREATED",
            "BOOKING_REQUESTED",
            "BOOKING_RESCHEDULED",
            "BOOKING_CANCELLED",
            "BOOKING_REJECTED",
            "BOOKING_PAYMENT_INITIATED",
            "BOOKING_PAID",
        ],
        "on_booking",
    ),
    "MEETING_STARTED": "on_meeting",
    "MEETING_ENDED": "on_meeting",
    "RECORDING_READY": "on_recording",
    "RECORDING_TRANSCRIPTION_GENERATED": "on_recording",
    "FORM_SUBMITTED": "on_form",
    "FORM_SUBMITTED_NO_EVENT": "on_form",
    "BOOKING_NO_SHOW_UPDATED": "on_no_show",
    "AFTER_HOSTS_CAL_VIDEO_NO_SHOW": "on_no_show",
    "AFTER_GUESTS_CAL_VIDEO_NO_SHOW": "on_no_show",
    "INSTANT_MEETING": "on_instant_meeting",
    "OOO_CREATED": "on_out_of_office",
}


@pytest.fixture(scope="module")
def example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("webhook_receiver_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def client_for(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app))


def signed(body: bytes, secret: str = SECRET) -> dict[str, str]:
    return {"Content-Type": "application/json", "X-Cal-Signature-256": independent_hmac_sha256(secret.encode(), body)}


def test_every_trigger_has_an_example_handler() -> None:
    assert set(EXPECTED_HANDLER) == set(webhooks.EVENT_CLASSES)


@pytest.mark.parametrize("trigger", sorted(webhooks.EVENT_CLASSES))
async def test_example_app_dispatches_every_trigger(
    example: ModuleType, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, trigger: str
) -> None:
    monkeypatch.setenv("CAL_WEBHOOK_SECRET", SECRET)
    caplog.set_level(logging.INFO, logger="webhook_receiver")
    body = js_stringify(documented_body(trigger))
    async with client_for(example.create_app()) as client:
        response = await client.post(URL, content=body, headers=signed(body))
    assert response.status_code == 200, response.text
    assert response.json() == {
        "trigger": trigger,
        "event": webhooks.EVENT_CLASSES[trigger].__name__,
        "handler": EXPECTED_HANDLER[trigger],
    }
    assert any(trigger in record.getMessage() for record in caplog.records)
    assert SECRET not in caplog.text


async def test_bad_signatures_get_401_and_reach_no_handler(
    example: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    app = example.WebhookReceiver(secret=SECRET)
    seen: list[Any] = []
    app.on(*webhooks.TRIGGERS)(seen.append)
    app.fallback = seen.append
    body = js_stringify(documented_body("BOOKING_CREATED"))
    cases = {
        "signature-mismatch": (body.replace(b"ACCEPTED", b"CANCELLED"), signed(body)),
        "missing-signature": (body, {"Content-Type": "application/json"}),
        "no-secret-provided": (body, {"X-Cal-Signature-256": "no-secret-provided"}),
        "malformed-signature": (body, {"X-Cal-Signature-256": "sha256=abc"}),
    }
    async with client_for(app) as client:
        for reason, (content, headers) in cases.items():
            response = await client.post(URL, content=content, headers=headers)
            assert response.status_code == 401
            assert response.json() == {"error": "invalid-signature", "reason": reason}
        wrong_secret = await client.post(URL, content=body, headers=signed(body, secret="nope"))
        assert wrong_secret.status_code == 401
    assert seen == []
    assert SECRET not in caplog.text


async def test_custom_template_bodies_go_to_the_fallback(example: ModuleType) -> None:
    app = example.WebhookReceiver(secret=SECRET)
    raw: list[Any] = []
    app.fallback = raw.append
    body = b"content=A+new+event&booker=Zo%C3%AB"
    headers = {**signed(body), "Content-Type": "application/x-www-form-urlencoded"}
    async with client_for(app) as client:
        response = await client.post(URL, content=body, headers=headers)
    assert response.status_code == 200
    assert response.json()["event"] == "RawEvent"
    assert len(raw) == 1 and isinstance(raw[0], webhooks.RawEvent) and raw[0].body == body


async def test_sync_and_async_handlers_both_run(example: ModuleType) -> None:
    app = example.WebhookReceiver(secret=SECRET)
    calls: list[str] = []

    @app.on("BOOKING_CREATED")
    def sync_handler(event: webhooks.WebhookEvent) -> None:
        calls.append(f"sync:{event.trigger_event}")

    @app.on("BOOKING_CANCELLED")
    async def async_handler(event: webhooks.WebhookEvent) -> None:
        await asyncio.sleep(0)
        calls.append(f"async:{event.trigger_event}")

    async with client_for(app) as client:
        for trigger in ("BOOKING_CREATED", "BOOKING_CANCELLED"):
            body = js_stringify(documented_body(trigger))
            assert (await client.post(URL, content=body, headers=signed(body))).status_code == 200
    assert calls == ["sync:BOOKING_CREATED", "async:BOOKING_CANCELLED"]


async def test_failing_handler_gives_500(example: ModuleType, caplog: pytest.LogCaptureFixture) -> None:
    app = example.WebhookReceiver(secret=SECRET)

    @app.on("BOOKING_CREATED")
    async def broken(event: webhooks.WebhookEvent) -> None:
        raise RuntimeError("database down")

    body = js_stringify(documented_body("BOOKING_CREATED"))
    async with client_for(app) as client:
        response = await client.post(URL, content=body, headers=signed(body))
    assert response.status_code == 500
    assert response.json() == {"error": "handler-failed", "trigger": "BOOKING_CREATED"}
    assert "database down" in caplog.text


async def test_other_paths_methods_and_oversized_bodies(example: ModuleType) -> None:
    app = example.WebhookReceiver(secret=SECRET, max_body_bytes=64)
    async with client_for(app) as client:
        assert (await client.post("http://receiver.test/elsewhere", content=b"{}")).status_code == 404
        get = await client.get(URL)
        assert get.status_code == 405 and get.headers["allow"] == "POST"
        big = b"{" + b" " * 100 + b"}"
        assert (await client.post(URL, content=big, headers=signed(big))).status_code == 413


def test_create_app_needs_a_secret_or_an_explicit_opt_out(example: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CAL_WEBHOOK_SECRET", raising=False)
    monkeypatch.delenv("CAL_WEBHOOK_ALLOW_UNSIGNED", raising=False)
    with pytest.raises(RuntimeError, match="CAL_WEBHOOK_SECRET"):
        example.create_app()
    monkeypatch.setenv("CAL_WEBHOOK_ALLOW_UNSIGNED", "1")
    assert "signed=False" in repr(example.create_app())


async def test_unsigned_mode_accepts_no_secret_provided(example: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CAL_WEBHOOK_SECRET", raising=False)
    monkeypatch.setenv("CAL_WEBHOOK_ALLOW_UNSIGNED", "1")
    body = js_stringify(documented_body("OOO_CREATED"))
    async with client_for(example.create_app()) as client:
        response = await client.post(URL, content=body, headers={"X-Cal-Signature-256": "no-secret-provided"})
    assert response.status_code == 200 and response.json()["handler"] == "on_out_of_office"


def test_receiver_repr_hides_the_secret(example: ModuleType) -> None:
    text = repr(example.WebhookReceiver(secret=SECRET))
    assert SECRET not in text and "signed=True" in text


async def test_lifespan_is_answered(example: ModuleType) -> None:
    app = example.WebhookReceiver(secret=SECRET)
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    outbox: list[dict[str, Any]] = []
    for message in ({"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}):
        inbox.put_nowait(message)

    async def send(message: dict[str, Any]) -> None:
        outbox.append(message)

    await asyncio.wait_for(app({"type": "lifespan"}, inbox.get, send), timeout=5)
    assert [m["type"] for m in outbox] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
