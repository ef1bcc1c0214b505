"""Every script in ``examples/`` runs with ``--sandbox``, fails cleanly without credentials, and
``make demo`` stays in the sandbox unless told ``--live``, even with ``CAL_API_KEY`` exported."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sandbox_helpers import ROOT

EXAMPLES = sorted(path.name for path in (ROOT / "examples").glob("*.py"))
# Arguments that make each script reach Cal.com (and so need credentials) when not in the sandbox.
LIVE_ARGS = {
    "book_a_meeting.py": ["--event-type-id", "1"],
    "book_first_available.py": ["--event-type-id", "1"],
    "list_bookings.py": [],
    "quickstart.py": ["--live"],
    "webhook_receiver.py": [],
}


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CAL_")}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def test_every_example_is_listed() -> None:
    assert set(EXAMPLES) == set(LIVE_ARGS)


@pytest.mark.parametrize("name", EXAMPLES)
def test_runs_in_the_sandbox(name: str) -> None:
    result = run([f"examples/{name}", "--sandbox"])
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", EXAMPLES)
def test_without_credentials_says_what_to_do_without_a_traceback(name: str) -> None:
    result = run([f"examples/{name}", *LIVE_ARGS[name]])
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    if name == "webhook_receiver.py":
        assert "set CAL_WEBHOOK_SECRET" in result.stderr and "--sandbox" in result.stderr
    else:
        assert "CAL_API_KEY" in result.stderr and "sandbox" in result.stderr


def test_help_keeps_the_docstrings_lines() -> None:
    out = run(["examples/book_a_meeting.py", "--help"]).stdout
    assert "--event-type-id 123 \\\n" in out


def test_demo_ignores_an_exported_key_unless_live() -> None:
    # An exported key (pointing at an address nothing listens on) must not take the demo off the sandbox.
    result = subprocess.run(
        ["make", "-s", "demo", f"PY={sys.executable}"],
        cwd=ROOT,
        env={**os.environ, "CAL_API_KEY": "cal_live_" + "0" * 32, "CAL_API_URL": "http://127.0.0.1:9"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "sandbox"
    assert "FakeCal serving on http://127.0.0.1:" in result.stdout
