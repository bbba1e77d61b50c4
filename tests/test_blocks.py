"""Pages to blocks to chunk text, table by table: headings and numbered paragraphs, lists with their
lead-in, tables from spaced columns, running headers, rows rendered with their column names. Pure text in,
text out: no model, no store."""

from __future__ import annotations

import pytest

from clerk.ingest.blocks import clean, parse
from clerk.ingest.chunk import chunk_blocks, render_row, table_header
from clerk.ingest.document import Page
from clerk.ingest.pdf import layout_lines, strip_running_lines


def shape(lines: list[str], page: int | None = 1) -> list[tuple]:
    return [(b.kind, b.text or b.rows, b.number, b.section) for b in parse([Page(page, None, lines)])]


@pytest.mark.parametrize("lines, blocks", [
    # a numbered heading opens a section; a numbered paragraph is its own subsection
    (["## 3. Children in Care", "3.1 The service overspent by £4.0m in 2020/21 because placements",
      "cost more than planned."],
     [("heading", "3. Children in Care", None, "3. Children in Care"),
      ("para", "3.1 The service overspent by £4.0m in 2020/21 because placements cost more than planned.", "3.1",
       "3. Children in Care > 3.1")]),
    # a list keeps the section of its lead-in, item by item, bullets gone
    (["3.2 Members are asked to:", "• note the report;", "• agree the plan."],
     [("para", "3.2 Members are asked to:", "3.2", "3.2"), ("item", "note the report;", None, "3.2"),
      ("item", "agree the plan.", None, "3.2")]),
    # plain numbered headings without ## still make sections, and the next number starts another
    (["1. Introduction", "This report sets out the budget.", "2. Finance", "2.1 The budget is £10m."],
     [("heading", "1. Introduction", "1", "1. Introduction"), ("para", "This report sets out the budget.", None,
                                                                "1. Introduction"),
      ("heading", "2. Finance", "2", "2. Finance"), ("para", "2.1 The budget is £10m.", "2.1", "2. Finance > 2.1")]),
    # tab-separated cells are a table, its rows kept whole
    (["Service\t2019/20\t2020/21", "Fostering\t£1.2m\t£1.4m"],
     [("table", [["Service", "2019/20", "2020/21"], ["Fostering", "£1.2m", "£1.4m"]], None, "")]),
    # lettered points are list items
    (["a) first point", "b) second point"], [("item", "a) first point", None, ""), ("item", "b) second point", None, "")]),
    # a contents page is not text
    (["Contents", "1. Introduction ........ 3", "2. Finance ........ 5"], []),
    # a sentence wrapped before a figure goes on with it; a numbered paragraph after a finished one does not
    (["The number of children in care decreased by", "80 to 475, with some awaiting transfer.",
      "12 Borrowing costs rose."],
     [("para", "The number of children in care decreased by 80 to 475, with some awaiting transfer.", None, ""),
      ("para", "12 Borrowing costs rose.", None, "")]),
    # a list of counts: an item that opens with a figure stays in the list, not numbered paragraph 20
    (["Sanctions included:", "▪ 631 penalties", "▪ 20 vehicles removed", "▪ 245 badges retained"],
     [("para", "Sanctions included:", None, ""), ("item", "631 penalties", None, ""),
      ("item", "20 vehicles removed", None, ""), ("item", "245 badges retained", None, "")]),
    # a date wrapped onto its own line after a word no sentence ends on goes on with the sentence
    (["The consultation ran from 30 September to", "28 October 2025.", "12 Borrowing costs rose."],
     [("para", "The consultation ran from 30 September to 28 October 2025.", None, ""),
      ("para", "12 Borrowing costs rose.", None, "")]),
    # numbered title-like lines one after another under a lead-in are a list's items, not headings
    (["Challenges:", "1. Increasing congestion", "2. Poor air quality", "3. Funding shortfall"],
     [("para", "Challenges:", None, ""), ("item", "1. Increasing congestion", None, ""),
      ("item", "2. Poor air quality", None, ""), ("item", "3. Funding shortfall", None, "")]),
    # a numbered heading with text under it is still a heading, lead-in or not
    (["The report has two parts:", "1. Introduction", "This report sets out the budget."],
     [("para", "The report has two parts:", None, ""), ("heading", "1. Introduction", "1", "1. Introduction"),
      ("para", "This report sets out the budget.", None, "1. Introduction")]),
    # short lines each giving a sum under a lead-in are its items
    (["Projects 2025-26:", "Picnic tables - £400", "", "Play area fencing - £1,500", "", "Notice boards - £500"],
     [("para", "Projects 2025-26:", None, ""), ("item", "Picnic tables - £400", None, ""),
      ("item", "Play area fencing - £1,500", None, ""), ("item", "Notice boards - £500", None, "")]),
    # a heading that gives a sum, with text under it and no lead-in over it, is still a heading
    (["Placement costs - £4 million", "", "The number of children in care is rising."],
     [("heading", "Placement costs - £4 million", None, "Placement costs - £4 million"),
      ("para", "The number of children in care is rising.", None, "Placement costs - £4 million")]),
    # a numbered paragraph dressed as a bullet is still that paragraph
    (["- 1.1 The purpose of this report is to set the budget."],
     [("para", "1.1 The purpose of this report is to set the budget.", "1.1", "1.1")]),
])
def test_pages_become_blocks(lines, blocks):
    assert shape(lines) == blocks


@pytest.mark.parametrize("lines, section", [
    # a planning application set out a line each: reference and what, where, whose; then what the council said
    # (set out in columns on the page: "## " marks a line read as a heading)
    (["9. PLANNING", "## E/100 Stables for Two Horses", "## Land Opposite Mill Farm", "## Hillbrook", "## HB1 7TA",
      "## Mr and Mrs Avery", "Object on the following grounds:"],
     ["9. PLANNING > E/100 Stables for Two Horses", "Mill Farm", "Hillbrook", "HB1 7TA", "Mr and Mrs Avery"]),
    # a heading after text opens a section of its own
    (["9. PLANNING", "## E/100 Stables for Two Horses", "No objections were raised.", "## E/101 First Floor Extension",
      "## Mr Brook", "Object on the following grounds:"], ["9. PLANNING > E/101 First Floor Extension", "Mr Brook"]),
])
def test_title_lines_one_after_another_are_one_title(lines, section):
    last = shape(lines)[-1][3]
    assert all(s in last for s in section) and "Stables" not in last.replace(section[0], "")


@pytest.mark.parametrize("lines", [
    ["## Westvale Community Council - Budget 2018-19", "## Revenue spending", "Insurance\t320\t1,346"],  # the paper's title
    ["## Westvale Community Council", "Budget for the year.", "## BUDGET 2018-19", "## REVENUE",
     "Insurance\t320\t1,346"],  # a heading in capitals heads what follows on its own
])
def test_a_papers_title_and_a_heading_in_capitals_stand_alone(lines):
    assert shape(lines)[-1][3].split(" > ")[-1] in ("Revenue spending", "REVENUE")


def test_a_table_whose_next_page_has_a_header_of_its_own_is_two_tables():
    pages = [Page(1, None, ["Service\t2025-26\t2026-27", "Roads\t1.2\t1.4"]),
             Page(2, None, ["Service\t2027-28\t2028-29", "Roads\t1.5\t1.6"]),
             Page(3, None, ["Parks\t0.5\t0.6"])]  # rows going on from the page before stay with it
    assert [b.rows for b in parse(pages)] == [[["Service", "2025-26", "2026-27"], ["Roads", "1.2", "1.4"]],
                                              [["Service", "2027-28", "2028-29"], ["Roads", "1.5", "1.6"],
                                               ["Parks", "0.5", "0.6"]]]


@pytest.mark.parametrize("raw, cleaned", [
    ("The <b>budget</b> is **£10m**", "The budget is £10m"),
    ("soft\u00adhyphen and\u00a0odd  spaces", "softhyphen and odd spaces"),
    ("  trailing  \t ", "trailing"),
])
def test_conversion_debris_is_cleaned(raw, cleaned):
    assert clean(raw) == cleaned


@pytest.mark.parametrize("lines, laid_out", [
    # columns spaced out on the page become tab-separated cells
    (["Service          2019/20      2020/21", "Fostering        £1.2m        £1.4m"],
     ["", "Service\t2019/20\t2020/21", "Fostering\t£1.2m\t£1.4m"]),
    # a unit alone above the header goes to every figure column; a word wrapped over a column is dropped
    (["                       £m", "             Working", "Service      Budget    Forecast", "", "Fostering    1.2       1.4"],
     ["", "", "", "", "Service\tBudget £m\tForecast £m", "Fostering\t1.2\t1.4"]),
    # ... but not to a column of years or words
    (["                          £m", "Scheme    Year     Amount", "Roads     24-25    1.5", "Parks     24-25    +0.2"],
     ["", "", "Scheme\tYear\tAmount £m", "Roads\t24-25\t1.5", "Parks\t24-25\t+0.2"]),
    # prose is left as it is
    (["The budget is set out below.", "It was agreed in March."], ["The budget is set out below.", "It was agreed in March."]),
    # a row reference column leading rows of figures is a table; a numbered paragraph is not
    (["Ref    Project        Total cost    2025-26", "31     Chart Road     29,699        3,819",
      "32     Bath Street    5,520         425"],
     ["", "Ref\tProject\tTotal cost\t2025-26", "31\tChart Road\t29,699\t3,819", "32\tBath Street\t5,520\t425"]),
    (["3.     Minutes of the meeting held on 9 January 2025"], ["3. Minutes of the meeting held on 9 January 2025"]),
    # a numbered row whose name wraps onto the line above its figures, after a blank line, stays in the table
    (["Ref    Project        Total cost    2025-26", "31     Chart Road     29,699        3,819", "",
      "32     Bath Street", "       Bus Lane       5,520         425"],
     ["", "Ref\tProject\tTotal cost\t2025-26", "31\tChart Road\t29,699\t3,819", "32 Bath Street Bus Lane\t\t5,520\t425"]),
    (["7.     Budget monitoring    (Pages 11 - 84)"], ["7. Budget monitoring (Pages 11 - 84)"]),
    # a short line set apart between rows labels a group of them; the rows below it stay under the header
    (["Ref    Project        Total cost    2025-26", "6      Total          29,699        3,819", "",
      "       Funded by:", "", "7      Borrowing      5,520         425"],
     ["", "Ref\tProject\tTotal cost\t2025-26", "6\tTotal\t29,699\t3,819", "Funded by:\t\t\t",
      "7\tBorrowing\t5,520\t425"]),
    # a numbered row with no figures, and one with a single amount, are rows of the table too
    (["Ref    Source         Total cost    2025-26", "7      Borrowing      5,520         425", "",
      "8      Reserve fund", "", "9      Grants         1,200         300", "14     Loans          3,837"],
     ["", "Ref\tSource\tTotal cost\t2025-26", "7\tBorrowing\t5,520\t425", "8\tReserve fund\t\t",
      "9\tGrants\t1,200\t300", "14\tLoans\t3,837\t"]),
    (["4.     Apologies      5"], ["4. Apologies 5"]),  # an agenda's page number is not an amount
    (["•     Thanet:      5,765"], ["• Thanet: 5,765"]),  # a bulleted figure is a list item
    # a header naming a column the first rows leave blank; rows a few blank lines apart stay one table
    (["Ref   Project      Total Cost   Prior Spend   2025-26", "1     Roads        2,500                      250", "",
      "", "      Schools to expand:", "", "2     Schools      4,415        3,903         273"],
     ["", "Ref\tProject\tTotal Cost\tPrior Spend\t2025-26", "1\tRoads\t2,500\t\t250", "Schools to expand:\t\t\t\t",
      "2\tSchools\t4,415\t3,903\t273"]),
    # ... but prose after a table ends it
    (["Service      Budget    Forecast", "Fostering    1.2       1.4", "", "The table shows a rise.",
      "Adoption     2.2       2.4"],
     ["", "Service\tBudget\tForecast", "Fostering\t1.2\t1.4", "", "The table shows a rise.", "Adoption\t2.2\t2.4"]),
])
def test_spaced_columns_are_read_as_table_rows(lines, laid_out):
    assert layout_lines(lines) == laid_out


BODIES = [["The budget is set out below.", "It was agreed in March."], ["Fostering costs rose."],
          ["Members noted the report.", "The meeting closed."]]


@pytest.mark.parametrize("header, footer", [
    (["Northshire Council - Cabinet"], ["Page {n} of 3"]),  # a header, and page numbers that differ page to page
    (["Cabinet report", "Northshire Council"], ["{n}"]),
    ([], ["Classification: public"]),
])
def test_lines_repeated_at_the_edges_of_every_page_are_dropped(header, footer):
    pages = [header + body + [f.format(n=n) for f in footer] for n, body in enumerate(BODIES, start=1)]
    assert strip_running_lines(pages) == BODIES


def test_a_table_heading_repeated_on_every_page_is_kept_with_its_rows():
    head = ["Northshire County Council", "         £m", "Service    Budget   Forecast", "Children's services"]
    body = [["Fostering  1.2   1.4", "Costs rose."], ["Adoption  2.2   2.4", "Costs fell."], ["Care  3.2   3.4", "Flat."]]
    pages = [head + b + ["The end.", f"Page {n}"] for n, b in enumerate(body, start=1)]
    assert strip_running_lines(pages) == [head[1:] + b for b in body]


def test_a_single_page_loses_only_its_page_number():
    assert strip_running_lines([["Cabinet report", "The budget.", "Page 1"]]) == [["Cabinet report", "The budget."]]


@pytest.mark.parametrize("rows, header", [
    ([["Service", "2019/20", "2020/21"], ["Fostering", "£1.2m", "£1.4m"]], ["Service", "2019/20", "2020/21"]),
    ([["Fostering", "1.2", "1.4"], ["Residential", "1", "2"]], None),  # a first row of figures is data
    ([["Service", "Budget"]], None),  # a lone row heads nothing
])
def test_a_table_header_is_a_first_row_without_figures(rows, header):
    assert table_header(rows) == header


@pytest.mark.parametrize("row, header, text", [
    (["Fostering", "£1.2m", "£1.4m"], ["Service", "2019/20", "2020/21"], "Fostering: 2019/20 = £1.2m; 2020/21 = £1.4m"),
    (["Fostering", "£1.2m"], None, "Fostering: £1.2m"),
    # the column's unit goes onto its plain figures, so the row reads alone
    (["Libraries", "52.7", "-0.3", "(1.2)"], ["Service", "Budget £m", "Variance (£m)", "Change £m"],
     "Libraries: Budget = £52.7m; Variance = -£0.3m; Change £m = (1.2)"),  # brackets kept as written
    (["Roads", "45,168", "n/a"], ["Scheme", "2025-26 £'000", "2026-27 £’000"], "Roads: 2025-26 = £45,168k; 2026-27 £’000 = n/a"),
    (["Bonus", "1.9", "4.03"], ["Grant", "Kent £’m", "Rate %"], "Bonus: Kent = £1.9m; Rate = 4.03%"),
    (["Parks", "+0.2"], ["Scheme", "Amount £m"], "Parks: Amount = £0.2m"),
    (["Fund", "60,000,000", "5"], ["Name", "Book Cost £", "£ per head"], "Fund: Book Cost = £60,000,000; per head = £5"),
    # a row's reference number names it with the name beside it
    (["31", "Chart Road", "29,699"], ["Ref", "Project", "Total cost £000s"], "31 Chart Road: Total cost = £29,699k"),
    (["2024", "15", "20"], ["Year", "Fostering", "Adoption"], "2024: Fostering = 15; Adoption = 20"),
])
def test_a_row_is_rendered_with_its_column_names(row, header, text):
    assert render_row(row, header) == text


def test_a_table_continued_on_the_next_page_is_read_under_the_header_of_the_page_before():
    carried: list = []
    first = layout_lines(["Service      Budget    Forecast", "Fostering    1.2       1.4"], carried)
    assert first[-2:] == ["Service\tBudget\tForecast", "Fostering\t1.2\t1.4"]
    # the next page goes straight on with rows (past a short group label): the header comes with them
    assert layout_lines(["Adults", "Care homes   5.2       5.9"], carried) == [
        "Adults", "Service\tBudget\tForecast", "Care homes\t5.2\t5.9"]
    # rows after prose on a page are another table, not a continuation
    assert layout_lines(["The capital programme for the decade is set out by scheme below.",
                         "Roads        3.0       3.1"], carried)[-1] == "Roads\t3.0\t3.1"
    assert layout_lines(["Roads        3.0       3.1"]) == ["Roads\t3.0\t3.1"]  # nothing carried: as it stands


@pytest.mark.parametrize("caption, lead", [
    # a caption over a table heads its chunks with the column names: it says what every row is of
    ("Table Three: Estimates of parking places in Hillbrook", "Table Three: Estimates of parking places in Hillbrook\n"
                                                              "Scheme | Lower | Upper"),
    ("The estimates are set out below.", "Scheme | Lower | Upper"),  # prose before a table is no caption
])
def test_a_tables_caption_heads_its_chunks(caption, lead):
    blocks = parse([Page(1, None, [caption, "Scheme\tLower\tUpper", "Central\t7,600\t8,700", "Citywide\t27,200\t49,700"])])
    table = [c for c in chunk_blocks(blocks, lambda xs: [len(x.split()) for x in xs], 200) if c.kind == "table"]
    assert [c.lead for c in table] == [lead]


@pytest.mark.parametrize("lead_in", [
    "The council sought assurance on these issues before the closure:-",
    "The council sought assurance on these issues before the closure: –",
    "The council sought assurance on these issues before the closure:",
    "The following points were raised by members;",
])
def test_a_list_is_led_in_by_a_colon_typed_with_a_dash_or_semicolon(lead_in):
    """Minutes type a colon as ':-' or ';': the line still leads in the list, and every chunk of it carries it."""
    items = [f"{n}. That the diversion route number {n} will be repaired and kept to a safe standard throughout."
             for n in range(1, 7)]
    chunks = chunk_blocks(parse([Page(1, None, [lead_in, *items])]), lambda xs: [len(x.split()) for x in xs], 60)
    listed = [c for c in chunks if c.kind == "list"]
    assert len(listed) > 1 and all(c.text.startswith(lead_in[:20]) or c.lead.startswith(lead_in[:20]) for c in listed)


@pytest.mark.parametrize("before, alone", [
    # a paragraph before the list: the list under its own lead-in opens a chunk of its own
    (["The council set out its case for a new mobile library service in a report to the committee in the autumn, "
      "after a review of the evidence, which was to be brought before full council.", "That has not yet happened."], True),
    # a line before it is too little to crowd it out: it stays with the list
    (["It then listed what it faced."], False),
])
def test_a_list_under_its_own_lead_in_opens_a_chunk(before, alone):
    """Packed after other points, a list's chunk reads mostly as those points, and a search for what it lists misses it."""
    lines = [*before, "Risks:", "• Rising demand", "• Staff turnover", "• A funding gap"]
    chunks = chunk_blocks(parse([Page(1, None, lines)]), lambda xs: [len(x.split()) for x in xs], 120)
    listed = next(c for c in chunks if "Risks:" in c.text)
    assert listed.text.startswith("Risks:") is alone and "Staff turnover" in listed.text


@pytest.mark.parametrize("field", ["Ward(s): All wards", "Directorate: Growth, Environment & Transport",
                                   "Officer(s) presenting: Eden Cole"])
def test_a_cover_sheets_fields_are_text_not_headings(field):
    """A field with brackets in its name ("Ward(s):") is a field like any other: read as a heading, it named the
    section of every paragraph after it."""
    blocks = shape([field, "1. The levy would charge employers for each workplace parking place they provide."])
    assert blocks[0][0] == "para" and field not in blocks[-1][3]
