"""Signing and verifying Cal.com webhook bodies.

Cal.com signs the exact body it sends: ``X-Cal-Signature-256`` is the lowercase hex HMAC-SHA256
of the body bytes keyed with the webhook's secret, with no prefix, no timestamp and no replay
window. A webhook created without a secret still carries the header, with the literal value
``no-secret-provided``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Final

from .._errors import (
    WEBHOOK_NO_SECRET_SIGNATURE,
    WEBHOOK_SIGNATURE_HEADER,
    VerificationFailure,
    WebhookVerificationError,
)

__all__ = [
    "NO_SECRET_SIGNATURE",
    "SIGNATURE_HEADER",
    "Body",
    "VerificationFailure",
    "WebhookVerificationError",
    "as_bytes",
    "sign",
    "verify",
]

SIGNATURE_HEADER: Final = WEBHOOK_SIGNATURE_HEADER
NO_SECRET_SIGNATURE: Final = WEBHOOK_NO_SECRET_SIGNATURE

Body = bytes | bytearray | memoryview | str
"""A webhook body: the raw bytes as received (preferred), or text, which is encoded as UTF-8."""

_HEX_DIGEST = re.compile(r"[0-9a-f]{64}")


def as_bytes(body: Body) -> bytes:
    """The bytes Cal.com signed. Text is taken to be the UTF-8 body decoded, as Cal.com encodes it."""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, bytes | bytearray | memoryview):
        return bytes(body)
    raise TypeError(
        f"a webhook body must be bytes or str, not {type(body).__name__}: pass the raw request body as received "
        "(for example `await request.body()`), before any JSON parsing"
    )


def sign(body: Body, secret: str | None) -> str:
    """The ``X-Cal-Signature-256`` value Cal.com sends for ``body``, as Cal.com computes it.

    Without a secret (``None`` or empty) that is the literal ``no-secret-provided``. Useful for
    testing a receiver and for fakes that deliver webhooks.
    """
    if not secret:
        return NO_SECRET_SIGNATURE
    return hmac.new(_secret_key(secret), as_bytes(body), hashlib.sha256).hexdigest()


def verify(body: Body, signature: str | None, secret: str) -> None:
    """Check that ``signature`` (the ``X-Cal-Signature-256`` value) is ``body`` signed with ``secret``.

    Returns ``None`` when it is; otherwise raises :class:`WebhookVerificationError`. Pass the body
    exactly as received, before any JSON parsing: re-serialised JSON is different bytes. The digest
    comparison takes constant time. An empty ``secret`` is a configuration mistake, not a
    verification failure, and raises ``ValueError``: a webhook without a secret cannot be verified.
    """
    key = _secret_key(secret)
    data = as_bytes(body)
    if signature is None or not isinstance(signature, str) or not signature.strip():
        raise WebhookVerificationError("missing-signature")
    received = signature.strip()
    if received == NO_SECRET_SIGNATURE:
        raise WebhookVerificationError("no-secret-provided")
    # Hex is case-insensitive; lowering first keeps the comparison on ASCII only.
    received = received.lower()
    if not _HEX_DIGEST.fullmatch(received):
        raise WebhookVerificationError("malformed-signature")
    expected = hmac.new(key, data, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode("ascii"), received.encode("ascii")):
        raise WebhookVerificationError("signature-mismatch")


def _secret_key(secret: str) -> bytes:
    if not isinstance(secret, str):
        raise TypeError(f"a webhook secret must be a str, not {type(secret).__name__}")
    if not secret:
        raise ValueError(
            "the webhook secret is empty: pass the secret you gave the webhook in Cal.com, or secret=None to "
            "parse() for a webhook created without one"
        )
    # Cal.com passes the secret string to Node's createHmac, which keys with its UTF-8 bytes.
    return secret.encode("utf-8")
