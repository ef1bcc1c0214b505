"""Fixtures every test folder may use. Folder-specific fixtures live in that folder's conftest.

The suite follows the lock, never a date: spec-dependent tests read the spec that
``openapi/spec.lock.json`` names (from ``../shared``, the ``.work/specs`` cache, or its immutable
URL, verified by sha256), and tests over "every snapshot" take whatever ``../shared/openapi``
holds, in name order. Where a spec cannot be had, those tests are skipped with the reason and
counted at the end; under ``CI`` they fail instead, so a green CI never hides them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

import pytest

# The project's own tests parse strictly: a response that departs from the models fails the test
# that met it instead of degrading quietly as it does for users. Set before cal_client is imported
# (its default is read then); tests of the lenient mode use the ``lenient`` fixture.
os.environ.setdefault("CAL_STRICT_PARSING", "1")

ROOT = Path(__file__).resolve().parent.parent
SHARED_OPENAPI = ROOT.parent / "shared" / "openapi"
UNAVAILABLE = "spec unavailable"


def spec_unavailable(reason: str, *, snapshots: bool = False) -> NoReturn:
    message = f"{UNAVAILABLE}: {reason}"
    # GitHub-hosted CI has no ../shared: it downloads the locked spec, and says (CAL_SHARED_OPTIONAL)
    # that the snapshot-to-snapshot tests cannot run there. Everywhere else under CI: a failure.
    optional = snapshots and os.environ.get("CAL_SHARED_OPTIONAL") == "1"
    if os.environ.get("CI") and not optional:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@cache
def _locked() -> tuple[Path | None, str]:
    from openapi.lock import SpecUnavailable, locked_spec
    from openapi.lock import cache as cache_spec

    try:
        raw = locked_spec()
    except SpecUnavailable as exc:
        return None, str(exc)
    path = Path(raw.source)
    if raw.source.startswith(("http://", "https://")) or not path.is_file():
        path = cache_spec(raw)
    return path, ""


def locked_spec_file() -> Path:
    """The locked spec's bytes on disk; skips (fails under CI) with the reason when unavailable."""
    path, reason = _locked()
    if path is None:
        spec_unavailable(reason)
    return path


def load_locked_spec() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(locked_spec_file().read_text())
    return data


def shared_spec_files() -> list[Path]:
    """Every Cal.com snapshot in ``../shared/openapi``, oldest first (their names carry the date)."""
    files = sorted(SHARED_OPENAPI.glob("*.json"))
    if not files:
        spec_unavailable(
            f"no spec snapshots in {SHARED_OPENAPI} (../shared is not beside this checkout)", snapshots=True
        )
    return files


def is_locked(path: Path) -> bool:
    from openapi.lock import read_lock, sha256

    return sha256(path.read_bytes()) == read_lock().get("raw_sha256")


@pytest.fixture(scope="session")
def locked_spec_path() -> Path:
    return locked_spec_file()


@pytest.fixture(scope="session")
def locked_spec() -> dict[str, Any]:
    return load_locked_spec()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    skipped = terminalreporter.stats.get("skipped", [])
    missing = [r for r in skipped if UNAVAILABLE in str(getattr(r, "longrepr", ""))]
    if missing:
        reason = str(missing[0].longrepr[-1]) if isinstance(missing[0].longrepr, tuple) else UNAVAILABLE
        terminalreporter.write_line(
            f"{len(missing)} tests could not run: {reason.removeprefix('Skipped: ')}", yellow=True, bold=True
        )


def collection_spec() -> dict[str, Any] | None:
    """The locked spec for tests parametrised at collection; None (a skip) when unavailable.

    Under ``CI`` an unavailable spec raises here: a collection error fails the run loudly.
    """
    path, reason = _locked()
    if path is None:
        if os.environ.get("CI"):
            raise RuntimeError(f"{UNAVAILABLE}: {reason}")
        return None
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def unavailable_param() -> Any:
    """The one parameter of a collection-time parametrisation whose spec is unavailable: a skip."""
    return pytest.param(None, marks=pytest.mark.skip(reason=f"{UNAVAILABLE}: {_locked()[1]}"), id="spec-unavailable")


@pytest.fixture
def lenient() -> Iterator[None]:
    """Parse as users do by default: departures keep their raw JSON and log a warning."""
    from cal_client.types import STRICT_PARSING

    token = STRICT_PARSING.set(False)
    try:
        yield
    finally:
        STRICT_PARSING.reset(token)
