"""Attack review, High: a managed-user refresh whose caller goes away, or whose answer is lost.

Cal.com rotates the pair as soon as it handles the refresh, so the refresh must finish and be
persisted whatever happens to the task that asked for it, and an answer that never arrives is
recovered with the OAuth client's credentials (force-refresh) or reported with what to do.
"""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from runtime_helpers import CANARY_ACCESS, CANARY_REFRESH, CANARY_SECRET, ok

import cal_client
from cal_client import AsyncCal, CalError, ManagedUser, ManagedUserTokens
from cal_client.api.conferencing import get_default

CLIENT_ID = "clxyz123client"
USER_ID = 77


class RotatingServer:
    """Answers 498 to a stale access token; a refresh rotates the pair at once (as Cal.com does),
    then the answer can be held back (``hold``) or lost (``lose``: a read timeout after rotating)."""

    def __init__(self) -> None:
        self.access = "server-has-expired-the-first-token"
        self.refresh = CANARY_REFRESH
        self.rotations = 0
        self.force_refreshes = 0
        self.refresh_seen = asyncio.Event()
        self.release = asyncio.Event()
        self.release.set()
        self.lose = False
        self.paths: list[str] = []

    def _rotate(self) -> dict[str, object]:
        self.rotations += 1
        self.access, self.refresh = f"eyROTATEDaccess{self.rotations}xxxx", f"eyROTATEDrefresh{self.rotations}xxxx"
        return {"accessToken": self.access, "refreshToken": self.refresh, "accessTokenExpiresAt": 1_900_000_000_000}

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0)
        self.paths.append(request.url.path)
        if request.url.path.endswith("/force-refresh"):
            assert request.headers["x-cal-secret-key"] == CANARY_SECRET
            self.force_refreshes += 1
            return httpx.Response(200, json={"status": "success", "data": self._rotate()})
        if request.url.path.endswith("/refresh"):
            if json.loads(request.content) != {"refreshToken": self.refresh}:
                return httpx.Response(400, json={"status": "error", "error": {"message": "Invalid refresh token"}})
            data = self._rotate()
            self.refresh_seen.set()
            await self.release.wait()
            if self.lose:
                raise httpx.ReadTimeout("the answer was lost", request=request)
            return httpx.Response(200, json={"status": "success", "data": data})
        if request.headers.get("authorization") != f"Bearer {self.access}":
            return httpx.Response(498, json={"status": "error", "error": {"message": "ACCESS_TOKEN_IS_EXPIRED"}})
        return ok({"appSlug": "daily-video"})


def managed(received: list[ManagedUserTokens], **kwargs: object) -> ManagedUser:
    async def on_refresh(tokens: ManagedUserTokens) -> None:
        await asyncio.sleep(0)
        received.append(tokens)

    return ManagedUser(CLIENT_ID, CANARY_SECRET, CANARY_ACCESS, CANARY_REFRESH, on_refresh=on_refresh, **kwargs)  # type: ignore[arg-type]


async def test_refresh_completes_and_persists_when_its_caller_is_cancelled() -> None:
    server = RotatingServer()
    server.release.clear()
    received: list[ManagedUserTokens] = []
    auth = managed(received)
    async with AsyncCal(auth=auth, transport=httpx.MockTransport(server)) as cal:
        task = asyncio.create_task(cal.call(get_default))
        await server.refresh_seen.wait()
        task.cancel()  # what asyncio.wait_for does to the call when its time is up
        with pytest.raises(asyncio.CancelledError):
            await task
        server.release.set()
        result = await cal.call(get_default)  # the session survives
    assert result.data.app_slug == "daily-video"
    assert server.rotations == 1
    assert [(t.access_token, t.refresh_token) for t in received] == [(server.access, server.refresh)]
    assert auth.tokens.refresh_token == server.refresh


async def test_cancelling_the_call_that_started_the_refresh_fails_none_of_the_others() -> None:
    server = RotatingServer()
    server.release.clear()
    received: list[ManagedUserTokens] = []
    async with AsyncCal(auth=managed(received), transport=httpx.MockTransport(server)) as cal:
        tasks = [asyncio.create_task(cal.call(get_default)) for _ in range(50)]
        await server.refresh_seen.wait()
        for task in tasks[:10]:  # the starter is among the first ones
            task.cancel()
        server.release.set()
        results = await asyncio.gather(*tasks, return_exceptions=True)
    survivors = results[10:]
    assert [r for r in survivors if isinstance(r, BaseException)] == []
    assert server.rotations == 1 and len(received) == 1


async def test_a_lost_refresh_answer_is_recovered_with_force_refresh() -> None:
    server = RotatingServer()
    server.lose = True
    received: list[ManagedUserTokens] = []
    async with AsyncCal(auth=managed(received, user_id=USER_ID), transport=httpx.MockTransport(server)) as cal:
        results = await asyncio.gather(*(cal.call(get_default) for _ in range(20)))
    assert all(r.data.app_slug == "daily-video" for r in results)
    assert server.force_refreshes == 1
    assert f"/v2/oauth-clients/{CLIENT_ID}/users/{USER_ID}/force-refresh" in server.paths
    assert [(t.access_token, t.refresh_token) for t in received] == [(server.access, server.refresh)]


async def test_a_lost_refresh_answer_without_user_id_says_exactly_what_to_do() -> None:
    server = RotatingServer()
    server.lose = True
    received: list[ManagedUserTokens] = []
    async with AsyncCal(auth=managed(received), transport=httpx.MockTransport(server)) as cal:
        with pytest.raises(CalError) as info:
            await cal.call(get_default)
    error = info.value
    assert type(error).__name__ == "RefreshOutcomeUnknownError"
    assert isinstance(error, cal_client.RefreshOutcomeUnknownError)
    text = str(error)
    assert "force_refresh" in text and "user_id=" in text and "on_refresh" in text
    assert CANARY_REFRESH not in text and CANARY_SECRET not in text
    assert received == []


async def test_refresh_goes_to_the_base_url_even_when_its_path_contains_v2() -> None:
    server = RotatingServer()
    base = "https://gateway.example.com/v2/cal"
    async with AsyncCal(auth=managed([]), base_url=base, transport=httpx.MockTransport(server)) as cal:
        await cal.call(get_default)
    assert f"/v2/cal/v2/oauth/{CLIENT_ID}/refresh" in server.paths


async def test_refresh_hook_is_one_async_method_returning_the_new_pair() -> None:
    """What a multi-process coordinator wraps: one refresh round trip, nothing applied."""
    server = RotatingServer()
    auth = managed([])

    async def send(request: httpx.Request) -> httpx.Response:
        return await server(request)

    template = httpx.Request("GET", "https://api.cal.com/v2/me")
    tokens = await auth.refresh_tokens(send, template)
    assert (tokens.access_token, tokens.refresh_token) == (server.access, server.refresh)
    assert auth.tokens.access_token == CANARY_ACCESS  # not applied by the hook itself
