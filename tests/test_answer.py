import json
import subprocess
import sys

import pytest

from clerk.assistant.answer import Assistant
from clerk.assistant.events import Done, Partial, Searched
from clerk.assistant.followup import needs_history, standalone
from clerk.assistant.verify import verify_answer
from clerk.ingest import Config, ingest_paths

from .cited import unsupported
from .conftest import KENT


def cited_files(ans):
    return {c.file for c in ans.citations}


def test_uasc_quota(any_assistant):
    ans = any_assistant.answer("What is our UASC quota?")
    assert ans.found
    assert "0.10%" in ans.answer and "128" in ans.answer
    assert any("Buckinghamshire" in f for f in cited_files(ans))


@pytest.mark.parametrize("question, status", [
    ("What is Buckinghamshire's UASC quota?", "answered"),
    # only another council's papers say it: the closest they come, flagged, never passed off as Torbay's
    ("What is Torbay's UASC quota?", "closest"),
])
def test_a_council_named_is_answered_from_its_own_papers_or_flagged(assistant, question, status):
    ans = assistant.answer(question)
    assert ans.status == status
    assert "Buckinghamshire" in ans.citations[0].council
    assert ans.evidence["named_council"] == (status == "answered")


def test_placement_overspend(any_assistant):
    ans = any_assistant.answer("What was the placement overspend for children in care in 2020/21?")
    assert "£4.0 million" in ans.answer and "£13.2 million" in ans.answer
    c = next(c for c in ans.citations if "£4.0 million" in c.quote)
    assert c.page == 1 and "£13.2 million" in c.quote and c.council == "BCP Council"


def test_torbay_vacancy_rate(any_assistant):
    ans = any_assistant.answer("What was the social worker vacancy rate in Torbay?")
    assert "46%" in ans.answer and "below 10%" in ans.answer
    assert ans.citations[0].section == "6. Progress > 6.1" and ans.citations[0].page == 3


@pytest.mark.xfail(reason="known weakness: 'pothole' is in no paper, but the not-found model weighs only words some "
                          "paper uses, so the question reads as fully covered (see the answers issue's note)")
def test_not_found(assistant):
    ans = assistant.answer("What is the council's policy on pothole repairs?")
    assert not ans.found and ans.nearest and ans.status in ("closest", "not found")
    if ans.status == "not found":
        assert "don't answer" in ans.answer and not ans.citations
    else:  # quoted, but flagged as not answering
        assert ans.answer.startswith("The papers don't state this directly") and ans.citations


def test_who_is_answered_by_a_line_naming_someone_or_a_body(assistant):
    ans = assistant.answer("Who provides Bournemouth's adoption service?")
    assert ans.found and "Aspire Adoption" in ans.answer.split("\n")[0], ans.answer


def test_the_closest_the_papers_come_is_flagged_not_passed_off(corpus_cfg, searcher):
    """Evidence between the two thresholds is quoted as the closest the papers come, with its
    citations, and not counted as found."""
    from dataclasses import replace

    doubtful = Assistant(replace(corpus_cfg, answer_threshold=1.01), searcher)
    ans = doubtful.answer("What is our UASC quota?")
    assert not ans.found and ans.status == "closest" and ans.citations, ans.answer
    assert ans.answer.startswith("The papers don't state this directly") and "0.10%" in ans.answer


def test_follow_up_resolves():
    councils = ["BCP Council", "Torbay Council", "Buckinghamshire Council"]
    q = standalone("and what about Torbay?", ["What was the children in care overspend in BCP?"], councils)
    assert q == "What was the children in care overspend in Torbay?"
    why = standalone("why?", ["What was the vacancy rate?"], councils)
    assert why.startswith("Why") and "vacancy rate" in why  # the reason for what was asked before
    # a question of its own after "and": asked first, the one before kept as its context
    assert (standalone("And how much was spent on capital?", ["What were the bank balances in October?"], councils)
            == "How much was spent on capital (What were the bank balances in October)?")


@pytest.mark.parametrize("question, needs", [
    ("What is our UASC quota?", False),  # names its subject: searched alone, however short
    ("Who chairs the Torbay adoption panel?", False),
    ("what was it before?", True),
    ("How much of that was PWLB loans?", True),  # points back and names little else
    ("How much of it is revenue?", True),
    ("What did they decide?", True),
    ("How much of that is the adult social care levy?", True),  # "that" points back; the levy is a part of it
    ("What is the Northshire adult social care levy for 2025-26?", False),
])
def test_a_follow_up_leans_on_history_only_when_it_needs_it(question, needs):
    assert needs_history(question, ["Torbay Council"]) is needs


def test_a_standalone_question_after_another_is_searched_alone(assistant):
    ans = assistant.answer("What is our UASC quota?", history=["What was the social worker vacancy rate in Torbay?"])
    assert ans.searched_question == "What is our UASC quota?" and "0.10%" in ans.answer


def test_the_stream_reports_the_search_then_the_answer_growing_then_the_answer(assistant):
    events = list(assistant.stream("and what about Torbay?", ["What was the social worker vacancy rate in BCP?"]))
    first, partials, last = events[0], events[1:-1], events[-1]
    assert first == Searched("What was the social worker vacancy rate in Torbay?")
    assert partials and all(isinstance(e, Partial) for e in partials)
    assert all(b.text.startswith(a.text) for a, b in zip(partials, partials[1:]))
    assert isinstance(last, Done) and last.answer.answer == partials[-1].text
    assert [e for e in assistant.stream("'; DROP TABLE documents; --")] == [Done(assistant.answer(
        "'; DROP TABLE documents; --"))]  # nothing to search: the reply alone


def test_follow_up_through_the_assistant(any_assistant):
    ans = any_assistant.answer("and what about Torbay?", history=["What was the social worker vacancy rate in BCP?"])
    assert ans.searched_question == "What was the social worker vacancy rate in Torbay?"
    assert "46%" in ans.answer


def test_every_figure_is_in_its_cited_quote(any_assistant):
    for q in ("What is our UASC quota?", "What is the Total Cost of Service in 2018/19?",
              "What was the placement overspend for children in care in 2020/21?"):
        ans = any_assistant.answer(q)
        assert ans.found and ans.citations, q
        assert unsupported(ans.answer, {c.n: c.quote for c in ans.citations}) == []
        assert not ans.notes


def test_planted_figure_is_caught():
    quotes = {1: "an overspend of £4.0 million on a budget of £13.2 million (30%)"}
    kept, dropped = verify_answer("The overspend was £4.0 million [1]. The budget was £15.2 million [1].", quotes)
    assert "£4.0 million" in kept and "£15.2 million" not in kept
    assert dropped and "15200000" in dropped[0]
    kept, dropped = verify_answer("It rose to 35% [2].", quotes)  # marker to no source
    assert kept == "" and dropped


def test_cli_ask_json(store_cfg):
    server = ["--chroma", store_cfg.chroma_url] if store_cfg.chroma_url else []
    out = subprocess.run([sys.executable, "-m", "clerk.cli", "ask", "What is our UASC quota?", "--json",
                          "--db", str(store_cfg.db), *server], capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    assert data["found"] and data["searched_question"] == "What is our UASC quota?"
    for key in ("n", "title", "file", "council", "meeting", "date", "page", "section", "quote"):
        assert key in data["citations"][0]


def test_claims_without_a_source_are_not_shown():
    quotes = {1: "The quota is 0.10% of the child population."}
    kept, dropped = verify_answer("[1]", quotes)  # a marker alone claims nothing
    assert kept == "" and dropped
    kept, dropped = verify_answer("The quota is 0.10% [1]. The council is doing very well.", quotes)
    assert kept == "The quota is 0.10% [1]." and "doing very well" in dropped[0]
    kept, _ = verify_answer("The papers also say:", quotes)  # a lead-in alone answers nothing
    assert kept == ""


def test_a_table_row_answers_with_its_column_names(assistant):
    ans = assistant.answer("What budget pressure was recorded for Young Carers?")
    # the row and its column names, whether given as the answer or as the closest the papers come
    assert ans.citations and "Young Carers:" in ans.answer and "90" in ans.answer, ans.answer


@pytest.fixture(scope="module")
def kent_assistant(tmp_path_factory):
    """Real Kent papers of kinds the sample corpus lacks: members' questions with their answers, and a
    panel's minutes."""
    if not KENT.is_dir():
        pytest.skip("shared Kent papers not present")
    cfg = Config(db=tmp_path_factory.mktemp("kent"))
    folder = KENT / "full_council" / "2025-03-13"
    assert ingest_paths([folder / "Questions put and answers given - March 2025.pdf",
                         folder / "CPP Minutes 29.10.24.pdf"], cfg).ok
    return Assistant(cfg)


def test_members_question_is_not_its_own_answer(kent_assistant):
    """"since Blackburn Lodge closed" is not a timeline to compare; the member's question, which
    shares every word with ours, asks rather than answers."""
    ans = kent_assistant.answer("How many Sheppey residents have moved into a residential care home since "
                                "Blackburn Lodge closed?")
    assert ans.found and "57" in ans.answer, ans.answer
    assert not ans.answer.startswith("- ")  # one answer, not a comparison of papers
    assert "?" not in ans.answer.split("[1]")[0]


def test_who_holds_an_office_is_answered_by_its_holder(kent_assistant):
    """"Who chairs" is answered by the chair's name: the minutes list the Chair among those present,
    beside a sentence electing a Vice Chair that shares every word of the question."""
    ans = kent_assistant.answer("Who chairs the Corporate Parenting Panel?")
    assert ans.found and "(Chair)" in ans.answer, ans.answer
    ans = kent_assistant.answer("Who is the vice chair of the Corporate Parenting Panel?")
    assert ans.found and "Bartlett" in ans.answer.split("[1]")[0], ans.answer
