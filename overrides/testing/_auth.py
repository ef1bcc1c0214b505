"""Who is calling: API keys, managed-user access tokens and OAuth-client credentials (cal-api-v2.md 1).

* ``Authorization: Bearer cal_...`` is an API key, looked up by the SHA-256 of the rest.
* Any other bearer value is a managed-user access token: unknown -> 401, expired -> 498.
* ``x-cal-client-id`` (or the path's ``clientId``) with ``x-cal-secret-key`` are client
  credentials; they win over a bearer token. Alone, either one names what is missing (401).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ._errors import ApiError, token_expired, unauthorized
from ._store import OAuthClient, Store, TokenPair, User

Mode = Literal["none", "optional", "required", "client"]
ACCESS_LIFETIME = dt.timedelta(minutes=60)
REFRESH_LIFETIME = dt.timedelta(days=365)


@dataclass(frozen=True)
class Principal:
    kind: Literal["api_key", "access_token", "client"]
    user: User
    client: OAuthClient | None = None


def authenticate(
    store: Store, headers: Mapping[str, str], params: Mapping[str, str], now: dt.datetime, mode: Mode
) -> Principal | None:
    if mode == "none":
        return None
    client_id = params.get("clientId") or headers.get("x-cal-client-id")
    secret = headers.get("x-cal-secret-key")
    authorization = headers.get("authorization")
    if client_id and secret:
        return _client(store, client_id, secret)
    if mode == "client":
        raise unauthorized("x-cal-secret-key header missing" if client_id else "x-cal-client-id header missing")
    if authorization:
        return _bearer(store, authorization, now)
    if mode == "optional":
        return None
    if client_id or secret:
        raise unauthorized(
            "x-cal-secret-key header not provided" if client_id else "x-cal-client-id header not provided"
        )
    raise unauthorized(
        "No authentication method provided. Either pass an API key as 'Bearer' header or OAuth client "
        "credentials as 'x-cal-secret-key' and 'x-cal-client-id' headers"
    )


def issue_tokens(store: Store, user: User, client: OAuthClient, now: dt.datetime, key: bytes) -> TokenPair:
    # Cal.com rounds the access expiry down to the minute and the refresh expiry down to the day.
    access_expires = (now + ACCESS_LIFETIME).replace(second=0, microsecond=0)
    refresh_expires = (now + REFRESH_LIFETIME).replace(hour=0, minute=0, second=0, microsecond=0)
    pair = TokenPair(
        user_id=user.id,
        client_id=client.id,
        access_token=_jwt({"clientId": client.id, "ownerId": user.id, "expiresAt": _ms(access_expires)}, key),
        refresh_token=_jwt({"clientId": client.id, "ownerId": user.id, "expiresAt": _ms(refresh_expires)}, key),
        access_expires=access_expires,
        refresh_expires=refresh_expires,
    )
    store.tokens.append(pair)
    return pair


def keys_payload(pair: TokenPair) -> dict[str, object]:
    return {
        "accessToken": pair.access_token,
        "refreshToken": pair.refresh_token,
        "accessTokenExpiresAt": _ms(pair.access_expires),
        "refreshTokenExpiresAt": _ms(pair.refresh_expires),
    }


def _client(store: Store, client_id: str, secret: str) -> Principal:
    client = store.oauth_clients.get(client_id)
    if client is None:
        raise unauthorized(f"OAuth client with ID '{client_id}' not found")
    if not hmac.compare_digest(client.secret, secret):
        raise unauthorized("Invalid client secret")
    return Principal("client", store.users[client.owner_id], client)


def _bearer(store: Store, authorization: str, now: dt.datetime) -> Principal:
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise unauthorized("Invalid Authorization header: expected 'Bearer <token>'")
    if token.startswith("cal_"):
        user = store.user_for_api_key(token)
        if user is None:
            raise unauthorized("Invalid API Key")
        return Principal("api_key", user)
    pair = next((p for p in store.tokens if hmac.compare_digest(p.access_token, token)), None)
    if pair is None or pair.user_id not in store.users:
        raise unauthorized("Invalid Access Token.")
    if now >= pair.access_expires:
        raise token_expired()
    return Principal("access_token", store.users[pair.user_id], store.oauth_clients.get(pair.client_id))


def require_user(principal: Principal | None) -> User:
    if principal is None:
        raise ApiError(401, "Authentication required")
    return principal.user


def _jwt(claims: dict[str, object], key: bytes) -> str:
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = b64(json.dumps({**claims, "jti": secrets.token_hex(16)}, separators=(",", ":")).encode())
    signature = b64(hmac.new(key, f"{header}.{payload}".encode(), hashlib.sha256).digest())
    return f"{header}.{payload}.{signature}"


def _ms(when: dt.datetime) -> int:
    return int(when.timestamp() * 1000)
