"""A clone without ../shared: the lock's immutable URL (downloaded, sha256-checked, cached) stands in,
and offline the pipeline says in one line what to do instead of stopping `make test`."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import locked_spec_file
from tests.pipeline.conftest import copy_repo


@pytest.fixture
def lone_clone(tmp_path: Path) -> Path:
    """A copy of the repository with nothing beside it (no ../shared) and an empty cache."""
    clone = copy_repo(tmp_path / "clone")
    assert not (tmp_path / "shared").exists()
    return clone


@pytest.fixture
def spec_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A loopback HTTP server for a folder; yields its base URL and the folder."""
    root = tmp_path / "served"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def check_generated(clone: Path, *, ci: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = "true"
    cmd = [sys.executable, "-m", "openapi", "check-generated"]
    return subprocess.run(cmd, cwd=clone, capture_output=True, text=True, env=env, timeout=600)


def point_lock_at(clone: Path, url: str) -> None:
    lock_path = clone / "openapi" / "spec.lock.json"
    lock = json.loads(lock_path.read_text())
    lock["url"] = url
    lock_path.write_text(json.dumps(lock, indent=2) + "\n")


def test_offline_without_shared_says_what_to_do_in_one_line(lone_clone: Path) -> None:
    point_lock_at(lone_clone, "http://127.0.0.1:9/unreachable.json")  # nothing listens on the discard port
    proc = check_generated(lone_clone, ci=False)
    assert proc.returncode == 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("check-generated: cannot check: the locked spec") and "make spec-cache" in lines[0]
    # Under CI the same situation fails: a green CI never hides an unchecked package.
    assert check_generated(lone_clone, ci=True).returncode == 2


def test_with_the_immutable_url_it_downloads_verifies_caches_and_checks(
    lone_clone: Path, spec_server: tuple[str, Path]
) -> None:
    base, served = spec_server
    locked = locked_spec_file()
    shutil.copyfile(locked, served / "openapi.json")
    (served / "tampered.json").write_bytes(locked.read_bytes().replace(b'"openapi"', b'"openapi" ', 1))

    point_lock_at(lone_clone, f"{base}/tampered.json")
    refused = check_generated(lone_clone, ci=True)
    assert refused.returncode == 2 and "is not the locked" in refused.stderr
    assert not list((lone_clone / ".work" / "specs").glob("*.json")) if (lone_clone / ".work").exists() else True

    point_lock_at(lone_clone, f"{base}/openapi.json")
    proc = check_generated(lone_clone, ci=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "exactly what the pipeline makes" in proc.stdout
    sha = json.loads((lone_clone / "openapi" / "spec.lock.json").read_text())["raw_sha256"]
    cached = lone_clone / ".work" / "specs" / f"{sha}.json"
    assert cached.read_bytes() == locked.read_bytes()

    # Once cached, the URL is no longer needed.
    point_lock_at(lone_clone, "http://127.0.0.1:9/unreachable.json")
    again = check_generated(lone_clone, ci=True)
    assert again.returncode == 0, again.stdout + again.stderr


def test_spec_dependent_tests_say_how_many_could_not_run_and_why(lone_clone: Path) -> None:
    point_lock_at(lone_clone, "http://127.0.0.1:9/unreachable.json")
    target = "tests/pipeline/test_stable_names.py::test_generated_package_has_a_module_for_every_locked_operation"
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", target]
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    proc = subprocess.run(cmd, cwd=lone_clone, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 skipped" in proc.stdout
    assert "1 tests could not run: spec unavailable: the locked spec" in proc.stdout
    assert "make spec-cache" in proc.stdout
    ci = subprocess.run(cmd, cwd=lone_clone, capture_output=True, text=True, env={**env, "CI": "true"}, timeout=300)
    assert ci.returncode == 1 and ("1 failed" in ci.stdout or "1 error" in ci.stdout)
