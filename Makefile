# The patient-education pipeline. `make` builds every sheet; `make test` runs the tests;
# `make check` is exactly what CI gates on. `make help` lists everything.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := all
.PHONY: all build test lint typecheck check golden clean distclean help

all: build ## Set up (first run only) and build every sheet in sources/ into outputs/

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; run: make PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

build: $(STAMP) ## Build outputs/<lang>/<sheet>.html, .docx and .txt
	$(BIN)/pipeline build

test: $(STAMP) ## Run the test suite
	$(BIN)/pytest -q

lint: $(STAMP) ## Lint and check formatting
	$(BIN)/ruff check pipeline tests
	$(BIN)/ruff format --check pipeline tests

typecheck: $(STAMP) ## Type-check
	$(BIN)/mypy

check: lint typecheck test build ## The CI gate: lint, format, types, tests, and a full build

golden: $(STAMP) ## Regenerate golden files on purpose; then read `git diff tests/golden`
	UPDATE_GOLDEN=1 $(BIN)/pytest -q
	git --no-pager diff --stat -- tests/golden

clean: ## Remove generated outputs and caches (keeps outputs/README.md)
	find outputs -mindepth 1 ! -name README.md -delete
	rm -rf .pytest_cache .mypy_cache .ruff_cache .hypothesis build *.egg-info
	find pipeline tests -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean ## Also remove the virtual environment
	rm -rf $(VENV)

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'
