"""Serve a FakeCal on loopback until interrupted: ``python -m cal_client.testing [--port N]``.

For trying the SDK (or any HTTP client) against a sandbox by hand; prints the base URL and the
sandbox credentials. Tests should use ``FakeCal().serve()`` or the in-process transport instead.
"""

from __future__ import annotations

import argparse

import uvicorn

from ._app import FakeCal


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m cal_client.testing", description=__doc__)
    parser.add_argument("--port", type=int, default=8787, help="port on 127.0.0.1 (default 8787)")
    args = parser.parse_args(argv)
    fake = FakeCal()
    box = fake.sandbox
    print(f"FakeCal on http://127.0.0.1:{args.port}")
    print(f"  API key         {box.api_key}")
    print(f"  event type      {box.event_type_id} ({box.event_type_slug}, user {box.username}, {box.time_zone})")
    print(f"  OAuth client    {box.oauth_client_id} / {box.oauth_client_secret}")
    uvicorn.run(fake.app, host="127.0.0.1", port=args.port, interface="asgi3", log_level="warning", lifespan="off")


if __name__ == "__main__":
    main()
