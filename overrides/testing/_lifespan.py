"""The ASGI lifespan protocol, answered for FakeCal and WebhookReceiver alike.

Neither app has anything to start or stop; both acknowledge startup and shutdown all the same, so
that a server running the lifespan protocol (``uvicorn --lifespan on``) can host them.
"""

from __future__ import annotations

from starlette.types import Receive, Send

__all__ = ["answer_lifespan"]


async def answer_lifespan(receive: Receive, send: Send) -> None:
    """Acknowledge startup and shutdown; returns once the server has shut the app down."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
