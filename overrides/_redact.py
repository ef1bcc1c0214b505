"""Keeping secrets out of logs, reprs and exceptions.

Two nets: values the SDK knows are secret (the API key, client secret, tokens) are replaced
wherever they appear in text, and fields whose *name* says secret (``refreshToken``,
``clientSecret``, ``password``, ...) are blanked in error bodies, because Cal.com's validation
errors echo the offending request body back (``details.errors[].target``). A class-validator
error about such a field (``{"property": "refreshToken", "value": ...}``) has its ``value``
blanked too: that value came from the request, so the SDK may not know it as a secret.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["REDACTED", "SENSITIVE_HEADERS", "SecretHeaders", "mask_api_key", "redact_json", "scrub", "sent_secrets"]

REDACTED = "[redacted]"
SENSITIVE_HEADERS = frozenset({"authorization", "x-cal-secret-key", "cookie", "proxy-authorization"})

_SECRET_FIELD = re.compile(r"secret|token|password|passwd|api[-_]?key|apikey|authorization|cookie", re.IGNORECASE)
# A short value cannot be told apart from ordinary text, so it is not scrubbed from prose.
_MIN_SCRUB_LENGTH = 8
# Cal.com's bodies nest a few levels; anything deeper is cut rather than walked (a hostile body).
_MAX_DEPTH = 32
_TOO_DEEP = "[nested too deep]"
# Request bodies larger than this are not searched for secrets (the SDK sends small JSON bodies).
_MAX_SEARCHED_BODY = 1_000_000


class SecretHeaders(httpx.Headers):
    """Request headers whose ``repr`` hides every credential, not only ``Authorization``."""

    def __repr__(self) -> str:
        items = [(name, REDACTED if name.lower() in SENSITIVE_HEADERS else value) for name, value in self.items()]
        return f"Headers({items!r})"


def sent_secrets(request: httpx.Request | None) -> tuple[str, ...]:
    """Every secret a request carried, wherever Cal.com may echo it back: credential headers and
    the values of secret-named fields of its JSON body (a webhook secret, a refresh token...)."""
    if request is None:
        return ()
    found: list[str] = []
    for name, value in request.headers.items():
        if name.lower() in SENSITIVE_HEADERS:
            found.append(value.split(" ", 1)[1] if value.lower().startswith("bearer ") else value)
    try:
        content = request.content
    except httpx.RequestNotRead:
        return tuple(found)
    if content and len(content) <= _MAX_SEARCHED_BODY and content[:1] in (b"{", b"["):
        with contextlib.suppress(ValueError, RecursionError):  # not JSON after all: nothing to find
            found.extend(_secret_values(json.loads(content), 0))
    return tuple(s for s in found if len(s) >= _MIN_SCRUB_LENGTH)


def _secret_values(value: Any, depth: int) -> Iterator[str]:
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and isinstance(key, str) and _SECRET_FIELD.search(key):
                yield item
            else:
                yield from _secret_values(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _secret_values(item, depth + 1)


def mask_api_key(key: str) -> str:
    """``cal_live_****``: the kind of key stays visible, nothing of the secret part does."""
    prefix = "cal_live_" if key.startswith("cal_live_") else "cal_" if key.startswith("cal_") else ""
    return prefix + "****"


def scrub(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if len(secret) >= _MIN_SCRUB_LENGTH and secret in text:
            text = text.replace(secret, REDACTED)
    return text


def redact_json(value: Any, secrets: Iterable[str] = ()) -> Any:
    """A copy of a decoded JSON value with secret-named fields and known secret values blanked."""
    known = tuple(s for s in secrets if len(s) >= _MIN_SCRUB_LENGTH)
    return _redact(value, known, 0)


def _redact(value: Any, secrets: tuple[str, ...], depth: int) -> Any:
    if depth > _MAX_DEPTH and isinstance(value, dict | list):
        return _TOO_DEEP
    if isinstance(value, dict):
        about = value.get("property")
        about_secret = isinstance(about, str) and _SECRET_FIELD.search(about) is not None
        return {
            key: REDACTED
            if isinstance(key, str) and (_SECRET_FIELD.search(key) or (about_secret and key == "value"))
            else _redact(item, secrets, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_redact(item, secrets, depth + 1) for item in value]
    if isinstance(value, str) and secrets:
        return scrub(value, secrets)
    return value
