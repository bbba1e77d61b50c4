"""Shared fixtures: a real Chroma store of the sample corpus, built once per test session, embedded
and on a real `chroma run` server started on loopback for the session."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest

from evals.apps import ChromaServer
from ingest import Config, ingest_paths

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
KENT = ROOT.parent / "shared" / "papers" / "kent"
SEEDS = ROOT.parent / "shared" / "seeds"


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
    from index import Searcher

    return Searcher(store_cfg)


@pytest.fixture(scope="session")
def any_assistant(store_cfg, any_searcher):
    from assistant.answer import Assistant

    return Assistant(store_cfg, any_searcher)


@pytest.fixture(scope="session")
def searcher(corpus_cfg):
    from index import Searcher

    return Searcher(corpus_cfg)


@pytest.fixture(scope="session")
def assistant(corpus_cfg, searcher):
    from assistant.answer import Assistant

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
