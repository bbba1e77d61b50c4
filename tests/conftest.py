"""Shared fixtures: a real Chroma store of the sample corpus, built once per test session."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from clerk.ingest import Config, ingest_paths

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
