"""Fixtures and the results table of the reliability suite.

* ``clock`` (autouse): in the fast run, one ``VirtualClock`` stands in for every SDK sleep and
  clock read, so retries, backoffs and rate-limit waits cost no real time. In the soak run
  (``CAL_SOAK=1``) it is None and time is real.
* ``observed`` (autouse): every test runs at DEBUG logging with canary secrets; at teardown the
  captured log records and every exception/repr the test handed to ``observed.see`` are searched
  for the canaries and for each token FakeCal issued. A hit fails the test.
* The rows the scenarios ``record`` are printed in the terminal summary and written to
  ``.work/reliability-results.md`` (fast run) or ``.work/soak-results.md`` (soak run).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterator

import pytest
from reliability_kit import LEAK_LOG, RESULTS, ROOT, SECRETS, SOAK, Observed, Row, VirtualClock, results_table

from cal_client import _timing, _transport

_SWEEP = {"tests": 0, "texts": 0, "records": 0, "leaks": 0, "failed": 0}
# Modules whose tests are rows of their own in the table: one case per test, counted from the reports.
_TABLE_MODULES = {
    "test_reliability_bad_input.py": "bad input table (one test per case)",
    "test_reliability_fuzz.py": "forward-compat fuzz (every 2xx response model of the locked spec)",
}
_TALLIES: dict[str, dict[str, int]] = {}
_FUNCTIONS: dict[str, dict[str, list[int]]] = {}  # module -> test function -> [passed, failed]


def _module_of(nodeid: str) -> str:
    return nodeid.split("::")[0].rpartition("/")[2]


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    module = _module_of(report.nodeid)
    if module not in _TABLE_MODULES:
        return
    tally = _TALLIES.setdefault(module, {"passed": 0, "failed": 0, "skipped": 0, "leaks": 0})
    function = report.nodeid.split("::")[-1].split("[")[0]
    counts = _FUNCTIONS.setdefault(module, {}).setdefault(function, [0, 0])
    if report.when == "call" or (report.when == "setup" and not report.passed):
        key = "passed" if report.passed else "skipped" if report.skipped else "failed"
        tally[key] += 1
        if key != "skipped":
            counts[key == "failed"] += 1
    elif report.when == "teardown" and report.failed:  # the secret scan failed it
        tally["failed"] += 1
        tally["passed"] -= 1
        counts[0] -= 1
        counts[1] += 1


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[VirtualClock | None]:
    monkeypatch.delenv("CAL_API_KEY", raising=False)
    monkeypatch.delenv("CAL_API_URL", raising=False)
    if SOAK:
        yield None
        return
    virtual = VirtualClock()
    monkeypatch.setattr(_timing, "sleep", virtual.sleep)
    monkeypatch.setattr(_timing, "monotonic", virtual.monotonic)
    monkeypatch.setattr(_timing, "time_ms", virtual.time_ms)
    # Backoff jitter from a seeded generator: the same run every time.
    monkeypatch.setattr(_transport, "random", random.Random(20301))
    yield virtual
    virtual.stop()


@pytest.fixture(autouse=True)
def observed(caplog: pytest.LogCaptureFixture, request: pytest.FixtureRequest) -> Iterator[Observed]:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="cal_client")
    seen = Observed()
    rows_before = len(RESULTS)
    yield seen
    texts = list(seen.texts)
    records = [r for phase in ("setup", "call") for r in caplog.get_records(phase)]  # type: ignore[arg-type]
    for record in records:
        texts.append(record.getMessage())
        if record.exc_info and record.exc_info[1] is not None:
            texts.append(repr(record.exc_info[1]))
    leaks = [hit for text in texts for hit in SECRETS.found_in(text)]
    _SWEEP["tests"] += 1
    _SWEEP["texts"] += len(seen.texts)
    _SWEEP["records"] += len(records)
    _SWEEP["leaks"] += len(leaks)
    for row in RESULTS[rows_before:]:
        row.leaks += len(leaks)
    module = _module_of(request.node.nodeid)
    if module in _TABLE_MODULES:
        _TALLIES.setdefault(module, {"passed": 0, "failed": 0, "skipped": 0, "leaks": 0})["leaks"] += len(leaks)
    if leaks:
        _SWEEP["failed"] += 1
        LEAK_LOG.append(f"{request.node.nodeid}: {sorted(set(leaks))}")
        pytest.fail(f"secret canary found in logs/exceptions/reprs: {sorted(set(leaks))}", pytrace=False)


def _tally_rows() -> list[Row]:
    rows = []
    for module, label in _TABLE_MODULES.items():
        tally = _TALLIES.get(module)
        if tally is None:
            continue
        parts = [
            f"{name}: {passed + failed} ({failed} failed)" for name, (passed, failed) in _FUNCTIONS[module].items()
        ]
        if tally["skipped"]:
            parts.append(f"{tally['skipped']} skipped")
        rows.append(
            Row(
                scenario=label,
                cases=tally["passed"] + tally["failed"],
                failures=tally["failed"],
                leaks=tally["leaks"],
                notes="; ".join(parts),
            )
        )
    return rows


def sweep_row() -> Row:
    return Row(
        scenario="secret canary sweep (every reliability test at DEBUG)",
        cases=_SWEEP["tests"],
        failures=_SWEEP["failed"],
        leaks=_SWEEP["leaks"],
        notes=f"{_SWEEP['records']} log records and {_SWEEP['texts']} exception/repr texts searched",
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not RESULTS and not _SWEEP["tests"]:
        return
    rows = [*RESULTS, *_tally_rows(), sweep_row()]
    title = "soak results (make soak)" if SOAK else "reliability results (fast subset, make test)"
    table = results_table(rows)
    leaks = [hit for hit in SECRETS.found_in(table)]
    body = f"# {title}\n\n{table}\n"
    if LEAK_LOG:
        body += "\nLeaks:\n" + "\n".join(f"- {line}" for line in LEAK_LOG) + "\n"
    if not leaks:
        out = ROOT / ".work" / ("soak-results.md" if SOAK else "reliability-results.md")
        out.parent.mkdir(exist_ok=True)
        out.write_text(body)
        where = f"written to {out.relative_to(ROOT)}"
    else:  # pragma: no cover - the table holds numbers and fixed text only
        where = "NOT written: it contains a secret"
    terminalreporter.section(title)
    terminalreporter.write_line(table)
    terminalreporter.write_line(f"({where})")
