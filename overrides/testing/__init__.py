"""A stateful fake Cal.com for tests and demos: ``FakeCal``, served in-process or on loopback.

    from cal_client.testing import FakeCal, FrozenClock

    fake = FakeCal(clock=FrozenClock("2030-01-07T08:00:00Z"))
    async with fake.client(headers={"Authorization": f"Bearer {fake.sandbox.api_key}"}) as http:
        ...                                  # in-process, through httpx.ASGITransport
    with fake.serve() as server:             # uvicorn on 127.0.0.1, a free port
        ...                                  # point the SDK at server.url

Needs the ``testing`` extra (starlette, uvicorn). See the README's "Sandbox" section.
"""

try:
    import starlette  # noqa: F401
    import uvicorn  # noqa: F401
except ModuleNotFoundError as exc:
    raise ModuleNotFoundError(
        f"cal_client.testing (the sandbox) needs the 'testing' extra, which brings starlette and uvicorn "
        f"({exc.name} is missing): pip install 'cal-com-async[testing]'",
        name=exc.name,
    ) from exc

from ._app import FakeCal, Sandbox
from ._clock import Clock, FrozenClock, SystemClock
from ._ratelimit import RateLimits
from ._server import Server, serve
from ._webhooks import ReceivedWebhook, WebhookDelivery, WebhookReceiver, sign

__all__ = [
    "Clock",
    "FakeCal",
    "FrozenClock",
    "RateLimits",
    "ReceivedWebhook",
    "Sandbox",
    "Server",
    "SystemClock",
    "WebhookDelivery",
    "WebhookReceiver",
    "serve",
    "sign",
]
