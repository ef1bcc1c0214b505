"""Platform managed users and their tokens (cal-api-v2.md 1.2).

Client-credential routes: the path's ``clientId`` plus ``x-cal-secret-key``. Access tokens live
60 minutes (498 once expired), refresh tokens a year; a refresh rotates both.
"""

from __future__ import annotations

import dataclasses
import hmac
import re
from typing import Any

from .._auth import issue_tokens, keys_payload
from .._errors import bad_request, conflict, not_found
from .._routing import Call, Route, ok, route
from .._store import WEEKDAYS, OAuthClient, User
from .._validation import Custom, Int, Obj, Str, require_valid
from .bookings import LANGUAGES
from .schedules import create_schedule

Json = dict[str, Any]
ROUTES: list[Route] = []
CREATE = {
    "email": Str(required=True, kind="email"),
    "name": Str(required=True, non_empty=True),
    "timeFormat": Custom(test=lambda v: None if v in (12, 24) else "must be 12 or 24", constraint="isIn"),
    "weekStart": Str(enum=WEEKDAYS),
    "timeZone": Str(kind="timezone"),
    "locale": Str(enum=LANGUAGES),
    "avatarUrl": Str(),
    "bio": Str(),
    "metadata": Obj(),
}
UPDATE = {name: dataclasses.replace(rule, required=False) for name, rule in CREATE.items()} | {
    "defaultScheduleId": Int()
}


def output(user: User) -> Json:
    return {
        "id": user.id,
        "email": user.email,
        "username": user.username,
        "name": user.name,
        "bio": user.bio,
        "timeZone": user.time_zone,
        "weekStart": user.week_start,
        "createdDate": user.created.isoformat().replace("+00:00", "Z"),
        "timeFormat": user.time_format,
        "defaultScheduleId": user.default_schedule_id,
        "locale": user.locale,
        "avatarUrl": user.avatar_url,
        "metadata": user.metadata,
    }


@route(ROUTES, "POST", "/v2/oauth-clients/{clientId}/users", auth="client", status=201)
def create_user(call: Call) -> Json:
    client = _client(call)
    body = require_valid(call.body, CREATE)
    local, _, domain = body["email"].partition("@")
    email = f"{local}+{client.id}@{domain}"
    if any(u.email == email for u in call.store.users.values()):
        raise conflict(f"User with email {body['email']} already exists for this OAuth client")
    user = User(
        id=call.store.next_id("user"),
        email=email,
        username=re.sub(r"[^a-z0-9]+", "-", email.lower()).strip("-"),
        name=body["name"],
        oauth_client_id=client.id,
        created=call.now,
    )
    _apply(user, body)
    call.store.users[user.id] = user
    if "timeZone" in body:
        # A managed user created with a time zone gets a Mon-Fri 9-5 default schedule.
        create_schedule(call.store, user, {"name": "Default schedule", "timeZone": user.time_zone, "isDefault": True})
    pair = issue_tokens(call.store, user, client, call.now, call.state.token_key)
    return ok({"user": output(user), **keys_payload(pair)})


@route(ROUTES, "GET", "/v2/oauth-clients/{clientId}/users", auth="client")
def list_users(call: Call) -> Json:
    client = _client(call)
    limit = _bounded(call, "limit", 50, 1, 250)
    offset = _bounded(call, "offset", 0, 0, 250)
    emails = set(call.args("emails"))
    users = [u for u in call.store.users.values() if u.oauth_client_id == client.id]
    if emails:
        users = [u for u in users if u.email in emails]
    return ok([output(u) for u in users[offset : offset + limit]])


@route(ROUTES, "GET", "/v2/oauth-clients/{clientId}/users/{userId}", auth="client")
def get_user(call: Call) -> Json:
    return ok(output(_managed(call)))


@route(ROUTES, "PATCH", "/v2/oauth-clients/{clientId}/users/{userId}", auth="client")
def update_user(call: Call) -> Json:
    user = _managed(call)
    body = require_valid(call.body, UPDATE)
    if "defaultScheduleId" in body:
        schedule = call.store.schedules.get(body["defaultScheduleId"])
        if schedule is None or schedule.owner_id != user.id:
            raise not_found(f"Schedule with id={body['defaultScheduleId']} not found")
        user.default_schedule_id = schedule.id
    if "name" in body:
        user.name = body["name"]
    _apply(user, body)
    return ok(output(user))


@route(ROUTES, "DELETE", "/v2/oauth-clients/{clientId}/users/{userId}", auth="client")
def delete_user(call: Call) -> Json:
    user = _managed(call)
    del call.store.users[user.id]
    call.store.tokens[:] = [t for t in call.store.tokens if t.user_id != user.id]
    return ok(output(user))


@route(ROUTES, "POST", "/v2/oauth-clients/{clientId}/users/{userId}/force-refresh", auth="client")
def force_refresh(call: Call) -> Json:
    user = _managed(call)
    client = _client(call)
    call.store.tokens[:] = [t for t in call.store.tokens if not (t.user_id == user.id and t.client_id == client.id)]
    return ok(keys_payload(issue_tokens(call.store, user, client, call.now, call.state.token_key)))


@route(ROUTES, "POST", "/v2/oauth/{clientId}/refresh", auth="client")
def refresh(call: Call) -> Json:
    client = _client(call)
    body = require_valid(call.body, {"refreshToken": Str(required=True)})
    pair = next(
        (
            t
            for t in call.store.tokens
            if t.client_id == client.id and hmac.compare_digest(t.refresh_token, body["refreshToken"])
        ),
        None,
    )
    if pair is None or call.now >= pair.refresh_expires or pair.user_id not in call.store.users:
        raise bad_request("Invalid refresh token")
    # Rotation: the old pair (refresh token included) stops working.
    call.store.tokens.remove(pair)
    fresh = issue_tokens(call.store, call.store.users[pair.user_id], client, call.now, call.state.token_key)
    return ok(keys_payload(fresh))


def _client(call: Call) -> OAuthClient:
    assert call.principal is not None and call.principal.client is not None  # auth="client" guarantees both
    if call.principal.client.id != call.params["clientId"]:
        raise not_found(f"OAuth client with ID '{call.params['clientId']}' not found")
    return call.principal.client


def _managed(call: Call) -> User:
    client = _client(call)
    user_id = call.int_param("userId")
    user = call.store.users.get(user_id)
    if user is None or user.oauth_client_id != client.id:
        raise not_found(f"User with id={user_id} not found")
    return user


def _apply(user: User, body: Json) -> None:
    fields = {
        "timeFormat": "time_format",
        "weekStart": "week_start",
        "timeZone": "time_zone",
        "locale": "locale",
        "avatarUrl": "avatar_url",
        "bio": "bio",
        "metadata": "metadata",
    }
    for key, attribute in fields.items():
        if key in body:
            setattr(user, attribute, body[key])


def _bounded(call: Call, name: str, default: int, minimum: int, maximum: int) -> int:
    raw = call.arg(name)
    if raw is None:
        return default
    if not raw.isdigit() or not minimum <= int(raw) <= maximum:
        raise bad_request(f"{name} must not be less than {minimum} and not greater than {maximum}")
    return int(raw)
