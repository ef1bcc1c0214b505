"""A real ``redis-server`` for the coordination tests: started on 127.0.0.1, stopped by PID.

Missing ``redis-server`` skips these tests on a developer machine and fails them under ``CI``
(``make install`` installs Debian's package, so CI always has it).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from scale_kit import CI, RedisMissing, RedisServer


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    try:
        server = RedisServer()
    except RedisMissing as exc:
        if CI:
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    server.start()
    try:
        yield server
    finally:
        server.close()
