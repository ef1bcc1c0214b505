"""User-style files through ``mypy --strict``: correct code passes, the usual mistakes fail.

``user_calls.py`` must pass with every ``assert_type`` holding; every line of
``user_mistakes.py`` marked ``# E: <code>`` must fail with that error code, and no other line may.
mypy sees the package through a staged layout (``cal_client/`` with ``overrides/`` mounted as
``cal_client.overrides``, as the wheel has it), so the outcome does not depend on how the venv
installed the project.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MARK = re.compile(r"#\s*E:\s*([\w-]+)\s*$")
ERROR = re.compile(r"^(?P<file>[^:\n]+\.py):(?P<line>\d+): error: .*\[(?P<code>[\w-]+)\]$")
MYPY_INI = """\
[mypy]
strict = True
mypy_path = {stage}
cache_dir = {cache}

[mypy-cal_client.*]
ignore_errors = True
"""


def _stage(into: Path) -> Path:
    """``cal_client`` as the wheel has it: the generated tree with ``overrides/`` mounted in it, as
    the ``cal_client.overrides`` subpackage or, where setup.py mounts its modules into
    ``cal_client`` itself, module by module."""
    package = into / "cal_client"
    package.mkdir(parents=True)
    for entry in (ROOT / "cal_client").iterdir():
        if entry.name != "__pycache__":
            (package / entry.name).symlink_to(entry)
    if '"cal_client.overrides": "overrides"' in (ROOT / "setup.py").read_text():
        (package / "overrides").symlink_to(ROOT / "overrides")
    else:
        for entry in (ROOT / "overrides").iterdir():
            if entry.name not in ("__init__.py", "__pycache__", "py.typed") and not (package / entry.name).exists():
                (package / entry.name).symlink_to(entry)
    return into


@pytest.fixture(scope="module")
def mypy_errors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[tuple[int, str]]]:
    tmp = tmp_path_factory.mktemp("typing")
    stage = _stage(tmp / "stage")
    ini = tmp / "mypy.ini"
    # The cache outlives the run: the generated package is large and rarely changes.
    ini.write_text(MYPY_INI.format(stage=stage, cache=ROOT / ".work" / "mypy-typing-cache"))
    files = [HERE / "user_calls.py", HERE / "user_mistakes.py"]
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ini), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp,
    )
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    errors: dict[str, set[tuple[int, str]]] = {f.name: set() for f in files}
    for line in proc.stdout.splitlines():
        match = ERROR.match(line)
        if match:
            errors.setdefault(Path(match["file"]).name, set()).add((int(match["line"]), match["code"]))
    assert set(errors) == {f.name for f in files}, proc.stdout
    return errors


def test_correct_user_code_passes_strict(mypy_errors: dict[str, set[tuple[int, str]]]) -> None:
    assert mypy_errors["user_calls.py"] == set()


def test_each_usual_mistake_fails_with_its_error_code(mypy_errors: dict[str, set[tuple[int, str]]]) -> None:
    expected = {
        (number, match[1])
        for number, text in enumerate((HERE / "user_mistakes.py").read_text().splitlines(), start=1)
        if (match := MARK.search(text))
    }
    assert len(expected) >= 10
    assert mypy_errors["user_mistakes.py"] == expected
