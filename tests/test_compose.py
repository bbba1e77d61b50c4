"""The answer composer's pieces: question parts, quotable units, named signals, the calibrated decision."""

import json
from dataclasses import replace

import numpy as np
import pytest

import clerk.assistant.compose as compose_module

from clerk.assistant.compose import (Composition, _choose, _leads, _lines, compose, keywords, meaning_text, meeting_words,
                                     part_weights)
from clerk.assistant.decide import (AGAINST, CALIBRATION, FEATURES, features, other_time, outcome_on_record,
                                    probability)
from clerk.assistant.question import analyse, asks_for_several, facets, split_parts
from clerk.assistant.signals import (SIGNALS, Context, decided, figure, listing, named, numbered, office, paper, row,
                                     section, terms)
from clerk.assistant.units import (answers_something, counted_after, enumerates, filed_title, introduces, label_of,
                                  labelled_siblings, labels, list_after, units_of, whole_group)
from clerk.index import Passage
from clerk.index.tokens import tokenize
from clerk.ingest import Config


def passage(hit: str, kind: str = "paragraph", lead: str = "", section: str = "2. Finance", rank: int = 1,
            title: str = "Budget report", council: str = "", date: str = "") -> Passage:
    return Passage(rank=rank, score=1, similarity=0.5, text=f"{lead}\n{hit}" if lead else hit, hit=hit, lead=lead,
                   chunk_id=f"d-{rank}", doc_id="d", file="f.pdf", path="f.pdf", title=title, council=council,
                   meeting="Cabinet", date=date, kind="report", page=1, page_end=1, page_label=None, section=section,
                   chunk_kind=kind)


@pytest.mark.parametrize("question, parts", [
    ("What is our UASC quota?", ["What is our UASC quota"]),
    ("What is the total budget and how much is the overspend?", ["What is the total budget", "how much is the overspend"]),
    ("How many staff are there? When was the plan agreed?", ["How many staff are there", "When was the plan agreed"]),
    # three things asked of one subject: a part each, with the subject
    ("What were the budget, forecast and variance for adult social care?",
     ["What were the budget for adult social care", "What were the forecast for adult social care",
      "What were the variance for adult social care"]),
    ("Who proposed the amendment, and who seconded it?", ["Who proposed the amendment", "who seconded it"]),
    # names, no subject
    ("What did Northshire, Eastport and Westshire agree?", ["What did Northshire, Eastport and Westshire agree"]),
    ("At the March meeting, what was agreed?", ["At the March meeting what was agreed"]),  # context joins the part
    # a directorate's name, commas and all, before its head noun is one body
    ("How many staff did the Children, Young People and Families service have?",
     ["How many staff did the Children, Young People and Families service have"]),
    # "when" with no verb after it opens a clause that sets the scene; with one, it asks when
    ("When working up options for new places, what issues does the council weigh up?",
     ["When working up options for new places what issues does the council weigh up"]),
    ("When the hub closes, which services move?", ["When the hub closes which services move"]),
    ("When was the plan agreed and what did it cost?", ["When was the plan agreed", "what did it cost"]),
    # a question word after a preposition asks a part too
    ("How long can the order stay in force, and after how long would officers report back?",
     ["How long can the order stay in force", "after how long would officers report back"]),
    ("What was agreed and by when must it be done?", ["What was agreed", "by when must it be done"]),
    ("In the Government's letter, which bodies are named?", ["In the Government's letter which bodies are named"]),
    # a scene set before a colon joins the first part; the part after "and" stands alone
    ("On the Westvale hub contracts: what did the consultation find, and how is the cost shared?",
     ["On the Westvale hub contracts what did the consultation find", "On the Westvale hub contracts how is the cost shared"]),
    ("At the March meeting, what was agreed, and who proposed it?", ["At the March meeting what was agreed", "who proposed it"]),
    ("In the March update, which firms were surveyed, and what are the revised dates for the modelling?",
     ["In the March update which firms were surveyed", "In the March update what are the revised dates for the modelling"]),
    ("At the budget meeting, who moved the amendment, and what was the result?",
     ["At the budget meeting who moved the amendment", "what was the result"]),  # the result of the amendment
    ("In the strategy's table, what did the hall cost and what was it valued at?",
     ["In the strategy's table what did the hall cost", "what was it valued at"]),  # "it" is the hall
    ("The plan adds two inspectors: what would they cost, and how much income would they bring in?",
     ["The plan adds two inspectors what would they cost", "The plan adds two inspectors how much income would they bring in"]),
])
def test_questions_split_into_the_parts_they_ask(question, parts):
    assert split_parts(question) == parts


@pytest.mark.parametrize("question, kinds", [
    ("How much was spent on agency staff?", {"money", "percent"}),
    ("When was the plan adopted?", {"date"}),
    ("How many roads have a 20mph limit?", {"count", "percent"}),
    ("Why did costs rise?", set()),
    ("What council tax requirement was agreed?", {"money", "percent"}),  # sums of money by their local names
    ("What ten-year capital programme was approved?", {"money", "percent"}),
    ("When considering the new places, how many were needed?", {"count", "percent"}),  # a clause, not "when"
    ("What's the smallest earmarked reserve the policy allows?", {"money", "percent", "count"}),  # the least of a sum
])
def test_each_part_knows_the_kind_of_figure_it_wants(question, kinds):
    assert set(analyse(question).parts[0].kinds) == kinds


@pytest.mark.parametrize("question, expected", [
    ("How many roads in the county have a 20mph speed limit?", {"20mph"}),
    ("What did the council spend in 2023/24 on Home to School Transport?", {"2023/24", "Home", "School", "Transport"}),
    ("What happened on the 21st of May in the 1990s?", set()),  # ordinals, decades and months name nothing
])
def test_facets_are_the_years_measures_and_names_a_question_gives(question, expected):
    assert set(facets(question)) == expected


def test_flags_for_lists_comparisons_and_decisions():
    assert analyse("Which services are commissioned?").wants_list
    assert analyse("If the hub closes, which services would be offered instead?").wants_list
    assert analyse("What principles did the group say its budget was built on?").wants_list  # a plural asked for
    assert analyse("What strategic aims did the board endorse?").wants_list
    # where or what the plural is about may stand between it and its verb
    assert analyse("What problems on the High Street do officers say the scheme must address?").wants_list
    assert not analyse("What does the LADO do in the county?").wants_list  # "does" is no plural
    assert not analyse("What savings and income does the budget require?").wants_list  # a sum, not a list
    assert not analyse("What progress has been made?").wants_list and not analyse("What status does it have?").wants_list
    assert analyse("How has the overspend changed since 2019?").comparing
    assert not analyse("How many people have moved since the home closed?").comparing
    assert analyse("What did Cabinet decide about the family hubs?").decision
    assert asks_for_several("Besides the option chosen, what other options were looked at?")
    assert asks_for_several("Which other public bodies' views are said to be crucial?")
    assert not asks_for_several("Which partner in practice is helping the council?")
    assert not asks_for_several("What is the status of the plan?")
    # a decision's number names its paper, as an appendix letter does
    assert not analyse("For decision 24/00115, what alternative was considered and rejected?").decision
    assert analyse("What was the decision on the family hubs?").decision
    # whether a body backed or refused something, asked yes or no, is what it decided
    assert analyse("Did the parish council back the request to light the footpath?").decision
    assert analyse("And did the committee support it?").decision
    assert not analyse("What support is there for care leavers?").decision
    assert analyse("What happened to the parking proposal at the September committee?").decision  # its outcome
    assert not analyse("What happens to a child's plan at 18?").decision
    # how a body responded to a request or a letter is what it decided on it
    assert analyse("How did the community council respond to Mr Avery's request to reopen the footpath?").decision
    assert analyse("What was the council's response to the petition?").decision
    assert analyse("What was the response to the petition?").decision
    assert not analyse("How many residents responded to the survey?").decision
    assert analyse("How much were the two contracts worth a year each?").each
    assert analyse("What did both hubs cost?").each and not analyse("What did the hub cost?").each


def test_a_glossary_phrase_counts_once_whichever_form_the_question_uses():
    assert keywords("What is our UASC quota?") & keywords("unaccompanied asylum seeking children quota") >= {
        "_c_uasc", "quota"}
    assert "asylum" not in keywords("How many unaccompanied asylum seeking children are supported?")


@pytest.mark.parametrize("question", ["What is the annual value of the contract?",
                                      "How much is the contract worth a year?", "What does the contract cost each year?"])
def test_a_sum_for_one_year_matches_per_annum_in_a_table(question):
    assert {"_c_p.a.", "contract"} <= keywords(question) & keywords("Contract value per Annum = £204,302.16")
    assert "_c_p.a." not in keywords("What does the annual report say about veterans?")  # a name, not a sum


def test_units_are_sentences_items_and_rows_with_their_context():
    p = passage("1.1 The budget was set. It rose by £2m in year.\nThe options considered were:\n• close the home\n"
                "• sell the site", kind="list")
    us = units_of(p)
    assert [u.text for u in us] == ["1.1 The budget was set.", "It rose by £2m in year.",
                                    "The options considered were:", "• close the home", "• sell the site"]
    assert us[1].before is us[0] and us[0].after is us[1]
    assert [u.text for u in introduces(us[2])] == ["• close the home", "• sell the site"]
    assert whole_group(us[4]) == us[3:] and "The options considered were:" in us[3].context


@pytest.mark.parametrize("lead, brings", [
    ("We aim to hold reserves of 5% to 10%, based on the following assessed levels.", True),
    ("The savings proposed are as follows.", True),
    ("The main risks are set out below.", True),
    ("Members discussed the following.", True),
    ("The budget was agreed.", False),  # a full sentence before a list: the list is not its answer
])
def test_a_sentence_announcing_what_follows_brings_the_list_after_it(lead, brings):
    us = units_of(passage(f"{lead}\n• below 3% dangerous\n• over 10% comfortable", kind="list"))
    assert [u.text for u in introduces(us[0])] == (["• below 3% dangerous", "• over 10% comfortable"] if brings else [])


def test_table_rows_carry_their_header_as_context():
    p = passage("Adult Social Care: Budget = £500m; Forecast = £510m\nChildren's: Budget = £300m", kind="table",
                lead="Directorate | Budget | Forecast")
    us = units_of(p)
    assert [u.role for u in us] == ["row", "row"] and "Directorate | Budget" in us[0].context


@pytest.mark.parametrize("line, question, answers", [
    ("To: Cabinet - 30 January 2025", "What did Cabinet decide?", False),  # an addressee, not an answer
    ("To: Cabinet - 30 January 2025", "Who is the report to?", True),  # unless its label is asked for
    ("Classification: Unrestricted", "What is the classification of the report?", True),
    ("What is the council doing about potholes?", "What is the council doing about potholes?", False),
    ("The council will repair 500 potholes.", "What is the council doing about potholes?", True),
    ("Contact officer: Jo Bloggs, Tel: 01234 567890", "How much will the repairs cost?", False),  # who to ring
    ("Contact officer: Jo Bloggs, Tel: 01234 567890", "Who is the contact officer for the report?", True),
    # the title of a part of the paper names what follows; it answers only a question naming that part
    ("Appendix 2 – Current Terms of Reference", "How many members sit on the committee?", False),
    ("Appendix 2 – Current Terms of Reference", "What is in Appendix 2?", True),
    ("Appendix 2 sets out the current terms of reference.", "How many members sit on the committee?", True),
    # a heading the layout did not mark names a subject and says nothing of it; names one a line answer a list
    ("Budget Consultation 2025-2026 Consultation Report", "How many members voted for the budget?", False),
    ("Birth Registrations", "Which services are offered at the hub?", True),
    ("1.1The Health and Wellbeing Delivery Plan", "Which directorate leads the plan?", False),  # a section's title
    ("The Budget Was Agreed", "Was the budget agreed?", False),
    ("Turnout was 64%", "What was the turnout?", True),
    # a heading in capitals, colon and all, even when a list is asked for
    ("APPENDIX F: 2025-28 ALTERNATIVE BUDGET - SAVINGS", "What savings does the alternative budget make?", False),
    ("APPENDIX F: 2025-28 ALTERNATIVE BUDGET - SAVINGS", "Which savings are proposed?", False),
    ("NOTE: THE FIGURES ARE PROVISIONAL.", "Are the figures final?", True),
    ("Cabinet is asked to approve the following changes to the budget:", "What was Cabinet asked to approve?",
     False),  # a lead-in whose items are not here says nothing
    ("56 questions were received as follows:", "How many questions were received?", True),  # but it may say how many
    ("Cabinet is asked to approve the following changes to the budget:\n• a) £2m more for roads",
     "What was Cabinet asked to approve?", True),
    # where a table's figures come from, and a reference list's entries, say nothing of what is asked
    ("Source: Adapted from Smith, J., et al 2014, A Case Study of the Levy in Northshire.",
     "What problems did Northshire face before the levy?", False),
    ("Levy Business Case [online], Northshire: Northshire City Council, April 2008.",
     "What did the levy business case propose?", False),
    ("Source: Office for National Statistics, 2024.", "What is the source of the population figures?", True),
    ("The levy's sources of revenue are set out in the business case.", "What did the business case propose?", True),
    # a minutes' opening line names the council and the date, and says nothing of what the meeting did
    ("Hillbrook Community Council held their meeting at 7.30pm on the 12th June 2019 at the Village Hall.",
     "What did Hillbrook Community Council decide about its bank account in June 2019?", False),
    ("MINUTES of a meeting of the Cabinet held in the Council Chamber, Eastport on Thursday, 30 January 2025.",
     "What did Cabinet agree on 30 January 2025?", False),
    ("Minutes of a meeting of the above Council held on Monday 24th June 2019 at 7.00pm in Westvale Village Hall.",
     "How much did the council spend on benches in June 2019?", False),
    ("Hillbrook Community Council held their meeting at 7.30pm on the 12th June 2019 at the Village Hall.",
     "Where was Hillbrook Community Council's June 2019 meeting held?", True),
    ("Minutes of a meeting of the above Council held on Monday 24th June 2019 at 7.00pm in Westvale Village Hall.",
     "What time did the council meet on 24 June 2019?", True),
    ("A meeting was held with the Trust and they have asked for the council's approval.",
     "What did the Trust ask the council?", True),  # a meeting the minutes report on is what they say
])
def test_cover_fields_and_questions_in_the_papers_are_context_not_answers(line, question, answers):
    assert answers_something(units_of(passage(line))[0], question) is answers


def _context(question: str, meaning: float = 0.5) -> Context:
    asked = analyse(question)
    weights = [{t: 1.0 for t in keywords(p.text)} for p in asked.parts]
    return Context(asked, weights, {}, 8)


@pytest.mark.parametrize("question, text, expected", [
    ("How much was the overspend?", "The overspend was £4.0 million.", 1.0),
    ("How much was the overspend?", "The overspend was reported in 2020.", 0.0),  # a year is no sum
    ("What is the vacancy rate?", "The vacancy rate is 12%.", 1.0),
    ("What is the vacancy rate?", "There are 12 vacancies.", 0.8),  # a rate is most often a percentage
    ("Why did costs rise?", "Costs rose with demand.", 0.5),  # no figure asked for: neutral
])
def test_figure_signal(question, text, expected):
    ctx = _context(question)
    u = units_of(passage(text))[0]
    assert figure(u, 0, ctx.question.parts[0], ctx) == expected


def test_figure_in_the_next_sentence_counts_and_is_quoted_with_it():
    ctx = _context("How much did staffing cost?")
    us = units_of(passage("The other major pressure is on staffing. It is £1.6 million."))
    assert figure(us[0], 0, ctx.question.parts[0], ctx) == 0.6
    us[0].scores, us[0].part = {"figure": 0.6}, 0
    assert _lines(ctx.question, [us[0]])[0][0] == "The other major pressure is on staffing. It is £1.6 million."


@pytest.mark.parametrize("question, expected", [
    # asked what was decided, the matter minutes state is quoted with what was agreed on it
    ("Did the council back the request to reopen the path?",
     "A letter asked the council to back reopening the old path. Following discussion it was agreed that this "
     "could not be supported."),
    # asked something else, the matter alone
    ("Who wrote about reopening the old path?", "A letter asked the council to back reopening the old path."),
])
def test_a_matter_is_quoted_with_what_was_agreed_on_it(question, expected):
    us = units_of(passage("A letter asked the council to back reopening the old path. Following discussion it was "
                          "agreed that this could not be supported. The clerk reported on the accounts.",
                          title="Minutes"))
    assert _lines(analyse(question), [us[0]])[0][0] == expected


@pytest.mark.parametrize("text, quoted", [
    # a sentence that adds to the one before ("would also ...") is quoted with it
    ("The council is happy to sell, subject to the buyer confirming the area. The council would also require that no "
     "parking spaces are lost. The clerk reported on the accounts.",
     "The council is happy to sell, subject to the buyer confirming the area. The council would also require that no "
     "parking spaces are lost."),
    ("The council is happy to sell, subject to the buyer confirming the area. The clerk reported on the accounts.",
     "The council is happy to sell, subject to the buyer confirming the area."),
])
def test_a_sentence_that_adds_to_the_lead_goes_with_it(text, quoted):
    us = units_of(passage(text, title="Minutes"))
    assert _lines(analyse("On what terms would the council sell?"), [us[0]])[0][0] == quoted


@pytest.mark.parametrize("first, follows", [
    # a line naming only what is asked is a minute's title: what is minuted after it is quoted with it
    ("Hillbrook Trust – Possible sale of the slipway.", True),
    # a line that says something of its own stands alone
    ("Hillbrook Trust – The sale of the slipway was approved.", False),
])
def test_a_line_restating_the_question_is_quoted_with_what_follows(first, follows):
    us = units_of(passage(f"{first} Cllr Avery explained the Trust had asked to buy it. Clerk to reply that the council is "
                          "happy to sell, subject to the exact area.", title="Minutes"))
    line = _lines(analyse("What conditions did the council attach to a possible sale of the slipway to Hillbrook Trust?"),
                  [us[0]])[0][0]
    assert ("subject to the exact area" in line) is follows


@pytest.mark.parametrize("question, explains", [
    ("How does the hardship scheme work?", True),
    ("Why did the council reject the offer?", True),
    ("If the hub closes, how will families reach services?", True),  # what is asked starts at its question word
    ("Can you explain the reasons for the delay?", True),
    ("How much does the hardship scheme cost?", False),  # a figure
    ("How did councillors vote on the amendment?", False),  # a vote
    ("What are the risks of the scheme?", False),
])
def test_a_question_asking_how_or_why(question, explains):
    assert analyse(question).explains is explains


@pytest.mark.parametrize("question, quoted", [
    # how a scheme works is said over the sentences after the one that names it
    ("How does the hardship scheme work?", 3),
    # a figure is said in its own sentence
    ("How much is the hardship scheme's budget?", 1),
])
def test_an_explanation_goes_on_from_the_lead(question, quoted):
    us = units_of(passage("Westvale also has a hardship scheme for residents in exceptional circumstances. Awards are made "
                          "only where all other help has been used. The scheme runs for the current year only. The clerk "
                          "reported on the accounts.", title="Council Tax Support"))
    assert len(_lines(analyse(question), [us[0]])[0][1]) == quoted


def test_a_council_named_stands_around_every_line_of_its_paper():
    """A line of Hillbrook's paper is preferred less for repeating "Hillbrook": the council stands around each of its
    lines, as a heading does. In another council's paper the name counts only where it is written."""
    ctx = _context("What pressures did Hillbrook's children's services face?")

    def gap(council: str) -> float:
        naming, plain = (units_of(passage(t, council=council))[0] for t in (
            "In Hillbrook the services face rising costs.", "In the county the services face rising costs."))
        return terms(naming, 0, ctx.question.parts[0], ctx) - terms(plain, 0, ctx.question.parts[0], ctx)

    assert 0 < gap("Hillbrook Council") < gap("Westvale Council")


def test_terms_signal_counts_context_at_half_and_continuations_more():
    ctx = _context("What is the quota for asylum seekers?")
    plain = units_of(passage("Asylum seekers arrive weekly. The quota is 128."))[1]
    going_on = units_of(passage("Asylum seekers arrive weekly. In addition the quota is 128."))[1]
    assert 0.5 < terms(plain, 0, ctx.question.parts[0], ctx) < terms(going_on, 0, ctx.question.parts[0], ctx) <= 1


def test_named_signal_finds_the_question_names_in_the_paper():
    ctx = _context("What did Southbay spend in 2014?")
    here = units_of(passage("Spending was £3m.", council="Southbay Council", date="2014-12-11"))[0]
    there = units_of(passage("Spending was £3m.", council="Other Council", date="2019"))[0]
    assert named(here, 0, ctx.question.parts[0], ctx) > named(there, 0, ctx.question.parts[0], ctx)


@pytest.mark.parametrize("text, heading_in", [
    # a sentence pointing back is embedded with what it points to
    ("This pressure is mostly due to rents lost on the market hall, the car parks and the halls let out by the "
     "council.", True),
    ("Rents lost on the market hall, the car parks and the halls let out by the council were mostly due to the "
     "closures.", False),
])
def test_a_sentence_pointing_back_is_embedded_with_its_heading(text, heading_in):
    unit = units_of(passage(text, section="Lost rents - £0.5 million"))[0]
    assert ("Lost rents" in meaning_text(unit)) is heading_in


def test_named_signal_prefers_the_name_beside_the_figure():
    ctx = _context("How many people in Northshire served?")
    beside = units_of(passage("Northshire: 8,529 people served.", council="Eastport Council"))[0]
    elsewhere = units_of(passage("Across England 1,853,112 people served. Northshire held a parade.",
                                 council="Eastport Council"))[0]
    assert named(beside, 0, ctx.question.parts[0], ctx) == 1.0 > named(elsewhere, 0, ctx.question.parts[0], ctx) > 0


def test_decided_signal_only_for_questions_about_decisions():
    u = units_of(passage("RESOLVED that the plan be approved.", title="Minutes of Cabinet"))[0]
    assert decided(u, 0, *_parts("What did Cabinet decide on the plan?")) == 1.0
    assert decided(u, 0, *_parts("What is the plan?")) == 0.5


@pytest.mark.parametrize("title, text, expected", [
    ("Record of Decision 24/00093", "APPROVE the proposal not to re-commission the contracts.", 1.0),
    ("Minutes of the County Council", "RESOLVED that the report be noted.", 1.0),
    ("Call-in submission 24/00093", "The Council agreed that the Cabinet Member should consider the petition.", 0.75),
    ("Record of Decision 24/00093", "Reason: the contracts end in March.", 0.5),  # a record's other lines
    ("Call-in submission 24/00093", "The centres are valued by their communities.", 0.0),
])
def test_decided_prefers_the_paper_that_records_the_decision(title, text, expected):
    u = units_of(passage(text, title=title))[0]
    assert decided(u, 0, *_parts("What did decision 24/00093 decide about the contracts?")) == expected


@pytest.mark.parametrize("text, records_a_decision", [
    ("a) note the forecast revenue overspend of £3.2m", True),  # lettered recommendations, any case
    ("• b) To AGREE the introduction of a new item", True),
    ("(2) Approve the plan", True),
    ("DELEGATE authority to the Director to take the steps needed", True),  # a record's verb in capitals
    ("The Cabinet is asked to endorse the strategy.", True),
    ("Note: figures are rounded.", False),  # a note to the reader, not a decision
    ("The plan sets out three options.", False),
    # an action minuted for the clerk is what the council decided to do
    ("Clerk to reply saying that in principle the council is happy to sell.", True),
    ("The Clerk was asked to write to the highway authority.", True),
    ("The Clerk to the Council read the notice of the meeting.", False),  # a title, not an action
])
def test_decided_knows_committee_wording(text, records_a_decision):
    u = units_of(passage(text, title="Record of Decision"))[0]
    assert decided(u, 0, *_parts("What was Cabinet asked to decide?")) == (1.0 if records_a_decision else 0.5)


@pytest.mark.parametrize("question, row_text, expected", [
    ("What is the top of the KS N grade?", "KS N: Entry = £98,000; Top = £109,309", 1.0),  # a code the keywords lose
    ("What is the top of the KS N grade?", "KS A: Entry = £23,000; Top = £24,513", 0.0),
    ("What is the budget for Adult Social Care and Health?", "Adult Social Care and Health: Budget = £1.2m", 1.0),
    ("What is the budget for adult social care?", "Adult Social Care and Health: Budget = £1.2m", 0.0),  # not in full
    ("What is the total cost?", "Total Cost = £1,283,493k; 2025-26 = £159,098k", 1.0),  # a first column's name
    ("What is the budget for Health?", "The budget for Health is £2m.", 0.0),  # a sentence is no row
    # a row's number is how the table files it, not how a question names it
    ("How much is funded by borrowing?", "7 Borrowing: Total Cost = £441,101k; 2025-26 = £45,168k", 1.0),
    ("What is the A28 Chart Road total?", "31 A28 Chart Road: Total = £29,699k; 2025-26 = £1,000k", 1.0),
    # a table's total row answers a question about the whole table, which names none of its rows
    ("How many staff did the service have?", "Total: FTEs = 305.72; Headcount = 350", 0.5),
    ("How many staff did the service have?", "Youth workers: FTEs = 18.3; Headcount = 35", 0.0),
    ("How many youth workers did the service have?", "Youth workers: FTEs = 18.3; Headcount = 35", 1.0),
    # a month's row as tables print it, and as a question says it
    ("How many vehicles were lifted in October 2023?", "Oct-23: Lifted = 99; Released = 100", 1.0),
    ("How many vehicles were lifted in October 2024?", "Oct-23: Lifted = 99; Released = 100", 0.0),  # another year
    ("How many vehicles were lifted in Sep 2023?", "September 2023: Lifted = 58; Released = 49", 1.0),
])
def test_row_signal_the_question_names_the_rows_label(question, row_text, expected):
    kind = "paragraph" if row_text.endswith(".") else "table"
    u = units_of(passage(row_text, kind=kind))[0]
    assert row(u, 0, *_parts(question)) == expected


@pytest.mark.parametrize("question, text, expected", [
    ("Who chairs the panel?", "Mr F Grey was elected Vice Chair of the panel.", 0.0),
    ("Who chairs the panel?", "Mrs S Smith (Chair) and Mr F Grey (Vice Chair) were present.", 1.0),
    ("Who is the vice chair of the panel?", "Mr F Grey was elected Vice Chair of the panel.", 0.5),
    ("How much did the panel spend?", "Mr F Grey was elected Vice Chair.", 0.5),
])
def test_office_signal_a_deputy_holds_another_office(question, text, expected):
    u = units_of(passage(text))[0]
    assert office(u, 0, *_parts(question)) == expected


def _parts(question):
    ctx = _context(question)
    return ctx.question.parts[0], ctx


@pytest.mark.parametrize("section_path, question, expected", [
    # the question names the unit's section by its heading, numbered or not, "&" or "and"
    ("14.0 Staffing & Trade Union Implications > 14.1", "What does the Staffing and Trade Union Implications section say?",
     1.0),
    ("Financial Implications", "What does the report say under the heading 'Financial Implications'?", 1.0),
    ("Legal Implications", "What does the Financial Implications section say?", 0.0),
    # heading words with no word that refers to a section name the question's subject, as every heading does
    ("Homes Back In Use", "How many empty homes did Homes Back In Use bring back?", 0.0),
    ("Background", "What is the background to the report?", 0.0),  # one word: too common to name a section
    ("Budget report", "What does the budget report say?", 0.0),  # the paper's own title names the paper
])
def test_section_signal_for_a_section_the_question_names(section_path, question, expected):
    u = units_of(passage("The team will grow.", section=section_path, title="Budget report"))[0]
    assert section(u, 0, *_parts(question)) == expected


def test_every_signal_is_named_weighted_and_explained():
    names = {s.name for s in SIGNALS}
    assert names == {name for name, _ in Config().answer_weights}
    assert all(len(s.reason) > 20 for s in SIGNALS)


def test_compose_answers_every_part_and_quotes_a_list_whole():
    asked = analyse("What is the total budget and which options were considered?")
    ps = [passage("The total budget is £25.6 million.", rank=1),
          passage("The options considered were:\n• close the home\n• sell the site\n• keep it open", kind="list",
                  rank=2)]

    def embed(texts):  # meaning by shared words: enough to test the choosing, not the model
        return [np.ones(4) / 2 for _ in texts]

    comp = compose(asked, ps, Config(), lambda t: 1.0, embed, [np.ones(4) / 2, np.ones(4) / 2])
    text = "\n".join(t for t, _ in comp.lines)
    assert "£25.6 million" in text and "- close the home\n- sell the site\n- keep it open" in text
    assert comp.parts_answered == 1.0


@pytest.mark.parametrize("question, whole", [
    ("What counts as an excluded matter?", True),  # no figure asked: the list the lead-in announces answers it
    ("Who may not sit on the committee?", True),
    ("How much may a matter cost?", False),  # a sum asked: the item that gives it answers
])
def test_an_item_of_an_announced_list_is_quoted_with_its_lead_in_and_siblings(question, whole):
    us = units_of(passage("The definition of an excluded matter is as follows:\n• (a) a planning decision,\n"
                          "• (b) a matter with a right of appeal,\n• (c) a matter costing over £5k.", kind="list"))
    asked = analyse(question)
    lines = _lines(asked, [us[3]])
    text = "\n".join(t for t, _ in lines)
    assert ("planning decision" in text and "is as follows:" in text) == whole
    assert "£5k" in text


def test_a_lettered_point_under_a_numbered_lead_in_is_read_and_quoted_with_it():
    # "• 6. ... agreed the following motion:" over a plain line "a. That ...": the lead-in says who decided it
    us = units_of(passage("• 5. Members debated the usage figures.\n• 6. Following the debate, the Committee "
                          "unanimously agreed the following motion:\na. That the decision be postponed pending review.",
                          kind="list", title="Call-in report"))
    point = next(u for u in us if u.text.startswith("a. That"))
    assert "unanimously agreed the following motion:" in point.context
    assert decided(point, 0, *_parts("What did the Committee decide about the decision?")) == 0.75
    text = _lines(analyse("What did the Committee decide about the decision?"), [point])[0][0]
    assert text == ("6. Following the debate, the Committee unanimously agreed the following motion: "
                    "a. That the decision be postponed pending review.")


@pytest.mark.parametrize("row_text, answers", [
    ("Subject:: Ann Grey, Research Officer = Cabinet reconsideration; of; Decision", False),  # a cover sheet as a table
    ("From:: Ann Grey, Leader of the Council = Cabinet", False),
    ("Adult Social Care: Budget = £1.2m; Forecast = £1.5m", True),
])
def test_a_cover_sheet_set_out_as_a_table_routes_the_paper(row_text, answers):
    u = units_of(passage(row_text, kind="table"))[0]
    assert answers_something(u, "What did the Committee decide about the family hubs?") == answers


@pytest.mark.parametrize("result, quoted", [
    ("Motion carried.", True),
    ("Amendment lost.", True),
    ("The Chairman thanked Members for a thorough and well-informed debate on the motion.", False),  # no result
])
def test_a_vote_result_is_quoted_with_the_counts_recorded_above_it(result, quoted):
    us = units_of(passage("3) The Chairman put the motion to the vote and the voting was as follows:\n"
                          "• For (32) Mr Avery, Mrs Brook\n• Against (1) Mr Cole\n• Abstain (2) Ms Dale, Mr Eden\n"
                          f"{result}", title="Minutes of the County Council"))
    chosen = next(u for u in us if u.text == result)
    text = _lines(analyse("Was the statement endorsed, and how did the vote go?"), [chosen])[0][0]
    assert ("- Against (1) Mr Cole\n- Abstain (2) Ms Dale, Mr Eden" in text) == quoted
    assert text.startswith("3) The Chairman put the motion") == quoted and text.endswith(result)


@pytest.mark.parametrize("question, quoted", [
    ("Did the Council agree to sit beyond 4.30pm, and how did the vote go?", True),
    ("When may the meeting conclude?", False),  # not about what was decided: the motion alone
])
def test_a_motion_is_quoted_with_the_vote_put_on_it(question, quoted):
    us = units_of(passage("3) The Chairman proposed that Council resolve to extend the meeting beyond 4.30pm.\n"
                          "4) The Chairman put the motion to the vote and the voting was as follows:\n"
                          "• For (39) Mr Avery, Mrs Brook\n• Against (3) Mr Cole\nMotion carried.",
                          title="Minutes of the County Council"))
    text = _lines(analyse(question), [us[0]])[0][0]
    assert text.startswith("3) The Chairman proposed")
    assert ("- Against (3) Mr Cole\n- Motion carried." in text) == quoted


@pytest.mark.parametrize("minute, question, vote", [
    # an amendment's text, its seconder, then the vote on it: what happened to the amendment is the vote
    ("Councillor Avery moved an amendment to the report as follows;\n• 7. Implement an inflation-based charge only.\n"
     "• Refer the change to the task group.\nThe amendment was seconded by Councillor Brook. On being put to the vote "
     "the amendment was CARRIED (7 members voting in favour, 0 against with 2 abstentions)",
     "What happened to the pricing proposal at the committee?", True),
    ("Councillor Avery proposed that the hall be repainted. Seconded by Councillor Brook. It was agreed unanimously.",
     "What did the council decide about the hall?", True),
    ("Councillor Avery proposed that the hall be repainted. Seconded by Councillor Brook. It was agreed unanimously.",
     "Who proposed repainting the hall?", False),  # not what was decided: the motion alone
    # another motion before a vote: the vote is on that one
    ("Councillor Avery proposed that the hall be repainted. Councillor Cole moved an amendment that it be rebuilt. "
     "The amendment was lost.", "What did the council decide about the hall?", False),
])
def test_a_motion_is_quoted_with_the_vote_recorded_after_its_text(minute, question, vote):
    us = units_of(passage(minute, title="Minutes of the Committee"))
    text = _lines(analyse(question), [us[0]])[0][0]
    assert any(w in text for w in ("CARRIED", "agreed unanimously", "lost")) == vote


def test_sub_items_are_quoted_with_the_resolution_that_announces_them_not_the_whole_minute():
    us = units_of(passage("• 5. RESOLVED the Leader to:\n• a) CREATE a committee.\n• b) MERGE two panels.\n"
                          "• 6. RESOLVED to ask the Monitoring Officer to:\n• a) REVIEW the protocols.\n"
                          "• b) PROVIDE a report on templates.\n• 7. RESOLVED to note the work.", kind="list"))
    item = next(u for u in us if "REVIEW" in u.text)
    text = _lines(analyse("What was the Monitoring Officer asked to do?"), [item])[0][0]
    assert "ask the Monitoring Officer to:" in text and "PROVIDE a report" in text
    assert "CREATE" not in text and "note the work" not in text


def test_lettered_points_under_a_numbered_lead_in_are_its_list():
    us = units_of(passage("• 7. Comments made during the debate are summarised below:\na. Members claimed the "
                          "hubs were best value. b. Members raised concerns about the costings.\nc. Members asked "
                          "about the grant.", kind="list"))
    assert [u.text[:2] for u in introduces(us[0])] == ["a.", "b.", "c."]
    text = _lines(analyse("What concerns did members raise in the debate?"), [us[2]])[0][0]
    assert "summarised below:" in text and "best value" in text and "the grant" in text


NORTH = "North Hub: Area = Northtown; Contract value per Annum = £222,127.44"
SOUTH = "South Hub: Area = Southport; Contract value per Annum = £204,302.16"


@pytest.mark.parametrize("question, rows, both", [
    # rows of one table share their column names: another row, with its own label, is asked for by "each" ...
    ("What was the annual value of each contract?", [NORTH, SOUTH], True),
    # ... or when it names what is asked and not yet quoted
    ("How does the North Hub contract value compare with the South Hub's?", [NORTH, SOUTH], True),
    # a question after one row does not get its neighbours
    ("What is the annual contract value at Northtown?", [NORTH, SOUTH], False),
    # the same row twice (a table repeated on the next page) is a repeat
    ("What was the annual value of each contract?", [NORTH, NORTH + " "], False),
])
def test_another_row_of_the_same_table_is_quoted_when_asked_for(question, rows, both):
    asked = analyse(question)
    ps = [passage(rows[0], kind="table", lead="Hub | Area | Contract value per Annum", rank=1),
          passage(rows[1], kind="table", lead="Hub | Area | Contract value per Annum", rank=2)]
    comp = compose(asked, ps, Config(), lambda t: 1.0, lambda texts: [np.ones(4) / 2 for _ in texts],
                   [np.ones(4) / 2])
    text = "\n".join(t for t, _ in comp.lines)
    assert "£222,127.44" in text and ("£204,302.16" in text) == both
    assert len(comp.lines) == (2 if both else 1)


def test_a_close_second_giving_the_sum_asked_for_leads_the_answer():
    asked = analyse("How much is the deficit if the override ends?")
    ps = [passage("The override for the deficit was extended until it ends in three years.", rank=1),
          passage("If the override ends, the deficit would be £77m.", rank=2)]

    def embed(texts):  # the sentence without the sum is the closer in meaning, by a little more than a figure is worth
        return [np.array([1.0, 0, 0]) if "extended" in t else np.array([0.6, 0.8, 0]) for t in texts]

    comp = compose(asked, ps, Config(), lambda t: 1.0, embed, [np.array([1.0, 0, 0])])
    assert comp.units[0].relevance < comp.units[1].relevance  # it leads though it scores a little less
    assert "£77m" in comp.lines[0][0]
    assert any("extended" in t for t, _ in comp.lines[1:])  # the best match in words is still quoted


@pytest.mark.parametrize("text, names_several", [
    ("Some of the properties suggested were Mill Bridge, Rose Cottage, the former hotel, the clinic and Elm Court.", True),
    ("The Panel heard from Mr Grey, Ms Black and Dr White.", True),
    ("The Panel heard from Mr Grey and Ms Black.", False),  # two are a pair, not a list
    ("We will reduce costs, improve services and protect jobs.", False),  # names, not clauses
    ("Two KPIs are rated Green, three are Amber and one is Red.", False),
    ("Donations went to Hillbrook Church, Westvale Church, Eastport Scouts and the village hall.", True),
    ("The council met on Monday, and discussed the budget.", False),
    ("In 2022, 2023 and 2024 the figure rose.", False),
])
def test_a_sentence_that_names_several_things_in_a_row(text, names_several):
    assert enumerates(text) == names_several


@pytest.mark.parametrize("head_score, leads", [(0.78, True), (0.65, False)])
def test_a_lead_in_saying_what_is_asked_leads_over_another_lists_item(head_score, leads):
    """One item of another list may match the words best by chance; a lead-in close to it that says its list is what
    is asked ("the following plans and policies:") leads with its list, and the item's list follows."""
    asked = analyse("Which plans and policies must full council adopt?")
    other = units_of(passage("Other matters for full council:\n• Approval of the corporate plan and its strategies\n"
                             "• Approval of the constitution", kind="list", rank=1))
    plans = units_of(passage("The adoption of the following plans and policies:\n• Parks plan\n• Housing policy",
                             kind="list", rank=2))
    for u in plans:
        u.passage = replace(u.passage, chunk_id="d-2")
    for u, score in ((other[1], 0.82), (other[0], 0.60), (plans[0], head_score), (plans[1], 0.70)):
        u.relevance = score
    chosen = _leads(asked, [other[1], plans[0], plans[1], other[0]], Config())
    assert (chosen[0] is plans[0]) is leads and other[1] in chosen


def test_a_list_asked_for_is_taken_from_beside_the_best_matching_sentence():
    """Of the lists close to the best match, the one in its passage: the sentence that best matches the words speaks
    of the list beside it, not of another paper's."""
    asked = analyse("Which buildings did councillors suggest for the site visit?")
    own = units_of(passage("The officer offered a site visit of at-risk buildings. Some of the properties suggested "
                           "were Mill Bridge, Rose Cottage, the former hotel and Elm Court.", rank=2, title="Minutes"))
    other = units_of(passage("Enforcement powers:\n• i. Power to issue an enforcement notice for a building", kind="list",
                             rank=1, title="Scheme of delegation"))
    other[0].passage = replace(other[0].passage, doc_id="other", chunk_id="other-1")
    for u, score in ((own[0], 0.84), (other[-1], 0.70), (own[1], 0.60)):
        u.relevance = score
    ranked = [own[0], other[-1], own[1]]
    assert _leads(asked, ranked, Config())[0] is own[1]


@pytest.mark.parametrize("question, defines", [
    ("How does the glossary define the CFR?", True),
    ("What is meant by MRP?", True),
    ("What does EHCP stand for?", True),
    ("What does 'looked after' mean?", True),
    ("What does the CFR mean for borrowing next year?", False),  # what follows from it, not what it means
    ("What is the CFR for 2025-26?", False),  # a figure asked, not a meaning
    ("How much does the Council stand to lose?", False),
])
def test_a_question_asking_what_a_term_means(question, defines):
    assert analyse(question).defines == defines


@pytest.mark.parametrize("section, question, opens", [
    ("CFR", "How does the glossary define the CFR?", True),  # the term's entry, from its start
    ("CFR", "What does the CFR do?", False),  # no meaning asked
    ("Borrowing", "How does the glossary define the CFR?", False),  # another heading
])
def test_a_glossary_entry_is_read_from_its_start(section, question, opens):
    us = units_of(passage("Capital Financing Requirement. A council's underlying need to hold debt. The CFR increases "
                          "with capital expenditure.", section=section, title="Glossary"))
    text = _lines(analyse(question), [us[-1]])[0][0]
    assert text.startswith("Capital Financing Requirement.") == opens and text.endswith("capital expenditure.")


def test_a_part_matched_by_several_vectors_counts_its_best():
    """The whole part and what follows its question word are both matched: a line may say what is asked without
    the words that say where to look."""
    asked = analyse("In the Government's letter, which bodies' views are crucial?")
    ps = [passage("The letter sets out the Government's timetable.", rank=1),
          passage("The views of other public bodies will be crucial.", rank=2)]

    def embed(texts):
        return [np.array([1.0, 0, 0]) if "timetable" in t else np.array([0.0, 1.0, 0]) for t in texts]

    whole, tail = np.array([1.0, 0, 0]), np.array([0.0, 1.0, 0])
    for vectors, expected in (([whole], 0.0), ([np.vstack([whole, tail])], 1.0)):
        comp = compose(asked, ps, Config(), lambda t: 1.0, embed, vectors)
        crucial = next((u.scores["meaning"] for u in comp.units if "crucial" in u.text), 0.0)
        assert crucial == expected  # matched by what is asked, it is quoted; by the whole part alone, not


def test_a_quota_is_led_by_its_percentage_before_a_count():
    asked = analyse("What is our quota for placements?")
    ps = [passage("The council has been mandated to take placements under the national quota scheme.", rank=1),
          passage("At the time of writing the service supported 73 placements.", rank=2),
          passage("Its quota is up to 0.10% of the child population.", rank=3)]

    def embed(texts):  # closest in meaning: the sentence with no figure, then the count, then the percentage
        return [np.array([1.0, 0, 0]) if "mandated" in t else np.array([0.95, 0.31, 0]) if "73" in t
                else np.array([0.86, 0.51, 0]) for t in texts]

    comp = compose(asked, ps, Config(), lambda t: 1.0, embed, [np.array([1.0, 0, 0])])
    count = next(u for u in comp.units if "73" in u.text)
    assert comp.units[0].relevance < count.relevance  # the percentage scored below the count ...
    assert "0.10%" in comp.lines[0][0]  # ... and leads: a quota is most often a share


def test_calibration_is_a_fitted_model_over_the_named_features():
    model = json.loads(CALIBRATION.read_text())
    assert set(model["coefficients"]) == set(FEATURES)
    strong = {"covered": 1.0, "similarity": 0.7, "stated": 1.0, "about": 1.0, "other_time": 0.0}
    weak = {"covered": 0.3, "similarity": 0.3, "stated": 0.0, "about": 0.0, "other_time": 0.0}
    assert probability(strong) > Config().answer_threshold > probability(weak)
    # each feature is evidence for or against an answer, as its description says: a figure for another year
    # than the one asked is evidence against; every other feature, more of it, is evidence for
    for name in FEATURES:
        assert (probability(weak | {name: 1.0}) < probability(weak)) == (name in AGAINST)
    assert probability(strong | {"other_time": 1.0}) < probability(strong)


@pytest.mark.parametrize("question, text, other", [
    ("What were the usable reserves at the end of 2014-15?", "The usable reserves at the end of 2023-24 were £357.6m.", 1.0),
    ("What were the usable reserves at the end of 2023/24?", "The usable reserves at the end of 2023-24 were £357.6m.", 0.0),
    ("How many cases were there in 2024?", "There were 19 cases in 2024-25.", 0.0),  # a calendar year in its financial year
    ("How many cases were there in 2023?", "There were 19 cases over the year.", 0.0),  # no year said: no evidence
    ("How many cases were there?", "There were 19 cases in 2024.", 0.0),  # no year asked
    ("What did the March 2025 update say?", "Proposals are due by 2026.", 0.0),  # its paper's date names the paper
    ("How many nominations did the 2024 awards receive?", "479 nominations were received.", 0.0),  # no year said
    # a day, month and year name the meeting, not the time the figure is for
    ("At the 29 October 2024 panel, how many places were planned?", "40 places by January 2026.", 0.0),
    ("At the 29 October 2024 panel, how many places were planned for 2023?", "40 places by 2026.", 1.0),
    # a quarter is a time too: another quarter's figure is a near miss, the same year or not
    ("What net change in jobs did the fund record in Quarter 3 of 2024/25?",
     "The Quarter 2 (Jul - Sep), 2024/25 monitoring cycle recorded a net decrease of 19.81 FTE jobs.", 1.0),
    ("How many jobs in Q3?", "In the third quarter 40 jobs were created.", 0.0),
    ("How many jobs in Q3?", "Jobs rose from 30 in Q2 to 40 in Q3.", 0.0),
    ("How many jobs in Q3?", "40 jobs were created.", 0.0),  # no quarter said: no evidence
    ("How many jobs in the second quarter?", "Q4 saw 40 jobs created.", 1.0),
])
def test_a_figure_for_another_year_is_told_apart(question, text, other):
    assert other_time(question, text, around="Panel minutes 2025-03-13") == other


def test_a_line_naming_its_quarter_is_for_that_quarter_whatever_its_paper():
    # a year around a line names its paper; a quarter the line names is the one its figure is for
    assert other_time("How many jobs in Quarter 3?", "The Quarter 2 cycle recorded 19 jobs.", around="Q3 report") == 1.0
    assert other_time("How many jobs in 2024?", "By 2026, 19 jobs.", around="the 2024 report") == 0.0


@pytest.mark.parametrize("date, stated", [
    ("2025-03-04", True),  # a report of March 2025 on "Quarter 3" speaks of 2024-25 without writing it
    ("2024-09-12", True),  # September 2024 is in 2024-25 too
    ("2023-11-30", False),  # a report of 2023-24: the year asked is not its own
    ("", False),
])
def test_a_papers_date_states_its_own_financial_year(date, stated):
    asked = analyse("How many library visits were there in Quarter 3 of 2024/25?")
    ps = [passage("There were 771,600 library visits in Quarter 3.", title="Performance report", date=date)]
    comp = compose(asked, ps, Config(), lambda t: 1.0, lambda texts: [np.ones(4) / 2 for _ in texts], [np.ones(4) / 2])
    assert (features(asked, comp, {"library": 1.0})["stated"] == 1.0) == stated


@pytest.mark.parametrize("council, stated", [
    ("Hillbrook Community Council", True),  # minutes name their council only in their opening line
    ("Westvale Council", False),  # another council's paper does not state the one asked about
    ("", False),
])
def test_a_papers_council_states_the_council_a_question_names(council, stated):
    question = "How much precept did Hillbrook set for 2019/20?"
    asked = analyse(question)
    ps = [passage("It was agreed that the precept set for 2019/20 be £16,000.", title="19-01-09", council=council)]
    comp = compose(asked, ps, Config(), lambda t: 1.0, lambda texts: [np.ones(4) / 2 for _ in texts], [np.ones(4) / 2])
    feats = features(asked, comp, {t: 1.0 for t in keywords(question)}, frozenset(tokenize("Hillbrook")))
    assert (feats["stated"] == 1.0) == stated
    assert (feats["covered"] == 1.0) == stated  # "Hillbrook" is said by the paper being Hillbrook's


@pytest.mark.parametrize("question, text, about", [
    ("How many home-educated children were there?", "There were 1,204 home-educated children in 2024.", 1.0),
    # a count about something else: the near miss the feature tells apart
    ("How many home-educated children were there?", "The number of births peaked at just over 18,000 in 2012.", 0.0),
    ("How much did the programme cost?", "The total expenditure on the programme is significant.", 0.0),
    ("Who chairs the committee?", "The committee met in March.", 1.0),  # no sum, share or count asked
    # how a vote went is answered only by a recorded vote or its result
    ("How did the vote go on the amendment?", "The amendment would fund a study.", 0.0),
    ("How did the vote go on the amendment?", "For (16) Mr Avery, Mrs Brook", 1.0),
    # which company or body is answered only by a name the question does not already give
    ("Which contractor was awarded the contract for the Northshire Link Road?",
     "For the Northshire Link Road project, the design and build contract has been signed.", 0.0),
    ("Which contractor was awarded the contract for the Northshire Link Road?",
     "The contract was awarded to Balfour Beatty in May.", 1.0),
    # a count is about what it counts, not the question's other words
    ("How many councillors voted for the family hubs proposal?", "The proposal would close 16 family hub sites.", 0.0),
    ("How many people has the resettlement programme helped?", "The programme has supported 200 individuals.", 1.0),
    # how many voted is counted by the recorded vote, which names the members, not "members"
    ("How many members voted for the budget motion?", "For (57) Mr Avery, Mrs Brook, Mr Cole", 1.0),
    ("How many members voted for the budget motion?", "The budget motion proposes 57 new social work posts.", 0.0),
    # ... and how many people voted in an election is a count of them like any other
    ("How many young people voted in the youth council elections?", "In all 8,123 young people voted this year.", 1.0),
])
def test_about_feature_a_figure_beside_what_is_asked(question, text, about):
    asked = analyse(question)
    u = units_of(passage(text))[0]
    comp = Composition([u], [(u.text, [u])], 1.0)
    assert features(asked, comp, {t: 1.0 for t in keywords(question)})["about"] == about


@pytest.mark.parametrize("lead_in, about", [
    ("Of the 38 KPIs in the report, the RAG ratings are as follows:", 1.0),  # the lead-in says what the items count
    ("The main changes since the last quarter are as follows:", 0.0),
])
def test_about_feature_reads_a_list_items_lead_in(lead_in, about):
    question = "How many KPIs were rated Red?"
    us = units_of(passage(f"{lead_in}\n• 17 are rated Green.\n• Nine are rated Red.", kind="list"))
    red = next(u for u in us if "Nine" in u.text)
    comp = Composition([red], [(red.text, [red])], 1.0)
    assert features(analyse(question), comp, {t: 1.0 for t in keywords(question)})["about"] == about


@pytest.mark.parametrize("question, about", [
    ("How many new places does the plan provide for, and in which year do most come?", 1.0),  # a line for each part
    ("How many new places does the plan provide for?", 0.0),  # one part: the lead and the line after it
])
def test_about_feature_reads_a_line_more_for_each_further_part(question, about):
    lead, other, figure = (units_of(passage(t))[0] for t in (
        "The allocations are based on the projected need for new places by September 2025.",
        "The plan sets out the intentions for each year.", "Commissioning intentions: 440 places by 2026-27."))
    comp = Composition([lead, other, figure], [(u.text, [u]) for u in (lead, other, figure)], 1.0)
    assert features(analyse(question), comp, {t: 1.0 for t in keywords(question)})["about"] == about


def test_a_when_question_is_answered_by_a_time_it_does_not_give():
    question = "At the 29 October 2024 panel, when was the school expected to reach stage two?"
    u = units_of(passage("The school plans to reach stage two in January 2026."))[0]
    comp = Composition([u], [(u.text, [u])], 1.0)
    assert features(analyse(question), comp, {t: 1.0 for t in keywords(question)})["other_time"] == 0.0


@pytest.mark.parametrize("question, other", [
    # a year that another part names does not hold for the part the lead answers
    ("How much had the levy raised by the first report, and how much by the 2023/24 report?", 0.0),
    ("How much had the levy raised by the 2023/24 report?", 1.0),
])
def test_other_time_reads_the_years_of_the_part_the_lead_answers(question, other):
    u = units_of(passage("Since its introduction in 2012 the levy has raised £90 million."))[0]
    comp = Composition([u], [(u.text, [u])], 1.0)
    assert features(analyse(question), comp, {t: 1.0 for t in keywords(question)})["other_time"] == other


@pytest.mark.parametrize("question, dates, naming", [
    # the date of a paper read names that paper: its words need not stand in the line quoted
    ("How did the budget Cabinet saw on 30 January compare with the figure put to Council on 13th February?",
     ["2025-01-30", "2025-02-13"], {"n30", "januari", "n13", "th", "februari"}),
    ("How did the budget Cabinet saw on 30 January compare?", ["2025-02-13"], set()),  # no paper of that day read
    ("What happened on 14 August?", ["2019-08-19", ""], set()),
])
def test_words_naming_a_paper_by_its_meeting_date(question, dates, naming):
    read = [passage("Text.", date=d) for d in dates]
    assert meeting_words(question, read) == naming
    weights = part_weights(analyse(question), lambda t: 1.0, meeting_words(question, read))[0]
    assert not set(weights) & naming and "budget" in weights or "budget" not in question


@pytest.mark.parametrize("question, scene, asked", [
    ("In the Government's invitation to submit proposals, which bodies' views are crucial?", "invit", "crucial"),
    ("According to the risk register, what is the exposure for the risk register's savings?", "accord", "exposur"),
])
def test_a_clause_before_the_question_word_says_where_to_look(question, scene, asked):
    weights = part_weights(analyse(question), lambda t: 1.0)[0]
    assert weights[scene] == 0.5 * weights[asked]
    assert "regist" not in weights or weights["regist"] == weights[asked]  # asked too: counts in full


def test_a_councils_place_beside_a_figure_is_not_what_it_counts():
    # (a figure asked for without "how many", which the thing counted alone would settle)
    question = "What was the home-educated children total in Northshire in 2019?"
    u = units_of(passage("The number of births in Northshire peaked at just over 18,000 in 2012."))[0]
    comp = Composition([u], [(u.text, [u])], 1.0)
    weights = {t: 1.0 for t in keywords(question)}
    assert features(analyse(question), comp, weights)["about"] == 1.0  # "Northshire" stands beside the count
    assert features(analyse(question), comp, weights, frozenset(tokenize("Northshire")))["about"] == 0.0


@pytest.mark.parametrize("text, listed", [
    # a sentence over a list it does not announce, and through a lead-in too short to name its subject
    ("Some premises are exempt.\n• General hospitals;\n• Fire stations.", ["• General hospitals;", "• Fire stations."]),
    ("Some premises are exempt. These include:\n• General hospitals;\n• Fire stations.",
     ["These include:", "• General hospitals;", "• Fire stations."]),
    ("Some premises are exempt. Members then discussed the levy.\n• General hospitals;\n• Fire stations.", []),
    ("Some premises are exempt.\n• General hospitals.", []),  # one item is no list
])
def test_the_list_just_after_a_sentence(text, listed):
    first = units_of(passage(text))[0]
    assert [u.text for u in list_after(first)] == listed


def test_a_list_asked_for_is_quoted_with_the_sentence_before_it():
    q = analyse("Which premises are exempt from the levy?")
    us = units_of(passage("Some premises are exempt from the levy. These include:\n• General hospitals;\n• Fire stations."))
    lines = _lines(q, [us[0]])
    assert lines[0][0] == "Some premises are exempt from the levy. These include:\n- General hospitals;\n- Fire stations."


def test_a_forms_field_files_the_sentences_under_it():
    """ "Any alternatives considered and rejected:" says what the text under it is, as a heading would."""
    us = units_of(passage("Reason for decision:\nThe plan is needed. It sets priorities.\n"
                          "Any alternatives considered and rejected:\nDo nothing; this would harm health. It would cost more."))
    by = {u.text: u for u in us}
    assert by["It sets priorities."].filed_under == "Reason for decision:"
    assert by["It would cost more."].filed_under == "Any alternatives considered and rejected:"
    assert "Any alternatives considered and rejected:" in by["It would cost more."].context
    assert "Any alternatives considered" in meaning_text(by["Do nothing; this would harm health."])
    long = units_of(passage("Any alternatives considered and rejected:\nDo nothing; this would potentially have a "
                            "negative impact on the health and wellbeing of the people of the county."))[1]
    assert meaning_text(long).startswith("Any alternatives considered and rejected: Do nothing")
    assert by["Reason for decision:"].filed_under == ""
    # a colon over a list is its lead-in: the text after the list is filed under no field
    after = units_of(passage("The Council will maintain:\n• a general reserve\n• earmarked reserves\nThe policy is reviewed."))
    assert after[-1].text == "The policy is reviewed." and after[-1].filed_under == ""


def test_units_split_run_together_resolutions_and_keep_labelled_figures():
    us = units_of(passage("RESOLVED that the Council: (1) Note the update on devolution (2) Endorse the request "
                          "to Government. The figures follow.\n• Northshire: 8529\n• 2."))
    assert [u.text for u in us] == ["RESOLVED that the Council:", "(1) Note the update on devolution",
                                    "(2) Endorse the request to Government.", "The figures follow.",
                                    "• Northshire: 8529"]


def test_a_list_of_one_word_items_keeps_every_item():
    us = units_of(passage("Hubs are based in:\n• Hillbrook\n• Westvale\n• Eastport Sports Centre\n• 7"))
    assert [u.text for u in introduces(us[0])] == ["• Hillbrook", "• Westvale", "• Eastport Sports Centre"]
    # a sentence of one word is still no answer
    assert [u.text for u in units_of(passage("Summary\nThe plan is agreed."))] == ["The plan is agreed."]


def test_a_resolution_lead_in_brings_its_numbered_decisions():
    us = units_of(passage("RESOLVED that the Council: (1) Note the update (2) Endorse the request (3) Agree the "
                          "plan. Members then left."))
    assert [u.text for u in introduces(us[0])] == ["(1) Note the update", "(2) Endorse the request",
                                                   "(3) Agree the plan."]


@pytest.mark.parametrize("lines, lead, expected", [
    # a numbered resolution that is itself a lead-in brings its lettered sub-items, not the next resolution
    (["• 7. RESOLVED to recommend to the Council:", "• a) AGREE the plan.", "• b) NOTE the risks.",
      "• 8. RESOLVED to note the update."], 0, ["• a) AGREE the plan.", "• b) NOTE the risks."]),
    (["• 7. RESOLVED to ask the Director to:", "• (i) REVIEW the fees.", "• (ii) REPORT back."], 0,
     ["• (i) REVIEW the fees.", "• (ii) REPORT back."]),
    (["• 7. RESOLVED to note the update.", "• a) AGREE the plan."], 0, []),  # not a lead-in
])
def test_an_item_that_leads_in_brings_its_sub_items(lines, lead, expected):
    us = units_of(passage("\n".join(lines), kind="list"))
    assert [u.text for u in introduces(us[lead])] == expected


@pytest.mark.parametrize("question, title, date, expected", [
    ("What does Appendix D say about reserves?", "Appendix D - Reserves Policy", "2025-02-13", 0.6),
    ("What does Appendix D say about reserves?", "Appendix B - Capital Programme", "2025-02-13", 0.0),
    ("What did the meeting of 13 February record?", "Minutes of the County Council", "2025-02-13", 0.6),
    ("What are the reserves?", "Budget report", "2025-02-13", 0.5),  # names no paper: no preference
])
def test_paper_signal_prefers_the_paper_the_question_names(question, title, date, expected):
    u = units_of(passage("Reserves stand at £30m.", title=title, date=date))[0]
    ctx = _context(question)
    assert paper(u, 0, ctx.question.parts[0], ctx) == pytest.approx(expected)


def test_a_papers_own_footnote_marks_do_not_read_as_citations():
    from clerk.assistant.answer import _write
    from clerk.assistant.verify import verify_answer

    asked = analyse("What is in the capital programme?")
    ps = [passage("[3] Rolling programmes are in the capital programme of £12m.")]
    comp = compose(asked, ps, Config(), lambda t: 1.0, lambda texts: [np.ones(4) / 2 for _ in texts], [np.ones(4) / 2])
    text, citations = _write(asked, comp, closest=False)
    assert text == "Rolling programmes are in the capital programme of £12m. [1]"
    assert verify_answer(text, {c.n: c.quote for c in citations})[0] == text


def test_a_wrapped_list_item_is_cited_with_its_figures():
    """An item the page wrapped is one unit, its line break a space: the citation still finds it in the stored text,
    so its figures are checked against it and the list is not dropped."""
    from clerk.assistant.answer import _write
    from clerk.assistant.verify import verify_answer

    asked = analyse("What did the committee decide about the hub?")
    ps = [passage("That the Committee:\n• 1. Approved the approach.\n• 2. Authorised the Director to spend the\n"
                  "funding (including any over £500k) on the project.", kind="list")]  # the wrapped item ends it
    comp = Composition(units_of(ps[0])[:1], _lines(asked, units_of(ps[0])[:1]), 1.0)
    text, citations = _write(asked, comp, closest=False)
    assert "£500k" in text and verify_answer(text, {c.n: c.quote for c in citations})[0] == text


MINUTES = ("288. Minutes of the meeting held on 19 December\n(Item 3)\nRESOLVED that the minutes be approved.\n"
           "290. Section 25 Report\n(Item 5)\nThe Interim Corporate Director Finance attended for this item.")


@pytest.mark.parametrize("text, section, unit, expected", [
    (MINUTES, "UNRESTRICTED ITEMS", "Section 25 Report", {"5"}),  # the title over "(Item 5)"
    (MINUTES, "UNRESTRICTED ITEMS", "The Interim Corporate Director Finance attended for this item.", {"5"}),
    (MINUTES, "UNRESTRICTED ITEMS", "RESOLVED that the minutes be approved.", {"3"}),
    # an agenda whose numbers the text layer set apart as headings: "7." over the item's title
    ("24/00109 - Transfer of the 18-25 service (Pages 277 - 326)", "Apologies > 7.",
     "24/00109 - Transfer of the 18-25 service (Pages 277 - 326)", {"7"}),
    ("(Item 4)\nJo Carpenter introduced the update.", "Challenge Cards Update", "Jo Carpenter introduced the update.",
     {"4"}),
])
def test_units_know_the_item_number_they_are_filed_under(text, section, unit, expected):
    u = next(u for u in units_of(passage(text, section=section)) if u.text.endswith(unit))
    assert labels(u) == expected


def test_a_named_item_is_answered_by_its_title_and_what_is_minuted_under_it():
    us = {u.text.split(". ", 1)[-1]: u for u in units_of(passage(MINUTES, section="UNRESTRICTED ITEMS"))}
    question = "What did County Council consider under item 5?"
    ctx = _context(question)
    title, body, other = us["Section 25 Report"], us["The Interim Corporate Director Finance attended for this item."], \
        us["RESOLVED that the minutes be approved."]
    assert [numbered(u, 0, ctx.question.parts[0], ctx) for u in (title, body, other)] == [1.0, 0.7, 0.0]
    assert answers_something(title, question) and not answers_something(title, "What reports were there?")
    assert not answers_something(us["(Item 5)"], question)  # the number alone says nothing
    plain = _context("What did the Director attend?")
    assert numbered(body, 0, plain.question.parts[0], plain) == 0.0  # no number named: adds nothing
    opened = units_of(passage("(Item 4)\nJo Carpenter introduced the update.", section="Challenge Cards Update"))
    assert filed_title(opened[1]) == "Challenge Cards Update" and filed_title(body) == ""


def test_a_sentence_that_holds_the_leads_words_and_goes_on_is_quoted_too():
    asked = analyse("Which districts had the most exclusions in the year to December 2024?")
    lead = "In the year to December 2024, 102 pupils were excluded."
    more = ("Tonbridge district accounted for 20 of the 102 pupils excluded in the year to December 2024, "
            "followed by Dartford with 15.")
    again = "In the year to December 2024, 102 pupils were excluded from school."  # says nothing new

    def embed(texts):
        return [np.ones(4) / 2 for _ in texts]

    comp = compose(asked, [passage(f"{lead} {more} {again}")], Config(), lambda t: 1.0, embed, [np.ones(4) / 2])
    quoted = [u.text for u in comp.units]
    assert more in quoted and again not in quoted


@pytest.mark.parametrize("paper_scores, quoted", [
    ((1.0, 1.0), True),  # the question names both papers ("decision 25/00012"): the record's resolution is quoted too
    ((1.0, 0.5), False),  # it names only the lead's: one paper's answer is not padded with another's sentences
    ((0.5, 0.5), False),  # it names neither
])
def test_another_paper_the_question_names_fills_the_room_the_leads_paper_leaves(paper_scores, quoted):
    asked = analyse("What did decision 25/00012 decide about the mobile libraries?")
    report = passage("The call-in asked Cabinet to reconsider the mobile libraries. Both routes are valued locally.")
    record = replace(passage("APPROVE the proposal not to renew the mobile library contract."), doc_id="r",
                     chunk_id="r-1", title="25-00012 Record of Decision")
    lead, second = units_of(report)
    other = units_of(record)[0]
    for u, relevance, score in ((lead, 1.0, paper_scores[0]), (second, 0.9, paper_scores[0]), (other, 0.85, paper_scores[1])):
        u.relevance, u.scores = relevance, {"paper": score}
    chosen = _choose(asked, [lead, other, second], [], Config())
    assert second in chosen  # the lead's own paper first
    assert (other in chosen) == quoted
    full = _choose(asked, [lead, other, second], [], replace(Config(), answer_units=2))
    assert other not in full  # and only into the room it leaves


@pytest.mark.parametrize("tied, quoted", [(True, True), (False, False)])
def test_a_paper_the_answer_already_quotes_is_not_another_paper(tied, quoted):
    """Once a unit of a second paper is quoted (it tied with the lead), that paper's next units may follow it."""
    asked = analyse("What were the concerns about the mobile libraries?")
    report = passage("Members were concerned about the mobile library routes. Both routes are valued locally.")
    minutes = replace(passage("Members asked about parking at the new site. Members asked about staffing cover."),
                      doc_id="m", chunk_id="m-1", title="Minutes")
    lead, second = units_of(report)
    first, more = units_of(minutes)
    for u, relevance in ((lead, 1.0), (second, 0.9), (first, 0.98 if tied else 0.9), (more, 0.85)):
        u.relevance, u.scores = relevance, {"paper": 0.5}
    chosen = _choose(asked, [lead, first, second, more], [], Config())
    assert (first in chosen) == tied and (more in chosen) == quoted


def test_a_tied_papers_lines_are_taken_in_turn_with_the_leads():
    """A paper the answer quotes because it tied with the lead is as likely to hold the answer: its better lines come
    before the lead paper's weaker ones when room is short, not after all of them."""
    asked = analyse("What were the concerns about the mobile libraries?")
    lead, second = units_of(passage("Members were concerned about the mobile library routes. Both are valued by older "
                                    "residents."))
    first, more = units_of(replace(passage("Members asked about parking at the new site. Members asked about staffing "
                                           "cover."), doc_id="m", chunk_id="m-1", title="Minutes"))
    for u, relevance in ((lead, 1.0), (first, 0.98), (more, 0.92), (second, 0.9)):
        u.relevance, u.scores = relevance, {"paper": 0.5}
    # room for three lines (a list asked for gets two more than `answer_units`)
    assert _choose(asked, [lead, first, more, second], [], replace(Config(), answer_units=1)) == [lead, first, more]


@pytest.mark.parametrize("question, quoted", [
    ("Who proposed the motion?", True),  # it gives the name asked for: its one new word is the first name
    ("Why was the motion proposed?", False),  # nothing of a kind is asked: one new word says too little
])
def test_a_line_giving_what_is_asked_is_quoted_for_one_new_word(question, quoted):
    asked = analyse(question)
    lead, field = units_of(passage("Ms Ashdown proposed the motion on litter. Proposer: Jane Ashdown."))
    for u, relevance in ((lead, 1.0), (field, 0.9)):
        u.relevance, u.scores = relevance, {"paper": 0.5}
    assert (field in _choose(asked, [lead, field], [], Config())) == quoted


@pytest.mark.parametrize("question, beside", [
    # the parts of one question ask about one subject: of a part's nearly best units, the one beside the lead
    ("What was the income from bus lanes, and what net surplus was left?", True),
    # a comparison's parts ask about different papers or years: each part's own best
    ("How did the income from bus lanes compare with the net surplus of parking?", False),
])
def test_a_parts_unit_is_taken_beside_the_lead(question, beside):
    asked = analyse(question)
    lanes = units_of(passage("Bus lanes: Total Income = £3,152,568\nBus lanes: Net Surplus = £77,724", kind="table"))
    parking = units_of(replace(passage("Parking: Net Surplus = £15,848,101", kind="table"), chunk_id="d-2"))
    lead, own, other = lanes[0], lanes[-1], parking[0]
    for u, relevance, part in ((lead, 1.0, 0), (own, 0.6, 1), (other, 0.65, 1)):
        u.relevance, u.scores, u.part = relevance, {"paper": 0.5}, part
    # the lead itself is near the second part's best too, but answers the first part better: it is no candidate
    per_part = [[(1.0, lead), (0.6, own), (0.5, other)], [(0.88, lead), (0.85, own), (0.9, other)]]
    chosen = _choose(asked, [lead, other, own], per_part, replace(Config(), answer_units=2))
    assert chosen[:2] == [lead, own if beside else other]

    # a part whose best unit answers another part better still gets that best
    other.part = 0
    chosen = _choose(asked, [lead, other, own], [per_part[0], [(0.3, lead), (0.5, own), (0.9, other)]],
                     replace(Config(), answer_units=2))
    assert chosen[:2] == [lead, other]


@pytest.mark.parametrize("label, quoted", [
    ("Total Money Market Funds", True),  # the table's total sums the rows quoted: it is what "how much" asks
    ("Money Market Fund B", False),  # another row naming nothing new: a repeat of the table's columns
])
def test_a_tables_total_row_follows_its_rows(label, quoted):
    asked = analyse("How much was held in money market funds?")
    rows = units_of(passage(f"Money Market Fund A: Principal Amount = £17,993,694\n{label}: Principal Amount = £132,964,615",
                            kind="table", section="Money Market Funds"))
    first, other = rows[0], rows[-1]
    for u, relevance in ((first, 1.0), (other, 0.9)):
        u.relevance, u.scores = relevance, {"paper": 0.5}
    assert first.role == other.role == "row"
    assert (other in _choose(asked, [first, other], [], Config())) == quoted


@pytest.mark.parametrize("comparing, both", [(True, True), (False, False)])
def test_a_comparison_quotes_the_same_row_as_each_paper_states_it(comparing, both):
    """The draft's and the final version's row share nearly all their words: for a comparison the second is
    what is asked, not a repeat; for any other question it is."""
    from dataclasses import replace

    question = ("How did the total cost change between the January draft and the February version?" if comparing
                else "What is the total cost in the capital summary?")
    asked = analyse(question)
    draft = passage("Total Cost = £1,288,680k; 2025-26 = £159,314k; 2026-27 = £144,563k", kind="table",
                    title="Capital summary", date="2025-01-30")
    final = replace(passage("Total Cost = £1,283,493k; 2025-26 = £159,098k; 2026-27 = £144,563k", kind="table",
                            title="Capital summary", date="2025-02-13"), doc_id="e", chunk_id="e-1")
    comp = compose(asked, [draft, final], Config(), lambda t: 1.0, lambda texts: [np.ones(4) / 2 for _ in texts],
                   [np.ones(4) / 2])
    text = "\n".join(t for t, _ in comp.lines)
    assert asked.comparing == comparing
    assert ("£1,288,680k" in text and "£1,283,493k" in text) == both


@pytest.mark.parametrize("second, quoted", [
    ("Facebook: Number of consultees = 367; % of consultees = 40%", True),  # another table of the paper: its own figures
    ("Facebook: Number of consultees = 23; % of consultees = 24%", False),  # the same table on the next page: a repeat
])
def test_the_row_another_table_of_the_paper_gives_is_no_repeat(second, quoted):
    """A survey's paper gives "Facebook" for staff and for residents, each table under its own heading: the question
    asking about one may read like the other, so both rows are quoted."""
    asked = analyse("How many consultees heard about the consultation through Facebook?")
    staff = passage("Facebook: Number of consultees = 23; % of consultees = 24%", kind="table", section="Staff")
    residents = replace(passage(second, kind="table", section="Residents"), chunk_id="d-7")
    comp = compose(asked, [staff, residents], Config(), lambda t: 1.0, lambda texts: [np.ones(4) / 2 for _ in texts],
                   [np.ones(4) / 2])
    text = "\n".join(t for t, _ in comp.lines)
    assert "= 23" in text and ("= 367" in text) == quoted


LEASE_MINUTES = ("305. Hillbrook hall lease\n(Item 14)\nThis item was taken after Item 12.\n"
           "1) Ms Avery proposed, and Mr Brook seconded, the motion that the lease be renewed for ten years.\n"
           "2) Following the debate, the motion was agreed unanimously.\n306. Parking review\n(Item 15)\n"
           "1) Mr Cole proposed the motion that the review be deferred.")


@pytest.mark.parametrize("question, quoted", [
    # what was decided on a matter its minute's title names: what is minuted under the title, to what was agreed
    ("What did the council decide about the Hillbrook hall lease?", True),
    ("When was the Hillbrook hall lease discussed?", False),  # no decision asked: the title alone
])
def test_a_minutes_title_is_quoted_with_what_was_agreed_under_it(question, quoted):
    title = next(u for u in units_of(passage(LEASE_MINUTES)) if "Hillbrook hall lease" in u.text)
    text = _lines(analyse(question), [title])[0][0]
    assert ("renewed for ten years" in text and "agreed unanimously" in text) == quoted
    assert "Parking review" not in text and "deferred" not in text  # the next item is not this one's


def test_words_about_the_asking_weigh_nothing_in_what_an_answer_must_cover():
    from clerk.assistant.decide import evidence_weights

    plain = evidence_weights("What was the total cash limit in January?", "", lambda t: 1.0)
    asked = evidence_weights("According to the version presented in January, what did the total cash limit show?",
                             "", lambda t: 1.0)
    assert plain == asked
    follow = evidence_weights("And in February?", "What was the total cash limit?", lambda t: 1.0)
    assert follow["cash"] < follow["februari"]  # the question before names the subject, a third as much


VOTE = ("(11) Mr Hood proposed, and Mr Lewis seconded the following amendment: to fund a transport feasibility "
        "study.\n(12) The Chairman put the amendment to the vote and the voting was as follows:\n"
        "• For (3) Mr Avery, Mrs Brook, Mr Cole\n"
        "• Against (120) " + ", ".join(f"Mr Member{n}" for n in range(120)) + "\n"
        "• Abstain (0)\nAmendment lost.")


def test_a_lead_ins_list_of_long_items_is_quoted_by_each_items_opening_words():
    """An item too long to quote whole is cut to its first words, so the list is quoted item by item rather
    than as a lead-in with nothing after it."""
    us = units_of(passage(VOTE))
    lead = next(u for u in us if u.text.endswith("as follows:"))
    text = _lines(analyse("How was the amendment voted on?"), [lead])[0][0]
    lines = text.split("\n")
    assert lines[0] == lead.text
    assert lines[1] == "- For (3) Mr Avery, Mrs Brook, Mr Cole"
    assert lines[2].startswith("- Against (120) Mr Member0,") and lines[2].endswith(" …")
    assert len(lines[2].split()) == 2 + 30  # the marker, 30 words and the cut
    # a recorded vote is quoted with its result
    assert lines[3:] == ["- Abstain (0)", "- Amendment lost."]


@pytest.mark.parametrize("hit, items", [
    # the page wrapped an item mid-sentence: its rest is the item's, and the list goes on after it
    ("That the Committee:\n• 1. Approved the approach. The approach will require the Committee to be\n"
     "updated on the business case.\n• 2. Noted the risks.\n• 3. Asked for a report.", 3),
    # a line of its own after an item that ended is no part of it
    ("That the Committee:\n• 1. Approved the approach.\nupdated figures follow.\n• 2. Noted the risks.", 1),
])
def test_a_list_item_wrapped_mid_sentence_is_one_item(hit, items):
    us = units_of(passage(hit, kind="list"))
    assert len([u for u in introduces(us[0]) if u.opens]) == items


def test_a_short_opening_is_quoted_with_the_lead_in_after_it_and_its_points():
    """"It was APPROVED;" says only that what follows was: the lead-in after it and the points it leads in."""
    us = units_of(passage("It was APPROVED;\nThat the Committee:\n• 1. Approved the approach.\n• 2. Noted the risks.",
                          kind="list"))
    text = _lines(analyse("What did the committee decide about the hub?"), [us[0]])[0][0]
    assert text == "It was APPROVED; That the Committee:\n- 1. Approved the approach.\n- 2. Noted the risks."


def test_text_held_twice_is_quoted_once():
    vote = "• For (3) Mr Avery, Mrs Brook\n• Against (2) Mr Cole\n• Abstain (0)\nMotion carried."
    first, second = units_of(passage(vote, rank=1)), units_of(passage(vote, rank=2))  # two chunks, one text
    lines = _lines(analyse("How did the vote go?"), [first[-1], second[-1]])
    assert len(lines) == 1 and lines[0][0].endswith("Motion carried.")


def test_a_list_held_twice_is_quoted_once_with_its_lead_in():
    """Two copies of the minutes, one chunk with the list's lead-in and one without: the list is said once, as the
    copy that says what it is."""
    items = "• i) Hall hire: £38.50\n• ii) Clerk's salary: 490.68\n• iii) Laptop: 499.00"
    bare = units_of(passage(items, kind="list", rank=1))
    led = units_of(passage(f"The following payments were agreed:\n{items}", kind="list", rank=2))
    lines = _lines(analyse("Which payments were agreed, and what did they total?"), [bare[0], led[0]])
    assert len(lines) == 1 and lines[0][0].startswith("The following payments were agreed:")


def test_a_short_list_with_one_long_item_is_read_whole():
    """Four resolutions, one of them long, are quoted whole: its figure stands at its end."""
    long = ("3. Authorised the Director, in consultation with the Chair of the Committee, to take all steps required to "
            "bid for, accept, and spend the transport funding (inclusive of the recently awarded funding of £813k) for "
            "procuring and awarding contracts for development and delivery of the project, which may be over the key "
            "decision threshold and will be reported to the Committee in due course.")
    us = units_of(passage(f"That the Committee:\n• 1. Approved the approach.\n• 2. Noted the risks.\n• {long}\n"
                          "• 4. Asked for a report in 2026.", kind="list"))
    text = _lines(analyse("What did the committee decide about the hub?"), [us[0]])[0][0]
    assert "£813k" in text and "…" not in text


def test_a_list_items_subject_may_stand_before_its_lead_in():
    """A vote's "For (3)" counts the amendment moved before its lead-in: the words there count a little."""
    ctx = _context("How did the vote go on the transport feasibility study amendment?")
    us = units_of(passage(VOTE))
    same = units_of(passage(VOTE.replace("to fund a transport feasibility study", "on libraries")))
    item = next(u for u in us if u.text.startswith("• For"))
    other = next(u for u in same if u.text.startswith("• For"))
    assert terms(item, 0, ctx.question.parts[0], ctx) > terms(other, 0, ctx.question.parts[0], ctx)
    assert figure(item, 0, ctx.question.parts[0], ctx) == 1.0  # the count of a vote is what is asked


@pytest.mark.parametrize("question, listed", [
    ("Which indicators were rated Red?", True),
    ("How many indicators were rated Red?", False),  # a count is answered by the sentence that counts
])
def test_a_list_asked_for_is_led_by_the_list_not_the_sentence_that_counts_it(question, listed):
    asked = analyse(question)
    ps = [passage("Nine indicators did not meet the floor standard and were rated Red.", rank=1),
          passage("The nine indicators rated Red are:\n• Number of foster households\n• Care leavers in work",
                  kind="list", rank=2, title="Cover report")]
    ps[1] = replace(ps[1], doc_id="other", chunk_id="other-1")

    def embed(texts):
        return [np.ones(4) / 2 for _ in texts]

    comp = compose(asked, ps, Config(), lambda t: 1.0, embed, [np.ones(4) / 2])
    assert ("- Number of foster households\n- Care leavers in work" in comp.lines[0][0]) == listed


def test_a_list_asked_for_leads_though_its_items_score_well_below_the_sentence_summing_it_up():
    """Each item says only part of the answer: the best list good enough to quote leads, not only a close one."""
    asked = analyse("What main risks does the assurance statement list?")
    ps = [passage("He said there were considerable risks in the assurance statement to members.", rank=1),
          passage("The main risks are:\n• Delivery of savings\n• Spending pressures\n• Tax collection rates",
                  kind="list", rank=2, title="Assurance statement")]
    ps[1] = replace(ps[1], doc_id="other", chunk_id="other-1")

    def embed(texts):
        return [np.array([1.0, 0, 0]) if "considerable" in t else np.array([0.5, 0.866, 0]) for t in texts]

    # without the lift its lead-in gives it ("The main risks are:", see the listing signal), which would close the gap
    cfg = replace(Config(), answer_weights=tuple((k, 0.0 if k == "listing" else w) for k, w in Config().answer_weights))
    comp = compose(asked, ps, cfg, lambda t: 1.0, embed, [np.array([1.0, 0, 0])])
    summing_up = next(u for u in comp.units if "considerable" in u.text)
    assert summing_up.relevance - comp.units[0].relevance > Config().answer_figure_margin  # well below, yet it leads
    assert "- Delivery of savings\n- Spending pressures\n- Tax collection rates" in comp.lines[0][0]


@pytest.mark.parametrize("question, lead_in, expected", [
    ("What challenges did the report list?", "Challenges:", 1.0),  # the list introduced as what is asked
    ("What challenges did the report list?", "Benefits:", 0.0),  # another list
    ("What did the report recommend?", "Challenges:", 0.0),  # no noun asked for: adds nothing
])
def test_listing_signal_a_list_introduced_as_what_is_asked(question, lead_in, expected):
    us = units_of(passage(f"{lead_in}\n• Rising demand for places\n• Falling income from fees", kind="list"))
    item = next(u for u in us if u.role == "item")
    assert listing(item, 0, analyse(question).parts[0], _context(question)) == expected


def test_a_list_introduced_as_what_is_asked_leads_the_sentences_that_repeat_its_words():
    """Items under "Challenges:" share no other word with "what challenges did the Westvale parking report list?",
    so numbered paragraphs of a report that repeat the question's words score above them: the named list leads."""
    asked = analyse("What challenges did the Westvale parking report list?")
    ps = [passage("• 1. In September the committee approved the Westvale parking report and its budget.\n"
                  "• 2. The Westvale parking report sets out how a levy would work.", kind="list", rank=1),
          passage("Challenges:\n• Increasing congestion\n• Poor air quality\n• Funding shortfall", kind="list", rank=2)]
    ps[1] = replace(ps[1], chunk_id="d-9")

    def embed(texts):
        return [np.array([0.6, 0.8, 0]) if "congestion" in t or "air quality" in t or "shortfall" in t
                else np.array([1.0, 0, 0]) for t in texts]

    comp = compose(asked, ps, Config(), lambda t: 1.0, embed, [np.array([1.0, 0, 0])])
    assert "Increasing congestion" in comp.lines[0][0] or comp.units[0].text.endswith("Increasing congestion")
    assert comp.units[0].scores["listing"] == 1.0


def test_a_list_a_sentence_or_two_after_the_lead_is_quoted_with_it_though_it_scores_low():
    """The names a list gives share no word with the question ("properties", not "buildings"): it scores far below
    the sentence that matches the words, yet is what that sentence speaks of."""
    asked = analyse("Which at-risk buildings did councillors suggest showing the officer?")
    text = ("The officer offered a site visit with councillors of at-risk buildings in the village. Councillors Avery "
            "and Brook are able to attend. Some of the properties suggested were Mill Bridge, Rose Cottage, the former "
            "hotel and Elm Court.")

    def embed(texts):
        return [np.array([0.2, 0.98, 0]) if "Mill Bridge" in t else np.array([1.0, 0, 0]) for t in texts]

    comp = compose(asked, [passage(text)], Config(), lambda t: 1.0, embed, [np.array([1.0, 0, 0])])
    assert comp.units[0].text.startswith("The officer offered")
    assert any("Mill Bridge" in t for t, _ in comp.lines)


def test_a_sum_asked_in_list_words_is_not_led_by_a_list_well_below_it():
    """ "What were the total reserves?" reads as a list question, yet asks for a sum: a list leads it only when close."""
    asked = analyse("What were the total usable reserves at the end of 2021-22?")
    ps = [passage("Total usable reserves at the end of 2021-22 were £0.408bn.", rank=1),
          passage("Usable reserves at the end of 2021-22 are rated as follows:\n• Total usable reserves below 3% "
                  "dangerous\n• Total usable reserves of 3% to 5% too risky", kind="list", rank=2)]
    ps[1] = replace(ps[1], doc_id="other", chunk_id="other-1")

    def embed(texts):
        return [np.array([1.0, 0, 0]) if "£0.408bn" in t else np.array([0.8, 0.6, 0]) for t in texts]

    comp = compose(asked, ps, Config(), lambda t: 1.0, embed, [np.array([1.0, 0, 0])])
    assert asked.wants_list and "£0.408bn" in comp.lines[0][0]


def test_a_colon_announces_the_sentence_after_it_which_is_quoted_with_it():
    us = units_of(passage("On 21 November the committee considered the decision. The committee passed a motion "
                          "proposing that:\nThe decision be delayed until the funding is confirmed.\nMembers left."))
    lead = next(u for u in us if u.text.endswith("that:"))
    assert [u.text for u in introduces(lead)] == ["The decision be delayed until the funding is confirmed."]
    assert answers_something(lead, "What did the motion propose?")  # it says something with what follows
    text = _lines(analyse("What did the motion propose?"), [lead])[0][0]
    assert text == "The committee passed a motion proposing that: The decision be delayed until the funding is confirmed."


def test_a_table_row_in_a_chunk_that_opens_with_prose_is_a_row():
    us = units_of(passage("Funded By:\n7 Borrowing: Total Cost = £441,101k; 2025-26 Year 1 = £45,168k\n"
                          "8 Capital Receipts: Total Cost = £42,314k; 2025-26 Year 1 = £16,124k\nNote: rounded."))
    assert [u.role for u in us] == ["sentence", "row", "row", "sentence"]
    assert us[1].context.endswith("Funded By:")  # the group label above the rows says what they are
    assert [u.text for u in whole_group(us[1])] == [us[1].text, us[2].text]


def test_a_numbered_item_ending_in_a_colon_introduces_the_plain_items_under_it():
    us = units_of(passage("• 7. The proposal will need to address the following issues:\n• Through traffic volume\n"
                          "• Parking congestion\n• 8. Options were then reviewed.", kind="list"))
    lead = us[0]
    assert lead.text == "• 7. The proposal will need to address the following issues:"  # its number stays with it
    assert [u.text for u in introduces(lead)] == ["• Through traffic volume", "• Parking congestion"]
    assert answers_something(lead, "What issues must the proposal address?")
    # what a lead-in says is what it introduces
    assert meaning_text(lead).endswith("Through traffic volume; Parking congestion")


@pytest.mark.parametrize("comparing", [True, False])
def test_a_comparison_quotes_each_years_sentence_of_one_paper(comparing):
    """One paper says the same of two years in nearly the same words: for a comparison of the years, the second
    year's sentence is the other side, not a repeat."""
    question = ("How did the savings built into the 2024-25 budget compare with 2023-24?" if comparing
                else "What savings were built into the budget?")
    before = "The approved budget for 2023-24 included £54.8m of savings and income (4.6% of net budget)."
    after = "The approved budget for 2024-25 includes £89.2m of savings and income (6.8% of net budget)."
    comp = compose(analyse(question), [passage(f"{before} {after}")], Config(), lambda t: 1.0,
                   lambda texts: [np.ones(4) / 2 for _ in texts], [np.ones(4) / 2])
    quoted = [u.text for u in comp.units]
    assert before in quoted or after in quoted
    assert (before in quoted and after in quoted) == comparing


def test_how_a_vote_went_is_led_by_the_vote_though_the_motion_matches_more_words():
    """'Was the amendment ... carried?' is answered by the vote, not by the amendment's text, however much more
    like the question that reads."""
    asked = analyse("Was the amendment to fund a feasibility study into school transport from the general reserve carried?")
    text = ("The amendment proposed to fund a feasibility study into school transport from the general reserve. "
            "The Chairman put the amendment to the vote.\n• For (16) Mr Ash, Mr Birch\n• Against (41) Mr Cedar\n"
            "Amendment lost.")

    def embed(texts):  # the amendment's text reads most like the question; the vote much less
        return [np.array([1.0, 0.0]) if "feasibility" in t else np.array([0.5, 0.75 ** 0.5]) for t in texts]

    comp = compose(asked, [passage(text)], Config(), lambda t: 1.0, embed, [np.array([1.0, 0.0])])
    assert comp.units[0].relevance < max(u.relevance for u in comp.units)  # the vote scored below the amendment ...
    assert "Against (41)" in comp.lines[0][0] and "Amendment lost." in comp.lines[0][0]  # ... and leads


@pytest.mark.parametrize("line, council, named, answers", [
    ("Eastport: 8,529 veterans", "Northshire County Council", ["Eastport Council"], True),  # its place, named beside the figure
    ("Northshire: 45,770 veterans", "Northshire County Council", ["Eastport Council"], False),  # another council's figure
    ("Northshire: 45,770 veterans", "Northshire County Council", ["Northshire County Council"], True),
    ("Northshire: 45,770 veterans", "", ["Eastport Council"], True),  # a paper whose council is unknown is not refused
    ("Northshire: 45,770 veterans", "Northshire County Council", [], True),  # no council named
])
def test_a_named_council_is_answered_from_its_papers_or_from_a_line_naming_it(line, council, named, answers):
    from clerk.assistant.compose import for_named_council

    assert for_named_council(named, units_of(passage(line, council=council))[0]) is answers


@pytest.mark.parametrize("own_below, leads", [
    (0.03, "Westvale"),  # a tie: the council the question names leads
    (0.08, "Eastport"),  # below: left where it is, for the hold-back to weigh
])
def test_the_named_councils_line_leads_a_tie_with_another_councils(own_below, leads):
    """ "How long did a six-mile journey take in Westvale in 2024?" """
    other = units_of(passage("A six-mile journey took 19 minutes in 2024.", council="Eastport Council"))[0]
    own = units_of(replace(passage("The average six-mile journey took 22 minutes.", council="Westvale City Council"),
                           chunk_id="w-1", doc_id="w"))[0]
    other.relevance, own.relevance = 1.0, 1.0 - own_below
    ranked = compose_module._own_council_first([other, own], ("Westvale City Council",), Config())
    assert ranked[0].passage.council.startswith(leads)


@pytest.mark.parametrize("text, label", [
    ("• Option 6: Do not renew the contracts.", ("Option", "6")),
    ("6.7 Option 2: Reprocure smaller contracts.", ("Option", "2")),
    ("Priority B – Safer roads for all.", ("Priority", "B")),
    ("Phase 3 - delivery from April.", ("Phase", "3")),
    # parts of a paper are named, not entries of a list; a label needs its colon or dash
    ("Appendix 2 – Terms of Reference", None),
    ("Table 3: Savings by directorate", None),
    ("Option 2 was preferred by most respondents.", None),
])
def test_label_of(text, label):
    assert label_of(units_of(passage(text))[0]) == label


def _doc(p: Passage, doc: str) -> Passage:
    return replace(p, doc_id=doc, chunk_id=f"{doc}-{p.rank}")


def test_labelled_entries_are_gathered_from_the_paper_that_sets_out_most_of_them():
    report = [_doc(passage("We explored a sixth option:\n• Option 6: Hire space in the two settings.", kind="list"), "r"),
              _doc(passage("6.10 Option 5: Find standalone locations instead. This would not save enough.", rank=2), "r")]
    record = _doc(passage("The options considered are:\n• Option 1: Close both sites.\n• Option 2: Smaller contracts.\n"
                          "• Option 6: Hire space in the two settings.", kind="list", rank=3), "x")
    other = _doc(passage("• Option 1: Raise council tax.\n• Option 2: Use reserves.", kind="list", rank=4), "o")
    every = [u for p in [*report, record, other] for u in units_of(p)]
    lead = next(u for u in every if u.text.startswith("• Option 6") and u.passage.doc_id == "r")
    # the record states the lead's own entry and sets out more: its entries; the other paper's options are another list
    assert [u.text for u in labelled_siblings(lead, every)] == ["• Option 1: Close both sites.", "• Option 2: Smaller contracts.",
                                                               "• Option 6: Hire space in the two settings."]
    # without the record, the report's own entries, each once, in number order
    own = [u for p in [*report, other] for u in units_of(p)]
    assert [u.text for u in labelled_siblings(lead, own)] == ["6.10 Option 5: Find standalone locations instead.",
                                                             "• Option 6: Hire space in the two settings."]
    lines = _lines(analyse("What other options were considered?"), [lead], own)
    assert [t for t, _ in lines] == ["- 6.10 Option 5: Find standalone locations instead.",
                                     "- Option 6: Hire space in the two settings."]
    # a question that asks for no list is answered by the entry alone, after the lead-in that announces it
    assert _lines(analyse("Why was option 6 chosen?"), [lead], own)[0][0] == (
        "We explored a sixth option: Option 6: Hire space in the two settings.")


@pytest.mark.parametrize("question, text, title, date, on_record", [
    # the meeting's own paper, or minutes approved later that name it in their title
    ("What did the committee decide on 5 February 2026 about the scheme?", "RESOLVED to approve the scheme.",
     "Decision notice", "2026-02-05", True),
    ("What did the committee decide on 5 February 2026 about the scheme?", "RESOLVED to approve the scheme.",
     "Minutes of the meeting held on 5 February 2026", "2026-03-19", True),
    # a later paper reporting the meeting by its date
    ("What did the committee decide on 29 January 2025 about the hubs?",
     "On 29 January 2025, the committee considered the call-in and referred it back.", "Report to Cabinet",
     "2025-03-04", True),
    # a forward plan listing the meeting, or the minutes before it naming the date of the next, cannot say
    ("What did the committee decide on 5 February 2026 about the scheme?",
     "Streetspace scheme 5 Feb 2026 Transport Committee Decision", "Forward plan", "2026-01-21", False),
    ("What did the council minute at its meeting on 29 January 2018?", "Date of next meeting: 29th January 2018.",
     "Minutes", "2018-01-08", False),
    # no meeting named by its day, or no decision asked: nothing to check
    ("What did the committee decide about the scheme?", "Streetspace scheme listed.", "Forward plan", "2026-01-21", True),
    ("What was the balance at 31 March 2024?", "The balance was £5m.", "Accounts", "2023-06-01", True),
])
def test_what_a_meeting_decided_is_on_record_only_in_its_papers_or_later_ones(question, text, title, date, on_record):
    us = units_of(passage(text, title=title, date=date))
    assert outcome_on_record(analyse(question), Composition(us, [(text, us)], 1.0)) is on_record


@pytest.mark.parametrize("hit, items", [
    # a sentence that counts what it is about, then the things a sentence each
    ("Update from Highways. Three problems at the junction. Site 1 needs stabilisation. Site 2 awaits a report. "
     "Site 3 needs a new wall.", 3),
    ("There are four options. Option A keeps the hub. Option B closes it.", 2),
    # a count that says something of its own is a fact, not a list's lead
    ("Three bids were received. The lowest was £4,000. The highest was £9,000.", 0),
    ("Two vacancies now existed on the Council. Adverts will be placed.", 0),
])
def test_a_list_set_out_in_prose_after_a_sentence_counting_it(hit, items):
    us = units_of(passage(hit))
    counting = next(u for u in us if u.text.split()[0] in ("Three", "There", "Two"))
    assert len(counted_after(counting)) == items
    if items:
        text = _lines(analyse("What were the problems at the junction?"), [counting])[0][0]
        assert text.startswith(counting.text) and text.count("\n- ") == items
