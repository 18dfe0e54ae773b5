# Two commands for a newcomer: `make run` and `make test`. Only Python is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-suite lint format bench fuzz mutation messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/goumai migrate --noinput
	$(BIN)/goumai collectstatic --noinput --verbosity 0
	$(BIN)/goumai demo
	@echo "在浏览器打开 http://$(HOST):$(PORT)/ （Ctrl+C 停止）"
	@# The background worker (long imports, nightly jobs) runs beside the web server.
	$(BIN)/goumai db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/goumai runserver $(HOST):$(PORT) --noreload

test: $(STAMP) lint test-suite

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

test-suite: $(STAMP)
	$(BIN)/pytest

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/evaluation.py
	$(BIN)/python bench/disclosure.py
	$(BIN)/python bench/baseline.py
	$(BIN)/python bench/approvals.py
	$(BIN)/python bench/pilots.py
	$(BIN)/python bench/indicators.py

# A longer fuzzing of the API than `make test` runs (goumai/tests/test_api_fuzz.py),
# on SQLite, then on PostgreSQL when DATABASE_URL_PG is reachable. Not part of CI.
FUZZ_EXAMPLES ?= 300
DATABASE_URL_PG ?= postgres://postgres@127.0.0.1:5432/goumai
fuzz: $(STAMP)
	GOUMAI_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest goumai/tests/test_api_fuzz.py
	GOUMAI_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) DATABASE_URL=$(DATABASE_URL_PG) $(BIN)/pytest goumai/tests/test_api_fuzz.py

# Mutation testing of the rule modules (docs/testing.md); not part of CI: it takes long.
# Every mutant's test session works on a copy of one prepared SQLite file.
MUTATION_DB := $(CURDIR)/var/mutation/template.sqlite3
mutation: $(STAMP)
	rm -rf mutants var/mutation && mkdir -p var/mutation
	DATABASE_URL=sqlite:///$(MUTATION_DB) $(BIN)/goumai migrate --noinput --verbosity 0
	DATABASE_URL=sqlite:///$(MUTATION_DB) $(BIN)/goumai load_regions > /dev/null
	DATABASE_URL=sqlite:///$(MUTATION_DB) $(BIN)/goumai load_catalog > /dev/null
	DATABASE_URL=sqlite:///$(MUTATION_DB) $(BIN)/goumai load_frameworks > /dev/null
	GOUMAI_TEST_DB_TEMPLATE=$(MUTATION_DB) $(BIN)/mutmut run --max-children $$(nproc)
	$(BIN)/python scripts/mutation_score.py

# Recompile the English translation after editing goumai/locale/en/LC_MESSAGES/django.po.
messages: $(STAMP)
	cd goumai && ../$(BIN)/goumai compilemessages --locale en

clean:
	rm -rf $(VENV) var
