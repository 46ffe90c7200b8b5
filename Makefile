# coodie-demos: two commands matter.
#   make demo [DEMO=fastapi-catalog]   render a demo into build/, start a database, install, seed, serve it
#   make test                          every test: server suite, 3-node cluster, harness matrix, browser
#                                      (DEMOS=a,b make test: the fast tier and those demos' slow tests)
# and a few more:
#   make check                         the fast tier, no database: registry, stubs, locks, every demo
#                                      rendered and linted, answers, the contract, make db's refusals,
#                                      the README's figures
#   make db [NODES=3] / make db-stop   a database for development (see README: "Database")
#   make lint / make screenshots / make benchmark / make stubs / make lock
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO ?= fastapi-catalog
NODES ?= 1
export SCYLLA_HOSTS ?= 127.0.0.1
export SCYLLA_PORT ?= 9042

.PHONY: db db-stop install demo test check lint screenshots benchmark stubs lock

db:
	@NODES=$(NODES) bash tools/db.sh up

db-stop:
	@bash tools/db.sh down

install: $(BIN)/.installed

# pip brings uv, then uv installs the rest (and the demos' virtualenvs) in seconds.
$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e ".[dev]"
	@touch $@

demo: install db
	@# (PYTHONWARNINGS: copier warns that the working tree's uncommitted changes are rendered
	@# too, which is what we want here)
	PYTHONWARNINGS=ignore $(BIN)/copier copy --quiet --overwrite --defaults --vcs-ref HEAD -d demo=$(DEMO) . build/$(DEMO)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(MAKE) -C build/$(DEMO) install seed run

# Two workers, a demo's tests together (tests/conftest.py): on two cores the database and one
# worker leave a core idle about half the time (subprocess start-ups, waits on the server).
# The 25 slowest tests are listed at the end: where the next minutes of CI time are.
WORKERS ?= 2
test: install db
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -n $(WORKERS) --dist loadscope --no-loadscope-reorder --durations=25

check: lint
	$(BIN)/python tools/lock.py --check
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -m "not slow" -n auto

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd templates && ../$(BIN)/ruff check . && ../$(BIN)/ruff format --check .
	$(BIN)/python tools/stubs.py --check

screenshots: install db
	UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest tests/test_browser.py

benchmark: install db
	$(BIN)/python tools/benchmark_seed.py

stubs:
	$(PYTHON) tools/stubs.py

lock: install
	$(BIN)/python tools/lock.py
