"""Pages of lines to structural blocks: headings, numbered paragraphs, list items, tables.

Each block knows its page and its section path, so a chunk can say "p. 6, 6. Progress > 6.1".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from clerk.text import MONEY

from .document import Page

INLINE_DEBRIS = re.compile(r"</?(?:b|i|u|em|strong|span|font|sup|sub)\s*/?>|\*\*|__(?=\w)|(?<=\w)__", re.I)
BULLET = re.compile("^(?:[•·▪◦●■□➢►\\-–*\x7f\uf0b7\uf0a7\uf0d8\uf076\uf0fc]|o(?=\\s))\\s+")
SUBITEM = re.compile(r"^(?:\(?[a-z]\)|\(?[ivxIVX]+[.)])\s+")
NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)(\.?)\s+(\S.*)$")
TERMINAL = (".", ":", ";", "?", "!", ",")
# a form's field ("Directorate: Growth, Environment & Transport", "Proposer: Alan Smith", "Ward(s): All wards"):
# text, not a heading
FIELD = re.compile(r"^(?!(?:Appendix|Annex|Item|Part|Section|Chapter|Table|Figure|Schedule|Question)\b)"
                   r"[A-Z][\w’'&/()-]*(?: [\w’'&/()-]+){0,2}: +\S")
# a recorded vote in minutes: "For (41)", then the names; the count belongs with its names, and
# the three (For, Against, Abstain) are a list under "the voting was as follows:"
# (capitalised, count in brackets: a wrapped line "for 3 years from April" is no vote)
VOTE = re.compile(r"^(For|Against|Abstain|Abstained|Abstentions?) ?\((\d+)\)(?=\s|$)")
# a contents page and its entries ("Armed Forces Champions ........ 19"): they point to the text, they are not it,
# and their page numbers would pass for an answer to "how many"
CONTENTS_HEADING = re.compile(r"(?:^|\s)(?:table of )?contents$", re.I)
CONTENTS_ENTRY = re.compile(r"(?:\.\s?){4,}\s*\d+\s*$|…{2,}\s*\d+\s*$")


# "... prior to the road closure:-": a typed colon-dash is a colon; read as one, the line leads in the list under it
COLON_DASH = re.compile(r":\s*[-–—]+\s*$")


def clean(text: str) -> str:
    """Remove conversion debris: formatting tags and ** marks, odd spaces, soft hyphens, a colon's dash."""
    text = INLINE_DEBRIS.sub("", text)
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u00ad", "").replace("\u200b", "")
    return COLON_DASH.sub(":", re.sub(r"[ \t]{2,}", " ", text).strip())


@dataclass
class Block:
    kind: str  # heading | para | item | table
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    page: int | None = None
    page_label: str | None = None
    number: str | None = None  # "3.4" for a numbered paragraph or heading
    section: str = ""
    last_page: int | None = None


def parse(pages: list[Page]) -> list[Block]:
    blocks = _raw_blocks(pages)
    blocks = _listed_titles(_without_contents([_classify(b) for b in blocks]))
    for b, nxt in zip(blocks, blocks[1:]):
        if b.kind == "para" and b.text.endswith(";") and nxt.kind == "item":
            # "The following points were raised;" over bullets: a semicolon typed for a lead-in's colon, as ":-" is
            b.text = b.text[:-1] + ":"
    _assign_sections(blocks)
    return blocks


def _listed_titles(blocks: list[Block]) -> list[Block]:
    """Numbered title-like lines set out one after another under a lead-in ("Challenges:", "1. Increasing
    congestion", "2. Poor air quality") are the items of a list, not headings: a heading has text under it, and
    read as headings the items would vanish into section names. So are short lines each giving a sum of money
    ("Picnic tables - £400") one after another under a lead-in."""
    for i, lead in enumerate(blocks):
        if lead.kind != "para" or not lead.text.rstrip().endswith(":"):
            continue
        run: list[Block] = []
        for b in blocks[i + 1:]:
            if b.kind != "heading" or (b.number or "").rstrip(".") != str(len(run) + 1):
                break
            run.append(b)
        if not run:  # "Projects:", "Picnic tables - £400", "Website - £1,000": short lines each giving a sum
            for b in blocks[i + 1:]:
                if b.kind not in ("heading", "para") or b.number or len(b.text) > 90 or not MONEY.search(b.text):
                    break
                run.append(b)
        if len(run) >= 2:
            for b in run:
                b.kind, b.number = "item", None
    return blocks


def _without_contents(blocks: list[Block]) -> list[Block]:
    """Drop a contents page: from its "Contents" heading to the end of that page."""
    kept, contents_page = [], None
    for b in blocks:
        if b.kind == "heading" and CONTENTS_HEADING.search(b.text) and b.page is not None:
            contents_page = b.last_page or b.page  # the heading may have run on from the page before
        if contents_page is None or b.page != contents_page:
            kept.append(b)
    return kept


def _raw_blocks(pages: list[Page]) -> list[Block]:
    blocks: list[Block] = []
    open_para: Block | None = None  # a paragraph that the next line may continue
    vote: Block | None = None  # "For (41)" waiting for its names, perhaps past a blank line
    for page in pages:
        lines = [ln.rstrip() for ln in page.lines]
        widths = sorted(len(ln) for ln in lines if ln.strip() and "\t" not in ln)
        width = widths[int(len(widths) * 0.9)] if widths else 0
        wrapped = page.number is not None  # PDF lines are wrapped; other formats have a line a paragraph
        for line in lines:
            where: dict[str, Any] = dict(page=page.number, page_label=page.label, last_page=page.number)
            if not line.strip():
                open_para = vote
                continue
            vote = None
            if line.startswith("## "):
                blocks.append(Block("heading", clean(line[3:]), **where))
                open_para = None
                continue
            if "\t" in line:
                cells = [clean(c) for c in line.split("\t")]
                while cells and not cells[-1]:
                    cells.pop()
                prose = [c for c in cells if len(c) > 60 and not re.search(r"\d[\d,.]*\s*$", c)]
                if len(cells) == 2 and prose == [cells[1]]:  # a key/value layout, not a table
                    if cells[0]:
                        blocks.append(Block("heading", cells[0], **where))
                    blocks.append(Block("para", cells[1], **where))
                    open_para = None
                    continue
                if len([c for c in cells if c]) == 1 and cells and not cells[0]:
                    line = cells[-1]  # "\tText" is a paragraph in the right-hand column
                else:
                    if blocks and blocks[-1].kind == "table" and not (
                            page.number != blocks[-1].last_page and _heads_columns(cells)):
                        blocks[-1].rows.append(cells)
                        blocks[-1].last_page = page.number
                    else:
                        blocks.append(Block("table", rows=[cells], **where))
                    open_para = None
                    continue
            text = clean(line)
            if not text or CONTENTS_ENTRY.search(text):
                continue
            starts_new = bool(BULLET.match(text) or SUBITEM.match(text) or VOTE.match(text)
                              or NUMBERED.match(text) and not _wrapped_figure(open_para, text))
            # a short title-like line after a finished sentence is a heading, not more of the paragraph
            if (open_para is not None and open_para.text.endswith((".", "!", "?")) and wrapped
                    and len(line.strip()) < 0.7 * width and _looks_like_title(text)):
                starts_new = True
            if open_para is not None and not starts_new:
                prev = open_para.text
                if prev.endswith("-") and prev[-2:-1].isalpha() and text[:1].islower():
                    open_para.text = prev[:-1] + text
                else:
                    open_para.text = f"{prev} {text}"
                open_para.last_page = page.number
            else:
                open_para = Block("para", text, **where)
                blocks.append(open_para)
            if (m := VOTE.fullmatch(text)) and m.group(2) != "0":
                vote = open_para
                continue
            # A short line ends its paragraph; so does every line of an unwrapped format.
            if not wrapped or len(line.strip()) < 0.7 * width:
                if not wrapped or text.endswith(TERMINAL) or text[-1:].isalnum() or text.endswith(")"):
                    open_para = None
        # A paragraph running over the page break continues only if it did not end a sentence.
        if open_para is not None and open_para.text.endswith((".", "?", "!")):
            open_para = None
    return blocks


# a sentence cannot end on these: the line after one goes on with it
ENDS_MIDWAY = re.compile(r"\b(?:to|from|of|on|by|and|or|the|a|an|in|at|with|between|until|than|for|per)$", re.I)


def _wrapped_figure(open_para: Block | None, text: str) -> bool:
    """A line that opens with a figure under a sentence not yet finished is that sentence wrapped, not a numbered
    paragraph: one going on in lower case ("... decreased by" / "80 to 475, with ..."), or any after a word no
    sentence ends on ("The consultation ran from 30 September to" / "28 October 2025.")."""
    m = NUMBERED.match(text)
    if not (m and open_para is not None and not m.group(2)):
        return False
    before = open_para.text.rstrip()
    return not before.endswith((".", ":", ";", "?", "!")) and (m.group(3)[:1].islower() or bool(ENDS_MIDWAY.search(before)))


def is_figure(cell: str) -> bool:
    """A table cell that is a figure ("£1.2m", "(3,713)", "4%") or a dash for none."""
    return bool(re.fullmatch(r"[(\-–]?[£$€]?[\d.,]+\)?%?[mk]?|[-–]|", cell.strip()))


def _heads_columns(cells: list[str]) -> bool:
    """A row of column names, no figures: at the top of a page, the header of a table of its own (a
    programme's years 5 to 10 after its years 1 to 4), not a row of the table on the page before."""
    named = [c for c in cells[1:] if c]
    return len(named) >= 2 and not any(is_figure(c) for c in named)


def _classify(block: Block) -> Block:
    if block.kind != "para":
        return block
    text = block.text
    if VOTE.match(text):
        block.kind = "item"
        return block
    if m := BULLET.match(text):
        block.kind, block.text = "item", text[m.end():]
        # "- 1.1 The purpose..." is a numbered paragraph dressed as a bullet; "▪ 20 vehicles removed" is a count
        # opening an item, not paragraph 20
        if (n := NUMBERED.match(block.text)) and (n.group(2) or "." in n.group(1) or not n.group(3)[:1].islower()):
            block.kind, block.number = "para", n.group(1)
        return block
    if SUBITEM.match(text):
        block.kind = "item"
        return block
    if m := NUMBERED.match(text):
        number, rest = m.group(1), m.group(3)
        if _looks_like_title(rest) and (m.group(2) or number.endswith(".0") or "." not in number):
            block.kind, block.number = "heading", number
        elif len(number.split(".")) == 1:
            if m.group(2):
                block.kind = "item"  # "1. Have the highest aspirations ..." is a numbered list item
            return block  # "2 children were ..." is a sentence starting with a number
        elif _looks_like_title(rest) and number.count(".") >= 1 and len(rest) < 60:
            block.kind, block.number = "heading", number
        else:
            block.number = number
        return block
    if _looks_like_title(text) and len(text) < 70 and not FIELD.match(text):
        block.kind = "heading"
    return block


def _looks_like_title(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 12 and len(text) < 90 and text[:1].isupper()
        and not text.endswith((".", ",", ";", ":")) and not re.search(r"\.\s+[A-Z]", text)
    )


def _in_capitals(text: str) -> bool:
    """A heading in capitals ("REVENUE", "MINUTES OF THE MEETING"); a postcode ("SA1 7TA") is no heading."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters) and not any(c.isdigit() for c in text)


def _level(number: str) -> int:
    parts = number.rstrip(".").split(".")
    while len(parts) > 1 and parts[-1] == "0":
        parts.pop()
    return len(parts)


JOINED_TITLE = 200  # characters of a title run over several heading lines


def _assign_sections(blocks: list[Block]) -> None:
    path: list[tuple[int, str, bool]] = []  # (level, title, numbered)
    para_number: str | None = None
    previous: Block | None = None
    first = next((b for b in blocks if b.kind == "heading"), None)
    for b in blocks:
        if b.kind == "heading":
            if b.number:
                level = _level(b.number)
            else:
                level = 2 if path and path[0][2] and path[0][0] == 1 else 1
            if (not b.number and previous is not None and previous.kind == "heading" and not previous.number
                    and previous is not first and not _in_capitals(b.text) and not _in_capitals(previous.text)
                    and path and path[-1][0] == level and len(path[-1][1]) + len(b.text) < JOINED_TITLE):
                # unnumbered title lines one after another are one title set over several lines: a planning
                # application's reference, what it is, where and whose ("E/100 Stables", "Land opposite Mill
                # Farm", "Hillbrook"); each line alone names a fraction. Not the paper's own title, the first
                # heading, nor a heading in capitals ("REVENUE"): those head what follows on their own
                path[-1] = (level, f"{path[-1][1]}, {b.text}", False)
            else:
                while path and path[-1][0] >= level:
                    path.pop()
                path.append((level, b.text, bool(b.number)))
            para_number = None
        elif b.number:
            para_number = b.number
        titles = [t for _, t, _ in path]
        if b.kind != "heading" and para_number:
            titles.append(para_number)
        b.section = " > ".join(titles)
        previous = b
