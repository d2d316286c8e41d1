# The two commands of the README: `make run` and `make test`. Everything else is a step.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
PORT ?= 3000

# Reflex, offline-friendly: no telemetry or version check; Node and npm from the venv.
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := false
export REFLEX_USE_NPM := 1
export PATH := $(BIN):$(PATH)

.PHONY: run test install browser clamav nginx lint unit browser-tests bench

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

## run: install, migrate, load the demo data and serve at http://localhost:$(PORT)/
run: install
	$(BIN)/python -m counter serve --port $(PORT)

# Debian's Chromium for the browser tests (never `playwright install`: it downloads),
# poppler + zbar, with which the tests scan the QR codes printed on receipts and decisions,
# and axe-core from the npm registry for the accessibility audit.
AXE := tests/browser/axe/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/axe/package.json tests/browser/axe/package-lock.json
	cd tests/browser/axe && npm ci --no-audit --no-fund --loglevel=error
	touch $@

browser: $(AXE)
	@command -v chromium >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 \
	  && command -v zbarimg >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium, fonts, poppler-utils and zbar-tools for the tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium fonts-noto-core poppler-utils zbar-tools >/dev/null; }

# Debian's ClamAV daemon for the virus scanner's tests (tests/test_clamav.py start their own
# clamd with a signature database they write: no freshclam, no download).
clamav:
	@command -v clamd >/dev/null 2>&1 || test -x /usr/sbin/clamd || { \
	  echo "Installing Debian's clamav-daemon for the tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    clamav-daemon clamav >/dev/null; }

# Debian's nginx for the production tests (tests/browser/test_production_browser.py run
# their own nginx on a config made from deploy/nginx-counter.conf; the system's stays off).
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
	  echo "Installing Debian's nginx for the tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    nginx >/dev/null; }

lint: install
	$(BIN)/ruff check .

unit: install clamav
	$(BIN)/python -m pytest -m "not browser" -n 2 -q

browser-tests: install browser nginx
	$(BIN)/python -m pytest -m browser -q

## test: the whole suite, browser tests included
test: install browser clamav nginx lint
	$(BIN)/python -m pytest -m "not browser" -n 2 -q
	$(BIN)/python -m pytest -m browser -q

## bench: the benchmarks of bench/README.md
bench: install browser
	$(BIN)/python bench/receipts.py
	$(BIN)/python bench/upload_memory.py
	$(BIN)/python bench/agent_queue.py
	$(BIN)/python bench/indicators.py --sizes 10000,100000
	$(BIN)/python bench/dashboard.py --dossiers 100000
	$(BIN)/python bench/bandwidth.py
	$(BIN)/python bench/state_size.py
	$(BIN)/python bench/load.py --quick
