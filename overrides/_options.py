"""Defaults, and the per-request options an ``AsyncCal`` (or a ``with_options`` copy) carries."""

from __future__ import annotations

import dataclasses
import ipaddress
import math
import os
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

import httpx

__all__ = [
    "BASE_URL_EXTENSION",
    "COORDINATOR",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RATE_LIMIT_WAIT",
    "DEFAULT_MAX_RESPONSE_SIZE",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "EXTENSION",
    "SEND_EXTENSION",
    "RequestOptions",
    "checked_headers",
    "resolve_base_url",
]

DEFAULT_BASE_URL: Final = "https://api.cal.com"
# The generated client has no timeout at all; booking creation can take a few seconds server-side.
DEFAULT_TIMEOUT: Final = httpx.Timeout(30.0, connect=10.0)
DEFAULT_MAX_RETRIES: Final = 2
# A 429 window longer than this is not waited out: RateLimitError is raised with ``retry_after``.
DEFAULT_MAX_RATE_LIMIT_WAIT: Final = 60.0

# A response larger than this is not read (the largest Cal.com pages are well under 1 MB).
DEFAULT_MAX_RESPONSE_SIZE: Final = 16 * 1024 * 1024

EXTENSION: Final = "cal_client"
"""Key of the ``httpx.Request.extensions`` entry read by the retry transport (see ``_transport``)."""
COORDINATOR: Final = "cal_client_coordinator"
"""Key of the ``httpx.Request.extensions`` entry holding the client's ``Coordinator``."""
SEND_EXTENSION: Final = "cal_client.send"
"""A request's way to send another request through the same client without its auth flow (the
managed-user refresh runs in a task of its own, so it cannot go out through the caller's flow)."""
BASE_URL_EXTENSION: Final = "cal_client.base_url"
"""The client's base URL, so a flow can build sibling URLs even when the base path has ``/v2/``."""

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})
# Operations are generated modules, so this only bounds a caller passing endless stand-ins.
_MAX_CACHED_OPS = 1024


@dataclasses.dataclass(frozen=True, slots=True)
class RequestOptions:
    """What a ``with_options`` copy may change; everything else is shared with the original."""

    timeout: httpx.Timeout
    max_retries: int
    max_rate_limit_wait: float
    idempotent: bool | None
    extra_headers: Mapping[str, str]
    auth: httpx.Auth | None
    extension: Mapping[str, Any]
    """The ``request.extensions["cal_client"]`` base, built once per options object."""
    coordinator: object = None
    """The client's ``Coordinator``, passed to auth flows as ``request.extensions[COORDINATOR]``."""
    by_op: dict[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict, repr=False, compare=False)

    def extensions(self, op: str) -> Mapping[str, Any]:
        """``request.extensions`` for a call of operation ``op`` (its module name).

        Built once per options object and operation instead of once per call. Carrying the timeout
        also spares httpx rebuilding it for every request. httpx copies the outer mapping into each
        request; the inner ones are shared, so they are read-only.
        """
        extensions = self.by_op.get(op)
        if extensions is None:
            if len(self.by_op) >= _MAX_CACHED_OPS:
                self.by_op.clear()
            built: dict[str, Any] = {
                EXTENSION: MappingProxyType({**self.extension, "op": op}),
                "timeout": MappingProxyType(self.timeout.as_dict()),
            }
            if self.coordinator is not None:
                # Read by ManagedUser: a token refresh is coordinated with the other processes.
                built[COORDINATOR] = self.coordinator
            extensions = self.by_op[op] = built
        return extensions

    @classmethod
    def build(
        cls,
        *,
        timeout: float | httpx.Timeout,
        max_retries: int,
        max_rate_limit_wait: float,
        idempotent: bool | None,
        extra_headers: Mapping[str, str],
        auth: httpx.Auth | None,
        coordinator: object = None,
    ) -> RequestOptions:
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ValueError(f"max_retries must be a whole number >= 0, not {max_retries!r}")
        if (
            isinstance(max_rate_limit_wait, bool)
            or not isinstance(max_rate_limit_wait, int | float)
            or math.isnan(max_rate_limit_wait)
            or max_rate_limit_wait < 0
        ):
            raise ValueError(f"max_rate_limit_wait must be a number of seconds >= 0, not {max_rate_limit_wait!r}")
        headers = checked_headers(extra_headers)
        return cls(
            timeout=timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
            max_retries=max_retries,
            max_rate_limit_wait=float(max_rate_limit_wait),
            idempotent=idempotent,
            extra_headers=headers,
            auth=auth,
            coordinator=coordinator,
            extension={
                "max_retries": max_retries,
                "idempotent": idempotent,
                "max_rate_limit_wait": float(max_rate_limit_wait),
            },
        )


def checked_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Headers to add to every request of a client or copy; ``cal-api-version`` is refused."""
    checked: dict[str, str] = {}
    for name, value in headers.items():
        # httpx accepts bytes names and strips nothing, so compare the name as it goes on the wire.
        text = name.decode("latin-1") if isinstance(name, bytes) else name
        if not isinstance(text, str):
            raise TypeError(f"header names must be str, not {type(name).__name__}")
        if text.strip().lower() == "cal-api-version":
            raise ValueError(
                "cal-api-version must not be set for every request: each operation sends its own "
                "version (pass cal_api_version=... to a single call to override it)"
            )
        checked[text.strip()] = value
    return checked


def resolve_base_url(base_url: str | None, *, allow_insecure_http: bool) -> str:
    """The base URL (argument, else ``CAL_API_URL``, else Cal.com's cloud) without a trailing slash.

    Plain ``http://`` is refused except to a loopback host, because every request carries a
    credential.
    """
    raw = base_url if base_url is not None else os.environ.get("CAL_API_URL") or DEFAULT_BASE_URL
    source = "base_url" if base_url is not None else "CAL_API_URL" if os.environ.get("CAL_API_URL") else "default"
    try:
        url = httpx.URL(raw.strip())
    except httpx.InvalidURL as exc:
        raise ValueError(
            f"{source} {raw!r} is not a valid URL ({exc}): pass one such as 'https://api.cal.com' or "
            "'https://cal.example.com/api'"
        ) from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError(f"{source} {raw!r} must be an absolute http(s) URL such as 'https://api.cal.com'")
    if url.userinfo:
        # Would show in repr(cal), cal.base_url and every error; never echo it.
        raise ValueError(
            f"{source} must not contain 'user:password@'. Put proxy or gateway credentials in an "
            "httpx.AsyncClient(auth=...) passed as http_client=, and the Cal.com credential in api_key= or auth=."
        )
    if url.query or url.fragment:
        raise ValueError(
            f"{source} {raw!r} must not have a query string or fragment: pass only the scheme, host and an "
            "optional path prefix, such as 'https://cal.example.com/api'"
        )
    if url.scheme == "http" and not allow_insecure_http and not _is_loopback(url.host):
        raise ValueError(
            f"{source} {raw!r} uses plain http://, which would send your credentials unencrypted. "
            "Use https://, or pass allow_insecure_http=True if this network is trusted."
        )
    return str(url).rstrip("/")


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
