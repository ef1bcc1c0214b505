"""Fixtures every test folder may use. Folder-specific fixtures live in that folder's conftest."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# The project's own tests parse strictly: a response that departs from the models fails the test
# that met it instead of degrading quietly as it does for users. Set before cal_client is imported
# (its default is read then); tests of the lenient mode use the ``lenient`` fixture.
os.environ.setdefault("CAL_STRICT_PARSING", "1")

ROOT = Path(__file__).resolve().parent.parent
SHARED_OPENAPI = ROOT.parent / "shared" / "openapi"
SPEC_DATES = ("2024-12-09", "2025-04-17", "2025-09-26")
LOCKED_DATE = "2025-09-26"


def shared_spec_path(date: str = LOCKED_DATE) -> Path:
    """Path of Cal.com's spec snapshot; skips the test (with the reason) when ../shared is absent."""
    path = SHARED_OPENAPI / f"cal-v2-{date}.json"
    if not path.is_file():
        pytest.skip(f"needs Cal.com's spec snapshot {path} (../shared is not beside this checkout)")
    return path


def load_shared_spec(date: str = LOCKED_DATE) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(shared_spec_path(date).read_text())
    return data


@pytest.fixture(scope="session")
def locked_spec_path() -> Path:
    return shared_spec_path(LOCKED_DATE)


@pytest.fixture(scope="session")
def locked_spec() -> dict[str, Any]:
    return load_shared_spec(LOCKED_DATE)


@pytest.fixture
def lenient() -> Iterator[None]:
    """Parse as users do by default: departures keep their raw JSON and log a warning."""
    from cal_client.types import STRICT_PARSING

    token = STRICT_PARSING.set(False)
    try:
        yield
    finally:
        STRICT_PARSING.reset(token)
