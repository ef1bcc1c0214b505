"""``decide_retry``: the retry table of ``cal_client._transport``, case by case, with no transport around it."""

from __future__ import annotations

import httpx
import pytest
from cal_client._transport import RetryDecision, RetryPolicy, backoff, decide_retry

GET = RetryPolicy(max_retries=2, idempotent=True, max_rate_limit_wait=60.0)
POST = RetryPolicy(max_retries=2, idempotent=False, max_rate_limit_wait=60.0)
NO_JITTER = 0.0  # backoff(n, 0.0) == min(0.5 * 2**n, 8)

CASES = [
    # (id, policy, retries done, status, error, rate-limit wait, decision)
    ("200 is an answer", GET, 0, 200, None, None, RetryDecision(False, "answered")),
    ("404 is an answer", GET, 0, 404, None, None, RetryDecision(False, "answered")),
    ("409 on a POST is an answer", POST, 0, 409, None, None, RetryDecision(False, "answered")),
    ("GET 502: backoff", GET, 0, 502, None, None, RetryDecision(True, "retryable", 0.5)),
    ("GET 503 second retry doubles", GET, 1, 503, None, None, RetryDecision(True, "retryable", 1.0)),
    ("GET 500 with no retries left", GET, 2, 500, None, None, RetryDecision(False, "exhausted")),
    ("GET 408 retried", GET, 0, 408, None, None, RetryDecision(True, "retryable", 0.5)),
    ("POST 502 may have run", POST, 0, 502, None, None, RetryDecision(False, "may_have_run")),
    ("POST 408 may have run", POST, 0, 408, None, None, RetryDecision(False, "may_have_run")),
    ("429 waits for the reset", POST, 0, 429, None, 12.5, RetryDecision(True, "retryable", 12.5)),
    ("429 without a reset backs off", GET, 1, 429, None, None, RetryDecision(True, "retryable", 1.0)),
    ("429 reset beyond the cap", GET, 0, 429, None, 61.0, RetryDecision(False, "wait_too_long", 61.0)),
    ("429 with no retries left", GET, 2, 429, None, 1.0, RetryDecision(False, "exhausted")),
    ("GET read timeout retried", GET, 0, None, httpx.ReadTimeout("t"), None, RetryDecision(True, "retryable", 0.5)),
    (
        "POST read timeout may have run",
        POST,
        0,
        None,
        httpx.ReadTimeout("t"),
        None,
        RetryDecision(False, "may_have_run"),
    ),
    (
        "POST reset may have run",
        POST,
        1,
        None,
        httpx.RemoteProtocolError("r"),
        None,
        RetryDecision(False, "may_have_run"),
    ),
    (
        "POST connect error never left",
        POST,
        0,
        None,
        httpx.ConnectError("c"),
        None,
        RetryDecision(True, "retryable", 0.5),
    ),
    (
        "POST pool timeout never left",
        POST,
        1,
        None,
        httpx.PoolTimeout("p"),
        None,
        RetryDecision(True, "retryable", 1.0),
    ),
    ("connect error, no retries left", POST, 2, None, httpx.ConnectError("c"), None, RetryDecision(False, "exhausted")),
    ("backoff is capped at 8 s", RetryPolicy(9, True, 60.0), 6, 503, None, None, RetryDecision(True, "retryable", 8.0)),
    ("max_retries=0 never retries", RetryPolicy(0, True, 60.0), 0, 503, None, None, RetryDecision(False, "exhausted")),
]


@pytest.mark.parametrize(
    ("policy", "done", "status", "error", "wait", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_decision_table(
    policy: RetryPolicy,
    done: int,
    status: int | None,
    error: BaseException | None,
    wait: float | None,
    expected: RetryDecision,
) -> None:
    assert decide_retry(policy, done, status=status, error=error, rate_limit_wait=wait, jitter=NO_JITTER) == expected


def test_jitter_takes_up_to_a_quarter_off_the_backoff() -> None:
    assert decide_retry(GET, 1, status=502, jitter=0.999).delay == pytest.approx(backoff(1, 0.999))
    assert 0.75 < backoff(1, 0.999) < backoff(1, 0.0) == 1.0


@pytest.mark.parametrize(
    ("method", "options", "expected"),
    [
        ("GET", {}, RetryPolicy(2, True, 60.0)),
        ("DELETE", {}, RetryPolicy(2, True, 60.0)),
        ("POST", {}, RetryPolicy(2, False, 60.0)),
        ("PATCH", {}, RetryPolicy(2, False, 60.0)),
        ("POST", {"idempotent": True, "max_retries": 5}, RetryPolicy(5, True, 60.0)),
        ("GET", {"idempotent": False, "max_rate_limit_wait": 1.5}, RetryPolicy(2, False, 1.5)),
    ],
)
def test_policy_of_a_request(method: str, options: dict[str, object], expected: RetryPolicy) -> None:
    assert RetryPolicy.of(method, options, max_retries=2, max_rate_limit_wait=60.0) == expected
