"""The scale scenarios, small: real worker processes, real Redis, FakeCal on loopback.

``make scale`` runs the same functions at full size (8 processes, 600 calls ...) and also reports
durations; here only counts are asserted.
"""

from __future__ import annotations

import pytest
import scale_scenarios as scenarios
from scale_kit import RedisServer


def test_workers_sharing_redis_spend_one_budget_and_collect_no_429(redis_server: RedisServer) -> None:
    row = scenarios.rate_limit(redis_server, procs=3, tasks=5, calls=90, limit=30, window=1.0)
    assert row.data == {"429s": 0, "failures": 0, "calls": 90}, row.figures


def test_workers_without_redis_overrun_the_window(redis_server: RedisServer) -> None:
    """The problem the shared budget solves: each process alone believes it has the whole window."""
    row = scenarios.rate_limit(None, procs=3, tasks=5, calls=90, limit=30, window=1.0)
    assert row.data["429s"] > 0, row.figures


def test_token_expiry_across_processes_is_refreshed_once(redis_server: RedisServer) -> None:
    row = scenarios.token_expiry(redis_server, procs=3, calls=10)
    assert row.data == {"refreshes": 1, "on_refresh": 1, "failures": 0, "alive": True}, row.figures


@pytest.mark.parametrize("point", ["before_send", "after_answer"])
def test_a_refresh_holder_killed_mid_refresh_loses_no_session(redis_server: RedisServer, point: str) -> None:
    row = scenarios.holder_killed(redis_server, point, others=2, calls=5, lock_ttl=2.0)
    assert (row.data["failures"], row.data["lost"], row.data["on_refresh"]) == (0, 0, 1), row.figures
    # After the answer the token was rotated away: recovering needs the client credentials, once.
    assert row.data["force_refreshes"] == (1 if point == "after_answer" else 0), row.figures


def test_processes_retrying_shared_idempotency_keys_book_each_once(redis_server: RedisServer) -> None:
    row = scenarios.idempotent_creates(redis_server, procs=3, keys=6, fault_rate=0.2)
    assert (row.data["duplicates"], row.data["lost"], row.data["gave_up"], row.data["disagree"]) == (0, 0, 0, 0), (
        row.figures
    )
    assert sorted(key for key in row.data["made"] if key) == sorted(f"order-{i}" for i in range(6))


def test_redis_stopped_and_restarted_mid_run_loses_nothing_and_warns_once_per_process(
    redis_server: RedisServer,
) -> None:
    row = scenarios.redis_outage(redis_server, procs=2, seconds=4.0, down_at=1.0, down_for=1.5)
    assert row.data == {"failures": 0, "warnings": [1, 1], "back": row.data["back"]}, row.figures
    assert all(count >= 1 for count in row.data["back"]), row.figures
