"""Build the PDF editions of the seed papers in this folder.

Councils publish PDFs, so the sample corpus is PDF: each seed's plain text
(../shared/seeds/, named by the "seed" key of metadata.json) is typeset with
ReportLab: numbered headings, bullet lists, real tables for the tab-separated
rows, bold/italic for the conversion's <b>/<i>/** markup, and a running
header and footer on every page, as a committee paper has.

    .venv/bin/python corpus/build_pdfs.py [SEEDS_DIR]
"""

from __future__ import annotations

import json
import re
import sys
from html import escape
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

HERE = Path(__file__).resolve().parent
DEFAULT_SEEDS = HERE.parent.parent / "shared" / "seeds"

styles = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10.5, leading=14, spaceafter=6)
BULLET = ParagraphStyle("bullet", parent=BODY, leftIndent=14, bulletIndent=4)
HEADING = ParagraphStyle("heading", parent=BODY, fontName="Helvetica-Bold", fontSize=12, spaceBefore=8)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9, leading=11, spaceAfter=0)

HEADING_RE = re.compile(r"^(\d+(\.\d+)?\.?\s+[A-Z][^.]{0,80}|#+\s+.*)$")
BULLET_RE = re.compile(r"^\s*(?:[-·•]|[IVX]+\.)\s+")


def inline(text: str) -> str:
    """Escape text for ReportLab, keeping the seed's bold/italic markup as formatting."""
    text = escape(text.replace("\u00a0", " "), quote=False)
    text = re.sub(r"&lt;(/?)(b|i)&gt;", r"<\1\2>", text)
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)


def table(rows: list[list[str]], width: float) -> Table:
    ncols = max(len(r) for r in rows)
    rows = [r + [""] * (ncols - len(r)) for r in rows]
    # A two-column key/value layout gets a narrow label column; a figures table a wide first column.
    first = 0.25 if ncols == 2 else 0.42
    widths = [width * first] + [width * (1 - first) / (ncols - 1)] * (ncols - 1)
    data = [[Paragraph(inline(c.strip()), CELL) for c in r] for r in rows]
    t = Table(data, colWidths=widths, repeatRows=1 if ncols > 2 else 0)
    t.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke if ncols > 2 else colors.white),
    ]))
    return t


def flowables(text: str, width: float) -> list:
    out: list = []
    rows: list[list[str]] = []
    for raw in text.splitlines() + [""]:
        line = raw.rstrip()
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            out += [table(rows, width), Spacer(1, 6)]
            rows = []
        stripped = line.strip()
        if not stripped:
            continue
        if BULLET_RE.match(stripped):
            body = BULLET_RE.sub("", stripped, count=1)
            marker = stripped.split()[0] if re.match(r"^[IVX]+\.", stripped) else "•"
            # "- 1.1 The purpose ..." is a numbered paragraph dressed as a bullet.
            if re.match(r"^\d+\.\d+\.?\s", body):
                out.append(Paragraph(inline(body), BODY))
            else:
                out.append(Paragraph(inline(body), BULLET, bulletText=marker))
        elif HEADING_RE.match(stripped) and len(stripped) < 90:
            out.append(Paragraph(inline(stripped.lstrip("# ")), HEADING))
        else:
            out.append(Paragraph(inline(stripped), BODY))
    return out


def build(pdf: Path, meta: dict, seeds: Path) -> None:
    text = (seeds / meta["seed"]).read_text(encoding="utf-8")
    running = f"{meta['council']} - {meta['meeting']}"

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(20 * mm, A4[1] - 12 * mm, running)
        canvas.drawRightString(A4[0] - 20 * mm, 12 * mm, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(pdf), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
        topMargin=20 * mm, bottomMargin=20 * mm, title=meta["title"], author=meta["council"],
        invariant=1,  # same bytes on every build, so the content hash is stable
    )
    doc.build(flowables(text, doc.width), onFirstPage=decorate, onLaterPages=decorate)


def main() -> None:
    seeds = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SEEDS
    manifest = json.loads((HERE / "metadata.json").read_text(encoding="utf-8"))
    for name, meta in manifest.items():
        build(HERE / name, meta, seeds)
        print(f"built {name}")


if __name__ == "__main__":
    main()
