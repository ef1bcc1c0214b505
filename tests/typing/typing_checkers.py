"""Run mypy --strict and pyright (strict) on user files, as a user would, and collect error lines."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = Path(sys.executable).parent
USER_FILES = ("pass_usage.py", "fail_usage.py")


def expected_errors(path: Path) -> set[int]:
    return {n for n, line in enumerate(path.read_text().splitlines(), 1) if "  # expect-error:" in line}


def mypy_errors(files: list[Path], *, cwd: Path, python: str, cache: Path) -> dict[str, set[int]]:
    """``{file name: lines with an error}`` from ``mypy --strict`` run in ``cwd`` against ``python``'s packages."""
    cmd = [str(BIN / "mypy"), "--strict", "--python-executable", python, "--cache-dir", str(cache)]
    cmd += ["--no-error-summary", "--show-error-codes", *map(str, files)]
    out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert out.returncode in (0, 1), out.stderr + out.stdout
    found: dict[str, set[int]] = {Path(f).name: set() for f in files}
    for match in re.finditer(r"^(.+?\.py):(\d+): error:", out.stdout, re.M):
        found[Path(match[1]).name].add(int(match[2]))
    return found


def pyright_errors(files: list[Path], *, cwd: Path, python: str) -> dict[str, set[int]]:
    """The same from ``pyright --outputjson`` in strict mode (lines are 0-based there)."""
    config = cwd / "pyrightconfig.json"
    own_config = not config.exists() and cwd != ROOT
    if own_config:
        config.write_text(json.dumps({"typeCheckingMode": "strict", "pythonVersion": "3.11"}))
    try:
        cmd = [str(BIN / "pyright"), "--outputjson", "--pythonpath", python, *map(str, files)]
        out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
    finally:
        if own_config:
            config.unlink()
    report = json.loads(out.stdout)
    found: dict[str, set[int]] = {Path(f).name: set() for f in files}
    for diag in report["generalDiagnostics"]:
        if diag["severity"] == "error":
            found[Path(diag["file"]).name].add(diag["range"]["start"]["line"] + 1)
    return found


def outcomes(directory: Path, *, cwd: Path, python: str, cache: Path) -> dict[str, dict[str, set[int]]]:
    files = [directory / name for name in USER_FILES]
    return {
        "mypy": mypy_errors(files, cwd=cwd, python=python, cache=cache),
        "pyright": pyright_errors(files, cwd=cwd, python=python),
    }


def expected() -> dict[str, set[int]]:
    return {name: expected_errors(HERE / name) for name in USER_FILES}
