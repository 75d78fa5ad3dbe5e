# Every target sets itself up: a fresh machine needs only python3 (>= 3.11), make, and node/npm
# for the spec lint. Python tools are pinned in pyproject.toml, Node tools in package-lock.json.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
SPEC := openapi/training-job-searches.yaml
CLIENT := generated/modelarts_training_client
REDOCLY := node_modules/.bin/redocly
# Two workers: the machines this runs on have two cores.
PYTEST_WORKERS ?= 2

.PHONY: setup demo test lint lint-py lint-spec typecheck pytest generate check-generated clean

setup: $(STAMP) $(NPM_STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,strategies]'
	touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## demo: the main job on built-in data
demo: $(STAMP)
	$(PY) scripts/demo.py

## test: every check, as CI runs it
test: lint typecheck check-generated pytest

lint: lint-py lint-spec

lint-py: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

lint-spec: $(STAMP) $(NPM_STAMP)
	$(BIN)/openapi-spec-validator $(SPEC)
	$(REDOCLY) lint --config openapi/redocly.yaml $(SPEC)

typecheck: $(STAMP)
	$(BIN)/mypy
	$(BIN)/mypy --strict $(CLIENT)

# Node tools too: a test opens the mock's HAR with Redocly CLI.
pytest: $(STAMP) $(NPM_STAMP)
	$(BIN)/pytest -n $(PYTEST_WORKERS)

## generate: rewrite $(CLIENT)/ from the spec, codegen/client-config.yaml, codegen/templates/
## and codegen/extras/ with the pinned openapi-python-client and ruff (codegen/generate.py)
generate: $(STAMP)
	$(PY) codegen/generate.py

## check-generated: regenerate into a temporary folder; fail with a diff if $(CLIENT)/ differs
check-generated: $(STAMP)
	$(PY) codegen/generate.py --check

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis

.PHONY: test-deep
## test-deep: every property test (Hypothesis marks each of its tests `hypothesis`, so none is left
## out) with many more examples: profile "deep" in tests/conftest.py
test-deep: $(STAMP)
	HYPOTHESIS_PROFILE=deep $(BIN)/pytest -n $(PYTEST_WORKERS) -m hypothesis

## bench: modelarts-validate side by side with the orjson floor, openapi-core and Redocly drift on
## a generated 20,000-entry capture (benchmarks/); prints the table and the targets, writes
## .bench/results.json. Options go through BENCH_ARGS, e.g. BENCH_ARGS="--repeat 5".
.PHONY: bench
bench: $(STAMP)
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(NPM_STAMP); fi
	$(PY) -m benchmarks.run $(BENCH_ARGS)

## bench-paging: listing 2,000 jobs from modelarts-mock --latency 0.1 with the generated client
## (concurrency 1 and 8) and the official SDK, interleaved rounds, ratios (benchmarks/paging.py)
.PHONY: bench-paging
bench-paging: $(STAMP)
	$(PY) -m benchmarks.paging $(BENCH_ARGS)

## bench-transport: the live ContractTransport's cost per call against a plain httpx client, on
## pages of 50 jobs from modelarts-mock --drift, interleaved rounds, ratios (benchmarks/transport.py)
.PHONY: bench-transport
bench-transport: $(STAMP)
	$(PY) -m benchmarks.transport $(BENCH_ARGS)
