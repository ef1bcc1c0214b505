"""Fault injection: 20 % of requests fail (502, 503, reset before send, reset after processing,
read timeout); idempotent calls still succeed and creates are exactly once, counted in the sandbox."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from cal_client.resources import IDEMPOTENCY_KEY, Attendee
from reliability_kit import FAULT_KINDS, PROCESSED_FAULTS, Observed, Row, VirtualClock, fault_summary, record
from reliability_scenarios import (
    FAULT_MAX_RETRIES,
    MARKER,
    SCALE,
    environment,
    free_starts,
    processed_faults,
    run_faults,
)

from cal_client import APIConnectionError, InternalServerError


def is_create(request: httpx.Request) -> bool:
    return request.method == "POST" and request.url.path == "/v2/bookings"


async def test_faults_idempotent_calls_succeed_and_creates_are_exactly_once(
    clock: VirtualClock | None, observed: Observed
) -> None:
    async with environment(clock, fault_rate=0.2, seed=9) as env:
        outcome = await run_faults(
            env, observed, mixed=SCALE["mixed"], creates=SCALE["creates"], concurrency=SCALE["concurrency"]
        )
    beyond_default = sum(n for attempts, n in outcome.attempts_histogram.items() if attempts > 3)
    worst = max(outcome.attempts_histogram, default=0)
    record(
        Row(
            scenario=f"faults 20 %: {outcome.mixed} mixed idempotent calls",
            cases=outcome.mixed,
            failures=len(outcome.mixed_failed) + len(outcome.mixed_wrong),
            notes=(
                f"max_retries={FAULT_MAX_RETRIES}; worst call needed {worst} sends; {beyond_default} call(s) needed "
                f"more than the default 3; {outcome.requests} sends in all; injected: {fault_summary(env.faults)}"
            ),
        )
    )
    record(
        Row(
            scenario=f"faults 20 %: {outcome.creates} booking creates",
            cases=outcome.creates,
            failures=outcome.create_failed + outcome.create_unknown,
            duplicates=outcome.duplicates,
            lost=outcome.lost,
            notes=(
                f"{outcome.created} created ({outcome.reconciled} found by reconciliation after an ambiguous "
                f"failure), {outcome.create_failed} reported failed, {outcome.create_unknown} reported unknown; "
                "each checked against the sandbox store"
            ),
        )
    )
    assert outcome.mixed_failed == []
    assert outcome.mixed_wrong == []
    assert outcome.duplicates == 0
    assert outcome.lost == 0
    assert outcome.untruthful == []
    assert outcome.created + outcome.create_failed + outcome.create_unknown == outcome.creates
    # The run exercised what it claims: every fault kind, and the ambiguous create path.
    assert set(outcome.injected) == set(FAULT_KINDS)
    assert processed_faults(outcome.injected) > 0
    assert outcome.reconciled > 0


@pytest.mark.parametrize("kind", FAULT_KINDS)
async def test_create_after_one_fault_books_exactly_once(
    kind: str, clock: VirtualClock | None, observed: Observed
) -> None:
    async with environment(clock) as env:
        sandbox = env.fake.sandbox
        async with env.cal() as cal:
            (start,) = await free_starts(cal, sandbox.event_type_id, 1, dt.date(2030, 1, 8))
            env.faults.force([kind], when=is_create)
            made = await cal.bookings.create(
                event_type_id=sandbox.event_type_id,
                start=start,
                attendee=Attendee(name="Ada", time_zone="Europe/London", email="ada@example.com"),
                metadata={MARKER: "one"},
            )
            observed.see(made)
        stored = [b for b in env.fake.store.bookings.values() if b.metadata.get(MARKER) == "one"]
        assert [b.uid for b in stored] == [made.uid]
        # A fault after processing is resolved by finding the booking, not by booking again.
        assert made.reconciled is (kind in PROCESSED_FAULTS)
        # Whatever failed, the server received exactly one create.
        assert env.probe.count("/v2/bookings", method="POST") == 1


@pytest.mark.parametrize("kind", ["503", "reset-before-send"])
async def test_create_that_never_reached_the_server_reports_failure_and_books_nothing(
    kind: str, clock: VirtualClock | None, observed: Observed
) -> None:
    async with environment(clock) as env:
        sandbox = env.fake.sandbox
        async with env.cal(max_retries=1) as cal:
            (start,) = await free_starts(cal, sandbox.event_type_id, 1, dt.date(2030, 1, 8))
            env.faults.force([kind] * 10, when=is_create)
            with pytest.raises((InternalServerError, APIConnectionError)) as caught:
                await cal.bookings.create(
                    event_type_id=sandbox.event_type_id,
                    start=start,
                    attendee=Attendee(name="Ada", time_zone="Europe/London", email="ada@example.com"),
                    metadata={MARKER: "never"},
                    max_attempts=3,
                )
            observed.see(caught.value)
        assert not [b for b in env.fake.store.bookings.values() if b.metadata.get(MARKER) == "never"]
        assert env.probe.count("/v2/bookings", method="POST") == 0
        if kind == "503":
            # Sent and refused each time: the error says so, naming the key to search for.
            assert IDEMPOTENCY_KEY in " ".join(getattr(caught.value, "__notes__", []))
