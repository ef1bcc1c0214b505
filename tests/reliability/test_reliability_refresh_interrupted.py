"""A managed-user refresh interrupted at each point of its way: the session must survive.

Cal.com rotates the pair as soon as it handles the refresh, so a refresh that is abandoned half-way
(its caller cancelled by a deadline, its answer lost) used to leave every later call failing.
"""

from __future__ import annotations

import pytest
from reliability_kit import Observed, Row, VirtualClock, record
from reliability_scenarios import INTERRUPTIONS, environment, run_interrupted_refresh

CALLS = 200


@pytest.mark.parametrize("point", list(INTERRUPTIONS))
async def test_an_interrupted_refresh_loses_no_call_and_persists_one_rotation(
    point: str, clock: VirtualClock | None, observed: Observed
) -> None:
    async with environment(clock) as env:
        outcome = await run_interrupted_refresh(env, observed, calls=CALLS, point=point)
    failures = len(outcome.failures) + len(outcome.after_failures)
    record(
        Row(
            scenario=f"refresh interrupted, {CALLS} + {CALLS} calls: {INTERRUPTIONS[point]}",
            cases=2 * CALLS,
            failures=failures,
            refreshes=outcome.refresh_requests + outcome.force_refreshes,
            notes=(
                f"{outcome.cancelled} callers cancelled; {outcome.force_refreshes} force-refresh; "
                f"on_refresh called {outcome.callback_calls}x; persisted pair is the server's: "
                f"{outcome.persisted_is_current}"
            ),
        )
    )
    assert outcome.failures == [] and outcome.after_failures == []
    if point != "answer-lost":
        assert outcome.cancelled > 0  # the interruption really hit callers
    assert outcome.refresh_requests == 1
    assert outcome.force_refreshes == (1 if point == "answer-lost" else 0)
    assert outcome.callback_calls == 1  # exactly one rotation persisted
    assert outcome.persisted_is_current
