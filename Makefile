# shidian — developer and CI entry points (GNU make). `make help` lists the targets.
#
# The virtualenv (.venv, Python 3.11) is created when absent and synced with
# requirements/lock.txt only when the lock's sha256 differs from the stamp in .venv.
# The project is not installed into the venv: it runs from this checkout (a .pth file in
# the venv puts the checkout on sys.path for tools started from elsewhere).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := install
MAKEFLAGS += --no-print-directory

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
LOCK   := requirements/lock.txt
STAMP  := $(VENV)/.lock.sha256
PORT   ?= 8000
# pytest-xdist workers for `make test`: 0 = one process. Measured on 2 cores (Nov 2026):
# 164 tests: 9 s in one process, 12-15 s with -n 2; 241 tests: SQLite 16.2 s vs 16.5 s,
# PostgreSQL 23.4 s both ways (each worker migrates, loads the demo data and starts its own
# Chromium). The suite passes under -n 2; switch the default once -n 2 is clearly faster.
PYTEST_WORKERS ?= 0
PYTEST_ARGS    ?=
CHROMIUM := /usr/bin/chromium
# Lines of pip's own noise from this machine's local indexes.
PIP_NOISE := is ignored: it is neither a file nor a directory

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help install run test lint format lock messages guide clean sysdeps-fonts sysdeps-browser

help:
	@echo "make            create .venv (Python 3.11) and install requirements/lock.txt"
	@echo "make run        migrate, load demo data and serve on http://127.0.0.1:$(PORT)/"
	@echo "make test       ruff check + pytest (browser tests in Debian's Chromium)"
	@echo "make lint       ruff check + ruff format --check"
	@echo "make format     ruff format + ruff check --fix"
	@echo "make lock       regenerate requirements/lock.txt from pyproject.toml"
	@echo "make messages   makemessages -l en + compilemessages"
	@echo "make guide      rerun the journeys: guide screenshots + axe-core report in docs/guide/"
	@echo "make clean      remove var/ and .venv"

$(PY):
	$(PYTHON) -m venv $(VENV)

install: $(PY)
	@$(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
	  || { echo "ERROR: $(VENV) is not Python 3.11: run make clean" >&2; exit 1; }
	@want=$$(sha256sum $(LOCK) | cut -d' ' -f1); \
	have=$$(cat $(STAMP) 2>/dev/null || true); \
	if [ "$$want" != "$$have" ]; then \
	  echo "Installing $(LOCK) into $(VENV) ..."; \
	  $(PY) -m pip install --quiet -r $(LOCK) 2>&1 | { grep -v "$(PIP_NOISE)" || true; }; \
	  echo "$$want" > $(STAMP); \
	fi
	@site=$$($(PY) -c 'import sysconfig; print(sysconfig.get_path("purelib"))'); \
	echo "$(CURDIR)" > "$$site/shidian-checkout.pth"
	@if ! $(PY) requirements/lock.py --check; then [ "$${CI:-}" != true ]; fi

# What WeasyPrint's PDFs need from Debian: pango (its text layout; a minimal machine may lack
# it) and fonts-noto-cjk (Chinese glyphs, also for browser screenshots).
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk

sysdeps-fonts:
	@missing=""; \
	for package in $(PDF_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q 'ok installed' \
	    || missing="$${missing:+$$missing }$$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's $$missing ..."; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get install -y -q $$missing >/dev/null \
	      || { apt-get update -q >/dev/null && apt-get install -y -q $$missing >/dev/null; }; \
	  else \
	    echo "NOTE: $$missing not installed and make is not root: PDFs may fail or lack Chinese glyphs (sudo apt-get install $$missing)."; \
	  fi; \
	fi

# Chromium for the Playwright browser tests (never `playwright install`), and poppler-utils
# (pdftotext, pdfinfo) with which the tests read generated PDFs back.
# Not root and no Chromium: browser tests skip (SHIDIAN_BROWSER_SKIP); with CI=true: error.
sysdeps-browser: sysdeps-fonts
	@missing=""; \
	[ -x $(CHROMIUM) ] || missing="chromium"; \
	command -v pdftotext >/dev/null || missing="$${missing:+$$missing }poppler-utils"; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian's $$missing ..."; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get install -y -q $$missing >/dev/null \
	    || { apt-get update -q >/dev/null && apt-get install -y -q $$missing >/dev/null; } \
	    || [ "$${CI:-}" != true ]; \
	fi; \
	if [ ! -x $(CHROMIUM) ] && [ "$${CI:-}" = true ]; then \
	  echo "ERROR: $(CHROMIUM) is missing and CI=true: browser tests must run in CI." >&2; exit 1; \
	fi

# Recipes that need the browser verdict run in one shell, so the variable reaches pytest.
define BROWSER_ENV
if [ ! -x $(CHROMIUM) ]; then \
  export SHIDIAN_BROWSER_SKIP="Chromium not installed: browser tests skipped (make test as root installs it)"; \
elif ! dpkg-query -W -f='$${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'ok installed'; then \
  echo "NOTE: fonts-noto-cjk is not installed: pages and PDFs will lack Chinese glyphs."; \
fi
endef

test: install sysdeps-browser
	@mkdir -p var/static
	@$(BROWSER_ENV); \
	echo "== ruff check ."; \
	lint=0; $(VENV)/bin/ruff check . || lint=$$?; \
	echo "== pytest on $${DATABASE_URL:-SQLite (default)}"; \
	workers=""; [ "$(PYTEST_WORKERS)" = 0 ] || workers="-n $(PYTEST_WORKERS)"; \
	tests=0; SHIDIAN_ENV=test $(PY) -m pytest $$workers $(PYTEST_ARGS) || tests=$$?; \
	if [ $$lint != 0 ]; then echo "FAILED: ruff check found problems (see above)" >&2; fi; \
	if [ $$tests != 0 ]; then echo "FAILED: pytest exited with $$tests" >&2; fi; \
	[ $$lint = 0 ] && [ $$tests = 0 ]

run: install sysdeps-fonts
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo; echo "shidian: http://127.0.0.1:$(PORT)/  (Ctrl-C stops)"; echo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

lock:
	$(PYTHON) requirements/lock.py
	@rm -f $(STAMP)

messages: install
	$(PY) manage.py makemessages -l en --ignore='var/*' --ignore='node_modules/*' --ignore='static/*' --ignore='.venv/*' --ignore='bench/*' --ignore='journeys/*' --ignore='test-results/*'
	$(PY) manage.py compilemessages --ignore='.venv/*' --ignore='var/*'

# The user guide's screenshots are taken by the journeys themselves (journeys/, see
# shidian/testing/journey.py), and the axe-core report of every page they visit, together with
# the accessibility checks, is written beside them. Old screenshots are removed first, so a step
# a journey no longer takes leaves no stale picture (journeys/test_guide.py checks the links).
GUIDE_TESTS := journeys shidian/testing/tests/test_accessibility.py

guide: install sysdeps-browser
	@mkdir -p var/static
	rm -rf docs/guide/img docs/guide/axe-report.md
	@$(BROWSER_ENV); \
	SHIDIAN_ENV=test SHIDIAN_GUIDE_SHOTS=docs/guide/img SHIDIAN_AXE_REPORT=docs/guide/axe-report.md \
	  $(PY) -m pytest -q $(GUIDE_TESTS)
	@# Screenshots are flat UI colours: pngquant (Debian's) makes them ~3x smaller, legibly.
	@if ! command -v pngquant >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q pngquant >/dev/null || true; \
	fi; \
	if command -v pngquant >/dev/null; then \
	  find docs/guide/img -name '*.png' -print0 \
	    | xargs -0 pngquant --quality=70-95 --speed 1 --force --ext .png --skip-if-larger || true; \
	else echo "NOTE: pngquant not installed: screenshots left uncompressed"; fi
	@echo "docs/guide: $$(find docs/guide/img -name '*.png' | wc -l) screenshots ($$(du -sh docs/guide/img | cut -f1)); docs/guide/axe-report.md"

clean:
	rm -rf var .venv

# --- bench (bench/README.md) ------------------------------------------------------------
# make bench-data SCALE=1   a fresh national dataset in BENCH_DATABASE_URL (PostgreSQL:
#                           dropped and recreated; sqlite:///path: the file is replaced)
# make bench                gunicorn (production settings) + wrk against it; bench/RESULTS.md
SCALE              ?= 1
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/shidian_bench
BENCH_REDIS_URL    ?= redis://127.0.0.1:6379/14
BENCH_DURATION     ?= 15

.PHONY: bench-data bench

bench-data: install
	@BENCH_DATABASE_URL="$(BENCH_DATABASE_URL)" bash bench/make_data.sh "$(SCALE)"

bench: install
	@BENCH_DATABASE_URL="$(BENCH_DATABASE_URL)" BENCH_REDIS_URL="$(BENCH_REDIS_URL)" \
	  BENCH_DURATION="$(BENCH_DURATION)" bash bench/run.sh
