# The patient-education pipeline. `make` builds every sheet; `make test` runs the tests;
# `make check` is exactly what CI gates on. `make help` lists everything.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Debian packages the checks need: hunspell; Chromium and Java for the accessibility
# checkers (axe-core, the Nu HTML Checker); Apertium for machine drafts; LibreOffice Writer
# for the tests that read Word documents saved by another program. Each configured
# language's own (dictionaries, Apertium pairs) come from its profile, pipeline/languages/.
DEBIAN_PACKAGES := hunspell chromium default-jre-headless fonts-dejavu-core apertium \
	libreoffice-writer-nogui
LANGUAGE_PACKAGES = $(BIN)/python -m pipeline.languages packages
# Only for `make bench`: pandoc, which the build benchmark compares itself with.
BENCH_PACKAGES := pandoc
NODE_STAMP := node_modules/.package-lock.json
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.DEFAULT_GOAL := all
.PHONY: all deps build translate models audit a11y baseline bench test lint typecheck check golden clean distclean help mt-eval

# A sheet that fails to build (exit 1) does not stop the others' translations; the exit code
# still says it failed. A settings or environment error (exit 2 or more) stops here.
all: deps $(STAMP) ## Set up (first run only), build every sheet, draft its translations
	@status=0; $(BIN)/pipeline build || status=$$?; \
	if [ $$status -gt 1 ]; then exit $$status; fi; \
	$(BIN)/pipeline translate || exit $$?; \
	exit $$status

# Installs those of the Debian packages in $(1) that are missing.
define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps: $(NODE_STAMP) $(STAMP) ## Install the Debian and npm packages the checks need (only those missing)
	@$(LANGUAGE_PACKAGES) >/dev/null
	$(call apt_install,$(DEBIAN_PACKAGES) $$($(LANGUAGE_PACKAGES)))

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; run: make PYTHON=python3.11")'
	@echo "first run: installing the Python packages into $(VENV) (a few minutes; argostranslate and a CPU-only torch are the big ones)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --progress-bar on -e '.[dev,argos]'
	@touch $@

# --ignore-scripts: vnu-jar's install script would try to download a Java runtime.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the accessibility checkers: apt-get install nodejs npm"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund

build: $(STAMP) ## Build outputs/<lang>/<sheet>.html, .docx and .txt
	$(BIN)/pipeline build

translate: deps $(STAMP) ## Draft translations (memory first, then the engine) into outputs/drafts/<lang>/
	$(BIN)/pipeline translate

models: $(STAMP) ## Download the Argos models for the configured languages (once; needs a network)
	$(BIN)/pipeline models

audit: deps $(STAMP) ## Audit every sheet: reading level, spelling, structure, review dates
	$(BIN)/pipeline audit

a11y: deps build ## Check every output's accessibility: axe-core + vnu in Chromium, Word, text
	$(BIN)/pipeline a11y

baseline: deps $(STAMP) ## Record every sheet's reading level as the new baseline (on purpose)
	$(BIN)/pipeline baseline
	git --no-pager diff --stat -- readability-baseline.json

bench: deps $(STAMP) ## Benchmark audit, build, Spanish drafts (1,000 sheets), start-up, spelling and PDF reading on real pages
	$(call apt_install,$(BENCH_PACKAGES))
	$(BIN)/python -m benchmarks.audit_bench --count 1000 --jobs 2
	$(BIN)/python -m benchmarks.build_bench --count 1000 --jobs 2
	$(BIN)/python -m benchmarks.translate_bench --count 1000 --jobs 2
	$(BIN)/python -m benchmarks.spelling_precision
	$(BIN)/python -m benchmarks.pdf_readers
	$(MAKE) --no-print-directory build translate >/dev/null
	$(BIN)/python -m benchmarks.startup_bench --repeat 7

mt-eval: deps $(STAMP) ## Score Spanish drafts against TICO-19's professional translations (chrF, BLEU); its TMX as fuzzy-match suggestions
	$(BIN)/python -m benchmarks.mt_eval
	$(BIN)/python -m benchmarks.memory_leverage

test: deps $(STAMP) ## Run the test suite
	$(BIN)/pytest -q

lint: $(STAMP) ## Lint and check formatting
	$(BIN)/ruff check pipeline tests benchmarks
	$(BIN)/ruff format --check pipeline tests benchmarks

typecheck: $(STAMP) ## Type-check
	$(BIN)/mypy

check: lint typecheck test build audit a11y ## The CI gate: lint, types, tests, build, audit, a11y

golden: $(STAMP) ## Regenerate golden files on purpose; then read `git diff tests/golden`
	UPDATE_GOLDEN=1 $(BIN)/pytest -q
	git --no-pager diff --stat -- tests/golden

clean: ## Remove generated outputs and caches (keeps outputs/README.md)
	find outputs -mindepth 1 ! -name README.md -delete
	rm -rf .pytest_cache .mypy_cache .ruff_cache .hypothesis build *.egg-info
	find pipeline tests benchmarks -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean ## Also remove the virtual environment
	rm -rf $(VENV) node_modules

help: ## List the targets
	@grep -E '^[a-z0-9]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'
