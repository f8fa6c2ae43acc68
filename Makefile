# The two commands: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
PYTHON_VERSION := $(shell cat .python-version)
VENV := .venv
PY := $(VENV)/bin/python
STAMP_PY := $(VENV)/.installed
STAMP_JS := node_modules/.installed
ASSETS := casereview/static_build/css/application.css

.PHONY: run test test-unit test-e2e lint bench install assets clean

# `PORT=8101 make run` serves on another port; the printed links and the emails follow it.
PORT ?= 8000
run: install
	mkdir -p var
	$(PY) manage.py migrate --no-input
	SITE_URL=$${SITE_URL:-http://localhost:$(PORT)} $(PY) manage.py seed_demo
	SITE_URL=$${SITE_URL:-http://localhost:$(PORT)} PORT=$(PORT) bash scripts/run-dev

# Two workers (pytest-xdist): CI's machine has two cores. Each worker builds its own test database once.
test: install lint
	$(VENV)/bin/pytest -n 2

test-unit: install
	$(VENV)/bin/pytest -n 2 -m "not e2e"

test-e2e: install
	$(VENV)/bin/pytest -n 2 -m e2e

# Timings live here, never in tests: each prints `BENCH <name> <value> <unit>`, timings as a ratio
# to a floor measured in the same run. The first run builds var/bench.sqlite3 (20,000 synthetic cases);
# set DATABASE_URL to measure on PostgreSQL instead.
bench: install
	$(PY) bench/tracker.py
	$(PY) bench/chronology.py
	$(PY) bench/library.py
	$(PY) bench/upload_bombs.py
	$(PY) bench/anonymisation.py
	$(PY) bench/load.py

# ruff, and the direction apps import in (ADR 0028: import-linter's contracts in pyproject.toml).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

install: $(STAMP_PY) $(ASSETS)

$(STAMP_PY): requirements.txt requirements-dev.txt .python-version
	@command -v pyenv >/dev/null && pyenv install --skip-existing $(PYTHON_VERSION) || true
	@PYBIN=$$( (command -v pyenv >/dev/null && pyenv which python) || command -v python3.12 || command -v python3 ); \
	  $$PYBIN -c 'import sys; assert sys.version_info[:2] == (3, 12), "Python 3.12 is needed, found " + sys.version' && \
	  $$PYBIN -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP_PY)

$(STAMP_JS): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $(STAMP_JS)

$(ASSETS): $(STAMP_JS) assets/application.scss assets/build.mjs assets/editor.mjs
	npm run --silent build

assets: $(STAMP_JS)
	npm run --silent build

clean:
	rm -rf $(VENV) node_modules casereview/static_build staticfiles
