"""What Clerk knows of papers' text (clerk/text.py) and the metadata read from it (ingest/metadata.py), as
tables: dates, figures, sentence ends, council names, paper kinds. Pure text: no model, no store."""

from __future__ import annotations

from pathlib import Path

import pytest

from clerk.ingest.metadata import date_range, infer
from clerk.text import (MONEY, MONTH_NAMES, MONTHS, PERCENT, council_names, council_short_name, fold_years,
                        money_value, names_council, number_form, other_councils, overlap_coefficient, sentences,
                        quarters, share_of_words_in, split_sentences, years_of_date)


def test_months_by_name_and_abbreviation():
    assert MONTH_NAMES[0] == "January" and MONTH_NAMES[-1] == "December" and len(MONTH_NAMES) == 12
    assert (MONTHS["february"], MONTHS["feb"], MONTHS["may"], MONTHS["sep"], MONTHS["december"]) == (2, 2, 5, 9, 12)


@pytest.mark.parametrize("raw, form", [
    ("13,200", "13200"), ("4.0", "4"), ("0.10", "0.1"), ("12.50", "12.5"), ("007", "7"), ("0", "0"), ("100", "100"),
])
def test_a_number_has_one_spelling(raw, form):
    assert number_form(raw) == form


@pytest.mark.parametrize("text, pounds", [
    ("£4.0m", 4_000_000), ("£4 million", 4_000_000), ("£13,200", 13_200), ("£1.2bn", 1_200_000_000),
    ("£ 250k", 250_000), ("£3mn", 3_000_000), ("£5 more", 5),
])
def test_sums_of_money_as_pounds(text, pounds):
    m = MONEY.search(text)
    assert m and money_value(m.group(1), m.group(2)) == pounds


@pytest.mark.parametrize("text, value", [("12%", "12"), ("0.10 per cent", "0.10"), ("4.5percent", "4.5"),
                                         ("46 %", "46"), ("no figure", None)])
def test_percentages(text, value):
    m = PERCENT.search(text)
    assert (m.group(1) if m else None) == value


@pytest.mark.parametrize("text, expected", [
    ("The budget rose. Costs fell.", ["The budget rose.", "Costs fell."]),
    ("Proposed by Cllr. Smith. Agreed.", ["Proposed by Cllr. Smith.", "Agreed."]),
    ("See e.g. the plan. It is late.", ["See e.g. the plan.", "It is late."]),
    ("It cost £4.5m. £2m was saved.", ["It cost £4.5m.", "£2m was saved."]),
    ("Paragraph No. 4 applies.", ["Paragraph No. 4 applies."]),
    ("A list follows. • first", ["A list follows.", "• first"]),
])
def test_where_ingest_may_cut_a_paragraph(text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The budget rose. Costs fell.", ["The budget rose.", "Costs fell."]),
    # minutes run resolutions together: each is quotable alone
    ("RESOLVED: (1) Note the update (2) Endorse the plan.", ["RESOLVED:", "(1) Note the update", "(2) Endorse the plan."]),
    # a recorded vote's count in brackets belongs to the word it counts
    ("Against (19) Mr Avery, Mrs Brook", ["Against (19) Mr Avery, Mrs Brook"]),
    ("For (3) Mr Smith. Abstain (1) Ms Jones", ["For (3) Mr Smith.", "Abstain (1) Ms Jones"]),
    ("Proposed by Cllr. Smith. Agreed.", ["Proposed by Cllr. Smith.", "Agreed."]),
    # an initial is part of a name, not a sentence's end
    ("It was proposed by Cllr. J. Smith and agreed. Signed.", ["It was proposed by Cllr. J. Smith and agreed.", "Signed."]),
    # a stop inside brackets ends no sentence
    ("Accounts for payment: Northshire Council - Study Tour - £15 (Ch. No. 300136) - approved. Minutes signed.",
     ["Accounts for payment: Northshire Council - Study Tour - £15 (Ch. No. 300136) - approved.", "Minutes signed."]),
    # a lettered point's stop ends no sentence, and a point run on after the last starts one
    ("a. Members claimed it was poor value. b. Members raised concerns.",
     ["a. Members claimed it was poor value.", "b. Members raised concerns."]),
    ("iv. The fourth option. The meeting closed at 9 p.m. Signed.",
     ["iv. The fourth option.", "The meeting closed at 9 p.m.", "Signed."]),
])
def test_where_an_answer_may_quote_from(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("a, b, share", [
    ("The budget is £4.0m", "the BUDGET is £4.0m this year", 1.0),  # all the shorter says, and more
    ("the budget is set", "the plan is agreed", 0.5),
    ("one two", "three four", 0.0),
    ("", "anything", 0.0),
])
def test_how_alike_two_passages_are(a, b, share):
    assert overlap_coefficient(set(a.lower().split()), set(b.lower().split())) == share


@pytest.mark.parametrize("a, b, share", [
    ("The budget is £4.0m", "the BUDGET is £4.0m this year", 1.0),  # a adds nothing to b
    ("the BUDGET is £4.0m this year", "The budget is £4.0m", 4 / 6),  # b's words and two more of its own
    ("one two", "three four", 0.0),
    ("", "anything", 0.0),
])
def test_how_much_of_a_text_another_already_says(a, b, share):
    assert share_of_words_in(a, b) == pytest.approx(share)


@pytest.mark.parametrize("council, short", [
    ("Northshire County Council", "Northshire"), ("Eastport Borough Council", "Eastport"),
    ("Westshire Council", "Westshire"), ("Southbay City Council", "Southbay"), ("Northshire District Council", "Northshire"),
    ("Northshire", "Northshire"), ("Hillbrook Community Council", "Hillbrook"), ("Oakley Parish Council", "Oakley"),
    ("Royal Borough of Eastport upon Avon", "Eastport upon Avon"), ("London Borough of Westvale", "Westvale"),
])
def test_a_council_by_the_name_questions_use(council, short):
    assert council_short_name(council) == short


@pytest.mark.parametrize("text, field, value", [
    ("Northshire County Council\nCabinet\n12 March 2024\nBudget Report", "date", "2024-03-12"),
    ("Minutes of the meeting of the Cabinet held on 3rd February 2023", "date", "2023-02-03"),
    ("Minutes of the meeting of the Cabinet held on 3rd February 2023", "kind", "minutes"),
    ("Minutes of the meeting of the Cabinet held on 3rd February 2023", "meeting", "Cabinet"),
    ("SERVICE PLAN 2024-25\nEastport Borough Council", "kind", "service plan"),
    ("SERVICE PLAN 2024-25\nEastport Borough Council", "council", "Eastport Borough Council"),
    ("Agenda\nWestshire District Council\n1 Apologies", "kind", "agenda"),
    ("Northshire County Council\nCabinet\n12 March 2024\nBudget Report", "kind", "report"),
])
def test_metadata_read_from_a_papers_text(text, field, value):
    assert infer(Path("papers/paper.pdf"), text, None).get(field) == value


@pytest.mark.parametrize("path, date", [
    ("papers/2021-11-30 Cabinet/report.pdf", "2021-11-30"),  # the folder's ISO date, as papers are filed
    ("papers/2021-11-30 budget.pdf", "2021-11-30"),
    ("papers/Cabinet 4 May 2022.pdf", "2022-05-04"),
    ("papers/report.pdf", None),  # the text gives none either
])
def test_a_date_from_the_file_or_folder_name(path, date):
    assert infer(Path(path), "Report dated 2021-11-30", None).get("date") == date


@pytest.mark.parametrize("date, bounds", [
    ("2024", (20240101, 20241231)), ("2024-02", (20240201, 20240229)), ("2023-02", (20230201, 20230228)),
    ("2024-02-10", (20240210, 20240210)), (None, (0, 99999999)), ("", (0, 99999999)),
])
def test_a_date_as_the_days_it_covers(date, bounds):
    assert date_range(date) == bounds


@pytest.mark.parametrize("text, folded", [
    ("2025/26", "2025-26"), ("2025-2026", "2025-26"), ("2025 to 2026", "2025-26"), ("2025–26", "2025-26"),
    ("2014/5", "2014-15"), ("1999-2000", "1999-00"), ("Pay Policy 2025/2026", "pay policy 2025-26"),
    ("2025-03-13", "2025-03-13"),  # a date
    ("2019-2021", "2019-2021"), ("from 2020 to 2025", "from 2020 to 2025"),  # spans of more than a year
])
def test_financial_years_fold_to_one_form(text, folded):
    assert fold_years(text) == folded


@pytest.mark.parametrize("date, said", [
    ("2025-03-04", "2025 2024-25"), ("2025-04-01", "2025 2025-26"), ("2019-12", "2019 2019-20"), ("2023", "2023"),
    ("", ""), ("undated", ""),
])
def test_a_date_speaks_for_its_calendar_and_financial_year(date, said):
    assert years_of_date(date) == said


@pytest.mark.parametrize("council, names", [
    ("Northshire County Council", ("Northshire",)),
    ("Hillbrook Wye Vale Community Council", ("Hillbrook Wye Vale", "Hillbrook")),
    ("Royal Borough of Eastport upon Avon", ("Eastport upon Avon", "Eastport")),
    ("North Westshire Council", ("North Westshire",)),  # "North" names no one council
    ("Oak and Ash Community Council", ("Oak and Ash",)),  # too short a word to stand for the place
])
def test_the_names_questions_use_for_a_council(council, names):
    assert council_names(council) == names


@pytest.mark.parametrize("text, council, said", [
    ("How much did Hillbrook Community Council donate?", "Hillbrook Wye Vale Community Council", "Hillbrook"),
    ("what did hillbrook wye vale decide", "Hillbrook Wye Vale Community Council", "hillbrook wye vale"),
    ("how many trees near the hillbrook were felled", "Hillbrook Wye Vale Community Council", None),  # a common word
    ("What did Eastport's committee agree?", "Royal Borough of Eastport upon Avon", "Eastport"),
    ("What did Northshire agree?", "North Westshire Council", None),
])
def test_a_council_named_in_a_question(text, council, said):
    assert names_council(text, council) == said


@pytest.mark.parametrize("text, found", [
    ("How much grant is Westvale Council due?", ["Westvale Council"]),
    ("What did Westvale District Council and Northshire County Council agree?", ["Westvale Council"]),  # Northshire is held
    ("What did Hillbrook Community Council decide?", []),  # held, by its shortened name
    ("What did the County Council decide at the February Council?", []),  # no council's name
    ("How many sat on the Youth Council?", []),
])
def test_councils_named_whose_papers_are_not_held(text, found):
    assert other_councils(text, ["Northshire County Council", "Hillbrook Wye Vale Community Council"]) == found


@pytest.mark.parametrize("text, said", [
    ("the Quarter 3 performance report", {3}),
    ("Q3 2024/25 and Q4", {3, 4}),
    ("in the third quarter of the year", {3}),
    ("Qtr 2 figures", {2}),
    ("Q35 and quarterly returns and Q5", set()),  # not quarters
])
def test_quarters(text, said):
    assert quarters(text) == said
