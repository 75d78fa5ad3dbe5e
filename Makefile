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

# Two distributions, both editable: the client (generated/pyproject.toml) and the validators,
# which require it at exactly their version (setup.py), found here rather than on an index.
# Installing the validators compiles their C extension in place (a change to it: `make setup`).
$(STAMP): pyproject.toml setup.py generated/pyproject.toml validators/modelarts_validators/run/_counting.c \
	validators/modelarts_validators/capture/_scan.c validators/modelarts_validators/contract/_judge.c \
	validators/modelarts_validators/contract/_headers.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ./generated -e '.[dev,strategies]'
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
## and codegen/extras/ with the pinned openapi-python-client and ruff (codegen/generate.py), and
## the packaged spec's parsed copy (scripts/derive_spec.py)
generate: $(STAMP)
	$(PY) codegen/generate.py
	$(PY) scripts/derive_spec.py

## check-generated: regenerate into a temporary folder; fail with a diff if $(CLIENT)/ differs,
## or if the packaged spec's parsed copy is not the spec's
check-generated: $(STAMP)
	$(PY) codegen/generate.py --check
	$(PY) scripts/derive_spec.py --check

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis

.PHONY: test-deep
## test-deep: every property test (Hypothesis marks each of its tests `hypothesis`, so none is left
## out) with many more examples, and in full the sweeps and searches that make test runs smaller
## versions of (marked `deep`): profile "deep" in tests/conftest.py
test-deep: $(STAMP)
	HYPOTHESIS_PROFILE=deep $(BIN)/pytest -n $(PYTEST_WORKERS) -m "hypothesis or deep"

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

## apply-overlay: the spec with an overlay of observed drift applied (OVERLAY=FILE, as written by
## `modelarts-validate traffic --suggest FILE`, after review), written to build/openapi/ as JSON
## and linted with the lint-spec rules; openapi/training-job-searches.yaml is never written.
## The tool is openapi-format (pinned in package.json). Use it with `modelarts-validate --spec`.
MERGED_SPEC := build/openapi/training-job-searches.merged.json
# scripts/overlay_apply.py: the overlay is held to the Overlay 1.0 JSON Schema and handed to
# openapi-format as JSON (it applies an overlay it cannot parse as if it were empty, and reads
# YAML otherwise than the writer meant); afterwards, every action must be found applied.
OVERLAY_JSON = $(dir $(MERGED_SPEC))overlay.json
.PHONY: apply-overlay
apply-overlay: $(STAMP) $(NPM_STAMP)
	@test -n "$(OVERLAY)" || { echo "usage: make apply-overlay OVERLAY=FILE" >&2; exit 2; }
	@test -f "$(OVERLAY)" || { echo "apply-overlay: $(OVERLAY): no such file" >&2; exit 2; }
	@mkdir -p $(dir $(MERGED_SPEC))
	@rm -f $(MERGED_SPEC)
	@$(PY) scripts/overlay_apply.py read "$(OVERLAY)" $(OVERLAY_JSON)
	node_modules/.bin/openapi-format $(SPEC) --overlayFile $(OVERLAY_JSON) --no-sort -o $(MERGED_SPEC)
	@test -s $(MERGED_SPEC) || { echo "apply-overlay: openapi-format wrote no spec" >&2; exit 2; }
	@$(PY) scripts/overlay_apply.py applied $(OVERLAY_JSON) $(SPEC) $(MERGED_SPEC)
	$(BIN)/openapi-spec-validator $(MERGED_SPEC)
	$(REDOCLY) lint --config openapi/redocly.yaml $(MERGED_SPEC)
