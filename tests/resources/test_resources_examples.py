"""The workflow scripts in ``examples/`` run end to end against the in-process fake Cal.com."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("cal_client.testing", reason="the --sandbox mode needs the testing extra (starlette)")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_book_a_meeting(capsys: pytest.CaptureFixture[str]) -> None:
    await load("book_a_meeting").main(["--sandbox"])
    out = capsys.readouterr().out
    booked = re.search(r"booked (\w+) \(single\)", out)
    moved = re.search(r"moved to \S+ as (\w+)", out)
    assert booked and moved and booked.group(1) != moved.group(1)
    assert f"{moved.group(1)} is now cancelled" in out


async def test_book_first_available(capsys: pytest.CaptureFixture[str]) -> None:
    await load("book_first_available").main(["--sandbox", "--days", "7"])
    assert re.search(r"^booked \w+ at ", capsys.readouterr().out, re.MULTILINE)


async def test_list_bookings(capsys: pytest.CaptureFixture[str]) -> None:
    await load("list_bookings").main(["--sandbox"])
    out = capsys.readouterr().out
    assert "3 upcoming booking(s); first page has 3" in out
    assert len(re.findall(r"^  \d{4}-\d{2}-\d{2} ", out, re.MULTILINE)) == 3
