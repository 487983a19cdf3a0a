# partydesk: `make run` (the app with demo data on SQLite) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PYTEST_ARGS ?=
# Where `make run` serves: make run PORT=8101 (HOST=0.0.0.0 to be reached from other machines).
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint typecheck bench serve worker system-deps translations clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "partydesk needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

system-deps:
	@bash scripts/system-deps.sh

translations: $(VENV)/.installed
	$(MANAGE) compile_translations

run: $(VENV)/.installed translations
	@bash scripts/system-deps.sh --runtime
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --once
	$(MANAGE) runserver $(HOST):$(PORT)

test: $(VENV)/.installed system-deps translations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy partydesk config bench
	$(VENV)/bin/lint-imports
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Production: one command each (see docs/operations.md).
serve: $(VENV)/.installed translations
	$(MANAGE) collectstatic --noinput
	$(VENV)/bin/gunicorn config.wsgi --bind $${PARTYDESK_BIND:-127.0.0.1:8000} --workers $${PARTYDESK_WORKERS:-4}

worker: $(VENV)/.installed
	$(MANAGE) db_worker

# National-scale benchmarks on a dedicated PostgreSQL database (bench/README.md);
# e.g. make bench BENCH_ARGS="--quick organizations"
bench: $(VENV)/.installed system-deps translations
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
