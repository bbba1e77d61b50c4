import pytest

from clerk.assistant.wanted import about, answers_kind, asks_money, counted, counted_keys, given, listed, wanted


def test_what_a_question_asks_for():
    assert wanted("What was the placement overspend for children in care in 2020/21?") == {"money", "percent"}
    assert wanted("How many KPIs were rated Red?") == {"count", "percent"}
    assert "percent" in wanted("What is our UASC quota?")
    assert wanted("When was the conference held?") == {"date"}
    assert wanted("Who attends the weekly high-risk case meeting?") == {"person"}  # a body can attend
    # an office or a member's act: only a name answers
    assert wanted("Who called in the decision?") == {"name"}
    assert wanted("Who chairs the Corporate Parenting Panel?") == {"name"}
    assert wanted("Who's the officer behind the crossing report?") == {"name"}  # an officer, an author: a person named
    assert wanted("Who wrote the report on school transport?") == {"name"}
    # "budget" far from what is asked: not a money question
    assert wanted("What was the Corporate Director asked to set out after the Quarter 1 budget monitoring?") == set()
    assert wanted("What is the council's policy on pothole repairs?") == set()
    assert wanted("What is the Ofsted rating of Northshire's children's services?") == {"rating"}
    # a price or a fine is a sum of money: "fly tipping rose by 10%" does not answer it
    assert wanted("What fine do people caught fly-tipping have to pay?") == {"money"}
    assert wanted("What was the average house price in Northshire in 2024?") == {"money"}
    # a size, a population, a duration: a figure, not a year alone
    assert wanted("What size should new unitary councils be?") == {"money", "percent", "count"}
    assert wanted("How long will the trial run?") == {"count", "date"}
    # a minimum or a maximum asked for is a figure: "what minimum is the system working towards?"
    assert wanted("What minimum is the system working towards?") == {"money", "percent", "count"}
    assert wanted("What is the aim of the strategy?") == set()
    assert wanted("What methods does the council use to calculate its Minimum Revenue Provision?") == set()  # a name


def test_what_a_sentence_gives():
    assert given("Young Carers: 2018/19 £'000 = 90") >= {"money"}  # a money table's plain numbers
    # a cell under a money heading, the table's unit stated once above its columns
    assert "money" in given("Libraries Total: Budget = 52.7; Forecast = 58.4; Variance = 5.7")
    assert "money" not in given("Libraries: Visits = 5,270; Loans = 12,000")
    assert "count" in given("Nine KPIs did not meet the floor standard (Red).")
    # a year is not a count; nor is a number the question itself contains
    assert "count" not in given("This was agreed in 2024.")
    # a number naming a part of a paper or a rule is not a count
    assert "count" not in given("Appendix 2 – Current Terms of Reference")
    assert "count" not in given("Under Regulation 30 and paragraph 4.3, see Option 1.")
    assert "count" in given("Appendix 2 lists 14 schemes.")
    assert "count" not in given("Questions 6, 7 & 8 - Ann Grey, Cycling Campaign")  # a public forum's numbered questions
    assert "count" in given("Questions 6 and 7 came from 12 residents.")
    q = "How many KPIs were rated Red in the Quarter 3 report?"
    assert not answers_kind("Cabinet is asked to NOTE the Quarter 3 Performance Report.", q, wanted(q))
    assert answers_kind("The school crossing patrol budget is £1.2m.", "What is the budget?", {"money"})
    assert not answers_kind("There are 83 school crossing patrol sites.", "What is the budget?", {"money"})
    # a role and a name, as forms and reports give them, answers "who"
    assert "person" in given("Proposer: Alan Smith Seconder: Beth Jones")
    assert "person" in given("the Secretary of State appointed Planning Inspector Carol White to examine the Plan")
    assert "name" in given("Corporate Director Diane Green, Corporate Director, Children's Services")
    assert "name" in given("PRESENT: Erin Black (Chair), Frank Grey (Vice-Chair), Gina Brown")
    assert "name" in given("(7) Planning – Cllrs Avery & Brook.")  # names under a plural title
    assert "name" in given("Councillors Cole and Dale spoke to the report.")
    assert "name" in given("Author of report - Cara Dale, Principal Engineer,")  # a report's author, as covers give it
    assert "name" in given("Contact Officer: Eden Brook, Head of Highways")
    assert "name" not in given("Background papers - Held by Author")
    # an office without its holder can answer "who attends", not "who chairs"
    assert given("They are the Chair of the Scrutiny Committee.") & {"person", "name"} == {"person"}
    assert "person" not in given("The Planning Inspector's Report on the Examination of the Plan")
    # a grade answers a rating question; an inspection mentioned without one does not
    assert "rating" in given("The service was judged Good by Ofsted in 2022.")
    assert "rating" not in given("Two KPIs were removed following changes to Ofsted inspections.")


@pytest.mark.parametrize("question, kinds", [
    # a caseload or a headcount is counted, though a tax or a budget names the scheme it is of
    ("What was Westvale's Council Tax Support working-age caseload in March 2025?", {"count"}),
    ("What is the headcount of the youth service?", {"count"}),
    # a sum asked about the caseload is still a sum
    ("What is the cost of the caseload?", {"money", "percent"}),
    ("What was the budget for the caseload?", {"money", "percent"}),
])
def test_a_caseload_is_a_count(question, kinds):
    assert wanted(question) == kinds


@pytest.mark.parametrize("text, counts", [
    ("6) The consultation had received a strong level of responses.", False),  # a resolution's number
    ("(3) The plan was noted.", False),
    ("3.4 The plan was noted.", False),
    ("4.4.4.5iii) The grant application was successful.", False),
    ("12 sites were objected to.", True),
    ("a) 12 sites were objected to.", True),
    # a period or a stage is a label, not a count
    ("The variances in quarter 2 were reported.", False),
    ("Phase 3 of the scheme and Q3 monitoring were noted.", False),
    ("In Year 4 of the plan, 210 Year 7 places open.", True),
])
def test_paragraph_and_resolution_numbers_are_not_counts(text, counts):
    assert ("count" in given(text)) is counts


@pytest.mark.parametrize("text, counts", [
    ("There are currently 2000+ care leavers in Northshire.", True),  # "2000+" is a count, not a year
    ("The plan was adopted in 2019.", False),
    ("The strategy runs 2025-2028.", False),
    # a day of a month is a date
    ("The draft was published on 6th January 2025.", False),
    ("It was endorsed on January 30 and on 13 February.", False),
    ("On 30 January the Cabinet agreed 3 schemes.", True),
])
def test_years_and_counts_that_look_like_years(text, counts):
    assert ("count" in given(text)) is counts


@pytest.mark.parametrize("text, keys, expected", [
    ("There are currently 2,016 care leavers in Northshire.", {"leaver"}, True),
    ("Care leavers have access to support until they were 25 years old.", {"leaver"}, False),  # an age
    ("Of the 2,016 care leavers, 980 were unaccompanied.", {"leaver"}, True),
    ("3.2 The overspend on transport was reported.", {"overspend"}, False),  # paragraph numbering
    ("The overspend on transport is £4.5m this year.", {"overspend"}, True),
    ("Spending was £9m, mostly on roads; the overspend was discussed at length by members later.", {"overspend"}, False),
])
def test_a_figure_beside_what_is_asked(text, keys, expected):
    assert about(text, "", keys) is expected


def test_a_labelled_figure_is_beside_its_label():
    assert about("• Northshire: 8529", "", {"northshir"})


@pytest.mark.parametrize("text, expected", [
    # a table row as read: its label is what every cell counts, however far along the row
    ("Youth workers: FTEs at 1st April 2018 including vacancies = 18.3; Headcount = 35", True),
    ("Admin staff: FTEs at 1st April 2018 including vacancies = 11.5; Headcount = 15", False),
    # a sentence with a colon is no row
    ("Youth workers: the service grew and employed staff on new contracts totalling 35 in all", False),
])
def test_a_row_label_is_beside_every_cell(text, expected):
    assert about(text, "", {"youth"}) is expected


@pytest.mark.parametrize("text, expected", [
    ("The bus corridor scheme cost £2.4m to build.", True),  # a sum
    ("The bus corridor scheme has seen patronage grow by 13%.", False),  # a share, said of riders
    ("The bus corridor scheme came in 5% under its budget.", True),  # a share said of money
    ("Bus corridor scheme (£'000): 2024-25 = 1,250", True),  # a table whose unit is pounds
    ("The bus corridor scheme runs 15-20 minutes from the station.", False),  # a count of minutes
])
def test_a_sum_asked_for_is_given_as_money(text, expected):
    """"How much did the bus corridor scheme cost?" is answered by a sum, or by a figure said of money."""
    question = "How much did the bus corridor scheme cost?"
    assert asks_money(question, {"money", "percent"})
    assert about(text, question, {"bus", "corridor", "scheme"}, money=True) is expected


@pytest.mark.parametrize("question, kinds, expected", [
    ("How much did the scheme cost?", {"money", "percent"}, True),
    ("What grant did Westvale receive?", {"money", "percent"}, True),
    ("How much waste was recycled?", {"money", "percent", "count", "measure"}, False),  # no money named
    ("What share of the budget went on roads?", {"percent"}, False),  # a share is asked
])
def test_a_sum_is_asked_for_by_its_name(question, kinds, expected):
    assert asks_money(question, kinds) is expected


@pytest.mark.parametrize("question, noun", [
    ("How many councillors voted for the amendment?", "councillors"),  # a verb ends the noun
    ("How many young adults was the service working with?", "young adults"),
    ("How many people registered on the consultation site were emailed?", "people"),
    ("What was the number of pupils in Testshire schools?", "pupils"),  # a preposition ends it
    ("How many of the county's children have a plan?", ""),  # "of ..." names no noun
    ("How many Isle of Hillbrook children were offered places?", "Isle of Hillbrook children"),  # "of" in a name
    ("What is the overspend?", ""),  # no count asked
    ("And how many special school (SEND) places does it plan?", "special school places"),  # an aside in brackets
])
def test_what_a_count_counts(question, noun):
    assert counted(question) == noun


@pytest.mark.parametrize("question, head", [
    ("What challenges did the Westvale report list?", "challenges"),
    ("What were the key deliverables of the study?", "deliverables"),  # the head, not its qualifier
    ("Into which workstreams is the programme split?", "workstreams"),
    ("Which alternative sites did objectors suggest?", "sites"),
    ("What were the original objectives of the levy?", "objectives"),  # "of ..." ends it
    ("What did the review recommend?", ""),  # a verb straight after the question word: no noun asked for
    ("What is our UASC quota?", ""),  # no plural
])
def test_what_a_list_question_asks_for(question, head):
    assert listed(question) == head


@pytest.mark.parametrize("text, question, expected", [
    # a figure counting something else beside the question's subject
    ("The proposal would close 16 family hub sites across the county.", "How many councillors voted for the family hubs?", False),
    # the same thing in other words
    ("The programme has supported 200 ARAP individuals (40 families) to resettle.", "How many people has it helped?", True),
    ("This scheme could provide 60 apartments with 30 adjacent bungalows.", "How many homes could it provide?", True),
    ("The sub-group has had 34 companies present to it, with 29 approved.", "How many firms have pitched?", True),
    ("Above £60,000 the Clerk shall invite tenders from at least two firms.", "From how many firms must tenders come?", True),
    # what is counted anywhere in the figure's clause
    ("The number of potholes repaired within 28 days this quarter was 3,058 out of 3,243.", "How many potholes were repaired?",
     True),
    # what is counted is the head of the noun, not the words that qualify it
    ("Around 1,300 e-scooters will be available across the city.", "How many e-scooter rides were taken?", False),
    ("Riders took 95,000 e-scooter rides in the year.", "How many e-scooter rides were taken?", True),
    # the head is the first plural: a clause after it ("people took part") is not what is counted
    ("In all 1,016 people took part in the questionnaire.", "How many people took part in the questionnaire?", True),
    ("The county is home to over 52,000 veterans.", "How many armed forces veterans live in the county?", True),
    ("Armed forces numbers at the base: 410 serving personnel.", "How many armed forces veterans live in the county?",
     False),
    # a figure with its unit names the kind of thing counted
    ("It would lower the limit to 20mph on 100 currently 30mph", "How many 30mph roads would become 20mph?", True),
    # two things counted at once: a figure for either answers
    ("A total of 80 questions were received as follows:", "How many statements and questions came in?", True),
    ("A total of 80 questions were received as follows:", "How many statements and who asked them?", False),
])
def test_a_count_is_about_what_it_counts(text, question, expected):
    assert about(text, question, counted_keys(question), window=15, spelled=True) is expected


@pytest.mark.parametrize("text, expected", [
    ("Approved a time limited exemption, one year from the date of opening.", True),  # "one" before a length of time
    ("Approved a time limited exemption for twelve months.", True),
    ("Approved one exemption for the bus gate.", False),  # "one" alone is most often a pronoun or an article
])
def test_a_length_of_time_in_words_is_a_figure(text, expected):
    assert about(text, "How long does the exemption last?", {"exempt"}, spelled=True) is expected


@pytest.mark.parametrize("question, kinds", [
    # what a thing costs or a body charges, asked with the verb, is a sum of money
    ("What will the new pedestrian phase at the junction cost?", {"money"}),
    ("What did the Westvale Heart Trust charge the council for the training session?", {"money"}),
    ("What is the scheme expected to cost?", {"money"}),
    ("What does the levy charge per space?", {"money"}),
    ("Compare what Hillbrook Community Council and Westvale Town Council paid their internal auditors.", {"money"}),
    ("What was paid to the contractor for the survey?", {"money"}),
    # the noun after "the" names a subject, not a sum asked for
    ("What will the council do about the charge?", set()),
    ("What did the council do about the pay award?", set()),
])
def test_a_cost_or_charge_asked_with_the_verb_is_money(question, kinds):
    assert wanted(question) == kinds


@pytest.mark.parametrize("question, kinds", [
    ("Under decision 24/00001, when would the service move", {"date"}),
    ("At the March meeting, who proposed the amendment", {"name"}),
    ("In Northshire how many libraries closed", {"count", "percent"}),
])
def test_what_is_asked_starts_at_the_question_word(question, kinds):
    assert wanted(question) == kinds


@pytest.mark.parametrize("question, text, answered", [
    ("What time did the meeting finish?", "There being no further business the meeting closed at 8.41pm.", True),
    ("At what time did the meeting close?", "The meeting closed at 7.30 pm.", True),
    ("What time did the meeting finish?", "The meeting was attended by 12 members of the public.", False),
])
def test_a_time_of_day_is_asked_and_given_as_a_date(question, text, answered):
    assert wanted(question) == {"date"}
    assert answers_kind(text, question, {"date"}) is answered


@pytest.mark.parametrize("question, whole, kinds", [
    ("How did the vote go on the amendment to fund a feasibility study?", "", {"vote"}),
    ("Was the motion carried?", "", {"vote"}),
    ("Was the Green Group's motion on potholes carried at Council?", "", {"vote"}),
    ("Was the opposition's alternative budget carried at the budget meeting?", "", {"vote"}),  # no "the" before its name
    ("and was it agreed", "Who moved the amendment, and was it agreed?", {"vote"}),
    ("Was the amendment to fund a feasibility study into school transport from the general reserve carried?", "",
     {"vote"}),  # however long what it names
    # a motion or an amendment is agreed by a vote; a budget or a scheme is approved by a decision
    ("Was the Independent Group's amendment on library hours agreed?", "", {"vote"}),
    ("Were the motions on flooding rejected at Council?", "", {"vote"}),
    ("Was the budget approved?", "", set()),
    # the count of votes for is a count
    ("How many members voted for the substantive motion?", "", {"count", "percent"}),
    # "what was the result?" of a question about a motion asks how its vote went; of another, nothing in particular
    ("what was the result", "Who moved the amendment, and what was the result?", {"vote"}),
    ("what was the result", "What did the survey find, and what was the result?", set()),
    ("What happened to Councillor Avery's amendment on car park charges?", "", {"vote"}),
    ("What happened to the car park after it closed?", "", set()),
])
def test_a_question_about_a_vote_asks_how_it_went(question, whole, kinds):
    assert wanted(question, whole) == kinds


@pytest.mark.parametrize("text, vote", [
    ("• For (16) Mr Avery, Mrs Brook", True),
    ("Against: 41", True),
    ("Amendment lost.", True),
    ("The motion was carried by 30 votes to 20.", True),
    ("The amendment would fund a study for £75k.", False),
    ("Costs were carried forward to 2025-26 against budget.", False),
])
def test_what_gives_how_a_vote_went(text, vote):
    assert ("vote" in given(text)) == vote


@pytest.mark.parametrize("question, kinds", [
    ("Which contractor was awarded the design and build contract?", {"organisation"}),
    ("What company will install the chargers?", {"organisation"}),
    ("Which organisation won the treatment contract?", {"organisation"}),
    ("Which agency staffing target was questioned?", {"money", "percent", "count"}),  # "agency" describes a target
])
def test_a_question_asking_which_body(question, kinds):
    assert wanted(question) == kinds


@pytest.mark.parametrize("text, named", [
    ("The contract was awarded to Balfour Beatty in May.", True),
    ("Balfour Beatty won it.", True),  # a name may open the sentence
    ("The work went to Amey plc.", True),  # one word before what makes it a body
    ("The Council signed the contract.", False),  # a sentence's opening word is no part of a name
    ("For the Northshire Link Road project, the contract has been signed.", False),  # the question's own name
])
def test_what_names_a_body(text, named):
    question = "Which contractor was awarded the contract for the Northshire Link Road?"
    assert ("organisation" in given(text, question)) is named


def test_a_glossary_term_counts_beside_a_figure_in_either_form():
    question = "What is our UASC quota?"
    keys = {"uasc", "quota"}
    assert about("The Service supported 73 unaccompanied asylum seeking children.", question, keys | {"_c_uasc"})
    assert about("The Service supported 73 UASC last year.", question, keys)


@pytest.mark.parametrize("question, kinds", [
    # a quantity that is not money: a count with its unit ("28 days", "1,200 tonnes") answers it too
    ("How much notice must a member give of a motion?", {"money", "percent", "count", "measure"}),
    ("How much waste went to landfill last year?", {"money", "percent", "count", "measure"}),
    # a sum of money, by the words around "how much", or a quantity in its unit ("how much reserve is left?")
    ("How much did the scheme cost?", {"money", "percent"}),
    ("How much Workplace Parking Levy was collected?", {"money", "percent"}),
    ("How much capital funding is set aside?", {"money", "percent"}),
    ("How much of the budget is spent on transport?", {"money", "percent"}),
    ("How much reserve was left in 2022?", {"money", "percent", "measure"}),
    ("By how much can the plant increase its throughput?", {"money", "percent", "measure"}),
])
def test_how_much_of_a_quantity_that_is_not_money(question, kinds):
    assert wanted(question) == kinds


@pytest.mark.parametrize("text, measure", [
    ("A permitted reserve in the region of 1.58Mt remained.", True),
    ("to increase its throughput by up to 107,000 tpa of waste", True),
    ("The site covers 12 hectares, 3.5 miles from the town.", True),
    ("The overspend is £5m.", False),  # millions of pounds, not metres
    ("The scheme opened in 2019 with 40 staff.", False),
])
def test_a_quantity_in_its_unit(text, measure):
    assert ("measure" in given(text)) == measure
    assert answers_kind(text, "How much reserve was left?", wanted("How much reserve was left?")) == (
        measure or "£" in text)
