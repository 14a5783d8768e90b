# ckanext-kommunal — set-up, portal and tests in one place.
#   make run     portal with demo content on http://127.0.0.1:$(PORT)
#   make test    whole test suite (incl. CKAN's own search tests on pg_search)
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
ARGS ?=
PYTEST := $(BIN)/pytest -p ckanext.pg_search.pytest_plugin
DEV_INI := .local/ckan.ini
STAMP := $(VENV)/.installed

.PHONY: help system venv services stop clean run init-portal test lint i18n conformance \
        test-own bench-search bench-dcat bench-oparl check-fresh

help:
	@echo "make run          portal on http://127.0.0.1:$(PORT) (make run PORT=8080)"
	@echo "make test         set-up plus the whole test suite (ARGS='…' for pytest)"
	@echo "make services     start the private PostgreSQL and Redis only"
	@echo "make stop         stop them; make clean removes .venv and .local"
	@echo "make bench-search search benchmark (N=10000 datasets)"
	@echo "make bench-dcat   DCAT-AP.de benchmark (catalogue page, conformance check)"
	@echo "make bench-oparl  OParl harvest benchmark (20,000 papers; full and 1% incremental)"
	@echo "make i18n         extract message ids, update and compile the catalogues in i18n/"
	@echo "make check-fresh  make test and make run in a fresh Debian 12 root (debootstrap; root only, ~30 min)"

# System packages come first: every other target depends on them, since the
# virtualenv's pins build from source (compiler, headers, pg_config).
system:
	@bash scripts/system-packages.sh

$(STAMP): requirements.txt setup.py | system
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --upgrade pip setuptools wheel
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	@touch $@

venv: $(STAMP)

services: system
	@bash scripts/services.sh start

stop:
	@bash scripts/services.sh stop

clean: stop
	rm -rf $(VENV) .local build *.egg-info

$(DEV_INI): | $(STAMP)
	@mkdir -p .local
	$(BIN)/ckan generate config $(DEV_INI) >/dev/null
	@chmod 600 $(DEV_INI)

init-portal: venv services $(DEV_INI)
	@bash scripts/configure-portal.sh $(DEV_INI) $(PORT)
	$(BIN)/ckan -c $(DEV_INI) db upgrade
	$(BIN)/ckan -c $(DEV_INI) db upgrade -p pg_search
	$(BIN)/ckan -c $(DEV_INI) db upgrade -p activity
	$(BIN)/ckan -c $(DEV_INI) db upgrade -p privacy_clearance
	$(BIN)/ckan -c $(DEV_INI) db upgrade -p portal_security
	$(BIN)/ckan -c $(DEV_INI) db upgrade -p harvest
	$(BIN)/ckan -c $(DEV_INI) db upgrade -p oparl_harvester

# The demo content is created by run-portal.sh once the demo servers it uses
# (mail sink, OParl) are up: its clearance notifications are real e-mails.
run: init-portal
	@bash scripts/run-portal.sh $(DEV_INI) $(PORT)

# message ids of every plugin extracted into i18n/, catalogues merged (new ids
# added, none removed) and compiled; translate what it reports as missing
i18n: venv
	$(BIN)/python scripts/i18n.py

lint: venv
	$(BIN)/ruff check ckanext tests scripts setup.py schemas i18n
	$(BIN)/ruff format --check ckanext tests scripts setup.py schemas i18n
	$(BIN)/mypy

test: venv services lint
ifeq ($(ARGS),)
	$(PYTEST) --ckan-ini=test.ini tests
	$(MAKE) --no-print-directory conformance
else
	$(PYTEST) --ckan-ini=test.ini $(ARGS)
endif

# CKAN's own search tests, shipped inside the ckan package, against pg_search
CONFORMANCE_TESTS := ckan.tests.lib.search \
  ckan.tests.logic.action.test_get \
  ckan.tests.logic.action.test_create \
  ckan.tests.logic.action.test_update \
  ckan.tests.logic.action.test_delete \
  ckan.tests.controllers.test_package \
  ckan.tests.controllers.test_group \
  ckan.tests.controllers.test_organization \
  ckan.tests.controllers.test_api \
  ckan.tests.controllers.test_feed

# --noconftest: CKAN's tests need none of ours, and loading tests/conftest.py
# would make our `tests` package the top-level `tests` that the entry points
# of CKAN's test plugins (tests.plugins.ckantestplugins) import from.
conformance: venv services
	$(PYTEST) --ckan-ini=test-conformance.ini -q -p no:cacheprovider --noconftest \
	  --pg-search-skip-list=tests/pg_search/conformance_skip.txt \
	  --pyargs $(CONFORMANCE_TESTS)

bench-search: venv services
	$(BIN)/python scripts/bench_search.py --ini test.ini --n $${N:-10000}

bench-dcat: venv services
	$(BIN)/python scripts/bench_dcat.py --ini test.ini

bench-oparl: venv services
	$(BIN)/python scripts/bench_oparl.py --ini test.ini

# The two commands on a fresh Debian 12 root (debootstrap, chroot): not part
# of make test, run before an issue is resolved. Needs root and the ports of
# the private services free; stops this checkout's own services first.
check-fresh:
	@bash scripts/check-fresh.sh
