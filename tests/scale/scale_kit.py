"""Real processes, a real Redis and FakeCal on loopback: the pieces of the scale scenarios.

``RedisServer`` runs Debian's ``redis-server`` on 127.0.0.1 (a free port, a temporary directory,
no persistence) and stops it by its PID. ``Served`` serves a FakeCal with uvicorn on 127.0.0.1
behind a wrapper that counts answers and injects faults. ``Workers`` starts worker processes
(``scale_worker.py``), releases them together and collects their JSON results; every process is
stopped by PID, and every wait is bounded.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import anyio
from cal_client.testing import FakeCal, RateLimits, serve

HERE = Path(__file__).resolve().parent
WORKER = HERE / "scale_worker.py"
CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false")


class RedisMissing(RuntimeError):
    pass


def redis_server_path() -> str:
    """Where ``redis-server`` is; under CI a missing one is an error, never a skip."""
    path = shutil.which("redis-server")
    if path is None:
        raise RedisMissing(
            "redis-server is not installed: run `make install` (it installs Debian's redis-server), "
            "or apt-get install -y redis-server"
        )
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class RedisServer:
    """``redis-server`` on 127.0.0.1:<free port>, in a temporary directory, stopped by PID."""

    def __init__(self) -> None:
        self.binary = redis_server_path()
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="cal-scale-redis-")
        self.process: subprocess.Popen[bytes] | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10.0) -> None:
        command = [
            self.binary,
            "--bind", "127.0.0.1",
            "--port", str(self.port),
            "--dir", self.dir,
            "--save", "",
            "--appendonly", "no",
            "--protected-mode", "yes",
            "--daemonize", "no",
            "--logfile", os.path.join(self.dir, "redis.log"),
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.process.returncode}; see {self.dir}/redis.log")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server did not answer on 127.0.0.1:{self.port} within {timeout}s")

    def stop(self, timeout: float = 10.0) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> RedisServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Faults:
    """What the wrapper does to ``POST /v2/bookings``: a share of them fail, in three ways."""

    def __init__(self, rate: float, seed: int, hold: float) -> None:
        import random

        self.rate = rate
        self.random = random.Random(seed)
        self.hold = hold  # longer than the workers' read timeout: the answer never arrives
        self.lock = threading.Lock()
        self.injected: Counter[str] = Counter()

    def pick(self) -> str | None:
        with self.lock:
            if self.random.random() >= self.rate:
                return None
            kind = self.random.choice(("503_not_processed", "500_after_store", "timeout_after_store"))
            self.injected[kind] += 1
            return kind


class Served:
    """A FakeCal on 127.0.0.1 behind a wrapper that counts answers (by path and status)."""

    def __init__(self, fake: FakeCal, faults: Faults | None = None) -> None:
        self.fake = fake
        self.faults = faults
        self.statuses: Counter[tuple[str, int]] = Counter()
        self.arrivals: list[float] = []  # time.monotonic() of every request admitted (not 429)
        self._lock = threading.Lock()
        self._server = serve(self._app)
        self.url = self._server.url

    def count(self, status: int | None = None, path_end: str = "") -> int:
        with self._lock:
            return sum(
                n
                for (path, code), n in self.statuses.items()
                if path.endswith(path_end) and (status is None or code == status)
            )

    async def _app(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.fake.app(scope, receive, send)
            return
        path = scope["path"]
        fault = None
        if self.faults is not None and scope["method"] == "POST" and path == "/v2/bookings":
            fault = self.faults.pick()
        if fault == "503_not_processed":
            await _send_json(send, 503, {"status": "error", "error": {"code": "Unavailable", "message": "injected"}})
            self._seen(path, 503)
            return
        status_box: list[int] = []

        async def capture(message: Mapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status_box.append(message["status"])
                if fault is not None:
                    return  # processed; the answer is replaced below
            elif fault is not None:
                return
            await send(message)

        arrived = time.monotonic()
        await self.fake.app(scope, receive, capture)
        self._seen(path, status_box[0] if status_box else 0)
        if status_box and status_box[0] != 429:
            with self._lock:
                self.arrivals.append(arrived)
        if fault == "500_after_store":
            await _send_json(send, 500, {"status": "error", "error": {"code": "Internal", "message": "injected"}})
        elif fault == "timeout_after_store":
            assert self.faults is not None
            await anyio.sleep(self.faults.hold)
            await _send_json(send, 504, {"status": "error", "error": {"code": "Late", "message": "injected"}})

    def _seen(self, path: str, status: int) -> None:
        with self._lock:
            self.statuses[(path, status)] += 1

    def close(self) -> None:
        self._server.stop()


async def _send_json(send: Any, status: int, payload: object) -> None:
    body = json.dumps(payload).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


@contextlib.contextmanager
def served(fake: FakeCal, faults: Faults | None = None) -> Iterator[Served]:
    server = Served(fake, faults)
    try:
        yield server
    finally:
        server.close()


class Workers:
    """Worker processes running one scenario; released together by ``go()``."""

    def __init__(self, args: list[dict[str, Any]]) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "CAL_LOG": os.environ.get("SCALE_LOG", "")}
        # Logs go to files, not pipes: a chatty worker must never block on a full pipe.
        self.logs = [
            tempfile.NamedTemporaryFile("w+", prefix="cal-scale-worker-", suffix=".log")  # noqa: SIM115 (closed in kill)
            for _ in args
        ]
        self.processes = [
            subprocess.Popen(
                [sys.executable, str(WORKER), json.dumps(arg)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                env=env,
                text=True,
            )
            for arg, log in zip(args, self.logs, strict=True)
        ]
        self.results: list[dict[str, Any] | None] = [None] * len(args)
        self.errors: list[str] = []

    def wait_for(self, index: int, prefix: str, timeout: float) -> str:
        """The next stdout line of worker ``index`` (it must start with ``prefix``)."""
        process = self.processes[index]
        assert process.stdout is not None
        box: list[str] = []
        reader = threading.Thread(target=lambda: box.append(process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
        reader.start()
        reader.join(timeout)
        if not box or not box[0].startswith(prefix):
            stderr = self._stderr(index)
            self.kill()
            raise RuntimeError(f"worker {index} did not say {prefix!r} within {timeout}s: {box[:1]} {stderr[-2000:]}")
        return box[0].strip()

    def ready(self, timeout: float = 60.0) -> None:
        for index in range(len(self.processes)):
            self.wait_for(index, "ready", timeout)

    def go(self, indexes: list[int] | None = None) -> None:
        for index in indexes if indexes is not None else range(len(self.processes)):
            stdin = self.processes[index].stdin
            assert stdin is not None
            stdin.write("go\n")
            stdin.flush()

    def collect(self, timeout: float, indexes: list[int] | None = None) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        out = []
        for index in indexes if indexes is not None else range(len(self.processes)):
            line = self.wait_for(index, "{", max(0.1, deadline - time.monotonic()))
            self.results[index] = json.loads(line)
            out.append(self.results[index])
        for index in indexes if indexes is not None else range(len(self.processes)):
            self.processes[index].wait(max(0.1, deadline - time.monotonic()))
        return out

    def sigkill(self, index: int) -> None:
        process = self.processes[index]
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)

    def log(self, index: int) -> str:
        """What worker ``index`` wrote to stderr so far."""
        with open(self.logs[index].name) as log:
            return log.read()

    def _stderr(self, index: int) -> str:
        return self.log(index)

    def kill(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
                process.wait(10)
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()
        for log in self.logs:
            log.close()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()


def rate_limited_fake(limit: int, window: float, block: float) -> FakeCal:
    return FakeCal(rate_limits=RateLimits(api_key=limit, window_seconds=window, block_seconds=block))
