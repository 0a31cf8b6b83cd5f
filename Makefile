# The two commands a reader needs: `make book` and `make test`. Both set up .venv first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BUILD := _build

# One thread per library: PyTorch's and OpenBLAS's pools fighting over few cores slow
# everything down, and timings in the book compare single-threaded code.
export OMP_NUM_THREADS := 1
export OPENBLAS_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: install export book dev test test-colab test-browser lint chapter bench clean

install: $(STAMP)

# The pins are resolved for Python 3.11: stop at once, saying so, on any other Python.
CHECK_PYTHON := import sys; v = sys.version_info[:2]; sys.exit(None if v == (3, 11) else \
	f"make: the pinned requirements need Python 3.11, but {sys.executable} is {v[0]}.{v[1]}; " \
	"run e.g. `make PYTHON=python3.11 book` (and `rm -rf .venv` if it was made by another Python)")

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@if [ -x $(BIN)/python ]; then $(BIN)/python -c '$(CHECK_PYTHON)'; \
	else $(PYTHON) -c '$(CHECK_PYTHON)' && $(PYTHON) -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet --upgrade pip==26.3
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Write the cells marked `#| export` in chapters/ into autograd_lib (nbdev); commit the result.
export: install
	$(BIN)/python tools/export.py

# A clean build with every notebook executed; any warning or failing cell fails it.
# Logs of failing notebooks land in _build/html/reports/.
# The build then drops the MathJax bundles no page loads (tools/prune_mathjax.py).
book: install
	rm -rf $(BUILD)
	$(BIN)/jupyter-book build . --all -W -n --keep-going
	$(BIN)/python tools/prune_mathjax.py $(BUILD)/html

# The author's fast build: re-executes only notebooks whose code changed (jupyter-cache),
# and all of them when anything in autograd_lib/ changes. Same strictness as `make book`.
dev: install
	$(BIN)/python tools/dev_build.py

# Lint, the fast tests, the executed book, then the tests of the built book (tests/built/):
# pages, links, sizes, a real browser (Chromium), and every chapter run as in Colab from a
# built wheel.
test: install lint
	$(BIN)/python -m pytest -m "not html and not browser and not colab"
	$(MAKE) book
	$(BIN)/python -m pytest tests/built -m "html or browser or colab"

# The slow suites alone (after `make book` for the browser).
test-colab: install
	$(BIN)/python -m pytest tests/built -m colab

test-browser: install
	$(BIN)/python -m pytest tests/built -m browser

lint: install
	$(BIN)/ruff check .

# Execute one chapter alone, e.g. `make chapter N=3`; the executed copy lands in _build/chapters/.
chapter: install
	$(BIN)/python tools/run_chapter.py $(N)

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(BUILD) .jupyter_cache
