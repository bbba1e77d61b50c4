"""Page text at true cell positions (ingest/layout.py), on a PDF drawn here and on real council papers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from clerk.ingest.layout import page_text
from clerk.ingest.pdf import _page_text, layout_lines, load_pdf, split_label_column

KENT = Path(__file__).resolve().parents[2] / "shared" / "papers" / "kent"


def drawn(content: bytes):
    """A one-page PDF whose content stream is `content`, in Helvetica (a font every reader knows)."""
    writer = PdfWriter()
    page = writer.add_blank_page(600, 400)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return PdfReader(buffer).pages[0]


# Spreadsheet exports draw a row as one text object, moving to each cell inside it.
ROWS = (b"BT /F1 10 Tf 50 300 Td (Service) Tj 250 0 Td (Budget) Tj 80 0 Td (Forecast) Tj ET "
        b"BT /F1 10 Tf 50 280 Td (Adults) Tj 250 0 Td (7,003) Tj 80 0 Td (7,250) Tj ET "
        b"BT /F1 10 Tf 50 260 Td (Children, Young People and Education) Tj 250 0 Td (565,619) Tj 80 0 Td (571,002) Tj ET")


def test_cells_of_one_text_object_stand_at_their_own_columns():
    lines = [ln for ln in page_text(drawn(ROWS)).splitlines() if ln.strip()]
    assert [ln.index(word) for ln, word in zip(lines, ("Budget", "7,003", "565,619"))] == [lines[0].index("Budget")] * 3
    assert [ln.index(word) for ln, word in zip(lines, ("Forecast", "7,250", "571,002"))] == [lines[0].index("Forecast")] * 3


def test_the_rows_read_under_their_headings():
    assert layout_lines(page_text(drawn(ROWS)).splitlines())[-3:] == [
        "Service\tBudget\tForecast", "Adults\t7,003\t7,250", "Children, Young People and Education\t565,619\t571,002"]


@pytest.mark.parametrize("content, text", [
    (b"BT /F1 10 Tf 50 300 Td (The overspend was ) Tj (\\2434.0m.) Tj ET", "The overspend was £4.0m."),
    (b"BT /F1 10 Tf 50 300 Td [(202) 0 (5-26)] TJ ET", "2025-26"),  # one word drawn in pieces stays one word
    (b"BT /F1 10 Tf 50 300 Td (Item) Tj 23 0 Td (one) Tj ET", "Item one"),  # a gap of about a space is a space
])
def test_running_text_keeps_its_words(content, text):
    assert page_text(drawn(content)).strip() == text


@pytest.mark.integration
@pytest.mark.skipif(not KENT.is_dir(), reason="shared Kent papers not present")
def test_a_real_capital_summary_reads_each_figure_under_its_year():
    pdf = KENT / "full_council" / "2025-02-13" / "Appendix A - Capital Investment Summary.pdf"
    lines = layout_lines(_page_text(PdfReader(pdf).pages[0]).splitlines())
    header = next(ln.split("\t") for ln in lines if ln.startswith("ROW REF\t"))
    rows = {ln.split("\t")[1]: ln.split("\t") for ln in lines if ln.count("\t") == len(header) - 1 and ln[:1].isdigit()}
    assert rows["Growth, Environment & Transport"][header.index("Total Cost £000s")] == "1,283,493"
    # "Funded By:" sets a group of rows apart inside the table; they are still read under its header
    assert rows["Borrowing"][header.index("2025-26 Year 1 £000s")] == "45,168"


def test_a_page_our_reading_trips_on_is_read_by_pypdfs_own_layout(monkeypatch):
    import clerk.ingest.layout as layout

    def trips(page):
        raise KeyError("/Font")

    monkeypatch.setattr(layout, "page_text", trips)
    assert "Adults" in _page_text(drawn(ROWS))


@pytest.mark.parametrize("bullet", ["•", "-", "o"])  # a glyph, or a bullet typed as a dash or a sub-list's "o"
def test_a_column_of_bullets_marks_its_items_not_a_heading(bullet):
    """Some producers set a list's bullets as a column of their own: each marks the item on its line, and the
    column is not read as labels over a section ("## • • •", "## - - -", whose items then read as headings)."""
    body = [f"        {bullet}    Item number {n} of the list, said in a full sentence of prose words." for n in range(1, 8)]
    lines = ["        The council weighs up a range of practical issues, such as:", ""] + body[:2] + [
        "             which goes on over a second line of the item in question here."] + body[2:]
    out = split_label_column(lines)
    assert not any(ln.startswith("## ") for ln in out)
    assert [ln for ln in out if ln.startswith("• ")] == [f"• Item number {n} of the list, said in a full sentence of "
                                                          "prose words." for n in range(1, 8)]


@pytest.mark.integration
@pytest.mark.skipif(not KENT.is_dir(), reason="shared Kent papers not present")
def test_a_real_list_set_with_a_bullet_column_reads_as_items():
    pdf = KENT / "cabinet" / "2025-01-30" / "24-00096 - Commissioning Plan for Education Provision in Kent 2025-29 - Report.pdf"
    lines = load_pdf(pdf).pages[4].lines
    assert "• The size and topography of the site." in lines
    assert not any(ln.startswith("## •") for ln in lines)
