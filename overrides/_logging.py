"""The ``cal_client`` logger, switched on with ``CAL_LOG=debug|info``.

INFO logs retry decisions, rate-limit waits and token refreshes; DEBUG adds every request and
response (method, path, status, ``X-Request-Id``). Headers, bodies and query strings are never
logged, so credentials cannot leak through the log; ``redacted_headers`` exists for callers who
want to log headers themselves.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable

from ._redact import REDACTED, SENSITIVE_HEADERS

__all__ = ["logger", "redacted_headers", "setup_logging"]

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
