"""Shared fixtures: a real Chroma store of the sample corpus, built once per test session, embedded
and on a real `chroma run` server started on loopback for the session.

The pyramid: unit tests (the most) run pure code on text, with a small fake embedder where the model is
beside the point; integration tests (marked `integration`) run the real parts - Chroma (a folder and a
server), the embedding model, the browser, llama.cpp, tesseract, the command as its own process.
`pytest -m "not integration"` (`make unit`) runs the unit tests alone, in seconds; a unit test that loads a
real part fails, naming the mark it needs.
"""

from __future__ import annotations

import importlib.abc
import itertools
import json
import shutil
import sys
from pathlib import Path

import pytest

from clerk.evals.apps import ChromaServer
from clerk.ingest import Config, ingest_paths

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
KENT = ROOT.parent / "shared" / "papers" / "kent"
SEEDS = ROOT.parent / "shared" / "seeds"

# fixtures that bring up real parts: a test using any of them (directly or through another) is integration
REAL_FIXTURES = {"corpus_cfg", "searcher", "assistant", "papers", "kent_assistant", "editions", "odd", "server",
                 "real_server", "real_runs", "ready", "chroma_server", "new_cfg", "store_cfg", "any_searcher",
                 "any_assistant"}
# modules whose every test drives real parts: the browser, processes sharing a store, the model, a model server
REAL_MODULES = {"test_app", "test_concurrent", "test_embed", "test_generate", "test_server"}
# what a unit test may not load
REAL_PARTS = ("chromadb", "onnxruntime", "torch", "sentence_transformers", "transformers", "gradio", "playwright",
              "xllamacpp", "llama_index")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if REAL_FIXTURES & set(getattr(item, "fixturenames", ())) or module in REAL_MODULES:
            item.add_marker(pytest.mark.integration)


class _RealPartsRefused(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):  # noqa: ANN001 - the finder protocol's signature
        if name.split(".")[0] in REAL_PARTS:
            raise ImportError(f"{name}: a unit test loaded a real part; mark it integration (tests/conftest.py)")
        return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """A unit test runs with the real parts out of reach (those not loaded already by an earlier test)."""
    if item.get_closest_marker("integration"):
        return (yield)
    refuse = _RealPartsRefused()
    sys.meta_path.insert(0, refuse)
    try:
        return (yield)
    finally:
        sys.meta_path.remove(refuse)


@pytest.fixture(scope="session")
def corpus_cfg(tmp_path_factory) -> Config:
    cfg = Config(db=tmp_path_factory.mktemp("db"))
    summary = ingest_paths([CORPUS], cfg)
    assert summary.ok, summary.results
    return cfg


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real `chroma run` on loopback for the session; each test's store is a database of its own."""
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server"))
    yield server.url
    server.close()


_databases = itertools.count()


def server_cfg(url: str, local: Path) -> Config:
    """A store of its own on the session's server (a database of its own), this process's derived files in `local`."""
    return Config(db=local, chroma_url=f"{url}/clerk_test_{next(_databases)}")


BACKENDS = ["embedded", "server"]


@pytest.fixture(params=BACKENDS)
def new_cfg(request, tmp_path):
    """An empty store, embedded in tmp_path or on the Chroma server; tests using it run on both."""
    if request.param == "embedded":
        return Config(db=tmp_path / "db")
    return server_cfg(request.getfixturevalue("chroma_server"), tmp_path / "local")


@pytest.fixture(scope="session", params=BACKENDS)
def store_cfg(request, corpus_cfg, tmp_path_factory) -> Config:
    """The sample corpus, embedded (corpus_cfg) and on the Chroma server."""
    if request.param == "embedded":
        return corpus_cfg
    cfg = server_cfg(request.getfixturevalue("chroma_server"), tmp_path_factory.mktemp("local"))
    summary = ingest_paths([CORPUS], cfg)
    assert summary.ok, summary.results
    return cfg


@pytest.fixture(scope="session")
def any_searcher(store_cfg):
    from clerk.index import Searcher

    return Searcher(store_cfg)


@pytest.fixture(scope="session")
def any_assistant(store_cfg, any_searcher):
    from clerk.assistant.answer import Assistant

    return Assistant(store_cfg, any_searcher)


@pytest.fixture(scope="session")
def searcher(corpus_cfg):
    from clerk.index import Searcher

    return Searcher(corpus_cfg)


@pytest.fixture(scope="session")
def assistant(corpus_cfg, searcher):
    from clerk.assistant.answer import Assistant

    return Assistant(corpus_cfg, searcher)


@pytest.fixture
def papers(tmp_path) -> Path:
    """A writable folder with copies of two corpus PDFs."""
    folder = tmp_path / "papers"
    folder.mkdir()
    for pdf in sorted(CORPUS.glob("*.pdf"))[:2]:
        shutil.copy(pdf, folder / pdf.name)
    return folder


def record(kind: str, **counts) -> None:
    """Counts of the robustness runs (interleavings, payloads, fuzz cases, failures), one JSON line
    each in test-artefacts/robustness.jsonl, for reporting."""
    (ROOT / "test-artefacts").mkdir(exist_ok=True)
    with open(ROOT / "test-artefacts" / "robustness.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps({"kind": kind} | counts) + "\n")
