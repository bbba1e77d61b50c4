"""Verification of an answer's figures against its cited quotes: pure, no model or store."""

import pytest

from clerk.assistant.verify import verify_answer
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
