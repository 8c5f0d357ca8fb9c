# Every target installs what it needs first: on a fresh clone `make demo` and
# `make test` are the only commands anyone has to know.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-medcorpus
DEMO   := build/demo

.PHONY: install browser demo test bench bench-deid clean

install: $(STAMP)

# Idempotent: reinstalls only when pyproject.toml changed (or the venv is new).
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,gcp]'
	@# torch's CPU build (a local wheel on these machines; "+cpu" never pulls CUDA) lets the tests prove
	@# the pack stage's torch path writes the same bytes as its numpy path
	@$(BIN)/python -m pip install --quiet 'torch==2.13.0+cpu' 2>/dev/null 	  || echo "no CPU torch wheel here: the pack torch-path identity test will skip"
	@touch $(STAMP)

# The demo's data is synthetic, so a fixed key is fine here; real runs bring their own secret.
demo: install
	@test -f $(DEMO)/input/manifest.json || $(BIN)/medcorpus sample-data --out $(DEMO)/input
	MEDCORPUS_DEID_KEY=$${MEDCORPUS_DEID_KEY:-demo-only-key-synthetic-data} $(BIN)/medcorpus build --config configs/demo.yaml

# The compliance report test renders pages in a real headless Chromium (Debian's package).
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is not installed: the report render test will skip (apt-get install chromium)"; fi; \
	fi

test: install browser
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/ingest_bench.py

# The real gold dev sets in ../shared/gold (each skipped when absent) and MEDLINE abstracts; ARGS="--limit 300"
bench-deid: install
	$(BIN)/python bench/deid_bench.py $(ARGS)

clean:
	rm -rf build .pytest_cache
