"""Meeting briefs: the extractors as tables over made-up papers, then real stores, real PDFs and the CLI."""

import json
import re

import pytest

from clerk.assistant.brief import build_brief, meetings, select_papers
from clerk.assistant.brief_extract import _follows, has_measure, headline_figures, paper_units, purpose, recommendations
from clerk.assistant.brief_note import brief_docx, brief_markdown, escape_markdown
from clerk.assistant.brief_series import changes
from clerk.index import Passage
from clerk.ingest import Config, ingest_paths

from .conftest import CORPUS, KENT


def passage(hit: str, n: int = 1, kind: str = "paragraph", section: str = "", lead: str = "",
            doc: str = "d") -> Passage:
    return Passage(rank=0, score=0, similarity=0, text=f"{lead}\n{hit}" if lead else hit, hit=hit, lead=lead,
                   chunk_id=f"{doc}-{n:05d}", doc_id=doc, file="f.pdf", path="f.pdf", title="Northshire report",
                   council="Northshire Council", meeting="Cabinet", date="2025-01-30", kind="report", page=n,
                   page_end=n, page_label=None, section=section, chunk_kind=kind)


def recs(*chunks: str, minutes: bool = False) -> list[str]:
    units = paper_units([passage(c, i) for i, c in enumerate(chunks, start=1)])
    return [f.text for f in recommendations(units, minutes=minutes)]


@pytest.mark.parametrize("chunks, expected", [
    # a lead-in ending one chunk, numbered resolutions the next; a minuted paragraph "6)" ends the run
    (["Recommendations:\nThe Cabinet is asked to:", "(1) Approve the Northshire library plan. (2) Note the cost of "
      "£2.1m.\n6) Mr Smith said the plan was late."],
     ["(1) Approve the Northshire library plan.", "(2) Note the cost of £2.1m."]),
    (["Recommendation(s): Cabinet is asked to NOTE the Quarter 3 Performance Report.",
      "3. Recommendation(s)\nCabinet is asked to NOTE the Quarter 3 Performance Report."],
     ["Recommendation(s): Cabinet is asked to NOTE the Quarter 3 Performance Report."]),  # said twice, given once
    (["County Council is asked to agree the following:\n2025-26 Capital Programme\n(a) The capital programme of "
      "£1,419m.\n(b) The net revenue budget of £1,530.9m."],
     ["(a) The capital programme of £1,419m.", "(b) The net revenue budget of £1,530.9m."]),  # past a sub-heading
    (["2.1 That Members endorse the Northshire five year plan."], ["2.1 That Members endorse the Northshire five year plan."]),
    (["The report describes the Northshire bus network in detail."], []),
])
def test_what_the_meeting_is_asked_to_decide(chunks, expected):
    assert recs(*chunks) == expected


@pytest.mark.parametrize("chunks, expected", [
    (["RESOLVED that the minutes of the meeting be approved as a correct record.",
      "Mr Jones asked whether the Northshire depot would close."],
     ["RESOLVED that the minutes of the meeting be approved as a correct record."]),
    (["RESOLVED that the County Council:\n(1) Endorses the joint work.\n(2) Notes the timetable.\n"
      "(4) Mr Brown spoke against."], ["(1) Endorses the joint work.", "(2) Notes the timetable."]),
])
def test_minutes_give_what_was_resolved_not_what_was_said(chunks, expected):
    assert recs(*chunks, minutes=True) == expected


def test_items_under_a_heading_that_asks_are_the_recommendations():
    p = passage("• (i) NOTE the Inspector’s Report;\n• (ii) ENDORSE the plan.", kind="list",
                section="Cabinet is asked to")
    assert [f.text for f in recommendations(paper_units([p]))] == ["(i) NOTE the Inspector’s Report;",
                                                                   "(ii) ENDORSE the plan."]


@pytest.mark.parametrize("text, previous, expected", [
    ("(2) Note", ("n", 1), ("n", 2)), ("b) Agree", ("a", 1), ("a", 2)), ("(iii) Endorse", ("i", 2), ("i", 3)),
    ("(i) Note", None, ("i", 1)), ("6) He said", ("n", 4), None), ("Mr Smith said", None, None),
])
def test_a_run_of_resolutions_follows_its_numbering(text, previous, expected):
    assert _follows(text, previous) == expected


@pytest.mark.parametrize("text, expected", [
    ("The forecast overspend is £4.0m.", True), ("Of the 38 KPIs, 17 met target.", True),
    ("Attendance rose to 94.5%.", True), ("On 16 December 2024 the Minister wrote.", False),
    ("1.2 The plan was adopted in 2016.", False), ("A meeting was held on the 18 th of December.", False),
])
def test_a_measure_is_a_sum_a_rate_or_a_count_not_a_date(text, expected):
    assert has_measure(text) is expected


def test_headline_figures_prefer_sums_targets_missed_and_figure_headings_over_contacts():
    ps = [passage("Northshire buses ran 14 routes in the villages. The revenue budget shows a forecast overspend of "
                  "£4.2m. Nine indicators did not meet the floor standard (Red).\nPhone number: 03000 412345", 1),
          passage("The pressure is on staffing.", 2, section="Staffing budgets - £1.6 million")]
    got = [f.text for f in headline_figures(paper_units(ps), set(), limit=2)]
    assert "The revenue budget shows a forecast overspend of £4.2m." in got
    assert "Nine indicators did not meet the floor standard (Red)." in got
    assert "Staffing budgets - £1.6 million" in got and not any("Phone" in g for g in got)


def test_purpose_is_the_sentence_that_says_what_the_paper_is_for():
    units = paper_units([passage("To: Cabinet\nSummary: This report sets out the Northshire waste strategy. It has "
                                 "three parts.")])
    assert [f.text for f in purpose(units)] == ["Summary: This report sets out the Northshire waste strategy."]


def test_changes_pair_the_same_sentence_or_row_with_other_figures():
    before = paper_units([passage("The net revenue budget is £1,529.7m for 2025-26.\nIncome: Adults = £6.2m; "
                                  "Total = £9.0m\nThe plan has five parts.", doc="a")])
    now = paper_units([passage("The net revenue budget is £1,530.9m for 2025-26.\nReserves: Adults = £6.9m; "
                               "Total = £9.9m\nThe plan has five parts.", doc="b")])
    got = changes(now, before)
    assert [(c.before.text, c.now.text) for c in got] == [("The net revenue budget is £1,529.7m for 2025-26.",
                                                           "The net revenue budget is £1,530.9m for 2025-26.")]


@pytest.mark.parametrize("text, absent", [
    ("[click here](http://evil.example/x)", ["](", "http:"]),
    ("<script>alert(1)</script> <img src=x onerror=y>", ["<script", "<img"]),
    ("*bold* and _under_ and `code` and | pipes", ["*bold*", "_under_", "`code`", " | "]),
    ("see www.example.org or clerk@example.org", ["www.example", "@example"]),
])
def test_paper_text_is_inert_in_markdown(text, absent):
    out = escape_markdown(text)
    assert not any(re.search(r"(?<!\\)" + re.escape(a), out) for a in absent)  # none left unescaped


def test_the_papers_of_a_meeting_are_its_date_and_its_folder():
    docs = [
        {"doc_id": "a", "council": "Northshire Council", "meeting": "Cabinet", "date": "2025-01-30", "kind": "report",
         "title": "Budget", "date_start": 20250130, "date_end": 20250130, "files": ["/p/cabinet/2025-01-30/a.pdf"]},
        {"doc_id": "b", "council": "Northshire Council", "meeting": "Leaders of all councils", "date": "2025-01-30",
         "kind": "appendix", "title": "Letter", "date_start": 20250130, "date_end": 20250130,
         "files": ["/p/cabinet/2025-01-30/b.pdf"]},
        {"doc_id": "c", "council": "Northshire Council", "meeting": "Full Council", "date": "2025-01-30",
         "kind": "report", "title": "Pay policy", "date_start": 20250130, "date_end": 20250130,
         "files": ["/p/full_council/2025-01-30/c.pdf"]},
        {"doc_id": "d", "council": "Northshire Council", "meeting": "Cabinet", "date": "2024-12-12", "kind": "report",
         "title": "Budget", "date_start": 20241212, "date_end": 20241212, "files": ["/p/cabinet/2024-12-12/d.pdf"]},
    ]
    assert [d["doc_id"] for d in select_papers(docs, "Cabinet", "2025-01-30")] == ["a", "b"]
    assert [d["doc_id"] for d in select_papers(docs, "full council", "2025-01-30")] == ["c"]
    assert select_papers(docs, "Scrutiny", "2025-01-30") == []
    assert {(m["meeting"], m["papers"]) for m in meetings(docs)} == {("Cabinet", 2), ("Full Council", 1),
                                                                     ("Cabinet", 1)}


# ---- real stores


def test_brief_of_a_sample_corpus_meeting_is_cited_and_renders(corpus_cfg, tmp_path):
    from clerk.evals.briefs import precision
    from clerk.ingest.store import open_collection

    brief = build_brief(corpus_cfg, "Overview and Scrutiny", "2014-12-11")
    assert [p.doc["council"] for p in brief.papers] == ["Torbay Council"]
    paper = brief.papers[0]
    assert any("endorse the implementation of the 5 year plan" in f.text for f in paper.recommendations)
    assert any("£1.4m" in f.text for f in paper.figures + paper.recommendations)
    assert precision(brief, open_collection(corpus_cfg)) == (1.0, [])
    md = brief_markdown(brief)
    shown = re.sub(r"\\(.)", r"\1", md)  # as a Markdown viewer shows it: escapes gone
    assert md.startswith("# Brief: Overview and Scrutiny, 2014-12-11") and "Asked to decide:" in shown
    assert "\\\\" not in md  # escaped once, not twice
    assert re.search(r"\[\^1\]: .*p\. \d", shown)
    import docx

    text = "\n".join(p.text for p in docx.Document(str(brief_docx(brief, tmp_path / "b.docx"))).paragraphs)
    assert "Asked to decide:" in text and "[1]" in text and "\\" not in text  # Word gets the plain text


@pytest.mark.integration
def test_a_later_edition_shows_what_changed_and_prompts_a_question(tmp_path):
    """Two editions of a made-up quarterly report, ingested for real (Chroma and the model)."""
    papers = tmp_path / "papers"
    papers.mkdir()
    body = ("Northshire Council quarterly performance report.\n\nSummary: This report presents performance to the "
            "end of {q}.\n\nThe forecast revenue overspend is £{o}m, after savings of £3.2m.\n\n"
            "Of the 20 indicators, {r} did not meet the floor standard (Red).\n\n"
            "Recommendation: Cabinet is asked to NOTE the performance report.\n")
    meta = {}
    for name, q, o, r, date in (("q2.txt", "September", "12.5", "four", "2024-11-14"),
                                ("q3.txt", "December", "9.1", "six", "2025-02-13")):
        (papers / name).write_text(body.format(q=q, o=o, r=r), encoding="utf-8")
        meta[name] = {"council": "Northshire Council", "meeting": "Cabinet", "date": date, "kind": "report",
                      "title": f"Quarterly performance report {q}"}
    (papers / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    cfg = Config(db=tmp_path / "db")
    assert ingest_paths([papers], cfg).ok
    brief = build_brief(cfg, "Cabinet", "2025-02-13")
    (paper,) = brief.papers
    assert paper.previous["title"] == "Quarterly performance report September"
    assert [(c.before.text, c.now.text) for c in paper.changes][0] == (
        "The forecast revenue overspend is £12.5m, after savings of £3.2m.",
        "The forecast revenue overspend is £9.1m, after savings of £3.2m.")
    asked = [q.text.format(*[f.text for f in q.facts]) for q in brief.questions]
    assert any("£12.5m" in q and "£9.1m" in q and "What explains the change" in q for q in asked)
    assert any("did not meet the floor standard" in q and "back to target" in q for q in asked)


@pytest.mark.integration
@pytest.mark.skipif(not KENT.exists(), reason="Kent papers not present")
def test_cli_brief_of_real_kent_papers(tmp_path, capsys):
    from clerk.cli import main

    folder = KENT / "cabinet" / "2025-03-04"
    papers = [folder / "Cabinet QPR Q3 Cover.pdf", folder / "Cabinet Report 4 March 2025.pdf"]
    out = tmp_path / "brief"
    assert main(["brief", "--db", str(tmp_path / "db"), "--papers", *map(str, papers), "--out", str(out)]) == 0
    assert "2 papers" in capsys.readouterr().out
    md = re.sub(r"\\(.)", r"\1", out.with_suffix(".md").read_text(encoding="utf-8"))  # as a viewer shows it
    assert "APPROVE the net transfer of £356.0k into reserves" in md
    assert "Nine KPIs did not meet the floor standard \\(Red\\)" not in md  # parentheses are not escaped
    assert "Nine KPIs did not meet the floor standard (Red)" in md
    assert out.with_suffix(".docx").exists()
    assert main(["brief", "--db", str(tmp_path / "db"), "--list"]) == 0
    assert "Cabinet" in capsys.readouterr().out


def test_the_brief_set_for_the_sample_corpus_is_recalled_with_precise_citations(corpus_cfg, tmp_path):
    from clerk.evals.briefs import evaluate

    rows = [json.loads(ln) for ln in (CORPUS.parent / "evals" / "briefs.jsonl").read_text("utf-8").splitlines()]
    mine = tmp_path / "briefs.jsonl"
    mine.write_text("".join(json.dumps(r | {"corpus": [str(CORPUS)]}) + "\n" for r in rows
                            if r["corpus"] == ["../corpus"]), encoding="utf-8")
    results = evaluate(mine, corpus_cfg)
    assert len(results) == 3
    for r in results:
        assert (r["id"], r["recall"], r["citation_precision"]) == (r["id"], 1.0, 1.0), r
