# Two commands on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup ocr-tools run lint test unit bench bench-scale serve-chroma eval eval-kent eval-dev-kinds eval-dev3 eval-dev4 eval-dev5 eval-dev6 eval-dev7 eval-dev8 eval-dev9 eval-dev10 eval-dev11 eval-dev12 eval-dev13 eval-dev14 eval-test eval-test2 eval-test3 eval-test4 eval-test5 calibrate corpus clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	# torch first and alone: the CPU wheel on disk; any other spec would fetch a CUDA build
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	# the embedding model as ONNX, once, into the user cache (a first `clerk` run would do it otherwise)
	$(BIN)/python -m clerk.ingest.onnx_model || echo "ONNX export failed: embeddings will use torch"
	# and its int8 build, the fast choice (CLERK_EMBED_MODEL=all-MiniLM-L6-v2-qint8), once
	$(BIN)/python -m clerk.ingest.onnx_model all-MiniLM-L6-v2-qint8 || echo "int8 build failed: the default model is unaffected"
	touch $(STAMP)

# Debian's tesseract (English) and poppler's pdftoppm read scanned pages (OCR); without them such pages are named, not read
ocr-tools:
	command -v tesseract >/dev/null && command -v pdftoppm >/dev/null || (apt-get update -qq && apt-get install -y -qq tesseract-ocr tesseract-ocr-eng poppler-utils >/dev/null) || echo "tesseract unavailable: scanned pages will not be read and the OCR tests will be skipped"

run: setup ocr-tools
	$(BIN)/clerk ingest corpus --quiet
	$(BIN)/clerk chat

# ruff (pyflakes, pycodestyle, bugbear, complexity) and mypy, both configured in pyproject.toml
# and no import of a stage by its bare folder name: it would load a second copy beside clerk.<stage>
lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	! git grep -nE '^\s*(from|import) (ingest|index|assistant|evals)\b' -- '*.py' || (echo "import the stages as clerk.ingest, clerk.index, clerk.assistant, clerk.evals" && false)

test: setup ocr-tools lint
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "chromium unavailable: browser tests will be skipped"
	$(BIN)/python -m pytest

# the unit tests alone: pure code, no store, model, browser or model server (seconds)
unit: setup
	$(BIN)/python -m pytest -m "not integration"

bench: setup ocr-tools
	$(BIN)/python -m clerk.evals.bench

# one Chroma server grown to 1,000,000 chunks (perturbed copies of real Kent chunks): 40 to 60 minutes
bench-scale: setup
	$(BIN)/python -m clerk.evals.bench_scale --sizes 100000 1000000

# a Chroma server on this machine only, its data under .clerk/; then: clerk ... --chroma http://127.0.0.1:$(CHROMA_PORT)
CHROMA_PORT ?= 8000
serve-chroma: setup
	mkdir -p .clerk
	$(BIN)/chroma run --path .clerk/chroma-server --host 127.0.0.1 --port $(CHROMA_PORT)

eval: setup
	$(BIN)/clerk eval --baseline --check evals/thresholds.json

# development questions over the real Kent papers beside the repository (10 to 15 minutes to ingest)
eval-kent: setup
	$(BIN)/clerk eval evals/kent_questions.jsonl --db .clerk-kent --out evals/out-kent --baseline

# development questions of the kinds that fail most (lists, comparisons, table figures), on the Kent store
eval-dev-kinds: setup
	$(BIN)/clerk eval evals/dev_kinds_questions.jsonl --db .clerk-kent --out evals/out-dev-kinds

# a third development set, written blind from the papers (no code, no failures) over papers no test set uses
eval-dev3: setup
	$(BIN)/clerk eval evals/dev3_questions.jsonl --db .clerk-kent --out evals/out-dev3

# a fourth, written the same way a session later, asking what the other development sets do not
eval-dev4: setup
	$(BIN)/clerk eval evals/dev4_questions.jsonl --db .clerk-kent --out evals/out-dev4

eval-dev5: setup
	$(BIN)/clerk eval evals/dev5_questions.jsonl --db .clerk-kent --out evals/out-dev5

# a sixth, written blind in session 20 over the Cabinet papers, both community councils, Nottingham and three seed texts
eval-dev6: setup
	$(BIN)/clerk eval evals/dev6_questions.jsonl --db .clerk-dev6 --out evals/out-dev6

# a seventh, written blind in session 22 over all eight councils' papers, asking no fact a test set asks
eval-dev7: setup
	$(BIN)/clerk eval evals/dev7_questions.jsonl --db .clerk-dev7 --out evals/out-dev7

# an eighth, written the same way in session 23
eval-dev8: setup
	$(BIN)/clerk eval evals/dev8_questions.jsonl --db .clerk-dev8 --out evals/out-dev8

# a ninth, written the same way in session 24
eval-dev9: setup
	$(BIN)/clerk eval evals/dev9_questions.jsonl --db .clerk-dev9 --out evals/out-dev9

# a tenth, written the same way in session 25 (a quarter of it near misses the papers do not answer)
eval-dev10: setup
	$(BIN)/clerk eval evals/dev10_questions.jsonl --db .clerk-dev10 --out evals/out-dev10

# an eleventh, written the same way in session 26 (a fifth near misses; multi-part, list and decision questions)
eval-dev11: setup
	$(BIN)/clerk eval evals/dev11_questions.jsonl --db .clerk-dev11 --out evals/out-dev11

# a twelfth, written the same way in session 27 (lists, comparisons, decisions and table figures; a fifth near misses)
eval-dev12: setup
	$(BIN)/clerk eval evals/dev12_questions.jsonl --db .clerk-dev12 --out evals/out-dev12

# a thirteenth, written the same way in session 28 (every kind of question; deep pages, appendices and tables)
eval-dev13: setup
	$(BIN)/clerk eval evals/dev13_questions.jsonl --db .clerk-dev13 --out evals/out-dev13

# a fourteenth, written the same way in session 29 (over a quarter near misses; lists and follow-ups)
eval-dev14: setup
	$(BIN)/clerk eval evals/dev14_questions.jsonl --db .clerk-dev14 --out evals/out-dev14

# the test set: questions written from the papers alone, never tuned on (its papers: evals/test_questions.corpus)
eval-test: setup
	$(BIN)/clerk eval evals/test_questions.jsonl --db .clerk-test --out evals/out-test --check evals/test_thresholds.json

# the second test set, written blind over papers no other set uses (its papers: evals/test2_questions.corpus)
eval-test2: setup
	$(BIN)/clerk eval evals/test2_questions.jsonl --db .clerk-test2 --out evals/out-test2

# the third test set, written blind over 46 papers no other set uses (its papers: evals/test3_questions.corpus)
eval-test3: setup
	$(BIN)/clerk eval evals/test3_questions.jsonl --db .clerk-test3 --out evals/out-test3

# the fourth test set, written blind over papers no development set uses (its papers: evals/test4_questions.corpus)
eval-test4: setup
	$(BIN)/clerk eval evals/test4_questions.jsonl --db .clerk-test4 --out evals/out-test4

# the fifth test set, written blind in session 20 (its papers: evals/test5_questions.corpus)
eval-test5: setup
	$(BIN)/clerk eval evals/test5_questions.jsonl --db .clerk-test5 --out evals/out-test5

# refit the "do the papers answer?" model on the development questions (never the test set)
calibrate: setup
	$(BIN)/python -m clerk.evals.calibrate evals/questions.jsonl evals/kent_questions.jsonl evals/dev_kinds_questions.jsonl evals/dev3_questions.jsonl evals/dev4_questions.jsonl --db .clerk-kent --write

corpus: setup
	$(BIN)/python corpus/build_pdfs.py

clean:
	rm -rf .clerk .clerk-kent .clerk-test evals/out evals/out-kent evals/out-test test-artefacts .pytest_cache
