"""Token-expiry storm: the managed-user token expires while every call is in flight."""

from __future__ import annotations

import pytest
from cal_client.testing import RateLimits
from reliability_kit import CANARY_CLIENT_ID, CANARY_CLIENT_SECRET, Observed, Row, VirtualClock, record
from reliability_scenarios import (
    ORDERINGS,
    SCALE,
    Env,
    call_all,
    create_managed_user,
    environment,
    expire_access_tokens,
    revoke_refresh_tokens,
    run_token_storm,
)

from cal_client import AuthenticationError, ManagedUser, ManagedUserTokens


@pytest.mark.parametrize("ordering", list(ORDERINGS))
async def test_token_expiry_storm_refreshes_once_and_loses_no_call(
    ordering: str, clock: VirtualClock | None, observed: Observed
) -> None:
    async with environment(clock) as env:
        outcome = await run_token_storm(env, observed, calls=SCALE["token_calls"], ordering=ordering)
    record(
        Row(
            scenario=f"token expiry, {outcome.calls} calls: {ORDERINGS[ordering]}",
            cases=outcome.calls,
            failures=len(outcome.failures),
            duplicates=outcome.duplicates,
            refreshes=outcome.refresh_requests,
            notes=(
                f"server answered 498 x{outcome.expired_answers}, 401 x{outcome.unknown_token_answers}; "
                f"on_refresh called {outcome.callback_calls}x; {outcome.creates} of {outcome.calls // 10} bookings made"
            ),
        )
    )
    assert outcome.failures == []
    if ordering == "expired-before-send":
        assert outcome.expired_answers == 0  # refreshed before anything was sent
    else:
        assert outcome.expired_answers >= 1
    if ordering == "all-reach-server-first":
        assert outcome.expired_answers == outcome.calls  # every call really met the expired token
    assert outcome.refresh_requests == 1
    assert outcome.callback_calls == 1
    (rotated,) = outcome.callback_tokens
    # The pair handed to the callback is the one the server now holds, and the one in use.
    assert outcome.server_pairs == [(rotated.access_token, rotated.refresh_token)]
    assert outcome.final_tokens == rotated
    assert outcome.creates == outcome.calls // 10
    assert outcome.duplicates == 0


async def _revoked_user(env: Env) -> tuple[ManagedUser, list[ManagedUserTokens], int]:
    setup = await create_managed_user(env, "revoked@example.com")
    received: list[ManagedUserTokens] = []
    auth = ManagedUser(
        CANARY_CLIENT_ID,
        CANARY_CLIENT_SECRET,
        setup.tokens.access_token,
        setup.tokens.refresh_token,
        on_refresh=received.append,
    )
    return auth, received, setup.user_id


async def test_revoked_refresh_token_raises_one_clear_authentication_error_without_looping(
    clock: VirtualClock | None, observed: Observed
) -> None:
    async with environment(clock) as env:
        auth, received, user_id = await _revoked_user(env)
        async with env.cal(auth=auth) as cal:
            await cal.me.get()
            expire_access_tokens(env)
            revoke_refresh_tokens(env, user_id)
            errors = []
            for _ in range(3):
                try:
                    await cal.me.get()
                except AuthenticationError as exc:
                    errors.append(exc)
            observed.see(*errors, auth)
        refreshes = env.probe.count("/refresh")
    record(
        Row(
            scenario="token expiry + revoked refresh token: 3 calls in a row",
            cases=3,
            failures=3 - len(errors),
            refreshes=refreshes,
            notes="each call raised AuthenticationError; the refused refresh token was sent once, never again",
        )
    )
    assert len(errors) == 3
    first = errors[0]
    assert first.status_code == 400
    assert "refresh" in str(first) and "Invalid refresh token" in str(first)
    assert refreshes == 1  # one attempt; the later calls did not ask again
    assert received == []


async def test_revoked_refresh_token_with_calls_in_flight_asks_once(
    clock: VirtualClock | None, observed: Observed
) -> None:
    async with environment(clock, rate_limits=RateLimits(access_token=10_000)) as env:
        auth, received, user_id = await _revoked_user(env)
        async with env.cal(auth=auth) as cal:
            await cal.me.get()

            def expire_and_revoke() -> None:
                expire_access_tokens(env)
                revoke_refresh_tokens(env, user_id)

            env.probe.hold(50, then=expire_and_revoke)
            results = await call_all([cal.me.get] * 50)
            observed.see(*results)
        refreshes = env.probe.count("/refresh")
    record(
        Row(
            scenario="token expiry + revoked refresh token: 50 calls in flight",
            cases=50,
            failures=sum(not isinstance(r, AuthenticationError) for r in results),
            refreshes=refreshes,
            notes="every call raised AuthenticationError from the one refused refresh",
        )
    )
    assert all(isinstance(r, AuthenticationError) for r in results), {type(r).__name__ for r in results}
    assert refreshes == 1
    assert received == []
