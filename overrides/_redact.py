"""Keeping secrets out of logs, reprs and exceptions.

Two nets: values the SDK knows are secret (the API key, client secret, tokens) are replaced
wherever they appear in text, and fields whose *name* says secret (``refreshToken``,
``clientSecret``, ``password``, ...) are blanked in error bodies, because Cal.com's validation
errors echo the offending request body back (``details.errors[].target``). A class-validator
error about such a field (``{"property": "refreshToken", "value": ...}``) has its ``value``
blanked too: that value came from the request, so the SDK may not know it as a secret.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["REDACTED", "SENSITIVE_HEADERS", "mask_api_key", "redact_json", "scrub"]

REDACTED = "[redacted]"
SENSITIVE_HEADERS = frozenset({"authorization", "x-cal-secret-key", "cookie", "proxy-authorization"})

_SECRET_FIELD = re.compile(r"secret|token|password|passwd|api[-_]?key|apikey|authorization|cookie", re.IGNORECASE)
# A short value cannot be told apart from ordinary text, so it is not scrubbed from prose.
_MIN_SCRUB_LENGTH = 8


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
    return _redact(value, known)


def _redact(value: Any, secrets: tuple[str, ...]) -> Any:
    if isinstance(value, dict):
        about = value.get("property")
        about_secret = isinstance(about, str) and _SECRET_FIELD.search(about) is not None
        return {
            key: REDACTED
            if isinstance(key, str) and (_SECRET_FIELD.search(key) or (about_secret and key == "value"))
            else _redact(item, secrets)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_redact(item, secrets) for item in value]
    if isinstance(value, str) and secrets:
        return scrub(value, secrets)
    return value
