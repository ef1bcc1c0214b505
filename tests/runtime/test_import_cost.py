"""What `from cal_client import AsyncCal` loads: asyncio (~20 ms) waits until a call needs it.

Import time itself is measured in benchmarks/, never asserted here; this pins the structure."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_client_does_not_import_asyncio_or_the_typed_namespaces() -> None:
    code = (
        "import sys; import cal_client; from cal_client import AsyncCal; "
        "from cal_client.api.bookings import create_booking; "
        "print(sorted(m for m in ('asyncio', 'cal_client._namespaces', 'redis') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/")
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
