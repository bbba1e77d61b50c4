"""What a command loads: `clerk ask` and `clerk search` never import the app's or the torch stack's
libraries, the keyword index scores without bm25s exactly as bm25s does, and Chroma opens at first use.
(How fast start-up is lives in `make bench`, not here.)"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
import sys

import numpy as np
import pytest

from clerk.index import Searcher
from clerk.index.keyword import Scores
from clerk.index.tokens import tokenize
from clerk.ingest import Config, embed

# libraries a question never needs: the app, llama-index, the torch stack, bm25s/scipy, the PDF reader
HEAVY = ["gradio", "llama_index", "torch", "transformers", "sentence_transformers", "bm25s", "scipy", "pypdf"]
PROBE = """
import json, sys
from clerk.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy}))))
"""


@pytest.fixture(scope="module")
def ready(searcher) -> None:
    """The ONNX file is in the cache (a first use exports it, with torch, in that process only) and the
    keyword index caught up with the store (the first search after an ingest builds it, with bm25s)."""
    assert embed.runtime() == "onnx"
    searcher.refresh()


def loaded_by(argv: list[str]) -> list[str]:
    out = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *argv], capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.parametrize("argv", [
    ["ask", "--help"],
    ["ask", "What is our UASC quota?"],
    ["ask", "What was the overspend?", "--kind", "minutes", "--since", "2020"],
    ["search", "UASC quota", "--top", "3"],
    ["sources"],
])
def test_reading_commands_import_only_what_they_use(argv, corpus_cfg, ready):
    assert loaded_by([*argv, "--db", str(corpus_cfg.db)] if argv[-1] != "--help" else argv) == []


@pytest.mark.integration
@pytest.mark.parametrize("statement, absent", [
    ("from clerk.config import Config", ["chromadb", "clerk.ingest.pipeline", "pypdf"]),
    ("from clerk.ingest import Config", ["chromadb", "clerk.ingest.pipeline", "pypdf"]),
    ("from clerk.ingest.catalog import Catalog", ["chromadb", "clerk.ingest.pipeline"]),
    ("from clerk.index import Searcher", ["chromadb", "bm25s", "llama_index"]),
    ("from clerk.assistant.answer import Assistant", ["chromadb", "bm25s", "llama_index", "gradio", "torch"]),
])
def test_imports_stay_light(statement, absent):
    code = f"import sys\n{statement}\nprint(' '.join(m for m in {absent!r} if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == ""


def test_public_ingest_imports_still_work():
    from clerk.ingest import Summary, ingest_paths
    from clerk.ingest.pipeline import Summary as S, ingest_paths as ip

    assert (Summary, ingest_paths) == (S, ip)
    with pytest.raises(AttributeError):
        from clerk import ingest

        ingest.no_such_name  # noqa: B018


@pytest.mark.parametrize("query", ["UASC quota", "children in care placement overspend 2020/21", "£4.0m",
                                   "vacancy vacancy rate", "Total Cost of Service 2018/19", "zzzz unknownword"])
def test_memory_mapped_scores_equal_bm25s(searcher, query):
    import bm25s

    searcher.refresh()
    folder = searcher.keyword.dir / "bm25"
    ours, theirs = Scores.load(folder), bm25s.BM25.load(str(folder))
    words = [w for w in tokenize(query) if w in theirs.vocab_dict]
    expected = theirs.get_scores(words) if words else np.zeros(theirs.scores["num_docs"], dtype=np.float32)
    assert isinstance(ours.data, np.memmap)
    assert np.array_equal(ours.get_scores(words), expected)


def test_streamed_build_scores_as_bm25s_builds(searcher, tmp_path):
    """build_bm25 (integer arrays, streamed) gives the matrix bm25s.BM25.index gives, to float32 rounding."""
    import bm25s

    from clerk.index.keyword import build_bm25

    searcher.refresh()
    rows = searcher.keyword.conn.execute("SELECT chunk_id, words FROM tokens ORDER BY chunk_id").fetchall()
    ids, df = build_bm25(iter(rows), tmp_path / "ours")
    theirs = bm25s.BM25()
    theirs.index([w.split() or ["_empty_"] for _, w in rows], show_progress=False)
    ours = Scores.load(tmp_path / "ours")
    assert ids == [r[0] for r in rows] and set(ours.vocab_dict) == set(theirs.vocab_dict)
    for query in ["UASC quota", "children in care placement overspend 2020/21", "vacancy vacancy rate", "£4.0m"]:
        words = [w for w in tokenize(query) if w in theirs.vocab_dict]
        got, expected = ours.get_scores(words), theirs.get_scores(words)
        assert np.allclose(got, expected, rtol=1e-5, atol=1e-6)
        assert list(np.argsort(-got)[:10]) == list(np.argsort(-expected)[:10])
    assert df == Counter(w for _, words in rows for w in set(words.split() or ["_empty_"]))


def test_store_opens_at_first_use_and_warm_loads_everything(corpus_cfg):
    s = Searcher(corpus_cfg)
    assert s._collection is None
    s.warm()
    assert s._collection is not None and s.keyword.bm25 is not None and embed.runtime() in ("onnx", "torch")


@pytest.mark.integration
def test_warm_on_an_empty_store(tmp_path):
    s = Searcher(Config(db=tmp_path / "db"))
    s.warm()  # nothing indexed: the model and store still load, the search says so
    assert s.search("anything").message.startswith("No papers are indexed")
