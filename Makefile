# coodie-demos: two commands matter.
#   make demo [DEMO=fastapi-catalog]   render a demo into build/, start a database, install, seed, serve it
#   make test                          every test: server suite, 3-node cluster, harness matrix, browser
# and a few more:
#   make db [NODES=3] / make db-stop   a database for development (see README: "Database")
#   make lint / make screenshots / make benchmark / make stubs
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO ?= fastapi-catalog
NODES ?= 1
export SCYLLA_HOSTS ?= 127.0.0.1
export SCYLLA_PORT ?= 9042

.PHONY: db db-stop install demo test lint screenshots benchmark stubs

db:
	@NODES=$(NODES) bash tools/db.sh up

db-stop:
	@bash tools/db.sh down

install: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

demo: install db
	@# (PYTHONWARNINGS: copier warns that a first copy has no answers file yet, and that the
	@# working tree's uncommitted changes are rendered too; both are what we want here)
	PYTHONWARNINGS=ignore $(BIN)/copier copy --quiet --overwrite --defaults --vcs-ref HEAD -d demo=$(DEMO) . build/$(DEMO)
	$(MAKE) -C build/$(DEMO) install seed run

test: install db
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python tools/stubs.py --check

screenshots: install db
	UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest tests/test_browser.py

benchmark: install db
	$(BIN)/python tools/benchmark_seed.py

stubs:
	$(PYTHON) tools/stubs.py
