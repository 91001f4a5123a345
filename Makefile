# Every target builds what it needs from nothing: a fresh clone needs only python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DIR := .csops-demo

.PHONY: install demo test lint format services browser eval-gate bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	rm -rf $(DEMO_DIR)
	CSOPS_DATA_DIR=$(DEMO_DIR) CSOPS_MODEL_PROVIDER=offline \
		$(BIN)/csops design --file examples/journeys/onboarding.txt --save
	CSOPS_DATA_DIR=$(DEMO_DIR) $(BIN)/csops workflows list

services:
	@scripts/ensure-services.sh

browser:
	@scripts/ensure-chromium.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install services browser lint
	$(BIN)/python -m pytest
	$(MAKE) eval-gate

# The offline and replay eval suites against their committed baselines: a regression
# in any slice exits non-zero. Recordings under evals/recordings/handwritten are
# hand-written fixtures for the replay path, never a model's quality.
eval-gate: install
	CSOPS_DATA_DIR=$$(mktemp -d) $(BIN)/csops eval run \
		--baseline evals/baselines/offline.json
	CSOPS_DATA_DIR=$$(mktemp -d) $(BIN)/csops eval run --mode replay \
		--recordings evals/recordings/handwritten --baseline evals/baselines/replay.json

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Each benchmark prints its own figures; see the README's "Benchmarks" section.
BENCHES := design import brief retrieval sweep sweep_nudges api
bench: install services
	for name in $(BENCHES); do $(BIN)/python -m bench.$$name || exit 1; done

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .ruff_cache test-artifacts
