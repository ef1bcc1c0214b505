"""Which handwritten wrappers a (re)generated package breaks.

The handwritten layer (``overrides/``, mounted into ``cal_client`` when installed) and the tests that
drive it call generated functions by name and keyword. After a regeneration, a type check shows
every call that no longer fits: a module that vanished, a keyword that was renamed, a model that
changed. This module assembles the installed layout in a scratch directory (the package under
test plus the modules and subpackages of ``overrides/`` inside it, as setup.py mounts them), runs mypy
there, and maps each error to
the handwritten function it sits in.

* ``overrides/`` is checked with the flags of ``--strict``, tests that import ``cal_client``
  with ``--check-untyped-defs`` (one mypy run per package).
* Errors are judged against a *baseline* package (by default the committed ``cal_client/``, i.e.
  the locked spec): an error the same file also has against the baseline is not the package's
  doing and is listed apart as pre-existing. Checked against the baseline itself, every
  ``overrides/`` error counts (it must type-check clean there) and test errors are pre-existing.

Run ``python -m openapi check-wrappers [--package DIR] [--baseline DIR]``.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .generate import PACKAGE, ROOT

EXAMPLES = ROOT / "examples"

MYPY_INI = """\
[mypy]
python_version = 3.11
mypy_path = {paths}
explicit_package_bases = True
cache_dir = .mypy_cache
check_untyped_defs = True
warn_redundant_casts = True

[mypy-{package}.*]
ignore_errors = True

[mypy-openapi.*]
ignore_errors = True

# `--strict`, flag by flag: one mypy run checks the handwritten layer strictly and its tests leniently.
[mypy-{handwritten}]
ignore_errors = False
disallow_any_generics = True
disallow_subclassing_any = True
disallow_untyped_calls = True
disallow_untyped_defs = True
disallow_incomplete_defs = True
disallow_untyped_decorators = True
warn_unused_ignores = True
warn_return_any = True
implicit_reexport = False
strict_equality = True
extra_checks = True
"""
ERROR_LINE = re.compile(r"^(?P<file>[^:\n]+\.py):(?P<line>\d+): error: (?P<message>.*?)(?:  \[(?P<code>[\w-]+)\])?$")
IGNORED_PARTS = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}


@dataclass(frozen=True, order=True)
class Breakage:
    file: str  # repository-relative: overrides/... or tests/...
    scope: str  # the enclosing function or class, dotted; "<module>" for top-level code
    line: int
    message: str
    code: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        # Line numbers are left out so a baseline error still matches after unrelated edits.
        return (self.file, self.scope, self.message)


@dataclass
class WrapperReport:
    package: str
    breakages: list[Breakage] = field(default_factory=list)
    preexisting: list[Breakage] = field(default_factory=list)
    checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.breakages

    def wrappers(self) -> dict[str, dict[str, list[Breakage]]]:
        by_file: dict[str, dict[str, list[Breakage]]] = defaultdict(lambda: defaultdict(list))
        for item in sorted(self.breakages):
            by_file[item.file][item.scope].append(item)
        return by_file

    def to_text(self) -> str:
        if self.ok:
            extra = f" ({len(self.preexisting)} test errors also present against the baseline)" * bool(self.preexisting)
            return f"check-wrappers: {self.checked} handwritten files type-check against {self.package}{extra}"
        grouped = self.wrappers()
        count = sum(len(scopes) for scopes in grouped.values())
        lines = [f"check-wrappers: {count} handwritten functions in {len(grouped)} files break against {self.package}:"]
        for file, scopes in grouped.items():
            lines.append(f"  {file}")
            for scope, items in scopes.items():
                lines.append(f"    {scope}:")
                lines += [f"      line {b.line}: {b.message}" + (f"  [{b.code}]" if b.code else "") for b in items]
        return "\n".join(lines)

    def to_markdown(self) -> str:
        lines = ["## Handwritten code to update", ""]
        if self.ok:
            return "\n".join([*lines, "None: `overrides/` and its tests type-check against the new package."]) + "\n"
        for file, scopes in self.wrappers().items():
            for scope, items in scopes.items():
                first = items[0]
                more = f" (+{len(items) - 1} more)" if len(items) > 1 else ""
                lines.append(f"- [ ] `{file}` `{scope}` line {first.line}: {first.message}{more}")
        return "\n".join(lines) + "\n"


def check_wrappers(
    package: Path = ROOT / PACKAGE,
    *,
    overrides: Path = ROOT / "overrides",
    tests: Path = ROOT / "tests",
    baseline: Path | None = None,
) -> WrapperReport:
    """``baseline`` defaults to the package as committed (git HEAD): after `make generate` the
    working tree already holds the new package, and comparing it with itself would hide every break."""
    if baseline is None:
        with tempfile.TemporaryDirectory(prefix="calhead-") as tmp:
            committed = committed_package(Path(tmp))
            return check_wrappers(package, overrides=overrides, tests=tests, baseline=committed or package)
    package, overrides, tests = package.resolve(), overrides.resolve(), tests.resolve()
    report = WrapperReport(package=_shown(package))
    if not overrides.is_dir():
        return report
    test_files = _wrapper_tests(tests)
    examples = sorted(EXAMPLES.glob("*.py")) if EXAMPLES.is_dir() else []
    mounted = [str(Path(PACKAGE) / name) for name in _handwritten(overrides)]
    targets = mounted + [str(Path("tests") / f.relative_to(tests)) for f in test_files]
    targets += [str(Path("examples") / f.name) for f in examples]
    report.checked = sum(1 for _ in overrides.rglob("*.py")) + len(test_files) + len(examples)
    with tempfile.TemporaryDirectory(prefix="calwrap-") as tmp:
        stage = Path(tmp) / "stage"
        # One snapshot of the handwritten files serves both runs (others may be editing them).
        snapshot = Path(tmp) / "overrides"
        shutil.copytree(overrides, snapshot, ignore=shutil.ignore_patterns(*IGNORED_PARTS))
        _stage(stage, package, snapshot, tests)
        new = [_locate(stage, hit) for hit in _mypy(stage, targets)]
        new = [item for item in new if item.file.startswith(("overrides/", "tests/", "examples/"))]
        same = baseline.resolve() == package
        old: set[tuple[str, str, str]] = set()
        if not same:
            _stage(stage, baseline.resolve(), snapshot, tests)
            old = {_locate(stage, hit).key for hit in _mypy(stage, targets)}
    for item in sorted(set(new)):
        if item.key in old or (same and item.file.startswith(("tests/", "examples/"))):
            report.preexisting.append(item)
        else:
            report.breakages.append(item)
    return report


GENERATED_IMPORT = re.compile(
    rf"^\s*from\s+{PACKAGE}\.(api\.\w+|models)(?:\.(\w+))?\s+import\s+\(?([^)]*?)\)?$", re.M | re.S
)


def vanished_modules(
    package: Path = ROOT / PACKAGE, sources: tuple[Path, ...] = (ROOT / "overrides", EXAMPLES)
) -> list[str]:
    """Generated modules the handwritten layer and examples import but ``package`` lacks.

    A cheap check run by every generation (no type checker): the module named in each
    ``from cal_client.api.<tag>[.<op>] import ...`` must exist. It catches what users would meet as
    ``ModuleNotFoundError``; ``check-wrappers`` finds the subtler breaks.
    """
    missing: set[str] = set()
    for root in sources:
        for source in sorted(root.rglob("*.py")) if root.is_dir() else []:
            for group, module, names in GENERATED_IMPORT.findall(source.read_text(errors="replace")):
                base = package / Path(*group.split("."))
                if module:
                    candidates = [base / f"{module}.py", base / module]
                else:  # `from cal_client.api.bookings import get_booking, ...`: each name a module
                    candidates = [base]
                    wanted = [n.split(" as ")[0].strip() for n in names.replace("\n", " ").split(",")]
                    missing |= {
                        f"{PACKAGE}.{group}.{n} ({source.relative_to(ROOT)})"
                        for n in wanted
                        if n and group != "models" and not (base / f"{n}.py").is_file()
                    }
                if not any(c.exists() for c in candidates):
                    missing.add(f"{PACKAGE}.{group}{'.' + module if module else ''} ({source.relative_to(ROOT)})")
    return sorted(missing)


def committed_package(into: Path, rev: str = "HEAD") -> Path | None:
    """``cal_client/`` as committed at ``rev``, extracted under ``into`` (None outside a git checkout)."""
    archive = subprocess.run(["git", "archive", rev, PACKAGE], cwd=ROOT, capture_output=True)
    if archive.returncode != 0:
        return None
    untar = subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, capture_output=True)
    return into / PACKAGE if untar.returncode == 0 and (into / PACKAGE).is_dir() else None


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def _wrapper_tests(tests: Path) -> list[Path]:
    """Test modules that import the SDK (the pipeline's own tests import only ``openapi``).

    Only ``test_*.py``: pytest already requires their basenames to be unique (no ``__init__.py``),
    which mypy needs too; helpers beside them are followed as imports.
    """
    if not tests.is_dir():
        return []
    pattern = re.compile(rf"^\s*(from|import)\s+{PACKAGE}\b", re.MULTILINE)
    return sorted(
        path
        for path in tests.rglob("test_*.py")
        if not IGNORED_PARTS & set(path.parts)
        and path.relative_to(tests).parts[0] != "pipeline"
        and pattern.search(path.read_text(errors="replace"))
    )


def _handwritten(overrides: Path) -> list[str]:
    """The entries of ``overrides/`` that setup.py mounts into the package: modules and subpackages."""
    return sorted(
        path.name
        for path in overrides.iterdir()
        if (path.suffix == ".py" and path.is_file()) or (path / "__init__.py").is_file()
    )


def _stage(stage: Path, package: Path, overrides: Path, tests: Path) -> None:
    """Lay out ``cal_client`` as installed: the generated package with the handwritten layer mounted in it."""
    ignore = shutil.ignore_patterns(*IGNORED_PARTS)
    stage.mkdir(exist_ok=True)
    target = stage / PACKAGE
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(package, target, ignore=ignore)
    for name in _handwritten(overrides):
        if (overrides / name).is_dir():
            shutil.copytree(overrides / name, target / name, ignore=ignore)
        else:
            shutil.copy2(overrides / name, target / name)
    if tests.is_dir() and not (stage / "tests").exists():
        shutil.copytree(tests, stage / "tests", ignore=ignore)
    if EXAMPLES.is_dir() and not (stage / "examples").exists():
        shutil.copytree(EXAMPLES, stage / "examples", ignore=ignore)
    tools = ROOT / "openapi"
    if tools.is_dir() and not (stage / "openapi").exists():  # tests may import the pipeline too
        shutil.copytree(tools, stage / "openapi", ignore=ignore)
    # pytest puts each test file's folder on sys.path (rootdir-relative helpers such as `webhook_shapes`).
    folders = sorted({str(p.parent.relative_to(stage)) for p in (stage / "tests").rglob("*.py")})
    paths = ", ".join([".", *folders])
    modules = [f"{PACKAGE}.{name.removesuffix('.py')}" for name in _handwritten(overrides)]
    handwritten = ",".join(m if m.rsplit(".", 1)[1].startswith("_") else f"{m},{m}.*" for m in modules)
    (stage / "mypy.ini").write_text(MYPY_INI.format(package=PACKAGE, paths=paths, handwritten=handwritten))
    # A fresh cache per package: a cache filled from another tree gave stale answers for submodules.
    shutil.rmtree(stage / ".mypy_cache", ignore_errors=True)


def _mypy(stage: Path, args: list[str]) -> list[tuple[str, int, str, str]]:
    cmd = [
        sys.executable, "-m", "mypy", "--config-file", "mypy.ini",
        "--no-error-summary", "--no-pretty", "--show-error-codes", "--hide-error-context",
        *args,
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "MYPYPATH"}
    proc = subprocess.run(cmd, cwd=stage, capture_output=True, text=True, env=env)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"mypy failed to run ({proc.returncode}):\n{proc.stderr or proc.stdout}")
    hits = []
    for line in proc.stdout.splitlines():
        match = ERROR_LINE.match(line.strip())
        if match:
            hits.append((match["file"], int(match["line"]), match["message"], match["code"] or ""))
    return hits


def _locate(stage: Path, hit: tuple[str, int, str, str]) -> Breakage:
    file, line, message, code = hit
    staged = Path(file)
    mounted = staged.parts[0] == PACKAGE and len(staged.parts) > 1 and (ROOT / "overrides" / staged.parts[1]).exists()
    shown = "overrides/" + str(staged.relative_to(PACKAGE)) if mounted else str(staged)
    return Breakage(file=shown, scope=_scope(stage / staged, line), line=line, message=message, code=code)


def _scope(source: Path, line: int) -> str:
    try:
        tree = ast.parse(source.read_text())
    except (OSError, SyntaxError):
        return "<module>"
    best: list[str] = []

    def visit(node: ast.AST, trail: list[str]) -> None:
        nonlocal best
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                start = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                end = child.end_lineno or child.lineno
                if start <= line <= end:
                    best = [*trail, child.name]
                    visit(child, best)
                    return
            else:
                visit(child, trail)

    visit(tree, [])
    return ".".join(best) or "<module>"


def cmd_check_wrappers(args: argparse.Namespace) -> int:
    """``python -m openapi check-wrappers [--package DIR] [--baseline DIR]``: non-zero on breakage."""
    baseline = None if args.baseline == "HEAD" else Path(args.baseline)
    report = check_wrappers(Path(args.package), baseline=baseline)
    print(report.to_text())
    if args.markdown:
        Path(args.markdown).write_text(report.to_markdown())
    return 0 if report.ok else 1
