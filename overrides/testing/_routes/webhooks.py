"""User webhooks (``/v2/webhooks``, unversioned): the subscriptions booking events are sent to."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

# One list of trigger names for the SDK and the fake (tests/webhooks pins it to the spec's enum).
# Signing, by contrast, stays FakeCal's own so that it and ``webhooks.verify`` check each other.
from ...webhooks import TRIGGERS
from .._errors import bad_request, conflict, not_found
from .._routing import Call, Route, ok, route
from .._store import Webhook
from .._validation import Arr, Bool, Str, require_valid

Json = dict[str, Any]
ROUTES: list[Route] = []
CREATE = {
    "subscriberUrl": Str(required=True, kind="url"),
    "active": Bool(required=True),
    "triggers": Arr(required=True, item=Str(enum=TRIGGERS)),
    "payloadTemplate": Str(),
    "secret": Str(),
}
UPDATE = {name: dataclasses.replace(rule, required=False) for name, rule in CREATE.items()}


def output(webhook: Webhook) -> Json:
    data: Json = {
        "id": webhook.id,
        "userId": webhook.user_id,
        "subscriberUrl": webhook.subscriber_url,
        "active": webhook.active,
        "triggers": list(webhook.triggers),
        "payloadTemplate": webhook.payload_template,
        # Cal.com exposes the nullable column as is (webhook.output.ts): null when no secret was set.
        "secret": webhook.secret,
    }
    return data


@route(ROUTES, "POST", "/v2/webhooks", status=201)
def create(call: Call) -> Json:
    body = require_valid(call.body, CREATE)
    user = call.user()
    _check_url_free(call, user.id, body["subscriberUrl"])
    webhook = Webhook(
        id=str(uuid.uuid4()),
        user_id=user.id,
        subscriber_url=body["subscriberUrl"],
        active=body["active"],
        triggers=list(dict.fromkeys(body["triggers"])),
        secret=body.get("secret"),
        payload_template=body.get("payloadTemplate"),
    )
    call.store.webhooks[webhook.id] = webhook
    return ok(output(webhook))


@route(ROUTES, "GET", "/v2/webhooks")
def list_webhooks(call: Call) -> Json:
    user = call.user()
    take, skip = _page(call)
    mine = [w for w in call.store.webhooks.values() if w.user_id == user.id]
    return ok([output(w) for w in mine[skip : skip + take]])


@route(ROUTES, "GET", "/v2/webhooks/{webhookId}")
def get(call: Call) -> Json:
    return ok(output(_owned(call)))


@route(ROUTES, "PATCH", "/v2/webhooks/{webhookId}")
def update(call: Call) -> Json:
    webhook = _owned(call)
    body = require_valid(call.body, UPDATE)
    if "subscriberUrl" in body and body["subscriberUrl"] != webhook.subscriber_url:
        _check_url_free(call, webhook.user_id, body["subscriberUrl"])
        webhook.subscriber_url = body["subscriberUrl"]
    webhook.active = body.get("active", webhook.active)
    if "triggers" in body:
        webhook.triggers = list(dict.fromkeys(body["triggers"]))
    webhook.secret = body.get("secret", webhook.secret)
    webhook.payload_template = body.get("payloadTemplate", webhook.payload_template)
    return ok(output(webhook))


@route(ROUTES, "DELETE", "/v2/webhooks/{webhookId}")
def delete(call: Call) -> Json:
    webhook = _owned(call)
    del call.store.webhooks[webhook.id]
    return ok(output(webhook))


def _owned(call: Call) -> Webhook:
    webhook_id = call.params["webhookId"]
    webhook = call.store.webhooks.get(webhook_id)
    if webhook is None:
        raise not_found(f"Webhook with id={webhook_id} not found")
    call.owned_by_caller(webhook.user_id, f"Webhook with id={webhook_id}")
    return webhook


def _check_url_free(call: Call, user_id: int, url: str) -> None:
    if any(w.user_id == user_id and w.subscriber_url == url for w in call.store.webhooks.values()):
        raise conflict("Webhook with this subscriber url already exists for this user")


def _page(call: Call) -> tuple[int, int]:
    take_raw, skip_raw = call.arg("take") or "250", call.arg("skip") or "0"
    if not take_raw.isdigit() or not 1 <= int(take_raw) <= 250:
        raise bad_request("take must not be less than 1 and not greater than 250")
    if not skip_raw.isdigit():
        raise bad_request("skip must not be less than 0")
    return int(take_raw), int(skip_raw)
