"""The ``cal_client`` logger, switched on with ``CAL_LOG=debug|info``.

INFO logs retry decisions, rate-limit waits and token refreshes; DEBUG adds every request and
response (method, path, status, ``X-Request-Id``). Headers, bodies and query strings are never
logged, so credentials cannot leak through the log; ``redacted_headers`` exists for callers who
want to log headers themselves.

httpx has a logger of its own, ``httpx``, whose INFO lines show every full URL, query string
included (an OAuth ``code``, attendee e-mails, ...). It is silent unless the application sets
it (or the root logger) to INFO. ``HttpxLogFilter`` keeps those lines without the query string
and without any ``user:password@``: ``logging.getLogger("httpx").addFilter(cal_client.HttpxLogFilter())``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable

import httpx

from ._redact import REDACTED, SENSITIVE_HEADERS

__all__ = ["HttpxLogFilter", "logger", "redacted_headers", "setup_logging"]

logger = logging.getLogger("cal_client")

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_configured = False


def setup_logging() -> None:
    """Honour ``CAL_LOG`` once per process: set the level and, if nothing handles the logger yet,
    print to stderr."""
    global _configured
    if _configured:
        return
    _configured = True
    level = _LEVELS.get(os.environ.get("CAL_LOG", "").strip().lower())
    if level is None:
        return
    logger.setLevel(level)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s"))
        logger.addHandler(handler)


def redacted_headers(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(name, REDACTED if name.lower() in SENSITIVE_HEADERS else value) for name, value in headers]


class HttpxLogFilter(logging.Filter):
    """Rewrites httpx's log records so URLs lose their query string and credentials.

    Add it to the ``httpx`` logger (or to a handler). The record is kept; only its URL arguments
    change, e.g. ``HTTP Request: GET https://api.cal.com/v2/bookings "HTTP/1.1 200 OK"``.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and any(isinstance(arg, httpx.URL | str) for arg in args):
            record.args = tuple(_bare_url(arg) for arg in args)
        elif isinstance(record.msg, str) and "?" in record.msg and "://" in record.msg:
            record.msg = _bare_url(record.msg)
        return True


def _bare_url(value: object) -> object:
    if isinstance(value, httpx.URL):
        return str(value.copy_with(query=None, fragment=None, userinfo=b""))
    if isinstance(value, str) and "://" in value:
        try:
            return str(httpx.URL(value).copy_with(query=None, fragment=None, userinfo=b""))
        except (httpx.InvalidURL, TypeError, ValueError):
            return value.split("?", 1)[0]
    return value
