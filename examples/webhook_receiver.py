"""A Cal.com webhook receiver: verify, parse, dispatch by trigger. A plain ASGI app, no framework.

Run it with the secret you gave the webhook in Cal.com, then point the webhook's subscriber URL
at ``http://<host>:8000/webhooks/cal``::

    CAL_WEBHOOK_SECRET=... python examples/webhook_receiver.py --port 8000
    CAL_WEBHOOK_SECRET=... uvicorn webhook_receiver:create_app --factory --app-dir examples --port 8000
    python examples/webhook_receiver.py --sandbox   # FakeCal books and cancels; its signed webhooks arrive here

A delivery whose signature does not verify is answered 401 and never parsed. An accepted one is
answered 200 with a small JSON summary, which Cal.com keeps in the webhook's delivery log. For a
webhook created without a secret, set ``CAL_WEBHOOK_ALLOW_UNSIGNED=1`` instead: then anyone who
knows the URL can post to it.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import logging
import os
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, TypeAlias

from cal_client import webhooks

Event: TypeAlias = webhooks.WebhookEvent | webhooks.RawEvent
Handler = Callable[[webhooks.WebhookEvent], Awaitable[None] | None]
Fallback = Callable[[Event], Awaitable[None] | None]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

log = logging.getLogger("webhook_receiver")


class WebhookReceiver:
    """An ASGI app that accepts Cal.com webhook POSTs on ``path`` and calls the handler for each trigger.

    ``secret=None`` accepts unsigned deliveries; pass the webhook's secret whenever it has one.
    Handlers may be plain functions or coroutines and get the trigger's typed event. Deliveries
    without a handler, and custom-template bodies (``RawEvent``), go to ``fallback``.
    """

    def __init__(self, *, secret: str | None, path: str = "/webhooks/cal", max_body_bytes: int = 1_000_000) -> None:
        self._secret = secret
        self.path = path
        self.max_body_bytes = max_body_bytes
        self._handlers: dict[str, Handler] = {}
        self.fallback: Fallback = _log_unhandled

    def __repr__(self) -> str:
        # The secret stays out: say only whether there is one.
        return f"WebhookReceiver(path={self.path!r}, signed={self._secret is not None})"

    def on(self, *triggers: str) -> Callable[[Handler], Handler]:
        """Register the decorated function as the handler of ``triggers`` (names from ``webhooks.TRIGGERS``)."""

        def register(handler: Handler) -> Handler:
            for trigger in triggers:
                self._handlers[trigger] = handler
            return handler

        return register

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        if scope["path"] != self.path:
            await _respond(send, 404, {"error": "not-found"})
            return
        if scope["method"] != "POST":
            await _respond(send, 405, {"error": "method-not-allowed"}, extra_headers=[(b"allow", b"POST")])
            return

        try:
            body = await _read_body(receive, self.max_body_bytes)
        except _ClientGone:
            return
        if body is None:
            await _respond(send, 413, {"error": "body-too-large"})
            return
        headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]}

        try:
            # The signature is checked on these exact bytes before anything parses them.
            event = webhooks.parse(body, headers, secret=self._secret)
        except webhooks.WebhookVerificationError as exc:
            log.warning("rejected a webhook delivery: %s", exc.reason)
            await _respond(send, 401, {"error": "invalid-signature", "reason": exc.reason})
            return

        handler: Handler | Fallback = self.fallback
        try:
            if isinstance(event, webhooks.WebhookEvent) and event.trigger_event in self._handlers:
                handler = self._handlers[event.trigger_event]
                result = handler(event)
            else:
                result = self.fallback(event)
            if inspect.isawaitable(result):
                await result
        except Exception:
            log.exception("handler %s failed for %s", _name(handler), event.trigger_event)
            await _respond(send, 500, {"error": "handler-failed", "trigger": event.trigger_event})
            return
        summary = {"trigger": event.trigger_event, "event": type(event).__name__, "handler": _name(handler)}
        await _respond(send, 200, summary)


class MissingSecretError(RuntimeError):
    pass


def create_app() -> WebhookReceiver:
    """The receiver with a few example handlers, configured from the environment."""
    secret = os.environ.get("CAL_WEBHOOK_SECRET") or None
    if secret is None and os.environ.get("CAL_WEBHOOK_ALLOW_UNSIGNED") != "1":
        raise MissingSecretError(
            "set CAL_WEBHOOK_SECRET to the webhook's secret (or CAL_WEBHOOK_ALLOW_UNSIGNED=1 for a webhook "
            "without one), or try it offline with --sandbox"
        )
    return build_app(secret)


def build_app(secret: str | None) -> WebhookReceiver:
    """The receiver with a few example handlers."""
    app = WebhookReceiver(secret=secret)

    @app.on(
        "BOOKING_CREATED",
        "BOOKING_REQUESTED",
        "BOOKING_RESCHEDULED",
        "BOOKING_CANCELLED",
        "BOOKING_REJECTED",
        "BOOKING_PAYMENT_INITIATED",
        "BOOKING_PAID",
    )
    async def on_booking(event: webhooks.WebhookEvent) -> None:
        assert isinstance(event, webhooks.BookingEvent)
        start = event.start_time.isoformat() if event.start_time else "?"
        log.info("%s: booking %s at %s, %d attendee(s)", event.trigger_event, event.uid, start, len(event.attendees))

    @app.on("MEETING_STARTED", "MEETING_ENDED")
    async def on_meeting(event: webhooks.WebhookEvent) -> None:
        assert isinstance(event, webhooks.MeetingEvent)
        log.info("%s: booking %s", event.trigger_event, event.uid)

    @app.on("RECORDING_READY", "RECORDING_TRANSCRIPTION_GENERATED")
    async def on_recording(event: webhooks.WebhookEvent) -> None:
        assert isinstance(event, webhooks.RecordingReadyEvent | webhooks.TranscriptionGeneratedEvent)
        log.info("%s: booking %s", event.trigger_event, event.uid)

    @app.on("FORM_SUBMITTED", "FORM_SUBMITTED_NO_EVENT")
    async def on_form(event: webhooks.WebhookEvent) -> None:
        assert isinstance(event, webhooks.FormSubmittedEvent)
        log.info("%s: form %s, fields %s", event.trigger_event, event.form_id, sorted(event.responses))

    @app.on("BOOKING_NO_SHOW_UPDATED", "AFTER_HOSTS_CAL_VIDEO_NO_SHOW", "AFTER_GUESTS_CAL_VIDEO_NO_SHOW")
    async def on_no_show(event: webhooks.WebhookEvent) -> None:
        assert isinstance(event, webhooks.BookingNoShowUpdatedEvent | webhooks.CalVideoNoShowEvent)
        log.info("%s: booking %s", event.trigger_event, event.booking_uid)

    @app.on("INSTANT_MEETING")
    async def on_instant_meeting(event: webhooks.WebhookEvent) -> None:
        assert isinstance(event, webhooks.InstantMeetingEvent)
        log.info("%s: join at %s", event.trigger_event, event.connect_and_join_url)

    @app.on("OOO_CREATED")
    async def on_out_of_office(event: webhooks.WebhookEvent) -> None:
        assert isinstance(event, webhooks.OutOfOfficeEvent)
        entry = event.entry
        log.info("%s: %s until %s", event.trigger_event, entry and entry.user and entry.user.email, entry and entry.end)

    return app


async def _log_unhandled(event: Event) -> None:
    log.info("no handler for %s (%s)", event.trigger_event, type(event).__name__)


def _name(handler: Handler | Fallback) -> str:
    return getattr(handler, "__name__", type(handler).__name__)


class _ClientGone(Exception):
    pass


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or ``None`` once it grows past ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _ClientGone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _respond(
    send: Send, status: int, data: dict[str, Any], *, extra_headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    body = json.dumps(data).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + (extra_headers or [])})
    await send({"type": "http.response.body", "body": body})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def sandbox() -> None:
    """FakeCal (in-process) books and cancels a meeting and delivers its signed webhooks to this receiver."""
    import datetime as dt
    import secrets

    import httpx
    from cal_client.resources import Attendee
    from cal_client.testing import FakeCal

    from cal_client import AsyncCal

    secret = secrets.token_hex(16)
    app = build_app(secret)
    fake = FakeCal(webhook_transport=httpx.ASGITransport(app=app))
    url = f"http://receiver.test{app.path}"
    async with AsyncCal(fake.sandbox.api_key, base_url="http://localhost", transport=fake.transport()) as cal:
        await cal.webhooks.create(subscriber_url=url, triggers=["BOOKING_CREATED", "BOOKING_CANCELLED"], secret=secret)
        now = dt.datetime.now(dt.UTC)
        slots = await cal.slots.find(
            event_type_id=fake.sandbox.event_type_id, start=now, end=now + dt.timedelta(days=7)
        )
        attendee = Attendee(name="Ada Lovelace", email="ada@example.com", time_zone="Europe/London")
        created = await cal.bookings.create(
            event_type_id=fake.sandbox.event_type_id, start=slots.starts()[0], attendee=attendee
        )
        await cal.bookings.cancel(created.uid, reason="sandbox demo")
    for delivery in fake.deliveries:
        print(f"{delivery.trigger:<18} delivered to {delivery.url}: HTTP {delivery.status_code} {delivery.error or ''}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--sandbox", action="store_true", help="deliver a FakeCal's webhooks to it once, then exit")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if args.sandbox:
        asyncio.run(sandbox())
        return
    try:
        app = create_app()
    except MissingSecretError as exc:
        parser.exit(2, f"{parser.prog}: {exc}\n")
    import uvicorn

    uvicorn.run(app, host=args.host, port=args.port)


if __name__ == "__main__":
    main()
