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

run: setup
	$(BIN)/whimbrel extract examples/ --published 2026-11-20 --format table

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) build src/*.egg-info
