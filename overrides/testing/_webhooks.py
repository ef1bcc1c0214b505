"""Webhook payloads, signatures and delivery as Cal.com sends them (cal-api-v2.md 6).

The body is the JSON ``{"triggerEvent", "createdAt", "payload"}`` (compact, like
``JSON.stringify``), POSTed with redirects not followed. ``X-Cal-Signature-256`` is the lowercase
hex HMAC-SHA256 of exactly those bytes keyed with the webhook's secret, or the literal
``no-secret-provided`` when it has none. A ``payloadTemplate`` is rendered with ``{{path}}``
placeholders; if the result is not JSON it goes out form-encoded, as Cal.com does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from ._lifespan import answer_lifespan
from ._store import Booking, Store, Webhook

__all__ = ["ReceivedWebhook", "WebhookDelivery", "WebhookReceiver", "sign"]

Json = dict[str, Any]
NO_SECRET = "no-secret-provided"
SIGNATURE_HEADER = "X-Cal-Signature-256"
PLACEHOLDER = re.compile(r"\{\{\s*([\w.]+)\s*\}\}")


def sign(body: bytes, secret: str | None) -> str:
    """The ``X-Cal-Signature-256`` value Cal.com sends for ``body``."""
    if not secret:
        return NO_SECRET
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Outgoing:
    url: str
    trigger: str
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class WebhookDelivery:
    """One POST FakeCal made (or tried to make) to a subscriber."""

    url: str
    trigger: str
    body: bytes
    headers: dict[str, str]
    status_code: int | None = None
    error: str | None = None

    def json(self) -> Any:
        return json.loads(self.body)


def iso_ms(when: dt.datetime) -> str:
    """A JS ``Date`` serialised: UTC, milliseconds, ``Z``."""
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def build(webhook: Webhook, trigger: str, payload: Json, now: dt.datetime) -> Outgoing:
    envelope = {"triggerEvent": trigger, "createdAt": iso_ms(now), "payload": payload}
    content_type = "application/json"
    if webhook.payload_template:
        text = _render(webhook.payload_template, {**payload, "triggerEvent": trigger, "createdAt": iso_ms(now)})
        try:
            json.loads(text)
        except ValueError:
            content_type = "application/x-www-form-urlencoded"
        body = text.encode()
    else:
        body = json.dumps(envelope, separators=(",", ":"), ensure_ascii=False).encode()
    headers = {"Content-Type": content_type, SIGNATURE_HEADER: sign(body, webhook.secret)}
    return Outgoing(webhook.subscriber_url, trigger, body, headers)


def outgoing_for(store: Store, user_id: int, trigger: str, payload: Json, now: dt.datetime) -> list[Outgoing]:
    return [
        build(hook, trigger, payload, now)
        for hook in store.webhooks.values()
        if hook.user_id == user_id and hook.active and trigger in hook.triggers
    ]


async def deliver(
    batch: list[Outgoing],
    *,
    transport: httpx.AsyncBaseTransport | None,
    record: Callable[[WebhookDelivery], None],
    timeout: float,
) -> None:
    async with httpx.AsyncClient(transport=transport, timeout=timeout, follow_redirects=False) as client:
        for item in batch:
            try:
                response = await client.post(item.url, content=item.body, headers=item.headers)
            except (httpx.HTTPError, ValueError) as exc:
                record(WebhookDelivery(item.url, item.trigger, item.body, item.headers, error=type(exc).__name__))
            else:
                record(WebhookDelivery(item.url, item.trigger, item.body, item.headers, response.status_code))


def booking_payload(store: Store, booking: Booking, *, extra: Json | None = None) -> Json:
    """The calendar event Cal.com puts in ``payload`` for booking triggers (a subset of its keys)."""
    event_type = store.event_types.get(booking.event_type_id)
    host = store.users[booking.host_id]
    payload: Json = {
        "type": event_type.slug if event_type else None,
        "title": booking.title,
        "description": booking.description,
        "additionalNotes": booking.description,
        "customInputs": {},
        "startTime": _iso_seconds(booking.start),
        "endTime": _iso_seconds(booking.end),
        "organizer": _person(host.name, host.email, host.time_zone, host.locale, booking.start)
        | {"id": host.id, "username": host.username, "timeFormat": "h:mma" if host.time_format == 12 else "HH:mm"},
        "responses": {
            "name": {"label": "your_name", "value": booking.attendees[0].name},
            "email": {"label": "email_address", "value": booking.attendees[0].email},
        },
        "userFieldsResponses": {},
        "attendees": [_person(a.name, a.email, a.time_zone, a.language, booking.start) for a in booking.attendees],
        "location": booking.location,
        "destinationCalendar": None,
        "hideCalendarNotes": False,
        "requiresConfirmation": bool(event_type and event_type.requires_confirmation),
        "eventTypeId": booking.event_type_id,
        "seatsShowAttendees": False,
        "seatsPerTimeSlot": None,
        "uid": booking.uid,
        "bookingId": booking.id,
        "status": booking.status.upper(),
        "metadata": booking.metadata,
        "price": 0,
        "currency": "usd",
        "length": booking.minutes,
    }
    if booking.cancellation_reason is not None:
        payload["cancellationReason"] = booking.cancellation_reason
    return payload | (extra or {})


class WebhookReceiver:
    """A tiny ASGI subscriber that keeps every POST it gets; serve it with :func:`serve`.

    ``receiver.wait_for(1, timeout=5)`` blocks (bounded) until that many arrived.
    """

    def __init__(self) -> None:
        self._received: list[ReceivedWebhook] = []
        self._arrived = threading.Condition()

    @property
    def received(self) -> list[ReceivedWebhook]:
        with self._arrived:
            return list(self._received)

    def clear(self) -> None:
        with self._arrived:
            self._received.clear()

    def wait_for(self, count: int = 1, *, timeout: float = 5.0) -> list[ReceivedWebhook]:
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self._received) >= count, timeout=timeout):
                raise TimeoutError(f"{len(self._received)} of {count} webhook(s) arrived within {timeout}s")
            return list(self._received)

    async def __call__(
        self,
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[MutableMapping[str, Any]]],
        send: Callable[[MutableMapping[str, Any]], Awaitable[None]],
    ) -> None:
        if scope["type"] == "lifespan":
            await answer_lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        item = ReceivedWebhook(scope["method"], scope["path"], headers, b"".join(chunks))
        with self._arrived:
            self._received.append(item)
            self._arrived.notify_all()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"ok"})


@dataclass(frozen=True)
class ReceivedWebhook:
    method: str
    path: str
    headers: dict[str, str] = field(repr=False)
    body: bytes = field(repr=False)

    @property
    def signature(self) -> str | None:
        return self.headers.get(SIGNATURE_HEADER.lower())

    def json(self) -> Any:
        return json.loads(self.body)


def _person(name: str, email: str, zone: str, locale: str, at: dt.datetime) -> Json:
    offset = at.astimezone(ZoneInfo(zone)).utcoffset() or dt.timedelta()
    return {
        "name": name,
        "email": email,
        "timeZone": zone,
        "language": {"locale": locale},
        "utcOffset": int(offset.total_seconds() // 60),
    }


def _iso_seconds(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _render(template: str, values: Json) -> str:
    def lookup(match: re.Match[str]) -> str:
        node: Any = values
        for part in match.group(1).split("."):
            node = (
                node.get(part)
                if isinstance(node, dict)
                else (node[int(part)] if isinstance(node, list) and part.isdigit() and int(part) < len(node) else None)
            )
        return "" if node is None else str(node)

    return PLACEHOLDER.sub(lookup, template)
