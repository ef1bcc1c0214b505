# cal_client: one entry point for set-up, generation, tests and benchmarks.
# Fresh machine: `make install && make test`.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
SHARED ?= ../shared/openapi
# Where `make generate` reads the spec: a file path or URL (default: the live spec).
SPEC ?= $(or $(CAL_SPEC),https://api.cal.com/v2/docs-json)

.PHONY: install generate check-generated coverage lint typecheck test pytest bench demo soak api-diff regenerate check-wrappers clean

install:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	npm ci --no-audit --no-fund --loglevel=error

generate:
	$(PY) -m openapi generate --spec '$(SPEC)'

check-generated:
	$(PY) -m openapi check-generated

coverage:
	$(PY) -m openapi coverage $(SHARED)/cal-v2-2024-12-09.json $(SHARED)/cal-v2-2025-04-17.json $(SHARED)/cal-v2-2025-09-26.json

lint:
	$(BIN)/ruff check overrides openapi tests benchmarks examples setup.py
	$(BIN)/ruff format --check overrides openapi tests benchmarks examples setup.py

typecheck:
	$(BIN)/mypy --strict overrides

pytest:
	$(PY) -m pytest -q

test: lint typecheck check-generated pytest

# The quickstart against a FakeCal on 127.0.0.1 (no network, no account); with CAL_API_KEY set, against Cal.com.
demo:
	$(PY) examples/quickstart.py

# Import, per-call, parsing, concurrency/memory and generation benchmarks as whole processes (2-5 min):
# writes benchmarks/results.json, benchmarks/RESULTS.md and the README's Performance table.
bench:
	$(PY) -m benchmarks.run_all $(BENCH_ARGS)

# Reliability suite at soak scale (~3 min): FakeCal on 127.0.0.1, real clock, 2,000 faulty reads,
# 500 creates, 429 storm, 500-call token storm, refresh interrupted at 5 points x 200 calls;
# every scenario capped in count and time.
# Writes .work/soak-results.md (the fast subset in `make test` writes .work/reliability-results.md).
soak:
	CAL_SOAK=1 $(PY) -m pytest tests/reliability -q

# Changelog of what changed for SDK users: make api-diff OLD=old.json NEW=new.json [OUT=changes.md]
api-diff:
	$(PY) -m openapi api-diff '$(OLD)' '$(NEW)' $(if $(OUT),-o '$(OUT)')

# Unattended: regenerate from SPEC if its hash changed; lock, changelog, wrapper check, tests.
# REGENERATE_ARGS=--no-test when CI runs the tests as a separate step.
regenerate:
	$(PY) -m openapi regenerate --spec '$(SPEC)' $(REGENERATE_ARGS)

# Which handwritten wrappers break against cal_client/ (or PACKAGE=dir), relative to the locked package.
check-wrappers:
	$(PY) -m openapi check-wrappers $(if $(PACKAGE),--package '$(PACKAGE)')

clean:
	rm -rf .work .pytest_cache .mypy_cache .ruff_cache
