import pytest
import json
import shutil

from clerk.index import Filters, Searcher
from clerk.index.keyword import KeywordIndex
from clerk.index.refs import TitleIndex, match, references
from clerk.index.tokens import tokenize
from clerk.ingest import Config, ingest_paths
from clerk.ingest.catalog import open_catalog
from clerk.ingest.store import open_collection

from .conftest import CORPUS


def top_files(result, n=3):
    return [p.file for p in result.passages[:n]]


def test_acronym_and_full_name_find_the_same_passage(any_searcher):
    a = any_searcher.search("UASC national transfer scheme")
    b = any_searcher.search("unaccompanied asylum seeking children national transfer scheme")
    assert a.passages[0].chunk_id == b.passages[0].chunk_id
    assert "Buckinghamshire" in a.passages[0].file


def test_looked_after_children_finds_children_in_care(any_searcher):
    r = any_searcher.search("LAC placement overspend 2020/21")
    assert any("£4.0 million" in p.hit for p in r.passages[:3])


def test_money_spellings_match():
    assert set(tokenize("£4.0m")) & set(tokenize("£4.0 million")) & set(tokenize("£4m"))
    assert "pct0.1" in tokenize("0.10%") and "pct0.1" in tokenize("0.1 per cent")


def test_figure_query_finds_its_table_row(any_searcher):
    r = any_searcher.search("Total Cost of Service 2018/19")
    assert r.passages[0].chunk_kind == "table"
    assert "Total Cost of Service: 2017/18" in r.passages[0].hit
    assert "Expenditure description" in r.passages[0].text  # the header comes with it


def test_filters_restrict_and_empty_filter_is_reported(any_searcher):
    r = any_searcher.search("overspend", Filters(council="Torbay"))
    assert r.passages and all(p.council == "Torbay Council" for p in r.passages)
    r = any_searcher.search("overspend", Filters(since="2019-01-01", until="2019-12-31"))
    assert r.passages and all(p.date == "2019-10-15" for p in r.passages)
    r = any_searcher.search("overspend", Filters(council="Nowhere Borough"))
    assert r.passages == [] and "No papers match" in r.message


def test_passages_json_has_citation_fields(any_searcher):
    p = any_searcher.search("vacancy rate").passages[0].json()
    for key in ("rank", "score", "text", "file", "title", "council", "meeting", "date", "page", "section"):
        assert key in p
    json.dumps(p)


def test_duplicate_passages_collapse_with_both_sources(tmp_path, new_cfg):
    folder = tmp_path / "p"
    folder.mkdir()
    pdf = next(CORPUS.glob("2014-12-11*.pdf"))
    shutil.copy(pdf, folder / "a.pdf")
    (folder / "b.txt").write_text("6.1 Appendix 1 of the report details the key performance indicators that underpin "
                                  "the 5 year plan. In addition to this the staffing situation has improved from a "
                                  "figure of 46% vacancy rate to below 10% in recent months.\n")
    cfg = new_cfg
    ingest_paths([folder], cfg)
    r = Searcher(cfg).search("46% vacancy rate")
    firsts = [p for p in r.passages if "46% vacancy rate" in p.hit]
    assert len(firsts) == 1 and firsts[0].also_in


def test_incremental_keyword_index_matches_full_rebuild(tmp_path, new_cfg):
    folder = tmp_path / "p"
    folder.mkdir()
    pdfs = sorted(CORPUS.glob("*.pdf"))
    for pdf in pdfs[:3]:
        shutil.copy(pdf, folder / pdf.name)
    cfg = new_cfg
    ingest_paths([folder], cfg)
    s = Searcher(cfg)
    s.search("overspend")  # builds the keyword index
    (folder / pdfs[0].name).unlink()
    shutil.copy(pdfs[3], folder / pdfs[3].name)
    ingest_paths([folder], cfg, prune=True)
    incremental = s.search("overspend children in care").passages
    shutil.rmtree(cfg.db / "keyword")  # a cold rebuild from the store
    rebuilt = Searcher(cfg).search("overspend children in care").passages
    assert [p.chunk_id for p in incremental] == [p.chunk_id for p in rebuilt]
    catalog = open_catalog(cfg)
    kw = KeywordIndex(cfg.db)
    kw.sync({d["doc_id"] for d in catalog.documents()}, catalog.generation(), open_collection(cfg))
    assert sorted(kw.ids) == sorted(open_collection(cfg).get()["ids"])


def test_a_papers_date_is_its_own_not_that_of_another_paper_with_its_title():
    refs = references("What did the minutes of 13 February record?")
    assert match(refs, {"title": "Minutes of Previous Meeting", "date": "2025-02-13"}) >= 0.6
    assert match(refs, {"title": "Minutes of Previous Meeting", "date": "2025-03-04"}) < 0.6


@pytest.mark.parametrize("question, doc, named", [
    ("What did Cabinet resolve on decision 24/00115?", {"title": "24-00115 - Adoption of a plan - Report"}, True),
    ("What does Appendix D show for 2027-28?", {"title": "Appendix D - 3 Year Revenue Plan"}, True),
    ("What does Appendix D show for 2027-28?", {"title": "Appendix G - Key Service Statement"}, False),
    ("What did the minutes of 13 February record?", {"title": "Printed minutes", "date": "2025-02-13",
                                                     "kind": "minutes"}, True),
    ("In the Key Service Statement, which budget is larger?", {"title": "Appendix G - Key Service Statement"}, True),
    ("What is our UASC quota?", {"title": "Childrens Services Update", "date": "2023-05-01"}, False),
    ("How many people may attend in March?", {"title": "Budget", "date": "2025-05-01"}, False),  # "may" is a verb
    # a paper's own date in its title, as files are named: a letter or note, filed under a later meeting
    ("In the Minister's letter of 16 December 2024, what was asked?", {"title": "Appendix A - 16.12.24 Letter",
                                                                       "date": "2025-01-09"}, True),
    ("What did the panel note on 29 October?", {"title": "Panel note 29th-Oct-2024", "date": "2025-01-09"}, True),
    ("What did the panel note on 29 October?", {"title": "Panel note 14.11.24", "date": "2025-01-09"}, False),
    ("What did the note say at 09.30?", {"title": "Printed minutes 13th-Feb-2025 09.30"}, False),  # a time, no date
])
def test_papers_a_question_names_are_matched_by_their_fields(question, doc, named):

    assert (match(references(question), doc) >= Config().named_paper_floor) is named


def test_a_named_paper_is_boosted_not_filtered(any_searcher):
    """Naming a paper lifts its passages; a question that names none searches as before."""
    plain = any_searcher.search("What was the social worker vacancy rate?", top=5)
    named = any_searcher.search("What was the social worker vacancy rate in the Children's Services 5 Year Plan?",
                            top=5)
    assert "Torbay" in named.passages[0].file
    # boosted, not filtered: another paper's best still gets a place among the five, and a passage of the named
    # paper it displaced is read after them (spread), not dropped
    assert len(plain.passages) >= 5 and len(named.passages) >= 5
    assert any("Torbay" not in p.file for p in named.passages[:5])


@pytest.mark.parametrize("question", [
    "What did Cabinet resolve on decision 24/00115?", "What does Appendix D show for 2027-28?",
    "What did the Children's Services 5 year plan say about vacancies?", "What is our UASC quota?",
    "What did the minutes of 15 October say?", "What does the Service Plan 2018/19 say about re-referrals?"])
def test_title_index_keeps_every_paper_a_full_scan_would_name(searcher, question):
    """Only the papers sharing three title words with a question are scored (or all, when it names a
    decision, appendix or date): never one that a scan of every paper would name."""
    docs = searcher.refresh()
    floor = Config().named_paper_floor
    refs = references(question)
    named = {d for d, doc in docs.items() if match(refs, doc) >= floor}
    assert named <= TitleIndex(docs).candidates(refs, set(docs), floor)


@pytest.mark.parametrize("papers, most, order", [
    ("aaaaab", 4, "aaaaba"),  # the fifth of one paper waits until the other paper's best is placed
    ("aaaaab", 2, "aabaaa"),
    ("abab", 2, "abab"),  # nothing to move
    ("aaa", 1, "aaa"),  # one paper only: its order kept
])
def test_one_paper_does_not_fill_the_passages_read(papers, most, order):
    from dataclasses import replace

    from clerk.index.search import spread

    from .test_compose import passage

    ranked = [replace(passage(f"text {i}", rank=i + 1), doc_id=d) for i, d in enumerate(papers)]
    assert "".join(p.doc_id for p in spread(ranked, most)) == order


@pytest.mark.parametrize("question, months", [
    ("What did the committee note in May 2025?", {5}),
    ("What was agreed in May?", {5}),
    ("Who may attend from May's meeting?", {5}),
    ("Who may attend the June meeting?", {6}),  # "may" as a verb is no month
    ("What may the council decide?", set()),
])
def test_may_is_a_month_when_a_year_or_a_preposition_of_time_says_so(question, months):
    assert references(question).months == frozenset(months)


@pytest.mark.parametrize("question, items", [
    ("What is item 7 on the agenda for the 4 March Cabinet?", {"7"}),
    ("What does recommendation (2) ask Cabinet to agree?", {"2"}),
    ("What does paragraph 3.4 of the report say?", {"3.4"}),
    ("What did minute 290 record?", {"290"}),
    ("What did decision 24/00093 decide?", set()),  # a decision number names a paper, not an item
    ("How many items were on the agenda?", set()),
])
def test_references_read_the_numbered_item_a_question_names(question, items):
    assert references(question).items == frozenset(items)


def test_a_chunk_the_vector_index_misses_is_put_back_at_its_exact_rank(any_searcher):
    """The nearest chunk, dropped from the vector search as an unreachable HNSW node would be, but found by
    the keyword search, goes back to the top of the dense ranking; the rest keep their order."""
    from clerk.ingest.embed import embed_query

    qvec = embed_query("vacancy rate")
    got = any_searcher.collection.query(query_embeddings=[qvec], n_results=10, include=["distances"])
    ids, near = got["ids"][0], {i: 1.0 - d for i, d in zip(got["ids"][0], got["distances"][0])}
    missed = ids[0]
    del near[missed]
    assert any_searcher._repair(ids[1:], near, [missed, ids[3]], qvec, 10) == ids
    assert any_searcher._repair(ids[1:], near, [ids[2]], qvec, 10) == ids[1:]  # nothing missed: unchanged


def test_near_copies_of_one_template_each_find_their_own(new_cfg, tmp_path):
    """One report template filled in for each ward: vectors so alike that HNSW can leave one unreachable.
    Each ward's question still finds its own paper first."""
    folder = tmp_path / "wards"
    folder.mkdir()
    wards = ["Ashgrove", "Bramblewick", "Coldmere", "Dunhallow", "Elmsworth", "Fernbury", "Gorsedale", "Hollinford",
             "Kestrelmoor", "Larkspur", "Millbrook", "Nettlecombe", "Oakhanger", "Pennywell", "Rookwood", "Sedgefold"]
    for i, ward in enumerate(wards):
        (folder / f"ward-{i:02d}.txt").write_text(
            f"Northshire County Council\nHighways Committee\n{ward} Ward Streetlight Survey\n\n1. Summary\n"
            f"1.1 The {ward} ward streetlight survey counted {4100 + 37 * i} streetlights on adopted roads.\n")
    ingest_paths([folder], new_cfg)
    s = Searcher(new_cfg)
    for i, ward in enumerate(wards):
        top = s.search(f"How many streetlights did the {ward} ward streetlight survey count?").passages[0]
        assert top.file == f"ward-{i:02d}.txt", ward


@pytest.mark.parametrize("question", ["vacancy rate", "placement overspend 2020/21", "UASC national transfer scheme"])
def test_a_small_store_is_ranked_by_meaning_exhaustively(any_searcher, question):
    """Under EXACT_CHUNKS every chunk's vector is scored: the dense ranking is the exhaustive one."""
    import numpy as np

    from clerk.ingest.embed import embed_query

    docs = any_searcher.refresh()
    everything = any_searcher.collection.get(include=["embeddings"])
    qvec = embed_query(question)
    scores = np.asarray(everything["embeddings"], dtype=np.float32) @ np.asarray(qvec, dtype=np.float32)
    exhaustive = [everything["ids"][i] for i in np.argsort(-scores, kind="stable")[:10]]
    assert any_searcher._ranked_within(sorted(docs), qvec, docs, 10) == exhaustive


def test_words_from_another_glossary_are_tokenised_again(tmp_path, monkeypatch):
    """The keyword index is derived: stored words made by an older tokenizer or glossary are dropped on
    opening, so the next sync tokenises every chunk with today's."""
    import clerk.index.keyword as keyword

    kw = KeywordIndex(tmp_path)
    with kw.conn:
        kw.conn.execute("INSERT INTO tokens VALUES ('d-00000', 'd', 'old words')")
    assert KeywordIndex(tmp_path).conn.execute("SELECT COUNT(*) FROM tokens").fetchone()[0] == 1  # same glossary
    monkeypatch.setattr(keyword, "TOKENS_FORMAT", "0")
    reopened = KeywordIndex(tmp_path)
    assert reopened.conn.execute("SELECT COUNT(*) FROM tokens").fetchone()[0] == 0
    assert reopened.generation == -1  # nothing is taken as caught up


def test_a_paper_gone_or_half_written_is_ranked_as_it_is_and_not_kept(any_searcher):
    """Its catalogue entry read just before its chunks were removed (or before they were all written): the
    search goes on with what is there, and the next one fetches the paper again."""
    docs = dict(any_searcher.refresh())
    real = sorted(docs)[0]
    docs["0000000000gone000000"] = {"doc_id": "0000000000gone000000", "chunks": 3, "ingested_at": 1.0}
    from clerk.ingest.embed import embed_query

    ids, vectors = any_searcher._vectors_of([real, "0000000000gone000000"], docs)
    assert ids and len(ids) == len(vectors) == int(docs[real]["chunks"])
    assert "0000000000gone000000" not in any_searcher._paper_vectors
    assert any_searcher._ranked_within(["0000000000gone000000"], embed_query("budget"), docs, 5) == []


def _filler(seed: int, n: int) -> str:
    words = "service residents council budget community delivery partners engagement value costs proposals".split()
    return " ".join(words[(seed * 7 + i * 3) % len(words)] for i in range(n)) + "."


ISSUES = ["Resident engagement", "Financial sustainability", "Future boundaries"]


def _paper_with_a_list_of_long_items(folder) -> None:
    """A lead-in ending a paragraph, then three items long enough to be a chunk each, then the next paragraph."""
    folder.mkdir()
    (folder / "update.txt").write_text(
        "Northshire County Council\nReorganisation update\n\n3. Local government reorganisation\n\n"
        f"3.7 Proposals will be high level. {_filler(0, 60)} There are three critical issues that will shape "
        "the council's position:\n"
        + "".join(f"• {name}: " + " ".join(_filler(i * 6 + k, 25) for k in range(6)) + "\n"
                  for i, name in enumerate(ISSUES))
        + f"\n3.8 The next steps are set out below. {_filler(9, 40)}\n")


@pytest.mark.parametrize("most, items", [(3, 3), (1, 1)])
def test_a_list_a_lead_in_announces_is_joined_whole_when_each_item_is_a_chunk(tmp_path, new_cfg, most, items):
    """Long items are a chunk each: the passage that ends in the lead-in is joined with every item of
    its list (up to `most` chunks), not with the next paragraph."""
    _paper_with_a_list_of_long_items(tmp_path / "p")
    ingest_paths([tmp_path / "p"], new_cfg)
    s = Searcher(new_cfg)
    passages = [p for p in s.search("three critical issues that will shape the council's position").passages
                if p.hit.rstrip().endswith("position:")]
    s.continue_lists(passages, top=1, most=most)
    joined = passages[0].hit
    assert [name in joined for name in ISSUES] == [n < items for n in range(3)]
    assert "3.8" not in joined  # the next paragraph is not the list


def test_an_item_cut_from_its_lead_in_gets_it_back_as_its_lead(tmp_path, new_cfg):
    _paper_with_a_list_of_long_items(tmp_path / "p")
    ingest_paths([tmp_path / "p"], new_cfg)
    s = Searcher(new_cfg)
    passages = [p for p in s.search("financial sustainability").passages if p.hit.startswith("• Financial")]
    assert passages and not passages[0].lead  # the chunk before ends with an item, not a lead-in
    first = [p for p in s.search("resident engagement").passages if p.hit.startswith("• Resident")]
    read = first[:1] + passages[:1]
    s.continue_lists(read, top=2)
    assert read[0].lead == "There are three critical issues that will shape the council's position:"
    assert read[0].text.startswith(read[0].lead) and not read[1].lead


MOVED_AMENDMENT = "Mr Hood proposed, and Mr Lewis seconded the following amendment: to fund"
MOVED_THAT = "The Chairman proposed and the Vice-Chairman seconded that Council resolve to fund"


def _minutes_read(tmp_path, cfg, text: str, query: str, keep) -> tuple[Searcher, list]:
    """Ingest one paper of minutes, search it, and keep the passages read that `keep` picks."""
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "minutes.txt").write_text(text)
    ingest_paths([tmp_path / "p"], cfg)
    s = Searcher(cfg)
    return s, [p for p in s.search(query).passages if keep(p)]


def _minutes_with_a_recorded_vote(folder, motion: str = MOVED_AMENDMENT) -> None:
    """A minute moving an amendment, long enough to fill a chunk, then the vote on it a chunk or two later."""
    folder.mkdir()
    names = ", ".join(f"Mr {w.title()}" for w in _filler(3, 12).rstrip(".").split())
    (folder / "minutes.txt").write_text(
        "Northshire County Council\nMinutes of the County Council meeting\n\n5. Budget amendments\n\n"
        f"(11) {motion} a feasibility study into home to school transport. {_filler(1, 150)}\n"
        "(12) Following the debate, the Chairman put the amendment to the vote and the voting was as follows:\n"
        f"• For (16) {names}\n• Against (41) {names}, {names}, {names}\n• Abstain (0)\nAmendment lost.\n\n"
        f"(13) The Chairman moved to the next item. {_filler(4, 80)}\n")


@pytest.mark.parametrize("outcome, motion", [(True, MOVED_AMENDMENT), (False, MOVED_AMENDMENT), (True, MOVED_THAT)])
def test_a_minute_moving_an_amendment_goes_on_to_its_vote_when_the_outcome_is_asked(tmp_path, new_cfg, outcome, motion):
    _minutes_with_a_recorded_vote(tmp_path / "p", motion)
    ingest_paths([tmp_path / "p"], new_cfg)
    s = Searcher(new_cfg)
    passages = [p for p in s.search("amendment feasibility study home to school transport").passages
                if p.hit.startswith("(11)")]
    assert passages and "Amendment lost." not in passages[0].hit  # the vote is in a chunk after
    s.continue_lists(passages, top=1, outcome=outcome)
    assert ("Against (41)" in passages[0].hit and "Amendment lost." in passages[0].hit) == outcome
    assert "(13)" not in passages[0].hit


def test_a_chunk_ending_on_a_colon_goes_on_into_the_next_section(tmp_path, new_cfg):
    """A decision record's "Title of Decision:" ends one section; the title, set as a heading, opens the next,
    which holds the decision: what the colon announces is read with it."""
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "record.md").write_text(
        "# Record of decision 25/00001\n\nFor publication: Yes\n\nKey decision: Yes\n\nTitle of Decision:\n\n"
        "## Adoption of the Northshire Delivery Plan\n\nDecision: Cabinet propose to:\n\n"
        "- a) To ADOPT the Northshire Delivery Plan on behalf of the council\n"
        "- b) To DELEGATE authority to the Director of Public Health to revise the plan\n")
    ingest_paths([tmp_path / "p"], new_cfg)
    s = Searcher(new_cfg)
    passages = [p for p in s.search("record of decision title of decision key decision").passages
                if p.hit.rstrip().endswith("Title of Decision:")]
    assert passages and "To ADOPT" not in passages[0].hit
    s.continue_lists(passages, top=1)
    assert "To ADOPT the Northshire Delivery Plan" in passages[0].hit


def test_a_leading_passage_of_minutes_quoting_an_amendment_goes_on_to_its_vote(tmp_path, new_cfg):
    """The middle of an amendment quoted at length in minutes names no mover and no result: when the
    outcome is asked, a leading passage of minutes is read on to the vote."""
    names = ", ".join(f"Mr {w.title()}" for w in _filler(3, 12).rstrip(".").split())
    s, passages = _minutes_read(
        tmp_path, new_cfg,
        "Northshire County Council\nMinutes of the County Council meeting\n\n5. Budget amendments\n\n"
        "(7) Mr Ash and Mr Birch put forward the following:\n\n"
        f"Proposed Purpose: to fund a feasibility study into home to school transport. {_filler(1, 150)}\n\n"
        f"Proposed Amount: as set out in the revised appendices. {_filler(2, 60)}\n\n"
        "(8) Following the debate, the Chairman put the amendment to the vote and the voting was as follows:\n"
        f"• For (16) {names}\n• Against (41) {names}, {names}, {names}\n• Abstain (0)\nAmendment lost.\n",
        "feasibility study into home to school transport proposed purpose", lambda p: "Proposed Purpose" in p.hit)
    assert passages and "Amendment lost." not in passages[0].hit
    s.continue_lists(passages, top=1, outcome=True)
    assert "Against (41)" in passages[0].hit and "Amendment lost." in passages[0].hit


def test_a_question_in_words_finds_the_papers_initials_they_define(tmp_path, new_cfg):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "glossary.txt").write_text("Abbreviations\n\nQRB - Quarry Restoration Board, which meets twice a year.\n")
    (folder / "budget.txt").write_text("Budget by board\n\nThe QRB net budget is £4.2m for 2025-26.\n\n"
                                       "Other boards\n\nThe parks budget is £1.1m and the harbour budget is £0.9m.\n")
    ingest_paths([folder], new_cfg)
    searcher = Searcher(new_cfg)
    hits = searcher.search("What is the net budget of the Quarry Restoration Board?").passages
    assert searcher.keyword.acronyms.long == {"QRB": "quarry restoration board"}
    texts = [p.hit for p in hits]
    budget = next(i for i, t in enumerate(texts) if "£4.2m" in t)
    assert budget < next(i for i, t in enumerate(texts) if "£1.1m" in t)
    said = searcher.keyword.acronyms.expand("What is the net budget of the Quarry Restoration Board?")
    assert said.endswith("(QRB)")
    by_words = dict(searcher.keyword.search(said[:-len(" (QRB)")], None, 10))
    assert dict(searcher.keyword.search(said, None, 10))[hits[budget].chunk_id] > by_words[hits[budget].chunk_id]
    (folder / "glossary.txt").unlink()
    ingest_paths([folder], new_cfg, prune=True)
    searcher.search("budget")
    assert len(searcher.keyword.acronyms) == 0  # a paper removed takes what it defined with it


def test_a_passage_cut_mid_sentence_is_read_to_the_end_of_that_sentence(tmp_path, new_cfg):
    """A paragraph split over a page break leaves a chunk ending mid-sentence ("... At that meeting,"): the
    sentence's end, at the start of the next chunk of its section, is read with it, and nothing more."""
    s, passages = _minutes_read(
        tmp_path, new_cfg,
        "Northshire County Council\nMinutes of the Cabinet meeting\n\n4. Cabinet Member updates\n\n"
        f"(a) The Leader gave an update on the call-in of the hub decision. {_filler(1, 150)} At that meeting,\n\n"
        f"Members agreed to refer the decision to full Council for review. {_filler(2, 150)}\n",
        "update on the call-in of the hub decision", lambda p: p.hit.rstrip().endswith("At that meeting,"))
    assert passages  # the first paragraph fills its chunk
    s.finish_sentences(passages, top=1)
    assert passages[0].hit.endswith("At that meeting, Members agreed to refer the decision to full Council for review.")
    assert passages[0].text.endswith("for review.")


def test_a_list_cut_mid_sentence_goes_on_in_the_same_line(tmp_path, new_cfg):
    """A list's item cut at its chunk's end ("The ask of Government was to") goes on in the next chunk ("exempt the
    sector ..."): joined, the sentence is one line, so it is read and quoted as one sentence."""
    s, passages = _minutes_read(
        tmp_path, new_cfg,
        "Northshire County Council\nMinutes of the Cabinet meeting\n\n4. Cabinet Member updates\n\n"
        "The Cabinet Member gave the following updates:\n"
        f"• (a) The Cabinet Member wrote to the Minister about care providers. {_filler(1, 150)} "
        "The ask of Government was to\n\n"
        f"exempt the care sector from the increases, to which no response was yet received. {_filler(2, 150)}\n",
        "Cabinet Member wrote to the Minister about care providers",
        lambda p: p.hit.rstrip().endswith("The ask of Government was to"))
    assert passages  # the item fills its chunk
    s.continue_lists(passages, top=1)
    assert "The ask of Government was to exempt the care sector from the increases" in passages[0].hit
