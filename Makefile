PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench lint langdata clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/marsad demo

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/run_all.py $(if $(QUICK),--quick)

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts bench

langdata: $(STAMP)
	$(BIN)/python scripts/build_langdata.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache marsad.db
