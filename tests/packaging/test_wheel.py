"""The built wheel, installed in a clean venv outside the repository: it imports, runs the sandbox
quickstart, and types exactly as the editable install does (tests/typing).

The venv is made without the repository and without the editable install; the runtime
dependencies come from the dev venv's site-packages, added to ``sys.path`` by a ``.pth`` line (no
download). ``.github/workflows/release.yml`` repeats this with dependencies from PyPI.
"""

from __future__ import annotations

import shutil
import site
import subprocess
import sys
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "typing"))
from typing_checkers import expected, outcomes  # noqa: E402


def run(cmd: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{cmd}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """(the clean venv's python, a user directory outside the repository)."""
    tmp = tmp_path_factory.mktemp("wheel")
    dist = tmp / "dist"
    # sdist first, then the wheel from the unpacked sdist: what a release builds, with no stale build/.
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(ROOT)], cwd=tmp)
    wheels = list(dist.glob("cal_com_async-*.whl"))
    assert len(wheels) == 1 and list(dist.glob("cal_com_async-*.tar.gz")), list(dist.iterdir())
    run([sys.executable, "-m", "twine", "check", "--strict", *map(str, dist.iterdir())], cwd=tmp)

    env_dir = tmp / "venv"
    venv.create(env_dir, with_pip=True, symlinks=True)
    python = env_dir / "bin" / "python"
    run([str(python), "-m", "pip", "install", "--quiet", "--no-index", "--no-deps", str(wheels[0])], cwd=tmp)
    own_site = Path(
        run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], tmp).stdout.strip()
    )
    (own_site / "_dev_dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    user = tmp / "project"
    user.mkdir()
    yield python, user


def test_imports_from_the_wheel_with_every_public_subpackage(installed: tuple[Path, Path]) -> None:
    python, user = installed
    code = (
        "import cal_client, cal_client.testing, cal_client.webhooks, cal_client.resources, cal_client._client as c\n"
        "from cal_client import AsyncCal\n"
        "print(cal_client.__path__[0]); print(len(cal_client.__path__)); print(AsyncCal.__module__)"
    )
    lines = run([str(python), "-c", code], cwd=user).stdout.splitlines()
    assert "site-packages" in lines[0] and str(ROOT) not in lines[0]
    assert lines[1:] == ["1", "cal_client._client"]


def test_the_sandbox_quickstart_runs_from_the_wheel(installed: tuple[Path, Path]) -> None:
    python, user = installed
    shutil.copy(ROOT / "examples" / "quickstart.py", user / "quickstart.py")
    out = run([str(python), "quickstart.py"], cwd=user).stdout
    assert "FakeCal serving on http://127.0.0.1:" in out
    assert out.count("X-Cal-Signature-256 verified") == 3


def test_the_wheel_types_like_the_editable_install(installed: tuple[Path, Path], tmp_path: Path) -> None:
    python, user = installed
    for name in ("pass_usage.py", "fail_usage.py"):
        shutil.copy(ROOT / "tests" / "typing" / name, user / name)
    found = outcomes(user, cwd=user, python=str(python), cache=tmp_path / "mypy-cache")
    assert found == {"mypy": expected(), "pyright": expected()}
