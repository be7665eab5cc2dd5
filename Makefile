# Balai: `make up` runs the whole platform on this machine; `make test` runs every test.
SHELL := /bin/bash
UV := $(shell infra/scripts/ensure-uv.sh)
PYTEST_ARGS ?=

.PHONY: up down test lint typecheck fmt contracts sync sync-test system-deps test-deps pwa

sync:
	$(UV) sync --all-packages --locked

system-deps:
	@infra/scripts/system-deps.sh runtime

test-deps:
	@infra/scripts/system-deps.sh test

# `npm install --no-save`, not `npm ci`: npm 11 leaves other platforms' optional packages (rollup, esbuild)
# out of the lockfile and then refuses it in `npm ci` (npm/cli#8805). This installs the locked versions.
pwa:
	@if [ -f pwa/package.json ]; then cd pwa && npm install --no-save --no-audit --no-fund && npm run build; fi

up: sync system-deps pwa
	$(UV) run --no-sync python -m balai.stack up

down:
	$(UV) run --no-sync python -m balai.stack down

lint:
	$(UV) run --no-sync ruff check .
	$(UV) run --no-sync ruff format --check .

typecheck:
	$(UV) run --no-sync mypy services/*/src
	@# scripts beside the services (each folder is its own top level: they import their neighbours by name)
	@for d in loadtests benchmarks services/*/benchmarks; do \
		echo "mypy $$d"; MYPYPATH=$$d $(UV) run --no-sync mypy $$d || exit 1; \
	done

fmt:
	$(UV) run --no-sync ruff format .
	$(UV) run --no-sync ruff check --fix .

contracts:
	$(UV) run --no-sync python -m balai.contracts.snapshots

# The test machine also gets the kiosk hardware extra (pyscard, pycups build against the Debian libraries).
sync-test: test-deps
	$(UV) sync --all-packages --all-extras --locked

test: sync-test lint typecheck
	$(UV) run --no-sync pytest $(PYTEST_ARGS)
