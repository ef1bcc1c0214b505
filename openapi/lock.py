"""``openapi/spec.lock.json``: which spec the package was generated from, and where to get its bytes.

Cal.com's spec is never committed. The lock names it three ways, tried in this order:

1. ``source``: the path (or URL) it was generated from, e.g. ``../shared/openapi/<file>.json``;
2. ``.work/specs/<sha256>.json``: the local cache every pipeline run fills (CI keeps it);
3. ``url``: an immutable address of the same bytes (a raw file at a fixed commit of a public
   repository), downloaded into the cache.

Whatever is read must have the locked ``raw_sha256``; anything else is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .fetch import FetchError, RawSpec, fetch
from .generate import ROOT

LOCK = ROOT / "openapi" / "spec.lock.json"
SPEC_CACHE = ROOT / ".work" / "specs"


class SpecUnavailable(RuntimeError):
    """The locked spec's bytes are nowhere to be had; the message says what to do, in one line."""


def read_lock(path: Path = LOCK) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text()) if path.is_file() else {}
    return data


def cache(raw: RawSpec) -> Path:
    SPEC_CACHE.mkdir(parents=True, exist_ok=True)
    target = SPEC_CACHE / f"{raw.sha256}.json"
    if not target.is_file():
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(raw.data)
        tmp.replace(target)
    return target


def candidates(lock: dict[str, Any]) -> list[str]:
    """Where the locked bytes may be, most local first."""
    found = []
    source = lock.get("source") or ""
    if source:
        is_url = source.startswith(("http://", "https://"))
        if not is_url:
            found.append(source if Path(source).is_absolute() else str(ROOT / source))
    if lock.get("raw_sha256"):
        found.append(str(SPEC_CACHE / f"{lock['raw_sha256']}.json"))
    for url in (lock.get("url"), source):
        if url and url.startswith(("http://", "https://")) and url not in found:
            found.append(url)
    return found


def locked_spec(lock: dict[str, Any] | None = None, *, download: bool = True) -> RawSpec:
    """The locked spec's bytes, verified by hash, cached under ``.work/specs`` once downloaded."""
    lock = read_lock() if lock is None else lock
    sha = lock.get("raw_sha256")
    if not sha:
        raise SpecUnavailable("openapi/spec.lock.json names no spec: run `make generate SPEC=<file or URL>`")
    tried = []
    for where in candidates(lock):
        remote = where.startswith(("http://", "https://"))
        if remote and not download:
            continue
        try:
            raw = fetch(where, timeout=30.0)
        except FetchError as exc:
            tried.append(f"{_short(where)}: {exc}" if remote else f"{_short(where)}: absent")
            continue
        if raw.sha256 != sha:
            tried.append(f"{_short(where)}: sha256 {raw.sha256[:12]}… is not the locked {sha[:12]}…")
            continue
        if remote:
            cache(raw)
        return raw
    raise SpecUnavailable(
        f"the locked spec (sha256 {sha[:12]}…) is not available ({'; '.join(tried) or 'no source recorded'}): "
        f"put Cal.com's spec at {lock.get('source')}, or run `make spec-cache` once with internet access"
    )


def write_lock(
    *,
    source: str,
    url: str | None,
    raw_sha: str,
    normalised_sha: str,
    generator: str,
    counts: dict[str, int],
    cov: dict[str, Any],
) -> None:
    recorded = source
    if not source.startswith(("http://", "https://")):
        path = Path(source).resolve()
        try:
            recorded = os.path.relpath(path, ROOT)
        except ValueError:
            recorded = str(path)
    previous = read_lock()
    # Immutable addresses of every spec the lock has pointed at: going back to a spec (a round trip
    # through an older one) finds its address again without being told.
    known = dict(previous.get("known_urls") or {})
    if previous.get("url") and previous.get("raw_sha256"):
        known.setdefault(previous["raw_sha256"], previous["url"])
    if url is None:
        url = known.get(raw_sha)
    elif url.startswith("https://") and source != url:
        known[raw_sha] = url
    lock = {
        "source": recorded,
        "url": url,
        "retrieved": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d"),
        "raw_sha256": raw_sha,
        "normalised_sha256": normalised_sha,
        "generator": generator,
        "operations": cov["operations"],
        "schemas": cov["schemas"],
        "fixes": {k: v for k, v in sorted(counts.items()) if not k.startswith("patch: ")},
        "no_response_schema": cov["no_response_schema"],
        "known_urls": dict(sorted(known.items())),
    }
    if previous.get("raw_sha256") == raw_sha and previous.get("retrieved"):
        lock["retrieved"] = previous["retrieved"]  # regenerating the same bytes changes nothing
    LOCK.write_text(json.dumps(lock, indent=2) + "\n")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _short(where: str) -> str:
    try:
        return os.path.relpath(where, ROOT) if not where.startswith(("http://", "https://")) else where
    except ValueError:
        return where
