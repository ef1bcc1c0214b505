"""Serve an ASGI app with uvicorn on loopback in a background thread, and stop it again."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType
from typing import Any

import uvicorn

__all__ = ["Server", "serve"]


class Server:
    """A running uvicorn server; a context manager that stops it on exit."""

    def __init__(self, server: uvicorn.Server, thread: threading.Thread, sock: socket.socket) -> None:
        self._server = server
        self._thread = thread
        self._socket = sock
        host, port = sock.getsockname()[:2]
        self.host: str = host
        self.port: int = port
        self.url = f"http://{host}:{port}"

    def __repr__(self) -> str:
        return f"Server(url={self.url!r}, running={self.running})"

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self, timeout: float = 10.0) -> None:
        self._server.should_exit = True
        self._thread.join(timeout)
        if self._thread.is_alive():
            self._server.force_exit = True
            self._thread.join(timeout)
        self._socket.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def serve(app: Any, *, host: str = "127.0.0.1", port: int = 0, startup_timeout: float = 10.0) -> Server:
    """Start ``app`` on ``host:port`` (port 0: a free one) and return once it accepts connections."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    config = uvicorn.Config(app, interface="asgi3", log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="fakecal-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            thread.join(startup_timeout)
            sock.close()
            raise RuntimeError(f"uvicorn did not start on {host}:{port} within {startup_timeout}s")
        time.sleep(0.01)
    return Server(server, thread, sock)
