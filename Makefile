# newsledger: `make demo` and `make test` work on a fresh machine with Python 3.12 or 3.11 and pip.
# .venv's interpreter: a Python 3.12 that runs (python3.12 on PATH, else pyenv's), else python3.
# spaCy's wheels for 3.11 are built with Cython's profiling hooks, which take the GIL at every
# step of the parser and NER: on 3.11 NER runs about 3 times slower (docs/benchmarks.md).
PYTHON_CANDIDATES := python3.12 $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3.12)
PYTHON ?= $(firstword $(foreach candidate,$(PYTHON_CANDIDATES),$(shell $(candidate) -c 'print("$(candidate)")' 2>/dev/null)) python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_WAREHOUSE := build/demo-warehouse

.PHONY: install demo test test-full lint eval bench bench-scale clean train-claims

install: $(VENV)/.installed

# --clear: a .venv of another Python (or a broken one) is replaced, not patched.
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv --clear $(VENV)
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
