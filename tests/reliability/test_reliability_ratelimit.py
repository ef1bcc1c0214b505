"""429 storm: 600 calls from 50 concurrent tasks against a limit of 60 per window.

The fast run uses Cal.com's real 60 s window on the virtual clock, where waiting is free and a
run's duration is exactly the waiting the SDK chose, so the time bound is asserted. The soak run
uses a 2 s window on the real clock and reports the time in the results table.
"""

from __future__ import annotations

from cal_client.testing import RateLimits
from reliability_kit import SOAK, Observed, Row, VirtualClock, record
from reliability_scenarios import SCALE, STORM_LIMIT, STORM_WINDOW, environment, run_storm


async def test_429_storm_has_no_failures_and_at_most_one_429_per_window(
    clock: VirtualClock | None, observed: Observed
) -> None:
    limits = RateLimits(api_key=STORM_LIMIT, window_seconds=STORM_WINDOW, block_seconds=STORM_WINDOW)
    async with environment(clock, rate_limits=limits) as env:
        outcome = await run_storm(
            env,
            observed,
            calls=SCALE["storm_calls"],
            tasks=SCALE["storm_tasks"],
            limit=STORM_LIMIT,
            window=STORM_WINDOW,
        )
    unit = "real" if SOAK else "virtual"
    record(
        Row(
            scenario=f"429 storm: {outcome.calls} calls, {SCALE['storm_tasks']} tasks, {STORM_LIMIT}/{STORM_WINDOW:g}s",
            cases=outcome.calls,
            failures=len(outcome.failures),
            rate_limited=outcome.rate_limited,
            notes=(
                f"{outcome.elapsed:.2f} {unit} s vs limit-bound minimum {outcome.minimum:.0f} s "
                f"({outcome.overhead:+.1%}, {'within' if outcome.overhead <= 0.15 else 'NOT within'} 15 %); "
                f"{outcome.windows} windows, at most {outcome.max_429_per_window} 429 in one"
            ),
        )
    )
    assert outcome.failures == []
    assert outcome.windows >= outcome.calls // STORM_LIMIT
    assert outcome.max_429_per_window <= 1
    if not SOAK:
        # Virtual seconds: deterministic, so the bound is a property of the SDK, not of the machine.
        assert outcome.minimum <= outcome.elapsed <= 1.15 * outcome.minimum
