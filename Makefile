# Every target installs what it needs first: on a fresh clone `make demo` and
# `make test` are the only commands anyone has to know.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-medcorpus
DEMO   := build/demo

.PHONY: install demo test bench clean

install: $(STAMP)

# Idempotent: reinstalls only when pyproject.toml changed (or the venv is new).
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: install
	@test -f $(DEMO)/input/manifest.json || $(BIN)/medcorpus sample-data --out $(DEMO)/input
	$(BIN)/medcorpus build --config configs/demo.yaml

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/ingest_bench.py

clean:
	rm -rf build .pytest_cache
