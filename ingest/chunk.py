"""Blocks to chunks that fit the embedding model's window, without cutting sentences or rows.

A chunk never crosses a section; a list stays with its lead-in; a table is split by rows,
each row rendered as "label: column = value; ..." with its header carried as the chunk's lead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from clerk.text import split_sentences

from .blocks import Block, is_figure
from .document import Chunk

Counter = Callable[[list[str]], list[int]]


def table_header(rows: list[list[str]]) -> list[str] | None:
    first = rows[0]
    if len(rows) > 1 and len(first) > 1 and not any(is_figure(c) for c in first[1:] if c):
        return first
    return None


# the unit a column's heading gives its figures: "Budget £m", "2025-26 £'000", "Rate (%)"
COLUMN_UNIT = re.compile(r"\s*\(?(£\s?['’]?\s?(?:m|000s?|k|bn)?|£\s?millions?|%)\)?(?=\s|$)", re.I)
# a bracketed figure, accounts' negative, is left as the paper writes it: "(3,713)" is what a reader searches for
PLAIN_FIGURE = re.compile(r"([\-–+]?)(\d[\d,]*(?:\.\d+)?)")
SCALE = {"m": "m", "million": "m", "millions": "m", "000": "k", "000s": "k", "k": "k", "bn": "bn"}


def with_unit(name: str, value: str) -> tuple[str, str]:
    """A column's unit moved onto its plain figures, so each row reads alone: ("Budget £m", "524.7") ->
    ("Budget", "£524.7m"); ("Rate %", "4.03") -> ("Rate", "4.03%"). Other cells are left as they are."""
    unit = COLUMN_UNIT.search(name)
    figure = PLAIN_FIGURE.fullmatch(value.strip())
    if not unit or not figure:
        return name, value
    sign, number = figure.groups()
    token = re.sub(r"[\s'’]", "", unit.group(1)).lower()
    sign = "-" if sign in ("-", "–") else ""
    shown = f"{number}%" if token == "%" else f"£{number}{SCALE.get(token[1:], '')}"
    return (name[:unit.start()] + name[unit.end():]).strip() or name, sign + shown


# a row reference ("31", "4.2", "A3"): the row's number, which names it only with the name beside it
ROW_REF = re.compile(r"[A-Z]?\d{1,4}(?:\.\d{1,3})*\.?")


def render_row(row: list[str], header: list[str] | None) -> str:
    # "31 | A28 Chart Road | ... | 29,699": the row is called "31 A28 Chart Road", as a reader would cite it
    first = 2 if len(row) > 2 and ROW_REF.fullmatch(row[0]) and re.search(r"[A-Za-z]{3}", row[1]) else 1
    label, values = " ".join(row[:first]), row[first:]
    pairs = []
    for i, value in enumerate(values, start=first):
        if not value:
            continue
        name, value = with_unit(header[i] if header and i < len(header) else "", value)
        pairs.append(f"{name} = {value}" if name else value)
    if not pairs:
        return label
    return f"{label}: {'; '.join(pairs)}" if label else "; ".join(pairs)


class _Part(NamedTuple):
    text: str
    same_line: bool  # a later sentence of a paragraph: joins the part before with a space, not a new line


def _joined(parts: list[_Part]) -> str:
    lines: list[str] = []
    for p in parts:
        if p.same_line and lines:
            lines[-1] += " " + p.text
        else:
            lines.append(p.text)
    return "\n".join(lines)


class _Packer:
    def __init__(self, count: Counter, budget: int):
        self.count, self.budget = count, budget
        self.chunks: list[Chunk] = []
        self.parts: list[_Part] = []  # items and rows each on a line; a paragraph's sentences on one
        self.used = 0
        self.lead = ""
        self.kind = ""
        self.first: Block | None = None
        self.last: Block | None = None

    def flush(self) -> None:
        if self.parts and self.first is not None and self.last is not None:
            self.chunks.append(Chunk(
                text=_joined(self.parts), page=self.first.page, page_end=self.last.last_page,
                page_label=self.first.page_label, section=self.first.section,
                kind=self.kind, lead=self.lead, ordinal=len(self.chunks),
            ))
        self.parts, self.used, self.lead, self.kind, self.first = [], 0, "", "", None

    def add(self, pieces: list[str], block: Block, kind: str, lead: str = "", carry: str = "",
            alone: bool = False) -> None:
        """Add pieces (sentences, items or rows) of one unit; start new chunks as the budget fills.

        `lead` heads every chunk of the unit (a table's header); `carry` heads the chunks after
        the first (a list's lead-in); a paragraph carries its previous sentence.
        """
        sizes = self.count(pieces)
        lead_size = self.count([lead])[0] if lead else 0
        total = sum(sizes)
        if self.first is not None and (
            alone or self.kind == "table" or self.first.section != block.section
            or self.used + total > self.budget
            # a list under its own lead-in ("Risks:") opens a chunk once the text before it is more than a line or
            # two: packed after other points, the list's vector is mostly theirs, and a search for what it lists misses it
            or (carry and self.used >= self.budget // 4)
        ):
            self.flush()
        for piece, size in zip(pieces, sizes):
            if self.first is not None and self.used + size > self.budget:
                context = lead or carry or (self.parts[-1].text if kind == "paragraph" else "")
                self.flush()
                if context and self.count([context])[0] < self.budget // 3:
                    self.lead, self.used = context, self.count([context])[0]
            if self.first is None:
                self.first = block
                self.kind = kind
                if lead and not self.lead:
                    self.lead, self.used = lead, lead_size
            elif self.kind != kind:
                self.kind = "paragraph" if "table" not in (self.kind, kind) else self.kind
            if size > self.budget:  # one sentence larger than the window: cut at words, rarely needed
                for part in _cut(piece, size, self.budget):
                    self.parts.append(_Part(part, False))
                    self.last = block
                    self.flush()
                    self.first = block
                continue
            # sentences after a unit's first continue its line; items and rows start their own
            same_line = kind == "paragraph" and piece is not pieces[0] and bool(self.parts)
            self.parts.append(_Part(piece, same_line))
            self.used += size
            self.last = block


def _cut(text: str, size: int, budget: int) -> list[str]:
    words = text.split()
    n = max(1, int(len(words) * budget / size * 0.9))
    return [" ".join(words[i:i + n]) for i in range(0, len(words), n)]


# "Table 3: ...", "Table Three – ...", "Table A. ...": a caption over the table that follows it
CAPTION = re.compile(r"^Table\s+(?:\d+(?:\.\d+)?|[A-Z]|[A-Z][a-z]+)\s*[:.–-]\s*\S")


def chunk_blocks(blocks: list[Block], count: Counter, budget: int) -> list[Chunk]:
    packer = _Packer(count, budget)
    last_header: list[str] | None = None
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "heading":
            i += 1
            continue
        if b.kind == "table":
            header = table_header(b.rows)
            rows = b.rows[1:] if header else b.rows
            if header is None and last_header and len(last_header) == max(len(r) for r in rows):
                header = last_header  # a table continued from the previous page
            last_header = header
            lead = " | ".join(c for c in header if c) if header else ""
            before = blocks[i - 1] if i else None
            if before is not None and before.kind != "table" and CAPTION.match(before.text):
                # a table's caption says what every row is of ("Table Three: Estimates of ... in Hillbrook"): it heads
                # each chunk of the table, as its column names do
                lead = f"{before.text}\n{lead}".strip()
            rendered = [r for r in (render_row(row, header) for row in rows) if r]
            packer.add(rendered, b, "table", lead=lead, alone=True)
            i += 1
            continue
        if b.kind == "item" or (b.text.endswith(":") and i + 1 < len(blocks) and blocks[i + 1].kind == "item"):
            lead_in = b.text if b.kind != "item" else ""
            items: list[str] = [] if lead_in else ["• " + b.text]
            j = i + 1
            while j < len(blocks) and blocks[j].kind == "item":
                items.append("• " + blocks[j].text)
                j += 1
            pieces = ([lead_in] if lead_in else []) + items
            packer.add(pieces, b, "list", carry=lead_in)
            i = j
            continue
        packer.add(split_sentences(b.text) if len(b.text) > 400 else [b.text], b, "paragraph")
        i += 1
    packer.flush()
    for n, c in enumerate(packer.chunks):
        c.ordinal = n
    return packer.chunks
