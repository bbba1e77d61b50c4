"""Scanned papers read by OCR: scanned editions of real papers are made here (pages drawn at
150-200 dpi by pdftoppm and bound as image-only or mixed PDFs, one page turned, one skewed),
ingested into a real store with real tesseract, and measured against their text editions."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pypdf
import pytest

from clerk.ingest import Config, ingest_paths
from clerk.ingest.ocr import Word, layout, missing_tools
from clerk.ingest.store import open_collection

from .conftest import CORPUS, KENT

pytestmark = pytest.mark.skipif(missing_tools() is not None, reason=f"OCR unavailable: {missing_tools()}")

TORBAY = CORPUS / "2014-12-11 Torbay Council - Overview and Scrutiny Board - Childrens Services 5 Year Plan.pdf"
PLAN = CORPUS / "2018-04 Bournemouth Borough Council - Children Young People and Families Service Plan 2018-19.pdf"
BOARD = CORPUS / "2019-10-15 BCP Council - Corporate Management Board - Childrens Services Financial Update.pdf"
MINUTES = CORPUS / "2023 Buckinghamshire Council - Cabinet - Childrens Services Update (decision and minutes).pdf"
KENT_TABLES = KENT / "cabinet" / "2025-01-30" / "24-00108 - Appendix - NOV 2024-25.pdf"
REAL_SCAN = KENT.parent / "tintern-wye-valley-community-council" / "accounts" / "2018-19" / "Annual return 2018-19.pdf"
ARTEFACTS = Path(__file__).resolve().parent.parent / "test-artefacts"
# the papers and pages of both editions: a whole paper, the table pages of a service plan, a real budget table
EDITIONS = [(TORBAY, None, 200), (PLAN, [8, 9], 150), (KENT_TABLES, [2], 200)]


def _pages(pdf: Path) -> list[int]:
    return list(range(1, len(pypdf.PdfReader(str(pdf)).pages) + 1))


def _stored(cfg: Config) -> list[tuple[str, dict]]:
    got = open_collection(cfg).get(include=["documents", "metadatas"])
    return list(zip(got["documents"], got["metadatas"]))


def _text(cfg: Config, file: str | None = None) -> str:
    return "\n".join(f"{m['section']}\n{m.get('lead', '')}\n{t}" for t, m in _stored(cfg)
                     if file is None or m["file"] == file)


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """The same pages as a text edition and as a scanned (image-only) edition, each in its own store."""
    from clerk.evals.scans import image_pdf, page_images, text_edition

    root = tmp_path_factory.mktemp("editions")
    text, scan = root / "text", root / "scan"
    text.mkdir(), scan.mkdir()
    sidecar = json.loads((CORPUS / "metadata.json").read_text())
    for folder in (text, scan):
        (folder / "metadata.json").write_text(json.dumps(sidecar))
    for pdf, pages, dpi in EDITIONS:
        if not pdf.exists():
            continue
        pages = pages or _pages(pdf)
        text_edition(pdf, pages, text / pdf.name)
        image_pdf(page_images(pdf, pages, dpi), scan / pdf.name, dpi)
    text_cfg, scan_cfg = Config(db=root / "db-text"), Config(db=root / "db-scan")
    assert ingest_paths([text], text_cfg).ok
    summary = ingest_paths([scan], scan_cfg)
    assert summary.ok, summary.results
    return SimpleNamespace(text=text_cfg, scan=scan_cfg, text_dir=text, scan_dir=scan, summary=summary)


@pytest.fixture(scope="module")
def odd(tmp_path_factory):
    """Scans as they come: a paper with one page scanned, a page scanned sideways, one askew, a noisy
    page with no text, and a real scanned return (where the shared papers are present)."""
    from clerk.evals.scans import image_pdf, mixed_pdf, noise, page_images, turned

    folder = tmp_path_factory.mktemp("odd")
    papers = folder / "papers"
    papers.mkdir()
    mixed_pdf(MINUTES, {2: page_images(MINUTES, [2], 200)[0]}, papers / "mixed.pdf", 200)
    first, second = page_images(BOARD, [1, 2], 150)
    image_pdf([turned(first, 90)], papers / "sideways.pdf", 150)
    image_pdf([turned(second, -2.5)], papers / "askew.pdf", 150)
    image_pdf([noise()], papers / "noise.pdf", 100)
    if REAL_SCAN.exists():
        shutil.copy(REAL_SCAN, papers / REAL_SCAN.name)
    cfg = Config(db=folder / "db")
    summary = ingest_paths([papers], cfg)
    return SimpleNamespace(cfg=cfg, papers=papers, summary=summary,
                           results={Path(r.path).name: r for r in summary.results})


def test_scanned_edition_keeps_the_figures_of_the_text_edition(editions):
    from clerk.evals.scans import figure_recall, read_text

    found = total = 0
    missing = []
    for pdf in sorted(editions.scan_dir.glob("*.pdf")):  # page by page as read, not as chunks repeat headers
        f, t, m = figure_recall(read_text(editions.text_dir / pdf.name, editions.text),
                                read_text(pdf, editions.scan))
        found, total, missing = found + f, total + t, missing + m
    ARTEFACTS.mkdir(exist_ok=True)
    (ARTEFACTS / "ocr-figures.json").write_text(json.dumps(
        {"found": found, "total": total, "recall": found / total, "missing": missing}, indent=1))
    assert total > 100
    assert found / total >= 0.95, (found, total, missing)


def test_every_chunk_of_a_scanned_page_says_it_was_read_by_ocr(editions):
    assert all(m.get("ocr") is True for _, m in _stored(editions.scan))
    assert not any(m.get("ocr") for _, m in _stored(editions.text))
    assert editions.summary.ocr_pages == sum(len(p or _pages(pdf)) for pdf, p, _ in EDITIONS if pdf.exists())


def _same_questions() -> list[dict]:
    """The shipped questions about the papers in both editions (whose facts are on the pages kept)."""
    names = {pdf.name for pdf, _, _ in EDITIONS}
    questions = [json.loads(line) for line in (CORPUS.parent / "evals" / "questions.jsonl").open()]
    return [q for q in questions if q["sources"] and set(q["sources"]) <= names and not q.get("history")]


def _facts(answer: str, facts: list[str]) -> set[str]:
    flat = re.sub(r"\s+", " ", answer).lower()
    return {f for f in facts if re.sub(r"\s+", " ", f).lower() in flat}


def _same_answer(a, b) -> bool:
    """The same kind of answer: both quoted, flagged as the closest or not, from confidences that differ by
    little (a question whose confidence sits at the threshold may be flagged on one edition and not on the
    other, quoting the same), or both the same status."""
    quoted = {"answered", "closest"}
    return a.status == b.status or {a.status, b.status} <= quoted and abs(a.confidence - b.confidence) < 0.1


def test_ask_answers_the_same_on_the_scanned_edition(editions):
    from clerk.assistant.answer import Assistant

    on_text, on_scan = Assistant(editions.text), Assistant(editions.scan)
    text_pages = _text(editions.text).lower()
    asked = [q for q in _same_questions() if all(f.lower() in text_pages for f in q["must_contain"])]
    same, differ = 0, []
    for q in asked:
        a, b = on_text.answer(q["question"]), on_scan.answer(q["question"])
        if _same_answer(a, b) and _facts(a.answer, q["must_contain"]) <= _facts(b.answer, q["must_contain"]):
            same += 1
        else:
            differ.append((q["id"], a.status, b.status, round(a.confidence, 3), round(b.confidence, 3),
                           a.answer[:120], b.answer[:120]))
        assert all(c.ocr and "(scanned page, read by OCR)" in c.reference() for c in b.citations)
    ARTEFACTS.mkdir(exist_ok=True)
    (ARTEFACTS / "ocr-same-answers.json").write_text(json.dumps(
        {"same": same, "asked": len(asked), "share": same / len(asked), "differ": differ}, indent=1))
    assert len(asked) >= 20
    assert same / len(asked) >= 0.9, differ


# table rows on scanned pages: the row's label, then its figures in order, on one stored line
TABLE_ROWS = [
    (PLAN.name, "Total Cost of Service", ["25,202", "25,370", "25,301", "25,382"]),
    (PLAN.name, "Grants and contributions", ["(4,369)", "(3,713)", "(3,713)", "(3,713)"]),
    (PLAN.name, "Cumulative Total", ["(1,200)", "(2,000)", "(2,150)", "(2,150)"]),
    (PLAN.name, "Youth workers", ["18.3", "35"]),
    (KENT_TABLES.name, "Housing Related Support", ["1.5", "1.5", "0.0"]),
    (KENT_TABLES.name, "Adult Social Care & Health Total", ["586.1", "621.6", "35.4"]),
]


@pytest.mark.parametrize("file,label,values", TABLE_ROWS, ids=[f"{f[:12]}-{label}" for f, label, _ in TABLE_ROWS])
def test_table_rows_on_scanned_pages_keep_label_and_figures(editions, file, label, values):
    if not (editions.scan_dir / file).exists():
        pytest.skip(f"{file} not present")
    pattern = re.compile(re.escape(label) + r"\b.*" + r".*".join(re.escape(v) for v in values))
    rows = [ln for ln in _text(editions.scan, file).splitlines() if ln.startswith(label)]
    assert any(pattern.match(r) for r in rows), rows


def test_search_and_ask_find_a_scanned_fact_and_say_it_was_read_by_ocr(editions, capsys):
    from clerk.cli import main

    assert main(["search", "social worker vacancy rate", "--db", str(editions.scan.db), "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "46% vacancy rate" in out and "(scanned page, read by OCR)" in out
    main(["ask", "What was the social worker vacancy rate in Torbay?", "--db", str(editions.scan.db)])
    out = capsys.readouterr().out
    assert "46%" in out and "p. 3 (scanned page, read by OCR)" in out


def test_a_mixed_paper_reads_its_scanned_page_and_keeps_its_text_pages(odd):
    assert odd.results["mixed.pdf"].status == "added" and odd.results["mixed.pdf"].ocr_read == 1
    stored = [(t, m) for t, m in _stored(odd.cfg) if m["file"] == "mixed.pdf"]
    scanned = {m["page"] for _, m in stored if m.get("ocr")}
    assert scanned == {2}
    assert {m["page"] for _, m in stored} >= {1, 2, 3}
    page_two = pypdf.PdfReader(str(MINUTES)).pages[1].extract_text()
    words = [w for w in re.findall(r"[A-Za-z]{6,}", page_two)][:40]
    ocr_text = " ".join(t for t, m in stored if m["page"] == 2)
    assert sum(w in ocr_text for w in words) >= 0.9 * len(words)


@pytest.mark.parametrize("name", ["sideways.pdf", "askew.pdf"])
def test_turned_and_skewed_scans_are_read(odd, name):
    assert odd.results[name].status == "added", odd.results[name]
    text = _text(odd.cfg, name)
    expected = {"sideways.pdf": ["Judith Ramsden", "Quarter 1 BCP Council Budget Monitoring"],
                "askew.pdf": ["5.0 Interim Management Cover", "North Tyneside"]}[name]
    assert all(e in text for e in expected), text[:500]


def test_a_noisy_page_with_no_text_is_named_not_indexed(odd):
    r = odd.results["noise.pdf"]
    assert r.status == "failed" and "no readable text" in r.message and "page 1" in r.message
    assert not any(m["file"] == "noise.pdf" for _, m in _stored(odd.cfg))


@pytest.mark.skipif(not REAL_SCAN.exists(), reason="shared papers not present")
def test_a_real_scanned_return_is_read(odd):
    r = odd.results[REAL_SCAN.name]
    assert r.status == "added" and r.ocr_read == 1
    text = _text(odd.cfg, REAL_SCAN.name)
    assert "Accounting statements" in text and "12,233" in text


def test_an_unchanged_scan_is_never_read_twice(odd, tmp_path, monkeypatch):
    from clerk.ingest import pipeline

    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(odd.papers / "askew.pdf", folder / "askew.pdf")
    cfg = Config(db=tmp_path / "db")
    first = ingest_paths([folder], cfg)
    assert first.ocr_pages == 1
    again = ingest_paths([folder], cfg)
    assert again.counts["unchanged"] == 1 and again.ocr_pages == 0
    # a new pipeline version re-ingests the file, but its page comes from the catalogue, not OCR
    monkeypatch.setattr(pipeline, "PIPELINE_VERSION", "bumped")
    bumped = ingest_paths([folder], cfg)
    assert bumped.counts["updated"] == 1 and bumped.ocr_pages == 0
    assert bumped.results[0].ocr_recalled == 1 and "remembered" in bumped.line()
    assert all(m.get("ocr") for _, m in _stored(cfg))


def test_no_ocr_reports_scans_as_before_and_names_unread_pages(odd, tmp_path, capsys):
    from clerk.cli import main

    code = main(["ingest", str(odd.papers / "sideways.pdf"), str(odd.papers / "mixed.pdf"), "--no-ocr", "--quiet",
                 "--db", str(tmp_path / "db")])
    out = capsys.readouterr().out
    assert code == 1
    assert re.search(r"failed: .*sideways\.pdf: PDF has no text layer", out)
    assert re.search(r"added with a note: .*mixed\.pdf: page 2 without a text layer not read: OCR is off", out)
    assert "read by OCR" not in out.splitlines()[-1]


def test_a_file_over_the_ocr_page_limit_is_named(editions, odd, tmp_path):
    cfg = Config(db=tmp_path / "db", ocr_page_limit=2)
    over = ingest_paths([editions.scan_dir / TORBAY.name], cfg).results[0]
    assert over.status == "failed" and "4 pages to OCR, over the limit of 2" in over.message
    mixed = ingest_paths([odd.papers / "mixed.pdf"], Config(db=tmp_path / "db2", ocr_page_limit=0)).results[0]
    assert mixed.status == "added" and "page 2 without a text layer not read" in mixed.message
    assert mixed.ocr_read == 0


def _words(row: int, cells: list[tuple[int, str]], block: int = 0) -> list[Word]:
    return [Word(text, x, 100 + 40 * row, 18 * len(text), 30, 95.0, (block + i, 0, row)) for i, (x, text) in
            enumerate((x, t) for x, cell in cells for t in [cell])]


@pytest.mark.parametrize("cells,expected", [
    ([(100, "Placements"), (900, "13.2"), (1200, "14.0")], ["Placements", "13.2", "14.0"]),
    ([(100, "Total"), (700, "£3,900"), (1000, "(150)"), (1300, "-")], ["Total", "£3,900", "(150)", "-"]),
])
def test_layout_joins_a_rows_cells_read_as_separate_blocks(cells, expected):
    """Tesseract gives each column of a table its own block; the row is one line again, its cells
    apart by three spaces or more (how pdf.layout_lines tells a table row)."""
    line = layout(_words(0, [cells[0]]) + _words(0, cells[1:], block=5))[0]
    assert re.split(r" {3,}", line.strip()) == expected


@pytest.mark.integration
def test_citation_label_app_and_briefing_say_scanned():
    from clerk.assistant.answer import Answer, Citation
    from clerk.assistant.app import render_citation
    from clerk.assistant.briefing import briefing_markdown

    c = Citation(n=1, title="Budget", file="b.pdf", path="", council="A Council", meeting="Cabinet", date="2024",
                 page=3, page_label=None, section="", quote="£2.1m", passage="The budget is £2.1m.", chunk_id="x-1",
                 doc_id="x", ocr=True)
    assert "p. 3 (scanned page, read by OCR)" in c.reference()
    assert "(scanned page, read by OCR)" in render_citation(c)
    note = briefing_markdown([Answer("Budget?", "Budget?", "The budget is £2.1m [1]", True, [c])])
    assert "p. 3 (scanned page, read by OCR)" in re.sub(r"\\(.)", r"\1", note)  # as a Markdown viewer shows it


@pytest.mark.parametrize("page,expected", [("text", True), ("sideways", True), ("blank", False), ("speckled", False),
                                           ("dense speckle", False)])
def test_only_pages_with_lines_of_ink_are_given_to_tesseract(page, expected):
    """A blank or speckled sheet would take tesseract a minute to read as nothing."""
    from PIL import Image

    from clerk.evals.scans import noise, page_images, turned
    from clerk.ingest.ocr import has_lines

    text = page_images(BOARD, [1], 150)[0]
    image = {"text": text, "sideways": turned(text, 90), "blank": Image.new("L", (1240, 1754), 255),
             "speckled": noise().resize((1654, 2340)), "dense speckle": noise(density=0.2)}[page]
    assert has_lines(image) is expected
