# Two commands do everything on a fresh machine (Python 3.11, Java 17, Maven):
#   make run   - virtualenv, install, local Neo4j, sample data, API on http://127.0.0.1:8000
#   make test  - the same set-up, then the whole test suite against a real Neo4j
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install typecheck clean neo4j-stop

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/supplygraph demo

test: $(STAMP)
	$(BIN)/python -m pytest

typecheck: $(STAMP)
	$(BIN)/mypy

neo4j-stop: $(STAMP)
	$(BIN)/supplygraph neo4j stop

clean:
	rm -rf $(VENV) .neo4j-test .pytest_cache .mypy_cache
