"""Secret canary: the scanner works, the SDK's objects hide secrets, written outputs hold none.

Every other reliability test is already scanned by the ``observed`` fixture (DEBUG logs,
exception texts, reprs). This module, collected last, proves the scanner can fail, checks the
reprs of everything that holds a secret, and searches the files the project writes.
"""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
from reliability_kit import (
    CANARY_ACCESS_TOKEN,
    CANARY_API_KEY,
    CANARY_CLIENT_ID,
    CANARY_CLIENT_SECRET,
    CANARY_REFRESH_TOKEN,
    ROOT,
    SECRETS,
    STATIC_CANARIES,
    Observed,
    Row,
    record,
    texts_of,
)

from cal_client import (
    ApiKey,
    AsyncCal,
    AuthenticationError,
    BearerToken,
    ManagedUser,
    ManagedUserTokens,
    PlatformClient,
)

# Files the project writes for people to read: reports, results, changelogs, the README.
OUTPUT_GLOBS = (".work/*.md", ".work/*.txt", "benchmarks/*.md", "CHANGELOG*", "*.md", "docs/**/*.md")
# Canaries of other test folders too (tests/runtime uses cal_live_CANARY0...).
FOREIGN_MARKERS = ("cal_live_CANARY", "CANARYclientSECRET", "eyCANARY")


def test_scanner_finds_a_planted_canary_in_a_log_record_and_an_exception() -> None:
    planted = logging.LogRecord("cal_client", logging.DEBUG, __file__, 1, "sending %s", (CANARY_API_KEY,), None)
    assert SECRETS.found_in(planted.getMessage()) == ["the API key canary"]
    try:
        try:
            raise KeyError(CANARY_CLIENT_SECRET)
        except KeyError as inner:
            raise RuntimeError("wrapped") from inner
    except RuntimeError as outer:
        texts = texts_of(outer)
    assert any(SECRETS.found_in(text) for text in texts), "a secret in a chained cause went unnoticed"
    SECRETS.add("issued-token-0123456789")
    assert SECRETS.found_in("header: issued-token-0123456789") != []


async def test_objects_holding_secrets_never_show_them(observed: Observed) -> None:
    tokens = ManagedUserTokens(CANARY_ACCESS_TOKEN, CANARY_REFRESH_TOKEN, 1, 2)
    managed = ManagedUser(CANARY_CLIENT_ID, CANARY_CLIENT_SECRET, CANARY_ACCESS_TOKEN, CANARY_REFRESH_TOKEN)
    holders: list[object] = [
        ApiKey(CANARY_API_KEY),
        PlatformClient(CANARY_CLIENT_ID, CANARY_CLIENT_SECRET),
        managed,
        tokens,
        BearerToken(CANARY_ACCESS_TOKEN),
        BearerToken(lambda: CANARY_ACCESS_TOKEN),
    ]
    transport = httpx.MockTransport(lambda request: httpx.Response(401, json={"message": "Invalid Access Token."}))
    async with AsyncCal(auth=managed, base_url="https://cal.example", transport=transport) as cal:
        holders += [cal, cal.with_options(auth=PlatformClient(CANARY_CLIENT_ID, CANARY_CLIENT_SECRET))]
        try:
            await cal.me.get()
        except AuthenticationError as exc:
            holders.append(exc)
    observed.see(*holders)
    texts = [text for holder in holders for text in texts_of(holder)]
    leaks = [hit for text in texts for hit in SECRETS.found_in(text)]
    record(
        Row(
            scenario="secret canary: str/repr of auth flows, tokens, clients, errors",
            cases=len(holders),
            leaks=len(leaks),
            notes=f"{len(texts)} texts",
        )
    )
    assert leaks == []


def test_written_outputs_hold_no_secret() -> None:
    files = sorted({path for pattern in OUTPUT_GLOBS for path in ROOT.glob(pattern) if path.is_file()})
    hits: list[str] = []
    for path in files:
        text = path.read_text(errors="replace")
        found = SECRETS.found_in(text) + [marker for marker in FOREIGN_MARKERS if marker in text]
        found += [value[:12] for value in STATIC_CANARIES if value in text]
        hits += [f"{_rel(path)}: {hit}" for hit in found]
    record(
        Row(
            scenario="secret canary: written outputs (.work, benchmarks, changelogs, README)",
            cases=len(files),
            leaks=len(hits),
            notes=", ".join(_rel(p) for p in files[:8]) + (" …" if len(files) > 8 else ""),
        )
    )
    assert hits == []


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))
