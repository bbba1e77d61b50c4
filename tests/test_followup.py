"""Follow-up questions made searchable alone (assistant/followup.py), as a table: what the rewritten
question must carry from the one before, and what it must not. Pure text: no model, no store."""

from __future__ import annotations

import pytest

from clerk.assistant.followup import needs_history, split, standalone

COUNCILS = ["Northshire County Council", "Eastport Council", "Westshire Council"]
OVERSPEND = "What was the overspend in Northshire?"


@pytest.mark.parametrize("question, history, searched", [
    # a follow-up naming another council asks the same of it
    ("and what about Eastport?", [OVERSPEND], "What was the overspend in Eastport?"),
    ("what about Westshire?", [OVERSPEND], "What was the overspend in Westshire?"),
    # a question that names its subject is searched as asked
    ("What is the SEND reserves policy?", [OVERSPEND], "What is the SEND reserves policy?"),
    # a follow-up naming another time asks the same of it: a date for a date, a year for a year, a quarter for a quarter
    ("And at the October 2025 meeting?", ["How many questions did the committee receive for its 19 March 2026 meeting?"],
     "How many questions did the committee receive for its October 2025 meeting?"),
    ("and in 2023-24?", ["How many PCNs were issued in 2024/25?"], "How many PCNs were issued in 2023-24?"),
    ("and for Quarter 2?", ["What was the forecast overspend in Quarter 3?"], "What was the forecast overspend in Quarter 2?"),
    ("and in 2023?", ["What was agreed on 19 March 2026?"], "What was agreed on 19 March 2026 2023?"),  # no time of the kind
    # nothing before it: as asked, however it starts
    ("and what about Eastport?", [], "and what about Eastport?"),
    ("  What is the reserves policy?  ", [], "What is the reserves policy?"),
])
def test_follow_ups_searched_as(question, history, searched):
    assert standalone(question, history, COUNCILS) == searched


@pytest.mark.parametrize("question, history, carries, drops", [
    # a new subject after "and for"/"how about" is added to the question before
    ("and for fostering?", [OVERSPEND], ["overspend", "Northshire", "fostering"], []),
    ("how about fostering?", [OVERSPEND], ["overspend", "fostering"], []),
    # "why?" asks the reason for what was asked before
    ("why?", ["What was the vacancy rate?"], ["Why", "vacancy rate"], []),
    ("why did it rise?", ["What was the vacancy rate?"], ["Why", "vacancy rate", "rise"], []),
    # a question that points back ("it", "that") and names little else takes the question before as context
    ("what was it the year before?", ["What was the vacancy rate in 2022?"], ["year before", "vacancy rate", "2022"], []),
    ("How much of that was agency staff?", ["What was the overspend?"], ["agency staff", "overspend"], []),
    # only the latest question is context
    ("why?", ["What was the overspend?", "What was the vacancy rate?"], ["vacancy rate"], ["overspend"]),
])
def test_follow_ups_carry_the_subject_before(question, history, carries, drops):
    searched = standalone(question, history, COUNCILS)
    assert all(c.lower() in searched.lower() for c in carries), searched
    assert not any(d.lower() in searched.lower() for d in drops), searched


@pytest.mark.parametrize("question, needs", [
    ("What is the SEND reserves policy?", False),
    ("Who chairs the Northshire adoption panel?", False),
    # no name, acronym, year or figure of its own: in a conversation, the subject is the talk so far
    ("Who chairs the adoption panel?", True),
    ("How many firms actually bid?", True),
    ("What did Eastport decide?", False),  # names a council: its own subject
    ("what was it before?", True),
    ("How much of that was loans?", True),
    ("What did they decide?", True),
    ("and the year before?", True),
    # "of that" asks for a share of what was asked before, however much else it names
    ("How much of that is expected to come from council tax, not counting the social care levy?", True),
    ("Which of these were approved by the committee in the end?", True),
    ("What is spent in this report on Highways, Schools, Libraries and Parks?", False),  # "this report": a paper
])
def test_a_question_leans_on_the_one_before_only_when_it_names_too_little(question, needs):
    assert needs_history(question, COUNCILS) is needs


@pytest.mark.parametrize("question, history, own, context", [
    # a follow-up with a subject of its own is asked as itself, with the question before as its context
    ("How much of that was loans?", [OVERSPEND], "How much of that was loans?", "What was the overspend in Northshire"),
    # one that names nothing of its own asks the question before again: asked whole
    ("what was it before?", [OVERSPEND], "what was it before (What was the overspend in Northshire)?", ""),
    ("What is the SEND reserves policy?", [OVERSPEND], "What is the SEND reserves policy?", ""),  # stands alone
    ("How many firms bid?", [OVERSPEND], "How many firms bid?", "What was the overspend in Northshire"),
    ("and what about Eastport?", [OVERSPEND], "What was the overspend in Eastport?", ""),
])
def test_a_follow_up_is_asked_as_itself_with_the_question_before_as_context(question, history, own, context):
    assert split(standalone(question, history, COUNCILS), history) == (own, context)
