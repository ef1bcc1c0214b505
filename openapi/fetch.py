"""Read the raw spec from a file path or a URL, exactly as published (bytes are hashed)."""

from __future__ import annotations

import hashlib
import json
import urllib.request
from dataclasses import dataclass
from pathlib import Path

# Cal.com serves Swagger UI at /v2/docs; NestJS puts the JSON document beside it at /v2/docs-json.
LIVE_SPEC_URL = "https://api.cal.com/v2/docs-json"


class FetchError(RuntimeError):
    pass


@dataclass(frozen=True)
class RawSpec:
    source: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def load(self) -> dict:
        try:
            doc = json.loads(self.data)
        except ValueError as exc:
            raise FetchError(f"{self.source} is not a JSON OpenAPI document: {exc}") from None
        if not isinstance(doc, dict) or "paths" not in doc or "openapi" not in doc:
            raise FetchError(f"{self.source} is JSON but not an OpenAPI document (no 'openapi'/'paths')")
        return doc


def fetch(source: str, *, timeout: float = 60.0) -> RawSpec:
    if source.startswith(("http://", "https://")):
        return RawSpec(source, _fetch_url(source, timeout))
    path = Path(source)
    if not path.is_file():
        raise FetchError(f"spec file not found: {source}")
    return RawSpec(source, path.read_bytes())


def _fetch_url(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body: bytes = response.read()
            content_type = response.headers.get("Content-Type", "")
    except OSError as exc:
        raise FetchError(f"could not fetch {url}: {exc}") from None
    if "html" in content_type and not url.endswith("-json"):
        # Given the Swagger UI page: follow NestJS's convention for the JSON beside it.
        return _fetch_url(url.rstrip("/") + "-json", timeout)
    return body
