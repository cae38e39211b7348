# Smart City Lessen — the two commands: `make serve` and `make test`.
# Both create .venv and install the pinned requirements first, on any machine
# with Python 3.11+.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help serve build test check lint new bench clean browser-deps

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

# The site's own package (scripts/smartcity) is installed editable, without dependencies:
# the build hook, the scripts and the tests then `import smartcity` like any library.
$(BIN)/.installed-site: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(BIN)/.installed-dev: requirements-dev.txt requirements-links.txt requirements.txt $(BIN)/.installed-site
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# serve and build run the content checker first: a mistake in a page stops here, in
# Dutch with file and line, before MkDocs starts. While `make serve` runs, a page
# that becomes broken shows its problems at the top of the page (not strict), so
# the server never waits on a failed build. --dirty: after a save only the changed
# page and the pages that show it (lists, counts, related pages) are rendered again;
# the build hook chooses them. The search index follows two seconds after the last save.
serve: $(BIN)/.installed-site ## Check the pages, then serve the site on http://127.0.0.1:8000 with live reload
	@$(BIN)/python scripts/check_content.py
	$(BIN)/mkdocs serve --dirty --no-strict --dev-addr $(HOST)

build: $(BIN)/.installed-site ## Check the pages, build the site into site/ (strict), then the publish gate over site/
	@$(BIN)/python scripts/check_content.py
	$(BIN)/mkdocs build --strict
	$(BIN)/python scripts/publish_gate.py site

check: $(BIN)/.installed-site ## Check the content pages (front matter, tags, links)
	$(BIN)/python scripts/check_content.py

new: $(BIN)/.installed-site ## Start a new page: make new asks the questions one by one (or ARGS='--type les --title "…" …')
	$(BIN)/python scripts/new_page.py $(ARGS)

lint: $(BIN)/.installed-dev ## ruff
	$(BIN)/ruff check scripts overrides tests benchmarks
	$(BIN)/ruff format --check scripts overrides tests benchmarks

test: $(BIN)/.installed-dev ## Run every check and test (the browser tests need Chromium)
	$(BIN)/ruff check scripts overrides tests benchmarks
	$(BIN)/ruff format --check scripts overrides tests benchmarks
	$(BIN)/python scripts/check_content.py
	$(BIN)/python -m pytest

bench: $(BIN)/.installed-dev ## Run the benchmarks (see README, Benchmarks; bench_site needs Chromium and npm)
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_serve.py
	$(BIN)/python benchmarks/bench_checker.py
	$(BIN)/python benchmarks/bench_gate.py
	$(BIN)/python benchmarks/bench_search.py
	$(BIN)/python benchmarks/bench_site.py --runs 5

browser-deps: ## Install Debian's Chromium (browser tests) and openssl (the HTTPS test servers' certificate); needs root or sudo
	@if [ -x /usr/bin/chromium ] && command -v openssl >/dev/null; then echo "chromium and openssl are installed"; \
	else SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core openssl; fi

clean: ## Remove the build output and the virtual environment
	rm -rf site $(VENV) .pytest_cache .hypothesis test-artifacts .cache
