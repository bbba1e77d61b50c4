import os
import signal
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from clerk.ingest import Config, ingest_paths
from clerk.ingest.blocks import parse
from clerk.ingest.pdf import load_pdf
from clerk.ingest.document import Page
from clerk.ingest.catalog import Catalog, open_catalog
from clerk.ingest.embed import count_tokens
from clerk.ingest.store import open_collection

from .conftest import KENT, SEEDS


def chunks(cfg: Config) -> dict:
    return open_collection(cfg).get(include=["documents", "metadatas"])


def find(cfg: Config, needle: str) -> tuple[str, dict]:
    got = chunks(cfg)
    hits = [(t, m) for t, m in zip(got["documents"], got["metadatas"]) if needle in t]
    assert hits, f"no chunk contains {needle!r}"
    return hits[0]


def test_torbay_vacancy_paragraph_has_page_and_section(corpus_cfg):
    text, meta = find(corpus_cfg, "46% vacancy rate")
    assert meta["section"] == "6. Progress > 6.1"
    assert meta["page"] == 3
    assert meta["council"] == "Torbay Council"
    assert meta["date"] == "2014-12-11"


def test_section_paths_follow_numbered_headings(corpus_cfg):
    _, meta = find(corpus_cfg, "weekly high-risk case meeting")
    assert meta["section"] == "3.0 Children in Care (CiC) > 3.4"


def test_table_row_keeps_label_and_year_columns(corpus_cfg):
    text, meta = find(corpus_cfg, "Total Cost of Service:")
    row = next(line for line in text.splitlines() if line.startswith("Total Cost of Service:"))
    # the column's unit on its figures, so the row reads alone
    assert "2017/18 Revised = £25,202k" in row
    assert "2018/19 Original = £25,370k" in row
    assert "2020/21 Original = £25,382k" in row
    assert meta["chunk_kind"] == "table" and "Expenditure description" in meta["lead"]


def test_list_stays_with_lead_in_and_debris_is_cleaned(corpus_cfg):
    text, _ = find(corpus_cfg, "the actions to reduce the cost of the Children's front door")
    assert "prepare a report setting out:" in text
    got = chunks(corpus_cfg)
    for t in got["documents"]:
        assert "<b>" not in t and "**" not in t and "\u00a0" not in t


def test_running_headers_and_footers_removed(corpus_cfg):
    for t in chunks(corpus_cfg)["documents"]:
        assert "Page " not in t.splitlines()[-1]
        assert not t.startswith("Torbay Council - Overview and Scrutiny Board")


def test_every_chunk_fits_the_model_window(corpus_cfg):
    from clerk.ingest.pipeline import embed_header

    got = chunks(corpus_cfg)
    texts = ["\n".join(x for x in (embed_header(m, m["section"], corpus_cfg), m.get("lead", ""), t) if x)
             for t, m in zip(got["documents"], got["metadatas"])]
    assert max(count_tokens(texts)) + 2 <= 256


def test_sources_metadata_from_sidecar(corpus_cfg):
    docs = Catalog(corpus_cfg.db).documents()
    assert len(docs) == 5
    bucks = next(d for d in docs if d["council"] == "Buckinghamshire Council")
    assert bucks["kind"] == "minutes" and bucks["meeting"] == "Cabinet" and bucks["pages"] >= 3


def test_reingest_is_idempotent(new_cfg, papers):
    cfg = new_cfg
    first = ingest_paths([papers], cfg)
    n = len(chunks(cfg)["ids"])
    second = ingest_paths([papers], cfg)
    assert first.counts["added"] == 2
    assert second.counts["unchanged"] == 2 and second.chunks == 0
    assert len(chunks(cfg)["ids"]) == n


def test_changed_file_replaces_its_chunks_and_prune_removes(new_cfg, papers):
    cfg = new_cfg
    note = papers / "note.md"
    note.write_text("# Note\n\nThe fostering budget is £3.5 million.\n")
    ingest_paths([papers], cfg)
    note.write_text("# Note\n\nThe fostering budget is £3.9 million.\n")
    os.utime(note, ns=(time.time_ns(), time.time_ns() + 10**9))
    summary = ingest_paths([papers], cfg)
    assert summary.counts["updated"] == 1
    texts = chunks(cfg)["documents"]
    assert any("£3.9 million" in t for t in texts) and not any("£3.5 million" in t for t in texts)
    note.unlink()
    pruned = ingest_paths([papers], cfg, prune=True)
    assert pruned.counts["removed"] == 1
    assert not any("fostering budget" in t for t in chunks(cfg)["documents"])
    assert len(open_catalog(cfg).documents()) == 2


def test_same_content_under_two_names_is_stored_once(new_cfg, papers):
    cfg = new_cfg
    original = sorted(papers.glob("*.pdf"))[0]
    shutil.copy(original, papers / "copy of the same paper.pdf")
    summary = ingest_paths([papers], cfg)
    assert summary.counts["duplicate"] == 1
    docs = open_catalog(cfg).documents()
    assert len(docs) == 2
    assert max(len(d["files"]) for d in docs) == 2


def _text_pdf(path: Path, text: str) -> None:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawString(72, 720, text)
    c.save()


@pytest.mark.integration
def test_bad_inputs_each_get_a_clear_message_and_others_carry_on(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(2000))
    scanned = canvas.Canvas(str(folder / "scanned.pdf"), pagesize=A4)
    scanned.rect(50, 50, 400, 600, fill=1)
    scanned.save()
    _text_pdf(tmp_path / "plain.pdf", "Secret budget figures")
    writer = pypdf.PdfWriter(clone_from=str(tmp_path / "plain.pdf"))
    writer.encrypt("hunter2")
    writer.write(str(folder / "encrypted.pdf"))
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "latin1.txt").write_bytes("Caf\xe9 budget report: the overspend was \xa34m.".encode("latin-1"))
    (folder / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    _text_pdf(folder / "good.pdf", "The adoption budget is £2.1 million for 2024/25.")
    cfg = Config(db=tmp_path / "db")
    summary = ingest_paths([folder, folder / "sheet.xlsx", folder / "missing.pdf"], cfg)
    by_name = {Path(r.path).name: r for r in summary.results}
    assert by_name["good.pdf"].status == "added"
    assert by_name["latin1.txt"].status == "added"  # a legacy encoding is detected, not refused
    expected = {
        "empty.pdf": "empty file", "corrupt.pdf": "corrupt", "scanned.pdf": "no text layer",
        "encrypted.pdf": "encrypted", "binary.txt": "binary", "sheet.xlsx": "unsupported file type",
        "missing.pdf": "no such file",
    }
    for name, words in expected.items():
        assert by_name[name].status in ("failed",), (name, by_name[name])
        assert words in by_name[name].message, (name, by_name[name].message)
    assert not summary.ok
    small = Config(db=tmp_path / "db2", max_file_mb=0.001)
    big = ingest_paths([folder / "good.pdf"], small).results[0]
    assert big.status == "failed" and "over the" in big.message


@pytest.mark.integration
@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seed papers not present")
def test_loaders_html_docx_markdown(tmp_path):
    import docx

    from clerk.ingest.loaders import load

    seed = (SEEDS / "004_5a7f5775dda30b33.txt").read_text(encoding="utf-8")
    paras = "".join(f"<p>{line}</p>" for line in seed.splitlines() if line.strip())
    (tmp_path / "item.html").write_text(f"<html><head><title>Agenda item</title><script>alert(1)</script></head>"
                                        f"<body><h2>Children's Services update</h2>{paras}"
                                        f"<table><tr><th>Year</th><th>UASC</th></tr><tr><td>2022</td><td>48</td></tr>"
                                        f"</table></body></html>")
    loaded = load(tmp_path / "item.html", 50)
    lines = loaded.pages[0].lines
    assert "## Children's Services update" in lines and "2022\t48" in lines
    assert not any("alert(1)" in ln for ln in lines)
    d = docx.Document()
    d.add_heading("Budget", level=1)
    d.add_paragraph("The overspend was £4.0 million.")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text, t.cell(1, 0).text, t.cell(1, 1).text = "Item", "£m", "Placements", "13.2"
    d.save(str(tmp_path / "b.docx"))
    lines = load(tmp_path / "b.docx", 50).pages[0].lines
    assert "## Budget" in lines and "Placements\t13.2" in lines


@pytest.mark.integration
@pytest.mark.skipif(not KENT.is_dir(), reason="shared Kent papers not present")
def test_real_kent_pdf_table_rows_keep_columns(tmp_path):
    pdf = KENT / "cabinet" / "2025-01-30" / "24-00108 - Appendix - NOV 2024-25.pdf"
    cfg = Config(db=tmp_path / "db")
    assert ingest_paths([pdf], cfg).ok
    text, meta = find(cfg, "Home to School & College Transport:")
    assert "Variance = -£8.6m" in text  # the table's "£m", stated once above its columns, on each figure
    assert meta["date"] == "2025-01-30"  # from the meeting folder


@pytest.mark.integration
@pytest.mark.skipif(not KENT.is_dir(), reason="shared Kent papers not present")
def test_killed_ingest_leaves_no_half_document_and_rerun_completes(tmp_path):
    folder = tmp_path / "kent"
    folder.mkdir()
    for pdf in sorted((KENT / "cabinet" / "2025-01-30").glob("*.pdf"))[:8]:
        shutil.copy(pdf, folder / pdf.name)
    db = tmp_path / "db"
    env = dict(os.environ, CLERK_DB=str(db))
    proc = subprocess.Popen([sys.executable, "-m", "clerk.cli", "ingest", str(folder), "--quiet"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 240
    killed = False
    while time.time() < deadline and proc.poll() is None:
        catalog = db / "catalog.sqlite"
        if catalog.exists():
            con = sqlite3.connect(str(catalog))
            try:
                done = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
                pending = con.execute("SELECT COUNT(*) FROM pending").fetchone()[0]
            except sqlite3.OperationalError:
                done = pending = 0
            con.close()
            if done >= 1 and pending:
                os.killpg(proc.pid, signal.SIGKILL)
                killed = True
                break
        time.sleep(0.05)
    proc.wait()
    assert killed, "ingest finished before it could be killed"
    cfg = Config(db=db)
    visible = {d["doc_id"]: d["chunks"] for d in Catalog(db).documents()}
    stored = chunks(cfg)
    for doc_id, n in visible.items():  # every visible document is whole
        assert sum(1 for m in stored["metadatas"] if m["doc_id"] == doc_id) == n
    summary = ingest_paths([folder], cfg)
    assert summary.ok
    stored = chunks(cfg)
    assert len(stored["ids"]) == len(set(stored["ids"]))
    docs = Catalog(db).documents()
    assert sum(d["chunks"] for d in docs) == len(stored["ids"])


@pytest.mark.integration
def test_paper_without_council_takes_its_folders_council(tmp_path):
    folder = tmp_path / "cabinet" / "2025-03-04"
    folder.mkdir(parents=True)
    for name in ("report a", "report b"):
        (folder / f"{name}.md").write_text(f"# {name}\n\nTestshire County Council agreed the {name}. "
                                           "Testshire County Council will review it.\n")
    (folder / "appendix c.md").write_text("# Appendix C\n\nThe highways budget is £1.2 million.\n")
    cfg = Config(db=tmp_path / "db")
    ingest_paths([tmp_path], cfg)
    docs = {d["title"]: d for d in Catalog(cfg.db).documents()}
    assert docs["appendix c"]["council"] == "Testshire County Council"
    assert docs["appendix c"]["date"] == "2025-03-04" and docs["appendix c"]["meeting"] == "Cabinet"
    _, meta = find(cfg, "highways budget")
    assert meta["council"] == "Testshire County Council"


def _folder_of_reports(folder: Path, n: int) -> Path:
    """A meeting's folder of n reports, each naming its council firmly (twice)."""
    folder.mkdir(parents=True)
    for i in range(n):
        (folder / f"report {i}.md").write_text(f"# Report {i}\n\nTestshire County Council agreed item {i}. "
                                               "Testshire County Council will review it.\n")
    return folder


@pytest.mark.integration
def test_paper_naming_a_neighbour_most_takes_a_united_folders_council(tmp_path):
    """A council's own report on a partnership names the partner most: in a folder where three quarters
    of the papers agree on the council, and the report names that council too (here in a heading in
    capitals, or by its initials), the folder's council wins; a paper that never names it keeps its own."""
    folder = _folder_of_reports(tmp_path / "full_council" / "2025-03-13", 7)
    (folder / "partnership.md").write_text(
        "# Partnership\n\nMINUTES OF TESTSHIRE COUNTY COUNCIL. Westshire District Council met us. Westshire District Council "
        "hosted; Westshire District Council chaired the board.\n")
    (folder / "visitor.md").write_text("# Visitor\n\nWestshire District Council presented. Westshire District "
                                       "Council will report back.\n")
    # names the neighbour in full but its own council only by initials, as a finance report does ("KCC")
    (folder / "monitoring.md").write_text("# Monitoring\n\nTCC forecasts an overspend. TCC pays Westshire District "
                                          "Council for waste. Westshire District Council agreed the fee.\n")
    cfg = Config(db=tmp_path / "db")
    ingest_paths([tmp_path], cfg)
    docs = {d["title"]: d for d in Catalog(cfg.db).documents()}
    assert docs["partnership"]["council"] == "Testshire County Council"
    assert docs["monitoring"]["council"] == "Testshire County Council"
    assert docs["visitor"]["council"] == "Westshire District Council"


@pytest.mark.integration
def test_one_ingest_settles_councils_as_a_second_would(tmp_path):
    """A paper its neighbours settle votes with them: one run reaches what a second run of `clerk ingest` would
    (a treasury report naming only the neighbour whose debt it manages was left under that neighbour)."""
    folder = _folder_of_reports(tmp_path / "cabinet" / "2025-01-30", 9)
    # firmly names a body of its own, and its council by initials: settled in the first pass
    (folder / "youth.md").write_text("# Youth\n\nTestshire Youth County Council met. Testshire Youth County Council "
                                     "thanked TCC. TCC replied.\n")
    # names only a neighbour, whose debt it manages: settled once the paper above votes with its folder
    (folder / "treasury.md").write_text("# Treasury\n\nThe debt of Eastport Council is managed here. Eastport Council "
                                        "repays it. Eastport Council agreed the rate.\n")
    cfg = Config(db=tmp_path / "db")
    ingest_paths([tmp_path], cfg)
    first = {d["title"]: d["council"] for d in Catalog(cfg.db).documents()}
    assert first["youth"] == first["treasury"] == "Testshire County Council"
    ingest_paths([tmp_path], cfg)
    assert {d["title"]: d["council"] for d in Catalog(cfg.db).documents()} == first
    _, meta = find(cfg, "The debt of Eastport Council is managed here")
    assert meta["council"] == "Testshire County Council"


@pytest.mark.integration
@pytest.mark.skipif(not KENT.is_dir(), reason="shared Kent papers not present")
def test_form_fields_and_recorded_votes_stay_text(tmp_path):
    """A budget amendment form's fields are not headings (one heading replaced the next, losing the
    directorate); a recorded vote's count stays with the names that follow it."""
    folder = KENT / "full_council" / "2025-02-13"
    cfg = Config(db=tmp_path / "db")
    assert ingest_paths([folder / "6 - Amendment - Greens and Independents - Community Wardens.pdf",
                         folder / "Printed minutes 13th-Feb-2025 09.30 County Council.pdf"], cfg).ok
    find(cfg, "Directorate: Growth, Environment & Transport")
    text, meta = find(cfg, "Proposer: Mike Baldock Seconder: Mark Hood")
    assert "Proposer" not in meta["section"]
    text, meta = find(cfg, "For (41) Mr Baker, Mr Bartlett")
    assert "the voting was as follows:" in meta["lead"] and not meta["section"].endswith(("(41)", "Shonk"))
    find(cfg, "Against (10) Mr Campkin, Mr Chittenden")


def test_a_wrapped_line_starting_with_for_and_a_number_is_no_vote():
    lines = ["The contract with the provider, agreed by Cabinet last year, is expected to run",
             "for 3 years from April and will be reviewed by the committee every year.",
             "", "The voting was as follows:", "For (41)", "", "Mr Avery, Mrs Brook", "Against (0)"]
    blocks = parse([Page(number=1, label=None, lines=lines)])
    assert blocks[0].kind == "para" and blocks[0].text.endswith("every year.")
    assert [(b.kind, b.text) for b in blocks[-2:]] == [("item", "For (41) Mr Avery, Mrs Brook"), ("item", "Against (0)")]


def test_contents_pages_and_entries_are_not_text():
    """A contents entry's page number would pass for a figure ("Veterans Hubs ...... 19")."""
    cover = ["Annual Report 2024", "", "CONTENTS", "Background and methodology\t3", "Executive Summary\t11"]
    body = ["Armed Forces Champions ........................................ 19",
            "Veterans Hubs are based in Ramsgate, Sittingbourne and Sheerness."]
    blocks = parse([Page(number=1, label=None, lines=cover), Page(number=2, label=None, lines=body)])
    assert [b.text for b in blocks] == ["Annual Report 2024",
                                        "Veterans Hubs are based in Ramsgate, Sittingbourne and Sheerness."]


@pytest.mark.skipif(not KENT.is_dir(), reason="shared Kent papers not present")
def test_real_contents_pages_are_dropped():
    folder = KENT / "full_council" / "2025-03-13"
    dotted = parse(load_pdf(folder / "Appendix 1 - Kent CMPB 2024 Annual Report.pdf").pages)
    assert not any("....." in b.text for b in dotted)
    assert any(b.text.startswith("KCC and the Armed Forces Champions continue") for b in dotted)
    tabled = parse(load_pdf(folder / "Appendix 6 - Commissioned Family Hub Contracts Consultation Report.pdf").pages)
    assert all(b.page != 2 for b in tabled)  # its contents page, set out as a table of titles and page numbers
    assert any("lasting just under 8 weeks until 22 September 2024" in b.text for b in tabled)


@pytest.mark.parametrize("path, text, council", [
    # the council's own e-mail or web domain, when the text never names it in full
    ("seeds/003.txt", "Contact: someone@torbay.gov.uk. Torbay has improved.", "Torbay Council"),
    ("x/a.txt", "See democracy.bristol.gov.uk. Bristol City Council agreed it.", "Bristol City Council"),
    # a folder named for a council files its papers, over a council named once in passing
    ("p/tintern-wye-valley-community-council/meeting/2019-05-20/m.pdf", "A letter from Abergavenny Town Council.",
     "Tintern Wye Valley Community Council"),
    ("p/royal-borough-of-kingston-upon-thames/c/2026-01-15/r.pdf", "x", "Royal Borough of Kingston upon Thames"),
    # a neighbour whose name starts with the folder's place is another council ("Gloucestershire" is not "Gloucester")
    ("p/gloucester-city-council/cabinet/2025-12-10/r.pdf",
     "Gloucestershire County Council sets a scheme. Gloucestershire County Council agreed.", "Gloucester City Council"),
    # a bare name counts when its place recurs
    ("x/b.txt", "Buckinghamshire Council met. Buckinghamshire has 128. Buckinghamshire grew.", "Buckinghamshire Council"),
])
def test_council_from_the_content_or_the_folder(path, text, council):
    from clerk.ingest.metadata import infer

    assert infer(Path(path), text, None)["council"] == council


def test_a_folder_named_for_a_meeting_is_not_a_council():
    from clerk.ingest.metadata import infer

    meta = infer(Path("kent/full_council/2025-02-13/m.pdf"), "Kent County Council met. Kent County Council agreed.",
                 None)
    assert meta["council"] == "Kent County Council"


@pytest.mark.parametrize("name, ingested", [
    ("README.md", False), ("readme.txt", False), ("MANIFEST.tsv", False), ("LICENSE", False),
    ("minutes.md", True), ("2024-03-12 Cabinet report.pdf", True), ("readme-of-the-budget.md", True),
])
def test_a_folders_notes_are_not_papers(tmp_path, name, ingested):
    """A README or manifest in a folder of papers describes them; named on its own, it is ingested."""
    from clerk.ingest.pipeline import discover

    (tmp_path / name).write_text("| file | council | date |\n|---|---|---|\n| a.pdf | Westvale | 2024 |\n")
    files, notes = discover([tmp_path])
    assert (tmp_path / name in files) == ingested
    if not ingested:
        assert notes[0].status == "skipped" and "not a paper" in notes[0].message
    assert discover([tmp_path / name])[0] == [tmp_path / name]
