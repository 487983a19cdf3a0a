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

.PHONY: run run-peer test lint typecheck bench serve worker system-deps translations clean

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
	PARTYDESK_EXCHANGE_ALLOW_HTTP_LOOPBACK=1 $(MANAGE) outbox_deliver --loop & worker=$$!; \
	  $(MANAGE) db_worker --no-reload -v 0 & tasks=$$!; \
	  trap 'kill $$worker $$tasks' EXIT; \
	  PARTYDESK_EXCHANGE_ALLOW_HTTP_LOOPBACK=1 $(MANAGE) runserver $(HOST):$(PORT)

# The second demo installation (ADR 0020): the provincial committee, on PEER_PORT with its own
# SQLite database and files under var/peer/, and its own CA. Both installations trust each
# other's root CA and know each other as peers over loopback http (allowed for loopback only
# by PARTYDESK_EXCHANGE_ALLOW_HTTP_LOOPBACK). Start `make run` in another terminal; the Bloc's
# clerk releases to "Tỉnh ủy Nghệ An", the province's clerk (tu_vanthu) registers it.
PEER_PORT ?= 8001
PEER_DIR := $(CURDIR)/var/peer
PEER_ENV := DATABASE_URL=sqlite:///$(PEER_DIR)/partydesk.sqlite3 \
	PARTYDESK_MEDIA_ROOT=$(PEER_DIR)/media PARTYDESK_AUDIT_CHECKPOINT_DIR=$(PEER_DIR)/audit-checkpoints \
	PARTYDESK_SITE_URL=http://$(HOST):$(PEER_PORT) PARTYDESK_EXCHANGE_ALLOW_HTTP_LOOPBACK=1
run-peer: $(VENV)/.installed translations
	@bash scripts/system-deps.sh --runtime
	@mkdir -p $(PEER_DIR)
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --once
	$(PEER_ENV) $(MANAGE) migrate --noinput
	$(PEER_ENV) $(MANAGE) seed_peer_demo --once
	$(MANAGE) exchange_ca_pem --out $(PEER_DIR)/bloc-ca.pem
	$(PEER_ENV) $(MANAGE) exchange_ca_pem --out $(PEER_DIR)/province-ca.pem
	PARTYDESK_EXCHANGE_ALLOW_HTTP_LOOPBACK=1 $(MANAGE) exchange_peer_add --name "Tỉnh ủy Nghệ An" \
	  --url http://$(HOST):$(PEER_PORT)/ --organ-id 000.00.00.H40 --ca $(PEER_DIR)/province-ca.pem \
	  --organization "Tỉnh ủy Nghệ An" --abbreviation TU
	$(PEER_ENV) $(MANAGE) exchange_peer_add --name "Đảng bộ các cơ quan Đảng tỉnh" \
	  --url http://$(HOST):$(PORT)/ --organ-id 000.00.01.H40 --ca $(PEER_DIR)/bloc-ca.pem \
	  --organization "Đảng bộ các cơ quan Đảng tỉnh" --abbreviation ĐUK
	$(PEER_ENV) $(MANAGE) outbox_deliver --loop & worker=$$!; \
	  $(PEER_ENV) $(MANAGE) db_worker --no-reload -v 0 & tasks=$$!; \
	  trap 'kill $$worker $$tasks' EXIT; $(PEER_ENV) $(MANAGE) runserver $(HOST):$(PEER_PORT)

# LINT=0 leaves out the checks that read the code, not the database (CI runs them in one pass).
LINT ?= 1
test: $(VENV)/.installed system-deps translations
ifneq ($(LINT),0)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy partydesk config bench
	$(VENV)/bin/lint-imports
	$(MANAGE) makemigrations --check --dry-run
endif
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
