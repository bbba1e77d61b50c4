"""PDF pages to lines: pypdf's layout text, with tables and label columns recovered from spacing.

pypdf's layout mode keeps horizontal positions, which is what tells a table row
("Total Cost of Service   25,202   25,370") from prose, and a key/value cover
sheet ("Reason for Report      As part of ...") from a paragraph.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path

import pypdf
from pypdf.errors import PdfReadError

from . import layout
from .document import Loaded, Page
from .errors import IngestError
from .ocr import OcrJob, page_list

logging.getLogger("pypdf").setLevel(logging.ERROR)

GAP = re.compile(r"\S+(?: {1,2}\S+)*")  # cells: runs of text separated by 3+ spaces
NUMERIC = re.compile(r"^[(\-–+]?[£$€]?\s?\(?-?[\d.,]+\)?\s?(%|m|k|bn|FTE)?\)?$|^[-–]$|^n/?a$", re.I)
UNIT_LINE = re.compile(r"^\(?£\s?['’]?\s?(?:m|000s?|k|bn|millions?)\)?$", re.I)  # "£m", "(£'000)" alone on a line
NEAR_EMPTY = 40  # characters: a page with fewer in its text layer (a stamped page number) and an image is a scan
ROW_REF_CELL = re.compile(r"\d{1,4}")  # a row reference: the row's number in a table's first column
AMOUNT = re.compile(r"[(\-–]?£?\d{1,3}(?:,\d{3})+(?:\.\d+)?\)?|[(\-–]?£?\d+\.\d+\)?")
MARKER = re.compile(r"^(\d+(\.\d+)*\.?|[•·▪o\-–\x7f\uf0b7\uf0a7]|\(?[a-z]\)|\(?[ivx]+\)|[IVX]+\.)$")


def load_pdf(path: Path, ocr: OcrJob | None = None) -> Loaded:
    """Each page's text layer; pages without one that hold an image are read by OCR when `ocr` allows."""
    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            try:
                ok = bool(reader.decrypt(""))
            except Exception:  # noqa: BLE001 - pypdf raises several types for unsupported crypto
                ok = False
            if not ok:
                raise IngestError("encrypted PDF (password protected); save an unprotected copy")
        labels = list(reader.page_labels)
        raw = [_page_text(p) for p in reader.pages]
        scans = [n for n, (p, t) in enumerate(zip(reader.pages, raw), start=1) if _is_scan(p, t)]
        title = reader.metadata.get("/Title") if reader.metadata else None
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(f"corrupt or unreadable PDF ({exc.__class__.__name__}: {exc})") from exc
    if not raw:
        raise IngestError("PDF has no pages")
    job = ocr if ocr is not None else OcrJob(enabled=False)
    read = job.run(path, scans)
    for n, lines in read.items():
        raw[n - 1] = "\n".join(lines)
    if not any(t.strip() for t in raw):
        raise IngestError(_no_text(job))
    pages_lines = strip_running_lines([t.splitlines() for t in raw])
    pages = []
    carried: list = []  # the last table header, for a table continued on the next page
    for i, lines in enumerate(pages_lines):
        label = labels[i] if i < len(labels) else None
        pages.append(Page(number=i + 1, label=label, lines=layout_lines(lines, carried), ocr=i + 1 in read))
    return Loaded(pages=pages, title_hint=str(title) if title else None)


def _is_scan(page, text: str) -> bool:
    """No text layer to speak of, and an image that may hold the text."""
    if len(re.sub(r"\s+", "", text)) >= NEAR_EMPTY:
        return False
    try:
        return len(page.images) > 0
    except Exception:  # noqa: BLE001 - an image pypdf cannot list is no reason to refuse the page
        return False


def _no_text(job: OcrJob) -> str:
    """Why a PDF yielded no text at all, in words a user can act on."""
    if not job.wanted:
        return "PDF has no text layer and no images to read (blank pages or drawings only)"
    if job.not_read == "OCR is off":
        return "PDF has no text layer (scanned image?); OCR is off (--no-ocr)"
    if job.not_read:
        return f"PDF has no text layer (scanned image?) and was not read by OCR: {job.not_read}"
    return (f"PDF has no text layer, and OCR found no readable text on {page_list(job.unreadable)} "
            "(a picture or noise?)")


def _page_text(page) -> str:
    """Layout text, which keeps the spacing that shows tables; where layout mode finds nothing on a
    page that has text (some producers' fonts defeat it), the plain text."""
    try:
        text = layout.page_text(page)
    except Exception:  # noqa: BLE001 - a content stream our reading trips on: pypdf's own layout, as before
        text = page.extract_text(extraction_mode="layout") or ""
    return text if text.strip() else page.extract_text() or ""


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.strip().lower()))


def strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop headers and footers: lines near a page's top or bottom that recur on most pages."""
    if len(pages) < 2:
        return [[ln for ln in p if not _is_page_number(ln)] for p in pages]
    edge: Counter[str] = Counter()
    for lines in pages:
        content = [ln for ln in lines if ln.strip()]
        edge.update({_shape(ln) for ln in content[:3] + content[-3:]})
    running = {s for s, n in edge.items() if n >= max(2, 0.5 * len(pages))}
    out = []
    for lines in pages:
        content_idx = [i for i, ln in enumerate(lines) if ln.strip()]
        edges = set(content_idx[:3] + content_idx[-3:])
        out.append([
            ln for i, ln in enumerate(lines)
            if not (i in edges and (_shape(ln) in running and not _heads_table(lines, i) or _is_page_number(ln)))
        ])
    return out


def _heads_table(lines: list[str], i: int, reach: int = 8) -> bool:
    """A table's heading repeated at the top of each page ("£m", "Working", "Service  Budget  Forecast"):
    short lines, then a heading line, then (past one-cell group labels) the table's rows. Kept, for the
    rows below it on each page say nothing without it."""
    headed = False
    for ln in lines[i:i + reach]:
        cells = _cells(ln)
        if not cells:
            continue
        if _is_row(cells):
            return headed
        if _is_header(cells):
            headed = True
        elif not (UNIT_LINE.match(ln.strip()) or len(cells) == 1 and (headed or len(ln.strip()) <= 20)):
            return False
    return False


def _is_page_number(line: str) -> bool:
    return bool(re.fullmatch(r"\s*(page\s+)?\d+(\s+of\s+\d+)?\s*", line, re.I))


def _cells(line: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in GAP.finditer(line)]


def _is_row(cells: list[tuple[int, int, str]]) -> bool:
    if len(cells) < 2:
        return False
    if MARKER.match(cells[0][2]):
        # a numbered paragraph ("3.   Minutes of the meeting ...") unless a row reference column leads a row
        # of figures: "31   A28 Chart Road   Strategic highway improvement   29,699   4,549   3,819"
        if NUMERIC.match(cells[1][2]):
            return False
        figures = [c[2] for c in cells[2:] if NUMERIC.match(c[2])]
        # ... or, after a row number, one figure written as an amount ("3,837", "12.5"), which a page number
        # never is ("•  Thanet:  5,765" stays a list item)
        return len(cells) >= 4 and len(figures) >= 2 or len(cells) == 3 and bool(figures) \
            and bool(AMOUNT.fullmatch(figures[0]) and ROW_REF_CELL.fullmatch(cells[0][2]))
    return any(NUMERIC.match(c[2]) for c in cells[1:])


def _is_header(cells: list[tuple[int, int, str]]) -> bool:
    return len(cells) >= 2 and all(len(c[2]) <= 40 for c in cells) and not MARKER.match(cells[0][2])


def layout_lines(lines: list[str], carried: list | None = None) -> list[str]:
    """A page's lines, table rows as tab-separated cells under their header. `carried` holds the last
    table header read (its cell lines and unit): a table continued at the top of the next page, its
    header not repeated, is read under it when its rows have as many columns."""
    lines = split_label_column(lines)
    cells = [_cells(ln) for ln in lines]
    rows = [_is_row(c) for c in cells]
    out: list[str] = []
    where: dict[int, int] = {}  # line number -> its place in out, for lines kept as text
    i = 0
    while i < len(lines):
        if not rows[i]:
            where[i] = len(out)
            out.append(re.sub(r"\s+", " ", lines[i]).strip())
            i += 1
            continue
        # A run of table rows with the header lines just above it. Blank lines may sit
        # inside the run; a short line between rows is a wrapped cell of the row above.
        def starts_row(k: int) -> bool:
            """A row reference and the start of a name, the row's figures on the line below."""
            return (k + 1 < len(lines) and rows[k + 1] and 1 <= len(cells[k]) <= 2
                    and bool(ROW_REF_CELL.fullmatch(cells[k][0][2].split()[0])) and not rows[k])

        def group_label(k: int) -> bool:
            """A short line set apart inside a table, rows following it: a group's label ("Funded By:") or
            a numbered row with no figures ("8   Property Enterprise Fund")."""
            if not 0 < k < len(lines):  # k is -1 when no line with text is near
                return False
            label = " ".join(lines[k].split())
            numbered = len(cells[k]) == 2 and bool(ROW_REF_CELL.fullmatch(cells[k][0][2]))
            short = len(label) <= 40 and len(label.split()) <= 6 or (numbered or label.endswith(":")) and len(label) <= 80
            if not (label and (len(cells[k]) == 1 or numbered) and short
                    and (numbered or not label.endswith(".")) and not lines[k - 1].strip() and not rows[k]):
                return False
            after = next((m for m in range(k + 1, min(k + 3, len(lines))) if lines[m].strip()), None)
            return after is not None and rows[after]

        def next_text(k: int) -> int:
            """The next line with text after blank line k, if it is near."""
            return next((m for m in range(k + 1, min(k + 4, len(lines))) if lines[m].strip()), -1)

        body: list[list[tuple[int, int, str]]] = []
        pending: tuple[int, int, str] | None = None  # a numbered row's label wrapped onto the line above it
        j = i
        while j < len(lines):
            nxt = rows[j + 1] if j + 1 < len(lines) else False
            if rows[j]:
                row = list(cells[j])
                if pending is not None:
                    s0, e0, t0 = row[0]
                    row[0] = (min(s0, pending[0]), max(e0, pending[1]), f"{pending[2]} {t0}")
                    pending = None
                body.append(row)
            elif body and starts_row(j):  # "40   Bearsted Road Improvements - formerly" over "Campus ...  14,357"
                pending = (cells[j][0][0], cells[j][-1][1], " ".join(c[2] for c in cells[j]))
            elif not lines[j].strip() and (nxt or (m := next_text(j)) >= 0 and (
                    rows[m] or starts_row(m) or group_label(m))):
                pass
            elif body and group_label(j):
                body.append(list(cells[j]))
            elif lines[j].strip() and len(cells[j]) <= 2 and body and (nxt or not lines[j + 1:j + 2] or not lines[j + 1].strip()):
                if len(cells[j]) == 2 and cells[j][0][2][:1].isupper():
                    body.append(list(cells[j]))  # a labelled row whose value is words, not a wrapped cell
                else:
                    body[-1] = _merge(body[-1], cells[j])
            else:
                break
            j += 1
        # The header: the multi-cell lines just above, past blank lines and one-cell group labels.
        # A line that is only a unit ("£m", "£'000") says what every figure column holds; a short word over a
        # figure column ("Working" above "Budget") is a heading wrapped onto two lines, dropped: where the
        # text layer places it over the wrong column it would mislabel one
        header: list[int] = []
        unit: list[int] = []
        wrapped: list[int] = []
        back = i - 1
        while back >= 0 and i - back <= 8 and back in where:
            text = lines[back].strip()
            if _is_header(cells[back]):
                header.insert(0, back)
            elif UNIT_LINE.match(text) and not unit:
                unit.append(back)
            elif header and len(cells[back]) == 1 and len(text) <= 20 and _over(cells[back][0], cells[header[0]][1:]):
                wrapped.append(back)
            elif header and text:
                break
            back -= 1
        for h in header + (unit + wrapped if header else []):
            out[where.pop(h)] = ""
        heads, unit_text = [cells[h] for h in header], lines[unit[0]].strip() if header and unit else ""
        width = max(len(r) for r in body)
        if heads:
            if carried is not None:
                carried[:] = [heads, unit_text]
        elif carried and max(len(h) for h in carried[0]) == width and _continues(out):
            heads, unit_text = carried  # the table goes on from the page before
        out.extend(_align_table(heads, body, unit_text))
        i = j
    return out


def _continues(out: list[str]) -> bool:
    """Nothing but short lines (a group label such as "Transportation") stands above the rows on this
    page: they continue a table from the page before."""
    return all(len(ln) <= 40 for ln in out)


def _over(cell: tuple[int, int, str], below: list[tuple[int, int, str]]) -> bool:
    """Whether a cell stands over one of the cells below it."""
    return any(min(cell[1], e) > max(cell[0], s) for s, e, _ in below)


def _merge(row: list[tuple[int, int, str]], more: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Append a wrapped line's cells to the cells of the row above that they sit under."""
    row = list(row)
    for s, e, text in more:
        n = min(range(len(row)), key=lambda c: abs(row[c][0] - s))
        rs, re_, rt = row[n]
        row[n] = (min(rs, s), max(re_, e), f"{rt} {text}")
    return row


def _align_table(header: list[list[tuple[int, int, str]]], rows: list[list[tuple[int, int, str]]],
                 unit: str = "") -> list[str]:
    """Tab-separated lines whose cells line up with one set of columns, found from positions; a unit
    stated above the header is added to each figure column's heading."""
    width = max(len(r) for r in rows)
    # the columns of the full row with least text: a long cell, set in fixed-width text, pushes the cells
    # after it right of where the page puts them; a short one leaves them in place
    model = min((r for r in rows if len(r) == width), key=lambda r: sum(len(c[2]) for c in r))
    widest = max(header, key=len, default=[])
    if len(widest) > width:  # the header names more columns than these rows fill ("Prior Years Spend" left blank)
        model, width = widest, len(widest)
    spans = [(s, e) for s, e, _ in model]

    def column(s: int, e: int) -> int:
        overlaps = [min(e, ce) - max(s, cs) for cs, ce in spans]
        best = max(range(len(spans)), key=lambda c: overlaps[c])
        if overlaps[best] > 0:
            return best
        mid = (s + e) / 2
        return min(range(len(spans)), key=lambda c: abs((spans[c][0] + spans[c][1]) / 2 - mid))

    def place(cells: list[tuple[int, int, str]], is_row: bool) -> list[str]:
        if len(cells) == width:
            return [c[2] for c in cells]
        slots = [""] * width
        for n, (s, e, text) in enumerate(cells):
            # A row's label is its first, non-numeric cell, wherever it is aligned.
            c = 0 if n == 0 and is_row and not NUMERIC.match(text) else column(s, e)
            slots[c] = f"{slots[c]} {text}".strip()
        return slots

    out = []
    if header:
        merged = [""] * width
        for line in header:
            for c, text in enumerate(place(line, False)):
                merged[c] = f"{merged[c]} {text}".strip()
        if unit:  # on the columns of figures only: a year or a reason column has no unit
            figures = [sum(bool(NUMERIC.match(v)) for v in col if v) * 2 > sum(1 for v in col if v)
                       for col in zip(*(place(r, True) for r in rows))]
            merged = [f"{m} {unit}".strip() if c and figures[c] else m for c, m in enumerate(merged)]
        out.append("\t".join(merged))
    out.extend("\t".join(place(r, True)) for r in rows)
    return out


def _prose(text: str) -> bool:
    words = re.findall(r"[A-Za-z]{2,}", text)
    return len(words) >= 5 and sum(map(len, words)) >= 0.6 * len(text.strip())


BULLET_GLYPH = re.compile("[•·▪◦●■□➢►\uf0b7\uf0a7\uf0d8\uf076\uf0fc]")
# a bullet typed as a character: a dash or a sub-list's "o" alone in the left column marks an item, it labels nothing
TYPED_BULLET = re.compile(r"[-–o*]")


def split_label_column(lines: list[str]) -> list[str]:
    """Unfold a two-column key/value layout into '## label' lines followed by their text."""
    starts: Counter[int] = Counter()
    for ln in lines:
        for m in re.finditer(r"\S\s{4,}(?=\S)", ln):
            starts[m.end()] += 1
        stripped = len(ln) - len(ln.lstrip())
        if ln.strip() and stripped >= 16:
            starts[stripped] += 1
    if not starts:
        return lines
    col, count = starts.most_common(1)[0]
    if count < 6:
        return lines
    inside = [
        i for i, ln in enumerate(lines)
        if len(ln) > col + 30 and ln[col - 1] == " " and ln[col] != " " and _prose(ln[col:])
        and not _is_row(_cells(ln))
    ]
    if len(inside) < 6:
        return lines


    def conforms(ln: str) -> bool:
        """Blank, a label alone, or text starting at the column after a gap (not full-width prose)."""
        if not ln.strip() or len(ln.rstrip()) <= col:
            return True
        return ln[col] != " " and ln[col - 1] == " " and (not ln[:col].strip() or ln[col - 3:col] == "   ")

    first = inside[0]
    last = first
    while last + 1 < len(lines) and conforms(lines[last + 1]):
        last += 1
    while last > first and not lines[last].strip():
        last -= 1
    if sum(1 for i in inside if i <= last) < 3:
        return lines
    left = [ln[:col].strip() if first <= i <= last else "" for i, ln in enumerate(lines)]
    out = lines[:first]
    label: list[str] = []
    body: list[str] = []
    for i in range(first, last + 1):
        ln = lines[i]
        if BULLET_GLYPH.fullmatch(left[i]) or TYPED_BULLET.fullmatch(left[i]):
            # a column of bullets is a list's, not labels: each marks its line's item
            if label:
                out.append("## " + " ".join(label))
            out.extend(body)
            label, body = [], []
            out.append("• " + (ln[col:].strip() if len(ln) > col else ""))
            continue
        if left[i] and not (i > first and left[i - 1]):  # a new row starts
            if label:
                out.append("## " + " ".join(label))
            out.extend(body)
            label, body = [], []
        if left[i]:
            label.append(left[i])
        body.append(ln[col:].rstrip() if len(ln) > col else "")
    if label:
        out.append("## " + " ".join(label))
    out.extend(body)
    return out + split_label_column(lines[last + 1:])
