"""The clock and the sleep that retries and the rate-limit throttle use.

Both are looked up through this module at call time, so a test patches ``_timing.sleep`` and
``_timing.monotonic`` once and no retry or throttle wait ever happens for real.
"""

from __future__ import annotations

import time

__all__ = ["monotonic", "sleep", "time_ms"]

monotonic = time.monotonic


async def sleep(seconds: float) -> None:
    # asyncio is imported on first wait, not at `import cal_client` (it costs ~12 ms).
    import asyncio

    await asyncio.sleep(seconds)


def time_ms() -> float:
    """Wall-clock epoch milliseconds, the unit of Cal.com's ``*ExpiresAt`` fields."""
    return time.time() * 1000.0
