"""One record of where a passage stands: Chroma's flat metadata in and out unchanged (stores made before
it load as they are), and the JSON of `clerk search` and `clerk ask` in the fields it always had."""

import json
from dataclasses import FrozenInstanceError, replace

import pytest

from clerk.assistant.answer import Answer, cite, nearest
from clerk.index import Passage
from clerk.records import Source

# a chunk's metadata as stores hold it (the paper's fields, the place, and what only the store needs)
STORED = {"chunk_kind": "paragraph", "council": "Exampleshire Council", "date": "2020-11-11/2021-03-31",
          "date_end": 20210331, "date_start": 20201111, "doc_id": "3e48a6ef2ddac1ff7feb",
          "file": "budget.pdf", "path": "/papers/budget.pdf", "kind": "report", "lead": "",
          "meeting": "Cabinet", "ordinal": 0, "page": 1, "page_end": 2, "page_label": "1",
          "section": "Reason for Report", "title": "Budget Report"}
PLACE_ONLY = {"chunk_kind", "date_start", "date_end", "lead", "ordinal"}  # not a reference: the pipeline's own


def passage(**kw) -> Passage:
    return Passage.from_meta(STORED, "3e48a6ef2ddac1ff7feb-00000", None, rank=1, score=0.5, similarity=0.7,
                             text="Budget.\nThe overspend is £4.0m.", hit="The overspend is £4.0m.", lead="Budget.",
                             chunk_kind="paragraph", **kw)


@pytest.mark.parametrize("stored", [
    STORED,
    STORED | {"ocr": True},  # a chunk from a scanned page
    {k: v for k, v in STORED.items() if k not in ("page", "page_end", "page_label")},  # a format without pages
    STORED | {"council": ""},  # a paper naming no council
])
def test_metadata_comes_back_as_stored(stored):
    source = Source.from_meta(stored, "3e48a6ef2ddac1ff7feb-00000")
    assert source.to_meta() == {k: v for k, v in stored.items() if k not in PLACE_ONLY}
    assert source.chunk_id == "3e48a6ef2ddac1ff7feb-00000" and source.ocr == bool(stored.get("ocr"))


def test_the_catalogue_speaks_for_the_paper():
    """A council learned after ingest is changed in the catalogue: the catalogue's word wins; a title it
    lacks comes from the chunk."""
    paper = {"title": "", "council": "Westshire Council", "meeting": None, "date": "2021", "kind": "minutes"}
    source = Source.from_meta(STORED, "c", paper)
    assert (source.title, source.council, source.meeting, source.date, source.kind) == (
        "Budget Report", "Westshire Council", "", "2021", "minutes")
    assert (source.file, source.page, source.section) == ("budget.pdf", 1, "Reason for Report")


def test_records_are_frozen_and_a_passage_is_a_source():
    p = passage()
    with pytest.raises(FrozenInstanceError):
        p.rank = 2  # type: ignore[misc]
    assert p.source() == Source.from_meta(STORED, p.chunk_id) and type(p.source()) is Source
    assert replace(p, rank=2).rank == 2 and p.rank == 1


def test_search_json_keeps_its_fields():
    p = passage()
    p.also_in.append(replace(p.source(), doc_id="other", file="copy.pdf", chunk_id="other-00003"))
    out = json.loads(json.dumps(p.json()))
    assert list(out) == ["rank", "score", "similarity", "text", "hit", "lead", "chunk_id", "doc_id", "file", "path",
                         "title", "council", "meeting", "date", "kind", "page", "page_end", "page_label", "section",
                         "chunk_kind", "also_in", "ocr"]
    assert out["also_in"] == [{"doc_id": "other", "file": "copy.pdf", "title": "Budget Report",
                               "council": "Exampleshire Council", "date": "2020-11-11/2021-03-31", "page": 1,
                               "section": "Reason for Report", "chunk_id": "other-00003"}]


def test_ask_json_keeps_its_fields():
    p = passage(ocr=True)
    p.also_in.append(replace(p.source(), file="copy.pdf"))
    ans = Answer(question="q", searched_question="q", answer="The overspend is £4.0m. [1]", found=True,
                 citations=[cite(p, 1, p.hit)], nearest=nearest([p]), retrieved=[p])
    out = json.loads(json.dumps(ans.json()))
    assert list(out) == ["question", "searched_question", "answer", "found", "citations", "nearest", "filters", "mode",
                         "confidence", "status", "evidence", "retrieved", "notes", "timings"]
    assert out["citations"] == [{
        "n": 1, "title": "Budget Report", "file": "budget.pdf", "path": "/papers/budget.pdf",
        "council": "Exampleshire Council", "meeting": "Cabinet", "date": "2020-11-11/2021-03-31", "page": 1,
        "page_label": "1", "section": "Reason for Report", "quote": "The overspend is £4.0m.",
        "passage": "Budget.\nThe overspend is £4.0m.", "chunk_id": "3e48a6ef2ddac1ff7feb-00000",
        "doc_id": "3e48a6ef2ddac1ff7feb", "ocr": True}]
    assert out["nearest"] == [{"title": "Budget Report", "council": "Exampleshire Council",
                               "date": "2020-11-11/2021-03-31", "page": 1, "section": "Reason for Report",
                               "file": "budget.pdf"}]
    assert out["retrieved"] == [{"file": "budget.pdf", "doc_id": "3e48a6ef2ddac1ff7feb", "page": 1,
                                 "section": "Reason for Report", "score": 0.5, "also_in": ["copy.pdf"],
                                 "text": "Budget.\nThe overspend is £4.0m."}]
    assert ans.citations[0].reference() == ("Budget Report; Exampleshire Council, Cabinet, 2020-11-11/2021-03-31; "
                                            "p. 1 (scanned page, read by OCR); section Reason for Report")
