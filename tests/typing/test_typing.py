"""The editable install types like the wheel, inside the repository and outside it.

mypy --strict and pyright must infer the types ``pass_usage.py`` asserts and refuse exactly the
lines of ``fail_usage.py`` marked ``# expect-error``. The wheel's outcome is checked the same way by
tests/packaging/test_wheel.py.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from typing_checkers import HERE, ROOT, expected, outcomes


def test_in_the_repository() -> None:
    # The editable venv, with the repository root as the working directory (./cal_client shadows
    # the installed package there: the handwritten modules must still resolve).
    found = outcomes(HERE, cwd=ROOT, python=sys.executable, cache=ROOT / ".work" / "mypy-typing-in-repo")
    assert found == {"mypy": expected(), "pyright": expected()}


def test_outside_the_repository(tmp_path: Path) -> None:
    user = tmp_path / "project"
    user.mkdir()
    for name in ("pass_usage.py", "fail_usage.py"):
        shutil.copy(HERE / name, user / name)
    found = outcomes(user, cwd=user, python=sys.executable, cache=tmp_path / "mypy-cache")
    assert found == {"mypy": expected(), "pyright": expected()}
