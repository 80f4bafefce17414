# KOVABLIK Portal. `make run` and `make test` are all a newcomer needs (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# make bench: the real size and ten times it, in one run (SIZES=1300 for the real size alone).
SIZES ?= 1300,13000
DEV_ENV := DEBUG=1

.PHONY: install run test lint messages bench load clean

install: $(VENV)/.installed node_modules/.installed locale/.compiled

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

locale/.compiled: $(wildcard locale/*/LC_MESSAGES/django.po) $(VENV)/.installed
	$(DEV_ENV) $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0
	touch $@

run: install
	mkdir -p var
	$(DEV_ENV) $(PY) manage.py migrate --no-input -v0
	$(DEV_ENV) $(PY) manage.py seed_demo
	@echo "KOVABLIK Portal: http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# On SQLite the PostgreSQL-only proofs (marked `postgres`) are deselected, and the run says so;
# CI runs the suite a second time on PostgreSQL, where every test runs.
test: install
	$(PY) -m ruff check .
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run -v0
	@if [[ "$${DATABASE_URL:-}" == postgres* ]]; then \
		echo "Running the whole suite on PostgreSQL"; \
		$(PY) -m pytest $(PYTEST_ARGS); \
	else \
		echo "Running on SQLite; tests marked 'postgres' are deselected here and run in CI's PostgreSQL pass"; \
		$(PY) -m pytest -m "not postgres" $(PYTEST_ARGS); \
	fi

messages: install
	$(DEV_ENV) $(PY) manage.py makemessages -l id -l en --no-obsolete --no-location --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests
	$(PY) scripts/fill_english_catalogue.py locale/en/LC_MESSAGES/django.po
	$(DEV_ENV) $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

bench: install
	$(PY) -m tests.bench --sizes $(SIZES)

# Gunicorn on 127.0.0.1 against a throwaway PostgreSQL database under concurrent sessions (scripts/load_test.py);
# e.g. make load LOAD_ARGS="--duration 120 --workers 4". Not part of `make test`.
load: install
	$(PY) scripts/load_test.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) node_modules var locale/.compiled
