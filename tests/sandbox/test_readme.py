"""Every Python block of README.md is a whole program that runs against the sandbox.

Each block runs in a fresh interpreter outside the repository with ``CAL_API_KEY``/``CAL_API_URL``
pointing at a FakeCal served on 127.0.0.1, exactly as a reader would paste it. A block that drifts
from the SDK fails here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cal_client.testing import FakeCal, Server
from sandbox_helpers import ROOT

BLOCKS = re.findall(r"^```python\n(.*?)^```", (ROOT / "README.md").read_text(), re.S | re.M)


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[FakeCal, Server]]:
    fake = FakeCal()
    with fake.serve() as server:
        yield fake, server


def test_the_readme_has_its_blocks() -> None:
    assert len(BLOCKS) == 10


@pytest.mark.parametrize("index", range(len(BLOCKS)), ids=lambda i: f"block{i + 1}")
def test_block_runs_against_the_sandbox(index: int, served: tuple[FakeCal, Server], tmp_path: Path) -> None:
    fake, server = served
    script = tmp_path / f"readme_block_{index + 1}.py"
    script.write_text(BLOCKS[index])
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAL_")}
    env |= {"CAL_API_KEY": fake.sandbox.api_key, "CAL_API_URL": server.url}
    result = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"README block {index + 1}:\n{BLOCKS[index]}\n{result.stderr}"
    assert result.stdout.strip(), "every block shows what it did"
    assert "Traceback" not in result.stderr
