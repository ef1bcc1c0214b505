"""Each message a user can meet says what went wrong and what to do; these pin the key words.

Every case names the mistake (``what``) and the way out (``fix``).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from cal_client import AsyncCal, BearerToken, webhooks
from cal_client.models import Slot20240904

KEY = "cal_" + "0" * 32


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"status": "success", "data": []})


def construct(**kwargs: Any) -> Callable[[], object]:
    return lambda: AsyncCal(**kwargs)


CONSTRUCTION = {
    "key too short": (construct(api_key="cal_x"), ValueError, ["is only 5 characters", "Copy the whole key"]),
    "http:// beside a bad key": (
        construct(api_key="cal_x", base_url="http://cal.example.com"),
        ValueError,
        ["plain http://", "Use https://", "allow_insecure_http=True"],
    ),
    "Bearer prefix with a space": (
        construct(api_key="Bearer cal_live_" + "0" * 32),
        ValueError,
        ["starts with 'Bearer'", "pass the key alone"],
    ),
    "not a Cal.com key": (construct(api_key="sk_live_123456789"), ValueError, ["start with 'cal_'", "BearerToken"]),
    "no credentials": (construct(), ValueError, ["CAL_API_KEY", "Settings → Developer → API keys", "Anonymous()"]),
    "key and auth": (construct(api_key=KEY, auth=BearerToken("t")), ValueError, ["not both", "auth=ApiKey"]),
    "http_client and transport": (
        construct(api_key=KEY, http_client=httpx.AsyncClient(), transport=httpx.MockTransport(ok)),
        ValueError,
        ["not both", "httpx.AsyncClient(transport=...)"],
    ),
    "base_url with a query": (
        construct(api_key=KEY, base_url="https://cal.example.com/api?x=1"),
        ValueError,
        ["query string", "'https://cal.example.com/api'"],
    ),
    "base_url not a URL": (
        construct(api_key=KEY, base_url="https://[::1"),
        ValueError,
        ["not a valid URL", "https://"],
    ),
    "webhook body parsed already": (
        lambda: webhooks.verify({"a": 1}, "00", "s"),  # type: ignore[arg-type]
        TypeError,
        ["bytes or str", "raw request body"],
    ),
    "empty webhook secret": (
        lambda: webhooks.verify(b"{}", "00", ""),
        ValueError,
        ["secret is empty", "secret=None"],
    ),
}


@pytest.mark.parametrize("case", sorted(CONSTRUCTION))
def test_message_says_what_to_do(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CAL_API_KEY", raising=False)
    monkeypatch.delenv("CAL_API_URL", raising=False)
    action, error, words = CONSTRUCTION[case]
    with pytest.raises(error) as info:
        action()
    for word in words:
        assert word in str(info.value), (case, str(info.value))


async def test_a_closed_client_says_so_instead_of_httpx() -> None:
    cal = AsyncCal(api_key=KEY, transport=httpx.MockTransport(ok))
    async with cal:
        pass
    with pytest.raises(RuntimeError, match=r"this AsyncCal is closed .*create a new AsyncCal.*async with") as info:
        await cal.me.get()
    assert "Cannot send a request" not in str(info.value)


async def test_sync_iteration_of_a_list_points_at_async_for() -> None:
    async with AsyncCal(api_key=KEY, transport=httpx.MockTransport(ok)) as cal:
        with pytest.raises(TypeError, match=r"cal\.bookings\.list\(\) is asynchronous: `async for item in"):
            for _ in cal.bookings.list():  # type: ignore[attr-defined]
                pass


async def test_async_for_over_an_awaited_page_points_at_dropping_await() -> None:
    from cal_client.testing import FakeCal

    fake = FakeCal()
    async with AsyncCal(api_key=fake.sandbox.api_key, base_url="http://localhost", transport=fake.transport()) as cal:
        page = await cal.bookings.list()
        with pytest.raises(TypeError, match=r"this is one page .*`for item in page`.*drop the `await`"):
            async for _ in page:  # type: ignore[attr-defined]
                pass
        assert list(page) == []  # a page itself iterates normally


def test_the_sandbox_without_its_extra_names_the_install_command() -> None:
    code = "import sys; sys.modules['starlette'] = None; import cal_client.testing"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 1
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith("ModuleNotFoundError: cal_client.testing (the sandbox) needs the 'testing' extra")
    assert "pip install 'cal-com-async[testing]'" in last


def test_unset_fields_print_as_unset_not_an_object_address() -> None:
    text = repr(Slot20240904(start="2030-01-07T09:00:00Z"))
    assert "end=UNSET" in text and "object at 0x" not in text
