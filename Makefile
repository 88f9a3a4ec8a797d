# Two commands do everything on a fresh machine (Python 3.11, Java 17, Maven):
#   make run   - virtualenv, install, local Neo4j, sample data, API on http://127.0.0.1:8000
#   make test  - the same set-up, then the whole test suite against a real Neo4j
#   (make test-fast: ruff, mypy and the tests that need no Neo4j, in seconds)
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: eval run test test-fast lint soak install typecheck clean neo4j-stop browser-deps bench bench-tenure

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/supplygraph demo

test: $(STAMP) browser-deps lint typecheck
	$(BIN)/python -m pytest

# ruff, mypy and the tests that need no Neo4j (parsing, towers, dates, the synthetic generator...): seconds
test-fast: $(STAMP) lint typecheck
	$(BIN)/python -m pytest -m "not neo4j"

# ruff (lint and format check) and mypy: part of make test
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The soak test at full length: 60 s of 50 clients on loopback while a load runs and Neo4j restarts
# (make test runs a 10 s, 20-client version of the same test).
soak: $(STAMP)
	SOAK_SECONDS=60 SOAK_CLIENTS=50 $(BIN)/python -m pytest -m soak -s tests/test_faults.py

# Debian's headless Chromium for the explorer's browser test (Playwright drives it; no browser download)
browser-deps:
	@if [ -x /usr/bin/chromium ]; then echo "chromium: $$(/usr/bin/chromium --version 2>/dev/null)"; \
	else sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update && $$sudo apt-get install -y chromium chromium-driver; fi

typecheck: $(STAMP)
	$(BIN)/mypy

# Load and query throughput at 10k, 100k and 1M contracts (BENCH_SIZES=10000,100000 for a quick run);
# wrk (Debian) drives the API. Prints the table, writes benchmarks/results.json and benchmarks/README.md.
bench: $(STAMP)
	@command -v wrk >/dev/null || { sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; $$sudo apt-get update && $$sudo apt-get install -y wrk; }
	$(BIN)/python benchmarks/bench.py

# The stored tenure layer beside the per-request queries it replaced (BENCH_SIZES, default 10000,100000):
# whole-graph returns, switching matrix, consolidations; per-pair succession, predecessor; load and check.
bench-tenure: $(STAMP)
	$(BIN)/python benchmarks/tenure_bench.py

neo4j-stop: $(STAMP)
	$(BIN)/supplygraph neo4j stop

clean:
	rm -rf $(VENV) .neo4j-test .pytest_cache .mypy_cache

# Precision and recall on the hand-labelled real notices: service classification and contract succession, and
# succession on a generated history whose truth is known (a private Neo4j for it; docs/classification.md and
# docs/incumbents.md quote what these print)
eval: $(STAMP)
	$(BIN)/python evaluation/classification.py
	$(BIN)/python evaluation/incumbents.py
