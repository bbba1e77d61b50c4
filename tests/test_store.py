"""The store records the embedding model that made its vectors and refuses a search or an ingest with
another (ingest/store.py check_model): unit tests over a real catalogue (SQLite), no Chroma, no model."""

from __future__ import annotations

from pathlib import Path

import pytest

from clerk.config import Config
from clerk.ingest.catalog import Catalog
from clerk.ingest.errors import ModelMismatch
from clerk.ingest.store import LEGACY_MODEL, check_model

DEFAULT, FAST = "all-MiniLM-L6-v2", "all-MiniLM-L6-v2-qint8"


def _store(db: Path, recorded: str | None, indexed: bool) -> Catalog:
    catalog = Catalog(db)
    if recorded:
        catalog.set_embed_model(recorded)
    if indexed:
        catalog.add_document({"doc_id": "d1", "title": "Budget report", "pipeline": "15"}, str(db / "a.pdf"), 1, 1)
    return catalog


@pytest.mark.parametrize("recorded, indexed, model, writing, after", [
    (None, False, FAST, True, FAST),  # a new store takes the model of its first writer
    (None, False, FAST, False, None),  # a reader of an empty store records nothing
    (None, True, DEFAULT, False, None),  # a store from before models were recorded: the default made it
    (None, True, DEFAULT, True, LEGACY_MODEL),  # ... and the next ingest writes that down
    (FAST, True, FAST, False, FAST),
    (FAST, True, FAST, True, FAST),
    (FAST, False, DEFAULT, True, DEFAULT),  # emptied: the next writer's model is the store's
    (FAST, False, DEFAULT, False, FAST),  # nothing to search: nothing to refuse
])
def test_a_store_is_used_with_the_model_that_made_it(tmp_path, recorded, indexed, model, writing, after):
    catalog = _store(tmp_path, recorded, indexed)
    check_model(catalog, Config(db=tmp_path, embed_model=model), writing=writing)
    assert catalog.embed_model() == after


@pytest.mark.parametrize("recorded, model, writing", [
    (None, FAST, False),  # an old store is the default model's
    (None, FAST, True),
    (FAST, DEFAULT, False),
    (FAST, DEFAULT, True),
    ("bge-small-en-v1.5", FAST, False),  # a model this version does not have: still named
])
def test_another_model_is_refused_naming_the_store_and_both_models(tmp_path, recorded, model, writing):
    catalog = _store(tmp_path, recorded, indexed=True)
    with pytest.raises(ModelMismatch) as refused:
        check_model(catalog, Config(db=tmp_path, embed_model=model), writing=writing)
    message = str(refused.value)
    assert f"the store in {tmp_path}" in message
    assert f"embedding model {recorded or LEGACY_MODEL}" in message and f"embeds with {model}" in message
    assert f"CLERK_EMBED_MODEL={recorded or LEGACY_MODEL}" in message
    assert catalog.embed_model() == recorded  # refused: nothing written


def test_ingest_refuses_another_model_before_reading_a_file(tmp_path):
    from clerk.ingest import ingest_paths

    _store(tmp_path, FAST, indexed=True).close()
    paper = tmp_path / "new.txt"
    paper.write_text("The overspend was £3.2m.")
    with pytest.raises(ModelMismatch):
        ingest_paths([paper], Config(db=tmp_path, embed_model=DEFAULT))
    assert Catalog(tmp_path).paths() == [str(tmp_path / "a.pdf")]


def test_search_refuses_another_model(tmp_path, monkeypatch):
    from clerk.index import search

    monkeypatch.setattr(search, "warm", lambda name: None)  # no model: the refusal comes first
    _store(tmp_path, FAST, indexed=True).close()
    searcher = search.Searcher(Config(db=tmp_path, embed_model=DEFAULT))
    with pytest.raises(ModelMismatch, match=f"made by the embedding model {FAST}"):
        searcher.documents()
