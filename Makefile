# newsledger: `make demo` and `make test` work on a fresh machine with Python 3.11 and pip.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_WAREHOUSE := build/demo-warehouse

.PHONY: install demo test test-full lint eval bench bench-scale clean train-claims

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $@

demo: install
	rm -rf $(DEMO_WAREHOUSE)
	$(BIN)/newsledger run examples/sample-corpus --warehouse $(DEMO_WAREHOUSE)
	@echo
	@echo "How the 'killed' figures for Velmoran soldiers moved, by claimant and outlet:"
	$(BIN)/newsledger sql --warehouse $(DEMO_WAREHOUSE) \
	  "select published_date, value, low, high, qualifier, claimant_text, outlet \
	   from claims_timeline where category = 'killed' and subject_text ilike '%velmoran soldiers%' \
	   order by published_date"

# `make test` is the edit loop: pytest's default selection (pyproject.toml) leaves out the heavy
# markers, browser, served, crash, dask, s3 and gate. `make test FULL=1` (what `.ci/run` calls)
# runs every test but the `slow` benchmarks.
ifeq ($(FULL),1)
PYTEST_SELECTION := -m "not slow"
endif

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q $(PYTEST_SELECTION)

test-full:
	$(MAKE) test FULL=1

eval: install
	$(BIN)/python -m tests.accuracy.gate

train-claims: install
	$(BIN)/python -m tests.accuracy.train_claim_classifier --out build/claim-classifier

bench: install
	$(BIN)/python -m tests.benchmarks.throughput --peer --prefect-server --markdown docs/benchmarks.md
	$(BIN)/python -m tests.benchmarks.reprocess --markdown docs/benchmarks.md

# Peak memory and the 1 % increment at 5,000 and 50,000 generated articles (about 35 minutes).
bench-scale: install
	$(BIN)/python -m tests.benchmarks.scale --markdown docs/benchmarks.md

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf build $(VENV) .pytest_cache .ruff_cache
