# make run  — set everything up, then extract the example reports into a table.
# make test — set everything up, then run the test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test setup bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[model,test]"
	$(BIN)/python -c "import whimbrel.nlp as n; n.load_pipeline()"
	touch $(STAMP)

# make run also stores the examples (in a fresh database, RUN_DB) and serves them: the map at
# http://HOST:PORT/, the API under /api, OpenAPI at /docs. It stays in the foreground; Ctrl+C stops it.
RUN_DB ?= $(or $(TMPDIR),/tmp)/whimbrel-examples.db
HOST   ?= 127.0.0.1
PORT   ?= 8000

run: setup
	$(BIN)/whimbrel extract examples/ --published 2026-11-20 --format table
	@rm -f "$(RUN_DB)" "$(RUN_DB)-wal" "$(RUN_DB)-shm"
	$(BIN)/whimbrel ingest examples/ --published 2026-11-20 --db "$(RUN_DB)"
	$(BIN)/whimbrel serve --db "$(RUN_DB)" --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) build src/*.egg-info
