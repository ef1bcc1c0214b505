"""``examples/quickstart.py`` (what ``make demo`` runs) works offline against its embedded FakeCal."""

from __future__ import annotations

import os
import subprocess
import sys

from sandbox_helpers import ROOT


def test_quickstart_runs_the_whole_flow_in_the_sandbox() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("CAL_API_KEY", "CAL_API_URL")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "quickstart.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = [line.split(maxsplit=1) for line in result.stdout.splitlines()]
    labels = [parts[0] for parts in lines]
    assert labels == [
        "sandbox",
        "webhook",
        "slots",
        "booked",
        "rescheduled",
        "cancelled",
        "webhook",
        "webhook",
        "webhook",
        "sandbox",
    ]
    verified = [parts[1] for parts in lines if parts[0] == "webhook"][1:]
    assert [text.split()[0] for text in verified] == ["BOOKING_CREATED", "BOOKING_RESCHEDULED", "BOOKING_CANCELLED"]
    assert all(text.endswith("X-Cal-Signature-256 verified") for text in verified)
    assert "http://127.0.0.1:" in lines[0][1]
