# Two commands do everything on a fresh machine:
#   make dev   - venv + install, migrate, load the demo data, run the main job offline, start Dagster (UI + daemon)
#   make test  - venv + install, lint, start PostgreSQL if needed, run the whole test suite (as CI does)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
TEST_WORKERS ?= 2  # pytest-xdist processes: CI machines have 2 cores

.PHONY: install dev demo test lint bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

dev: install
	$(BIN)/jobsearch demo
	$(BIN)/jobsearch dev

demo: install
	$(BIN)/jobsearch demo

lint: install
	$(BIN)/ruff check .

test: install lint
	./scripts/ensure-postgres.sh
	./scripts/ensure-chromium.sh
	JOBSEARCH_REQUIRE_POSTGRES=1 $(BIN)/pytest -n $(TEST_WORKERS)

bench: install
	./scripts/ensure-postgres.sh
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .dagster_home data .pytest_cache .ruff_cache
