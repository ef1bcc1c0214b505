# cal_client: one entry point for set-up, generation, tests and benchmarks.
# Fresh machine: `make install && make test`.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
SHARED ?= ../shared/openapi
# Where `make generate` reads the spec: a file path or URL (default: the live spec).
SPEC ?= $(or $(CAL_SPEC),https://api.cal.com/v2/docs-json)

.PHONY: install relink wheel-check generate spec-cache open-pr check-generated coverage lint typecheck test pytest bench demo soak api-diff regenerate check-wrappers clean

install: redis-server
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@# The distribution used to be called cal-client; its editable import hook would shadow the link tree.
	$(PY) -m pip uninstall --quiet --yes cal-client 2>/dev/null || true
	$(PY) -m pip install --quiet -e '.[dev]'
	npm ci --no-audit --no-fund --loglevel=error

# The editable install is a link tree shaped like the wheel (setup.py): new or removed files need a refresh.
relink:
	$(PY) -m pip install --quiet --no-deps -e .

# The coordination tests start a real Redis (Debian's redis-server); install it when missing.
# CI runs as root; elsewhere without root this only says what to do (under CI it fails).
.PHONY: redis-server scale
redis-server:
	@if ! command -v redis-server >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
		elif [ -n "$$CI" ]; then \
			echo "redis-server is missing and installing it needs root: apt-get install -y redis-server" >&2; exit 1; \
		else \
			echo "note: redis-server is missing (sudo apt-get install redis-server); the Redis tests will skip" >&2; \
		fi; \
	fi


generate:
	$(PY) -m openapi generate --spec '$(SPEC)' $(if $(SPEC_URL),--url '$(SPEC_URL)'); status=$$?; \
	$(MAKE) -s relink; exit $$status

# Regenerate from the locked spec and diff with cal_client/ (needs ../shared, the .work/specs cache,
# or internet for the lock's immutable URL; offline outside CI it says so in one line and passes).
check-generated:
	$(PY) -m openapi check-generated

# Put the locked spec into .work/specs (from ../shared or the lock's immutable URL, sha256-checked).
spec-cache:
	$(PY) -m openapi spec-cache

# Every spec snapshot beside the checkout (../shared/openapi/*.json), whatever their dates.
coverage:
	$(PY) -m openapi coverage $(sort $(wildcard $(SHARED)/*.json))

lint:
	$(BIN)/ruff check overrides openapi tests benchmarks examples setup.py
	$(BIN)/ruff format --check overrides openapi tests benchmarks examples setup.py

# The handwritten layer as users import it (cal_client.*, from the editable link tree), the examples
# and the user-style files of tests/typing (whose expected failures tests/typing/ checks separately).
HANDWRITTEN := $(patsubst overrides/%.py,-m cal_client.%,$(wildcard overrides/*.py)) \
	$(patsubst overrides/%/__init__.py,-p cal_client.%,$(wildcard overrides/*/__init__.py))

typecheck:
	$(BIN)/mypy --strict $(HANDWRITTEN)
	$(BIN)/mypy --strict examples tests/typing/pass_*.py
	$(BIN)/pyright examples tests/typing/pass_*.py

pytest:
	$(PY) -m pytest -q

test: lint typecheck check-generated pytest

# The quickstart against a FakeCal on 127.0.0.1 (no network, no account). Only CAL_DEMO_LIVE=1 (which
# passes --live) books and cancels on your Cal.com account; an exported CAL_API_KEY alone never does.
demo:
	$(PY) examples/quickstart.py $(if $(filter 1,$(CAL_DEMO_LIVE)),--live)

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

# Several worker processes on one credential, with and without Redis (~3 min): shared rate-limit
# windows, one token refresh, SIGKILLed refresh holders, shared idempotency keys under faults, a Redis
# restart, the coordinator's cost per call. FakeCal and redis-server on 127.0.0.1, bounded in time.
scale:
	cd tests/scale && timeout 600 ../../$(PY) scale_run.py

# Changelog of what changed for SDK users: make api-diff OLD=old.json NEW=new.json [OUT=changes.md]
api-diff:
	$(PY) -m openapi api-diff '$(OLD)' '$(NEW)' $(if $(OUT),-o '$(OUT)')

# Unattended: regenerate from SPEC if its hash changed; names, lock, changelog, wrapper check, tests.
# REGENERATE_ARGS=--no-test when CI runs the tests as a separate step. make reports any failure as
# 2; the real status (0 done, 1 failed, 3 regenerated but wrappers or tests break) is in
# .work/regenerate.status and the step output `status`.
regenerate:
	$(PY) -m openapi regenerate --spec '$(SPEC)' $(if $(SPEC_URL),--url '$(SPEC_URL)') $(REGENERATE_ARGS); \
	status=$$?; $(MAKE) -s relink; exit $$status

# Commit the regeneration on a branch and open or update its pull request (git + gh).
open-pr:
	$(PY) -m openapi open-pr

# Which handwritten wrappers break against cal_client/ (or PACKAGE=dir), relative to the locked package.
check-wrappers:
	$(PY) -m openapi check-wrappers $(if $(PACKAGE),--package '$(PACKAGE)')

clean:
	rm -rf .work .pytest_cache .mypy_cache .ruff_cache
