"""Fixtures for the sandbox suite: FakeCal in-process and on loopback, Prism in front of it.

Session-scoped: one test spec, one uvicorn FakeCal, one webhook receiver, one Prism process
(``prism proxy --errors``: a request the spec forbids gets 422, a response it forbids 500).
Function-scoped ``fake`` resets the served FakeCal and its clock before each test.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cal_client.testing import FakeCal, FrozenClock, Server, WebhookReceiver, serve
from sandbox_helpers import ROOT, START, free_port

from openapi.testspec import build_test_spec

PRISM = ROOT / "node_modules" / ".bin" / "prism"
PRISM_STARTUP_SECONDS = 60.0


@pytest.fixture(scope="session")
def test_spec(locked_spec: dict[str, Any]) -> dict[str, Any]:
    """The pipeline's test copy of the raw spec (``python -m openapi test-spec``), built per run."""
    spec, _counts = build_test_spec(locked_spec)
    return spec


@pytest.fixture(scope="session")
def test_spec_path(test_spec: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "test-spec.json"
    path.write_text(json.dumps(test_spec))
    return path


@pytest.fixture(scope="session")
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture(scope="session")
def served_fake(clock: FrozenClock) -> Iterator[tuple[FakeCal, Server]]:
    fake = FakeCal(clock=clock)
    with fake.serve() as server:
        yield fake, server


@pytest.fixture
def fake(served_fake: tuple[FakeCal, Server], clock: FrozenClock) -> FakeCal:
    """The served FakeCal, fresh for this test (state, counters, deliveries, clock)."""
    instance, _server = served_fake
    clock.set(START)
    instance.reset()
    return instance


@pytest.fixture(scope="session")
def receiver_server() -> Iterator[tuple[WebhookReceiver, Server]]:
    receiver = WebhookReceiver()
    with serve(receiver) as server:
        yield receiver, server


@pytest.fixture
def receiver(receiver_server: tuple[WebhookReceiver, Server]) -> WebhookReceiver:
    instance, _server = receiver_server
    instance.clear()
    return instance


@pytest.fixture
def receiver_url(receiver_server: tuple[WebhookReceiver, Server]) -> str:
    return receiver_server[1].url + "/hooks/cal"


@pytest.fixture(scope="session")
def prism_url(
    test_spec_path: Path, served_fake: tuple[FakeCal, Server], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """``prism proxy --errors`` on 127.0.0.1 between the tests and the served FakeCal."""
    if not os.access(PRISM, os.X_OK):
        reason = f"Prism is not installed at {PRISM.relative_to(ROOT)}: run `make install` (npm ci)"
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(f"{reason}; under CI a missing Prism is an error, not a skip")
        pytest.skip(reason)
    port = free_port()
    log_path = tmp_path_factory.mktemp("prism") / "prism.log"
    upstream = served_fake[1].url
    command = [str(PRISM), "proxy", "--errors", "-h", "127.0.0.1", "-p", str(port), str(test_spec_path), upstream]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        _wait_for_port(process, port, log_path)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(process)


def _wait_for_port(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + PRISM_STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Prism exited with {process.returncode} before listening:\n{_tail(log_path)}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    _stop(process)
    pytest.fail(f"Prism did not listen on 127.0.0.1:{port} within {PRISM_STARTUP_SECONDS}s:\n{_tail(log_path)}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture
async def api(prism_url: str, fake: FakeCal) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client to Prism, authenticated with the sandbox host's API key."""
    headers = {"Authorization": f"Bearer {fake.sandbox.api_key}"}
    async with httpx.AsyncClient(base_url=prism_url, headers=headers, timeout=30) as client:
        yield client


@pytest.fixture
async def local(fake: FakeCal) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process httpx client (ASGI transport, no socket) with the sandbox API key."""
    async with fake.client(headers={"Authorization": f"Bearer {fake.sandbox.api_key}"}) as client:
        yield client
