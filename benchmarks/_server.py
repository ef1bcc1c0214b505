"""A loopback Cal.com stand-in serving canned bytes, so the server is never what a benchmark measures.

Run as a subprocess (``python -m benchmarks._server``): it binds 127.0.0.1 on a free port, prints
the port on its first stdout line, and serves until SIGTERM. ``CannedServer`` starts and stops it
by PID.

Routes (bodies are built once, at start-up):

- ``GET /v2/bookings/{uid}``: one booking, ``{"status": "success", "data": {...}}``
- ``GET /v2/bookings``: a page of 1,000 bookings with pagination
- ``GET /__stats``: ``{"connections": n, "requests": n}`` since start. Connections are counted in
  the protocol's ``connection_made``, so a reused keep-alive connection is not counted twice.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import httpx

from ._payloads import booking_body, booking_list_body

ROOT = Path(__file__).resolve().parent.parent

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_stats = {"connections": 0, "requests": 0}


def _response_start(body: bytes, status: int = 200) -> Message:
    return {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/json; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"x-request-id", b"bench-0c6f2d9e-4b1a-4e8f-9a51-3c2d7e8f9a10"),
            # Cal.com sends these on every throttled response, so the SDK's limiter reads them on
            # every call; the window is wide enough that it never makes a benchmark wait.
            (b"x-ratelimit-limit-default", b"1000000"),
            (b"x-ratelimit-remaining-default", b"999999"),
            (b"x-ratelimit-reset-default", b"60"),
        ],
    }


def make_app() -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    one = booking_body()
    page = booking_list_body()
    not_found = b'{"status":"error","error":{"code":"NotFoundException","message":"no such route"}}'

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        status = 200
        if path.startswith("/v2/bookings/"):
            body = one
        elif path == "/v2/bookings":
            body = page
        elif path == "/__stats":
            body = json.dumps(_stats).encode()
        else:
            body, status = not_found, 404
        if path != "/__stats":
            _stats["requests"] += 1
        await send(_response_start(body, status))
        await send({"type": "http.response.body", "body": body})

    return app


def _counting_protocol() -> type[asyncio.Protocol]:
    # The fastest parser uvicorn has here; the count is the same either way.
    base: type[asyncio.Protocol]
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

        base = HttpToolsProtocol
    except ImportError:
        from uvicorn.protocols.http.h11_impl import H11Protocol

        base = H11Protocol

    class CountingProtocol(base):  # type: ignore[misc,valid-type]
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            _stats["connections"] += 1
            super().connection_made(transport)

    return CountingProtocol


def serve() -> None:
    import uvicorn

    # proto=IPPROTO_TCP: asyncio sets TCP_NODELAY only on sockets that say they are TCP; without it
    # every response written in two parts waits ~40 ms for the client's delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(
        make_app(),
        http=_counting_protocol(),
        lifespan="off",
        access_log=False,
        log_level="warning",
        backlog=2048,
        timeout_keep_alive=60,
    )
    server = uvicorn.Server(config)
    print(sock.getsockname()[1], flush=True)
    server.run(sockets=[sock])


class CannedServer:
    """Starts the server in its own process; stops it by PID on exit."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[str] | None = None
        self.base_url = ""

    def __enter__(self) -> CannedServer:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks._server"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line.isdigit():
            self.__exit__()
            raise RuntimeError(f"benchmark server did not start (first line {line!r})")
        self.base_url = f"http://127.0.0.1:{line}"
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        for _ in range(100):
            try:
                self.stats()
                return
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError("benchmark server did not answer within 5 s")

    def stats(self) -> dict[str, int]:
        """Counters since start. The query opens one connection of its own, counted in the result."""
        data: dict[str, int] = httpx.get(f"{self.base_url}/__stats").json()
        return data

    def new_connections(self, before: dict[str, int], after: dict[str, int]) -> int:
        """Connections opened by the client between two ``stats()`` calls (the query's own excluded)."""
        return after["connections"] - before["connections"] - 1

    def __exit__(self, *exc: object) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self.proc = None


if __name__ == "__main__":
    serve()
