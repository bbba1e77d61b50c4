"""Verification of an answer's figures against its cited quotes, and the eval scorer's own reading of
figures: pure, no model or store."""

import pytest

from clerk.assistant.verify import claims, figures, verify_answer
from clerk.evals import score
from clerk.text import split_sentences

QUOTES = {1: "Loans outstanding were £16.8m at 30 September.", 2: "The council lent £2.9m in the half year."}


@pytest.mark.parametrize("answer, kept_markers", [
    # a paper's details before each line are not claims, also under a lead-in line
    ("- Mid Year Report 24-25, 2025-03-13: Loans outstanding were £16.8m at 30 September. [1]", ["[1]"]),
    ("The papers don't state this directly; the closest they come is:\n"
     "- Mid Year Report 24-25, 2025-03-13: Loans outstanding were £16.8m at 30 September. [1]\n"
     "- Finance Report Q3, 2025-01-30: The council lent £2.9m in the half year. [2]", ["[1]", "[2]"]),
    # a figure that is not in the cited quote still drops its line
    ("- Mid Year Report, 2025-03-13: Loans outstanding were £18.6m. [1]\n"
     "- Finance Report, 2025-01-30: The council lent £2.9m in the half year. [2]", ["[2]"]),
])
def test_attributions_are_not_checked_as_claims(answer, kept_markers):
    kept, _ = verify_answer(answer, QUOTES)
    assert [m for m in ("[1]", "[2]") if m in kept] == kept_markers


@pytest.mark.parametrize("text, expected", [
    ("It was proposed by Cllr. Davies, seconded by Cllr. Jones and agreed. The meeting closed.",
     ["It was proposed by Cllr. Davies, seconded by Cllr. Jones and agreed.", "The meeting closed."]),
    ("Mr. Smith and Dr. Patel attended. See para. 4 for details.",
     ["Mr. Smith and Dr. Patel attended.", "See para. 4 for details."]),
    ("Minute No. 12 was agreed. No. 13 followed.", ["Minute No. 12 was agreed.", "No. 13 followed."]),
    ("The budget rose. Costs fell.", ["The budget rose.", "Costs fell."]),
])
def test_titles_and_abbreviations_do_not_end_sentences(text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize("answer, kept, dropped", [
    # every figure stands in the cited quote, in any usual spelling
    ("Loans were £16.8m [1].", "Loans were £16.8m [1].", 0),
    ("Loans were £16.8 million at 30 September [1].", "Loans were £16.8 million at 30 September [1].", 0),
    # the same sum in other digits is not taken on trust: each number written must stand in the quote
    ("Loans were £16,800,000 [1].", "", 1),
    # a figure the quote does not hold drops its claim, and only that claim
    ("Loans were £16.8m [1]. It lent £3.9m [2].", "Loans were £16.8m [1].", 1),
    ("Loans were £61.8m [1].", "", 1),
    # a figure held by another quote than the one cited is still unsupported
    ("Loans were £2.9m [1].", "", 1),
    # a marker to no source, or a claim citing nothing, is dropped
    ("Loans were £16.8m [7].", "", 1),
    ("Loans were £16.8m.", "", 1),
    ("Loans were £16.8m [1]. Rates will rise.", "Loans were £16.8m [1].", 1),
    # a lead-in ending in ":" stays with what it introduces, but alone answers nothing
    ("The papers say:\n- Loans were £16.8m [1]", "The papers say:\n- Loans were £16.8m [1]", 0),
    ("The papers say:", "", 0),
    # a marker with no words before it claims nothing
    ("[1]", "", 1),
])
def test_a_claim_is_kept_only_when_its_cited_quote_holds_its_figures(answer, kept, dropped):
    text, notes = verify_answer(answer, QUOTES)
    assert (text, len(notes)) == (kept, dropped)


@pytest.mark.parametrize("text, expected", [
    ("£4.0m", {"£4000000", "4"}), ("£4 million", {"£4000000", "4"}), ("0.10 per cent", {"0.1%", "0.1"}),
    ("13,200 children", {"13200"}), ("rose 12% [3]", {"12%", "12"}), ("no figures here", set()),
])
def test_figures_in_one_spelling(text, expected):
    assert figures(text) == expected


# the eval scorer reads figures and claims its own way (evals/score.py): it must agree with the product's check
# on ordinary text, or one of the two is wrong
SPELLINGS = ["£4.0m", "£4 million", "£13,200", "£1.2bn", "0.10 per cent", "46%", "13,200 children", "2020/21",
             "Loans were £16.8m at 30 September [1]. It lent £2.9m [2].", "page 12 of 40", "£ 250k", "4.50"]


@pytest.mark.parametrize("text", SPELLINGS)
def test_the_scorer_and_the_check_read_the_same_figures(text):
    assert score.figures(text) == figures(text)


@pytest.mark.parametrize("answer", [
    "Loans were £16.8m [1]. It lent £2.9m [2].", "A [1][2]; B [3], and C.", "No citation at all.", "",
    "The papers say:\n- one [1]\n- two [2]",
])
def test_the_scorer_and_the_check_cut_the_same_claims(answer):
    assert score.claims(answer) == claims(answer)


@pytest.mark.parametrize("fact, text, found", [
    ("£4.0 million", "an overspend of £4m in the year", True),
    ("0.10%", "a quota of 0.1 per cent", True),
    ("£4.0 million overspend", "an overspend of £4m", True),
    ("£4.0 million overspend", "an underspend of £4m", False),  # the figure, but not the words with it
    ("46%", "a vacancy rate of 64%", False),
    ("Ofsted rated Good", "ofsted rated good", True),  # case, quotes and dashes do not matter
])
def test_the_scorer_finds_a_fact_in_any_usual_spelling(fact, text, found):
    assert score.contains_fact(fact, text) is found
