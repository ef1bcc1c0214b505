"""Open or update the regeneration pull request with git and the GitHub CLI (``gh``).

``python -m openapi open-pr [--branch api/regenerate] [--base main]`` commits what a regeneration
wrote (the package, the lock, the name registry, the changelog) on ``--branch``, pushes it, and
opens a pull request whose body is ``.work/pr-body.md`` — or edits the one already open for that
branch. The title carries the counts the regeneration wrote to ``.work/regenerate.status`` and the
changelog, so reviewers see at once whether wrappers or tests need work.
"""

from __future__ import annotations

import argparse
import os
import subprocess
from pathlib import Path

from .generate import ROOT

PATHS = ("cal_client", "openapi/spec.lock.json", "openapi/names.json", "CHANGELOG-api.md")
BODY = ROOT / ".work" / "pr-body.md"
STATUS = ROOT / ".work" / "regenerate.status"


def _run(*cmd: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=check)


def title() -> str:
    status = STATUS.read_text().strip() if STATUS.is_file() else "?"
    body = BODY.read_text() if BODY.is_file() else ""
    breaking = body.split("## Non-breaking changes")[0].count("\n- ") if "## Breaking changes" in body else 0
    needs_work = " — handwritten code needs work" if status == "3" else ""
    return f"Regenerate cal_client from Cal.com's spec ({breaking} breaking changes){needs_work}"


def open_pr(branch: str, base: str) -> str:
    """Commit, push and open (or update) the PR; returns ``"created"``, ``"updated"`` or ``"unchanged"``."""
    _run("git", "checkout", "-B", branch)
    _run("git", "add", "--", *(p for p in PATHS if (ROOT / p).exists()))
    if not _run("git", "diff", "--cached", "--quiet", check=False).returncode:
        return "unchanged"
    _run("git", "commit", "-m", title(), "-m", "Written by `make regenerate` (python -m openapi regenerate).")
    _run("git", "push", "--force", "origin", branch)
    existing = _run("gh", "pr", "view", branch, "--json", "number", "--jq", ".number", check=False)
    if existing.returncode == 0 and existing.stdout.strip():
        _run("gh", "pr", "edit", branch, "--title", title(), "--body-file", str(BODY))
        return "updated"
    _run(
        "gh", "pr", "create", "--head", branch, "--base", base, "--title", title(), "--body-file", str(BODY),
        "--label", "api-regeneration",
    )  # fmt: skip
    return "created"


def cmd_open_pr(args: argparse.Namespace) -> int:
    if not BODY.is_file():
        print("open-pr: no .work/pr-body.md: run `make regenerate` first")
        return 1
    outcome = open_pr(args.branch, args.base)
    print(f"open-pr: pull request {outcome} for branch {args.branch}")
    target = os.environ.get("GITHUB_OUTPUT")
    if target:
        with Path(target).open("a") as out:
            out.write(f"pr={outcome}\n")
    return 0
