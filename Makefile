# Two commands set up everything on a fresh machine:
#   make book   builds the HTML book into _build/html
#   make test   runs the whole test suite
# Both create the virtual environment (.venv) from requirements.lock and make the
# Fashion-MNIST data set available first.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-from-lock
JB     := $(VENV)/bin/jupyter-book
BUILD_FLAGS := -W -n --keep-going
PORT   ?= 8000

.PHONY: book book-quick book-student pdf pdf-system-packages test test-other-arithmetic test-fast data test-system-packages setup serve lock clean clean-all

# --- environment -------------------------------------------------------------
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "aecourse needs Python 3.11 or newer; found " + sys.version.split()[0] + ". Run make with PYTHON=/path/to/python3.11.")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

setup: $(STAMP)

# --- data --------------------------------------------------------------------
# Already there and valid: nothing to do. Otherwise Debian's package where apt
# runs as root, else a download into the Keras cache (or $AECOURSE_DATA_DIR).
data: setup
	@if $(PY) -m aecourse.fashion_mnist check >/dev/null 2>&1; then \
	    echo "Fashion-MNIST: found in $$($(PY) -m aecourse.fashion_mnist locate)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Fashion-MNIST: installing Debian's dataset-fashion-mnist"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist; \
	else \
	    echo "Fashion-MNIST: downloading"; \
	    $(PY) -m aecourse.fashion_mnist download; \
	fi
	@$(PY) -m aecourse.fashion_mnist check

# The tests drive Debian's Chromium (no browser download), grade exercises in a
# bubblewrap sandbox and read the PDF edition with poppler's pdftotext.
TEST_COMMANDS := chromium:chromium bwrap:bubblewrap pdftotext:poppler-utils
test-system-packages:
	@missing=""; for pair in $(TEST_COMMANDS); do \
	    command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; \
	done; \
	if [ -z "$$missing" ]; then \
	    echo "Chromium and bubblewrap: installed"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else \
	    echo "The tests need these Debian packages:$$missing (sudo apt-get install$$missing)."; \
	    exit 1; \
	fi

# --- book --------------------------------------------------------------------
book: data
	$(JB) build . $(BUILD_FLAGS)

book-quick: data
	AECOURSE_PROFILE=quick $(JB) build . $(BUILD_FLAGS)

# The student edition: the same book without the exercises' solutions, in
# _build/student/_build/html.
# It shares the instructor edition's caches: the code cells are the same.
book-student: data
	AECOURSE_EDITION=student AECOURSE_CACHE_DIR=$(CURDIR)/_build/.cache $(JB) build . --path-output _build/student $(BUILD_FLAGS)

# The PDF edition: every page of the built book printed by Chromium, in one PDF
# (aecourse/pdf_edition.py), also copied into the HTML book, which links it.
pdf: book pdf-system-packages
	$(PY) -m aecourse.pdf_edition _build/html _build/pdf/aecourse.pdf
	cp _build/pdf/aecourse.pdf _build/html/aecourse.pdf

# Debian's Chromium, unless $AECOURSE_CHROMIUM names another Chromium or Chrome.
pdf-system-packages:
	@if [ -z "$$AECOURSE_CHROMIUM" ]; then $(MAKE) --no-print-directory test-system-packages TEST_COMMANDS=chromium:chromium; fi

# HTML_DIR: another built book to serve (the tests serve their own build).
HTML_DIR ?= _build/html
serve:
	@test -f $(HTML_DIR)/index.html || { echo "No book in $(HTML_DIR): run 'make book' first."; exit 1; }
	@echo "Serving the book on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(PYTHON) -m http.server --bind 127.0.0.1 --directory $(HTML_DIR) $(PORT)

# --- tests -------------------------------------------------------------------
# The suite runs on every core (pytest-xdist; each test module stays on one
# worker, the quick book is built once in the background). Then the unit tests
# run again with other TensorFlow threads and oneDNN on: a test that holds only
# for one order of float32 sums fails here, not on a student's laptop. Left out
# of that second run: the book builds, the browser, the grading engine (process
# isolation, no arithmetic of its own) and the training cache's tests, which
# compare a run with itself under one setting.
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
UNIT_TESTS := -m "not book and not browser and not colab and not fresh_venv" \
	--ignore-glob='tests/test_grading_*' --ignore=tests/test_exercises.py --ignore=tests/test_workflows.py \
	--ignore=tests/test_training_cache.py
test: data test-system-packages
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup
	$(MAKE) --no-print-directory test-other-arithmetic

test-other-arithmetic: setup
	TF_NUM_INTRAOP_THREADS=2 TF_ENABLE_ONEDNN_OPTS=1 $(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup \
	    -p no:cacheprovider $(UNIT_TESTS)

test-fast: setup
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup -m "not book and not dataset and not browser and not colab and not fresh_venv"

# --- maintenance -------------------------------------------------------------
# Re-resolve the pinned versions from pyproject.toml's ranges.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet ".[cpu,book,test]"
	{ echo "# Exact versions of every package the course installs (Python 3.11, x86_64, CPU)."; \
	  echo "# Regenerate with 'make lock' after changing the dependencies in pyproject.toml."; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable | grep -vi '^aecourse'; } > requirements.lock
	rm -rf .venv-lock

# The build's caches (executed chapters, trained models) live in _build/.cache:
# 'clean' keeps them, 'clean-all' removes them too.
clean:
	@if [ -d _build ]; then find _build -mindepth 1 -maxdepth 1 ! -name .cache -exec rm -rf {} +; fi

clean-all:
	rm -rf _build
