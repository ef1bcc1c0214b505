"""Operations Cal.com deprecates stay callable and warn once per operation, at the caller's line."""

from __future__ import annotations

import importlib
import sys
import warnings

import httpx
import pytest
from runtime_helpers import make_cal, ok
from test_versions import required_kwargs

from cal_client import AsyncCal, NotFoundError
from cal_client._deprecated import DEPRECATED
from openapi.lock import read_lock
from openapi.normalise import HTTP_METHODS, Normaliser
from tests.conftest import load_locked_spec


def test_the_deprecated_list_is_every_operation_the_locked_spec_deprecates() -> None:
    spec = Normaliser(load_locked_spec()).run()
    deprecated = {
        f"cal_client.api.{op['tags'][0]}.{op['operationId']}"
        for item in spec["paths"].values()
        for method, op in item.items()
        if method in HTTP_METHODS and op.get("deprecated")
    }
    assert set(DEPRECATED) == deprecated
    assert read_lock()["fixes"].get("deprecated operation marked", 0) == len(deprecated)


@pytest.mark.skipif(not DEPRECATED, reason="the locked spec deprecates no operation")
async def test_a_deprecated_operation_still_works_and_warns_once_at_the_callers_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Once per operation and process: forget what earlier tests of this process already called.
    monkeypatch.setattr(sys.modules[AsyncCal.__module__], "_warned_deprecated", set())
    name = sorted(DEPRECATED)[0]
    module = importlib.import_module(name)
    assert "Deprecated by Cal.com" in (module.asyncio_detailed.__doc__ or "")
    path_args = required_kwargs(module)
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(404, json={"status": "error", "error": {"code": "NotFoundException", "message": "x"}})

    async with make_cal(handler, max_retries=0) as cal:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for _ in range(3):
                with pytest.raises(NotFoundError):
                    await cal.call(module, **path_args)
    assert len(sent) == 3  # still callable
    mine = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert len(mine) == 1, [str(w.message) for w in caught]
    assert name.removeprefix("cal_client.api.") in str(mine[0].message)
    assert mine[0].filename == __file__


async def test_a_current_operation_does_not_warn() -> None:
    from cal_client.api.me import get_me

    async with make_cal(lambda r: ok({"id": 1})) as cal:
        with warnings.catch_warnings():
            warnings.simplefilter("error", DeprecationWarning)
            try:
                await cal.call(get_me)
            except Exception as exc:  # a parse failure of the stub body is not what is tested here
                assert not isinstance(exc, DeprecationWarning)
