# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
# PYTHON may be given (make PYTHON=/path/to/python3.12 demo); otherwise scripts/find-python.sh
# looks for one, once, when the virtual environment is first made.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EXTRAS := dev,dask,sensitivity,browser,discovery,ensemble
OUT    ?= results/demo

.PHONY: demo test lint viz bench clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml Makefile
	@py="$(PYTHON)"; [ -n "$$py" ] || py=$$(scripts/find-python.sh) || exit 1; \
	  "$$py" -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
	    echo "make: $$py is $$($$py --version 2>&1); axis-sim needs Python >= 3.12." >&2; exit 1; }; \
	  echo "Using $$py ($$($$py --version))"; \
	  "$$py" -m venv --clear $(VENV) || { echo "make: could not create $(VENV) with $$py" >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS)]"
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/axis-sim demo --out $(OUT)

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check sim analysis tests benchmarks
	$(BIN)/ruff format --check sim analysis tests benchmarks

viz: $(STAMP)
	$(BIN)/axis-sim viz

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_batch.py

clean:
	rm -rf $(VENV) results .pytest_cache .ruff_cache
