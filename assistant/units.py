"""Passages to quotable units: sentences, list items and table rows, each with the context that
tells what it is about (its heading, a list's lead-in, a table's header, the sentence before).

Headings, addressee and cover-sheet fields, contents entries and questions put in the papers are
context, not answers: they name a subject without saying anything about it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from clerk.index import Passage
from clerk.index.refs import references
from clerk.text import sentences, share_of_words_in

from .question import LIST_QUESTION
from .wanted import figure_spans
# a cover sheet's routing fields: they say where a paper goes, not what it says (a glossary of the
# labels councils' report templates use); one answers only a question that names its label
COVER_FIELD = re.compile(r"^\s*(To|From|Subject|Classification|Date|Key decision|Decision No\.?|Decision number|"
                         r"Electoral Divisions?|Wards? affected|Wards?|Past Pathway of report|Future Pathway of report|"
                         r"Past pathway|Future pathway|Report status|Agenda item|Item(?: No\.?)?|Report to|"
                         r"Meeting|Meeting date|Report title|Title|By|Status|Contact(?: officer| details)?|Officer contact|"
                         r"Report author|Author|Relevant Director|E-?mail|Tel|Telephone)\s*:\s*", re.I)
# the title of a part of a paper ("Appendix 2 – Current Terms of Reference"): it names what follows and
# answers only a question that names that part
PART_TITLE = re.compile(r"^(Appendix|Annexe?|Section|Part|Schedule|Chapter|Table|Figure)\s+([A-Z]|\d+(?:\.\d+)*)\b"
                        r"(?:\s*[-–—:]\s*|\s+)[^.!?=;]*$")
TITLE_WORD = re.compile(r"[A-Za-z][\w'’&-]*")
SMALL_WORDS = {"and", "of", "the", "for", "to", "in", "on", "a", "an", "at", "by", "with", "or", "&"}
# a minute's item number on a line of its own, "(Item 5)": it files what follows, and says nothing itself
ITEM_LINE = re.compile(r"^\(?(?:Agenda\s+)?Item\s+\d{1,3}[a-z]?\)?\.?$", re.I)
SECTION_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?\s*[A-Z]")  # "1.1The Delivery Plan", "2.3 Finance": a heading's
# a line that labels the text after it: a few words and a colon ("Reason for decision:", "Financial implications:")
FIELD_LINE = re.compile(r"^(?:[A-Za-z][\w'’&/()-]*\s+){0,9}[A-Za-z][\w'’&/()-]*:$")
CONTENTS_ENTRY = re.compile(r"(?:\.\s?){4,}\s*\d+\s*$|…{2,}\s*\d+\s*$")


# a table row as ingest renders it: "7 Borrowing: Total Cost = £441,101k; 2025-26 = £45,168k"
ROW_LINE = re.compile(r"^[^=;\n]{1,120}: [^=;\n]{1,60} = [^;\n]+(?:; [^=;\n]{1,60} = [^;\n]+)+$")


@dataclass
class Unit:
    text: str  # exact stored text, as quoted
    passage: Passage
    position: int  # order in the passage
    context: str  # heading, lead-in, header, sentence before: what tells its subject
    role: str  # sentence | item | row
    group: int | None = None  # the list or table it belongs to within the passage, for quoting it whole
    label: str = ""  # a cover field's label ("To"), which only a question naming it asks for
    filed_under: str = ""  # the form field or label line its text is filed under ("Any alternatives considered and rejected:")
    scores: dict[str, float] = field(default_factory=dict)  # signal name -> value, for the best part
    part: int = 0  # the part of the question it answers best
    opens: bool = True  # False for an item's second and later sentences: the item is opened by its first
    relevance: float = 0.0
    before: Unit | None = None  # the unit read just before it in the same passage, and just after
    after: Unit | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.passage.chunk_id, self.text


def _says_something(u: Unit) -> bool:
    """Two words, or a labelled figure ("Northshire: 8529"); a list item, one word: lists name places, funds and
    partners a word each ("• Hillbrook", "• Insurance"), and a list quoted whole needs every item."""
    words = len(re.findall(r"[A-Za-z]{2,}", u.text))
    return words >= 2 or words == 1 and u.role == "item" or bool(re.search(r"[A-Za-z]{2,}.*\d", u.text))


def units_of(p: Passage) -> list[Unit]:
    """The quotable units of a passage in reading order."""
    heading = p.section.split(" > ")[-1]
    lines = _rejoin([ln.strip() for ln in p.hit.split("\n") if ln.strip()])
    out: list[Unit] = []
    lead_in = p.lead if p.chunk_kind == "list" else ""
    group = 0
    previous = ""
    form_field = ""
    in_list = False
    if p.chunk_kind == "paragraph" and p.lead:  # the sentence carried from the chunk before: part of the text
        lines = [p.lead.strip()] + lines
    for line in lines:
        if CONTENTS_ENTRY.search(line):
            continue
        field = _cover_field(line)
        if p.chunk_kind == "table":
            out.append(Unit(line, p, len(out), f"{heading}\n{p.lead}", "row", group=0, label=field))
            continue
        if ROW_LINE.match(line):  # a table row in a chunk that opens with prose ("Funded By:\n7 Borrowing: ...")
            out.append(Unit(line, p, len(out), f"{heading}\n{lead_in or previous}", "row", group=-1, label=field))
            in_list = False
            continue
        if line.startswith("•"):
            group += not in_list  # the first item of a new list
            in_list = True
            # a list with no lead-in of its own is about the sentence just before it
            out += _items(line, p, len(out), f"{heading}\n{lead_in or previous}", group)
            form_field = ""  # a line with a colon over a list is the list's lead-in, not a field of what follows it
            if line.endswith(":"):
                # an item that leads in ("6. The Committee agreed the following motion:") is the subject of the
                # lettered points set under it as plain lines ("a. That the decision be postponed ...")
                previous = line.lstrip("• ")
            continue
        in_list = False
        if line.endswith(":"):
            lead_in = line  # a lead-in introduces the items under it: their context, and quoted with them
        for s in sentences(line):
            # a form's field says what each sentence under it is ("Reason for decision:", "Any alternatives
            # considered and rejected:"), as a heading does, until the next field
            under = form_field if form_field and form_field != previous else ""
            out.append(Unit(s, p, len(out), "\n".join(x for x in (heading, under, previous) if x), "sentence",
                            label=field, filed_under=form_field if s != form_field else ""))
            previous = s
        if FIELD_LINE.match(line):
            form_field = line
    out = [u for u in out if _says_something(u)]
    for a, b in zip(out, out[1:]):
        a.after, b.before = b, a
    return out


def _rejoin(lines: list[str]) -> list[str]:
    """A list item the page wrapped mid-sentence, joined again: "• 1. Approved ... will require the Committee to be"
    then "updated upon completion ...". The rest of the item is not a paragraph after the list, which would end it."""
    out: list[str] = []
    for line in lines:
        if out and out[-1].startswith("•") and out[-1][-1] not in ".:;!?" and re.match(r"[a-z]", line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _cover_field(line: str) -> str:
    """A cover sheet's field label ("To", "Subject"), as a line or a table row ("From: ... = ...") sets it out."""
    m = COVER_FIELD.match(line)
    return m.group(1) if m else ""


def _items(line: str, p: Passage, position: int, context: str, group: int) -> list[Unit]:
    """A list item as units, one a sentence: each later sentence has the one before as context too."""
    parts = _item_parts(line)
    return [Unit(line if len(parts) == 1 else s, p, position + i, context + ("\n" + parts[i - 1] if i else ""), "item",
                 group=group, opens=not i) for i, s in enumerate(parts)]


def _item_parts(line: str) -> list[str]:
    """A list item's sentences; its own number ("7.") stays with the first."""
    item = line.lstrip("• ").strip()
    parts = sentences(item) or [item]
    if len(parts) > 1 and ITEM_NUMBER.fullmatch(parts[0]):
        parts = [f"{parts[0]} {parts[1]}"] + parts[2:]
    return parts


def _in_capitals(text: str) -> bool:
    """A heading in capitals, colon and all: "APPENDIX F: 2025-28 ALTERNATIVE BUDGET - SAVINGS"."""
    words = [w for w in TITLE_WORD.findall(text) if w.lower() not in SMALL_WORDS]
    return 3 <= len(words) <= 16 and all(w.isupper() for w in words) and not re.search(r"[.!?;=]\s*$|=", text)


def _is_title(text: str) -> bool:
    """A line that names a subject in Title Case, with no sentence about it ("Budget Consultation
    2025-2026 Consultation Report"): a heading the layout did not mark."""
    if _in_capitals(text):
        return True
    words = [w for w in TITLE_WORD.findall(text) if w.lower() not in SMALL_WORDS]
    if re.search(r"[.!?:;=]\s*$|[:=]\s", text):
        return False
    return 2 <= len(words) <= 12 and all(w[0].isupper() or w[0].isdigit() for w in words)


# the number a unit is filed under: "7. Title", "(3) text", a heading "Section 25 Report (Item 5)" or "7."
LABEL = re.compile(r"^\s*[•\-]?\s*\(?(\d{1,3}(?:\.\d{1,2})*)[.)]?\s")
ITEM_LABEL = re.compile(r"\((?:item|minute)\s+(\d{1,3})\)", re.I)


def labels(u: Unit) -> set[str]:
    """The numbers a unit is filed under: its own, its heading's, or a minute's "(Item 5)" line above it."""
    heading = u.passage.section.split(" > ")[-1]
    found = {m.group(1) for text in (u.text, f"{heading} ") if (m := LABEL.match(text))}
    found |= set(ITEM_LABEL.findall(f"{heading} {u.context} {u.text}"))
    if u.after is not None and (m := ITEM_LABEL.fullmatch(u.after.text.strip())):
        return found | {m.group(1)}  # the title the "(Item 5)" line stands under
    above = u.before
    while above is not None:  # minutes put "(Item 5)" on a line of its own under the item's title
        if m := ITEM_LABEL.search(above.text):
            return found | {m.group(1)}
        above = above.before
    return found


def row_label(u: Unit) -> str:
    """What a table row is about: its label ("North Hub: Area = ...") or its first column's name
    ("Total Cost = ..."); "" for a unit that is not a row."""
    if u.role != "row":
        return ""
    first = u.text.split("; ")[0]
    head = first.split(":")[0]
    return (head if ":" in first and "=" not in head else first.split(" = ")[0]).strip()


ROW_NUMBER = re.compile(r"^[A-Z]?\d{1,4}(?:\.\d{1,3})*\.?\s+(?=\S)")


def row_name(u: Unit) -> str:
    """A row's label without its row number ("7 Borrowing" -> "Borrowing"): what a question calls it."""
    return ROW_NUMBER.sub("", row_label(u))


def heads_item(u: Unit) -> bool:
    """The unit is an item's numbered line ("7. Budget Monitoring") or the title over its "(Item 7)"."""
    heading = u.passage.section.split(" > ")[-1]
    return bool(LABEL.match(u.text) or LABEL.match(f"{heading} ")
                or u.after is not None and ITEM_LABEL.fullmatch(u.after.text.strip()))


def filed_title(u: Unit) -> str:
    """The heading a unit is filed under when its passage opens with the item's number, "(Item 5)":
    the item's title then stands only in the heading."""
    first = u
    while first.before is not None:
        first = first.before
    heading = u.passage.section.split(" > ")[-1].strip()
    return heading if ITEM_LABEL.fullmatch(first.text.strip()) and not LABEL.match(f"{heading} ") else ""


# where a table's figures or a claim come from: a caption's "Source: ...", a reference list's entry
CITATION = re.compile(r"^(?:Data )?(?:Sources?|References?|Bibliography)\s*:|\[online\]|\bet al\.?,? \(?(?:19|20)\d\d|"
                      r"\b(?:Available at|Accessed(?: on)?)\b", re.I)

# a minutes' opening line, who met when and where ("Hillbrook Community Council held their meeting at 7.30pm on the
# 12th June 2019 at the Village Hall.", "MINUTES of a meeting of the Cabinet held in ... on Thursday, 30 January 2025."):
# the record's heading. It names the council and the date a question about the meeting names, and says nothing of
# what the meeting did; it answers only when or where a meeting was held
MEETING_OPENING = re.compile(r"^(?:(?:[A-Z][\w&'’-]*\s+(?:and\s+|of\s+|&\s+)?){1,8}held (?:its|their) (?:\w+\s+){0,2}meeting|"
                             r"(?:the\s+)?minutes of (?:a|the) (?:[\w-]+\s+){0,3}meeting of\b.{0,200}?\bheld)\b", re.I)
ASKS_WHEN_MET = re.compile(r"^(?=.*\b(?:meet|meets|met|meetings?|held)\b)"
                           r".*\b(?:when|where|what time|which day|what date|venue)\b", re.I)


def answers_something(u: Unit, question: str) -> bool:
    """A unit can answer unless it is a question put in the papers, a lead-in alone, an item number
    alone, a source or reference (unless a source is asked for), a minutes' opening line (unless when or where the
    meeting was is asked), or a cover field the question does not ask
    about ("To: Cabinet" answers "who is the paper to?")."""
    text = u.text.rstrip()
    if text.endswith("?") or ITEM_LINE.match(text):
        return False
    if u.role == "sentence" and CITATION.search(text) and not re.search(r"\bsources?\b", question, re.I):
        return False
    if MEETING_OPENING.match(text) and not ASKS_WHEN_MET.search(question):
        return False
    # "... the following changes:" with nothing after it here; but "56 questions were received as follows:" says how many
    if text.endswith(":") and not introduces(u) and not figure_spans(text, question):
        return False
    # "what was item 5?" is answered by the title the item is filed under
    named = references(question).items  # cached: asked of every unit of every passage read
    if u.role == "sentence" and named and labels(u) & named:
        return True
    title = PART_TITLE.match(text) if u.role == "sentence" else None
    if title:
        return f"{title.group(1)} {title.group(2)}".lower() in question.lower()
    if u.role == "sentence" and _is_title(text) and (_in_capitals(text) or SECTION_NUMBER.match(text)
                                                     or not LIST_QUESTION.search(question)):
        # a list asked for may be set out one name a line, but not in a heading's capitals or under a section number
        return False
    if u.label:
        words = set(re.findall(r"[a-z]+", u.label.lower())) - {"of", "no"}
        return bool(words & set(re.findall(r"[a-z]+", question.lower())))
    return True


def whole_group(u: Unit) -> list[Unit]:
    """The list (its items) or table (its rows) a unit belongs to, in order, from the same passage."""
    if u.group is None:
        return [u]
    first, out = u, []
    while first.before is not None and first.before.group == u.group:
        first = first.before
    while first is not None and first.group == u.group:
        out.append(first)
        first = first.after
    return out


ENUMERATED = re.compile(r"^\s*(?:\(?(?:\d{1,2}|[a-h]|[ivx]{1,4})\)|\d{1,2}\.(?!\d)|(?:[a-h]|[ivx]{1,4})\.(?=\s+[A-Z]))\s+\S")
# the lettered or roman sub-items under a numbered item ("• a) DEVELOP ...", "(ii) ...")
# a sentence that announces what follows it ("... based on the following assessed levels.", "... as follows.")
ANNOUNCES = re.compile(r"\b(?:the following(?:\s+[\w-]+){0,3}|as follows|(?:set out|listed|shown) below)\s*[.:]?\s*$", re.I)
ITEM_NUMBER = re.compile(r"\(?\d{1,3}(?:\.\d{1,3})*[.)]")  # an item's own number, "7." or "(3)", alone
NUMBERED_ITEM = re.compile(r"^[•\s]*\(?\d{1,3}[.)]\s")  # "• 7. ...", "(3) ...": a numbered paragraph set as an item
SUB_ITEM = re.compile(r"^[•\s]*\(?(?:[a-h]|[ivx]{1,4})\)\s+\S")


def introduces(u: Unit) -> list[Unit]:
    """What a lead-in introduces, if it follows: the list after "... setting out:", or the numbered
    resolutions after "RESOLVED that the Council:" ("(1) Note ...", "(2) Endorse ...")."""
    nxt = u.after
    if nxt is None:
        return []
    if u.group is not None:  # an item that is itself a lead-in: "7. RESOLVED to recommend:" over "a) ...", "b) ..."
        run = []
        while (u.text.rstrip().endswith(":") and nxt is not None and len(run) < 15
               and (SUB_ITEM.match(nxt.text) or nxt.role == "sentence" and ENUMERATED.match(nxt.text))):
            run.append(nxt)
            nxt = nxt.after
        if not run and u.text.rstrip().endswith(":") and NUMBERED_ITEM.match(u.text):
            # "• 7. The proposal will need to address the following issues:" over plain items, up to "• 8. ..."
            while nxt is not None and nxt.group == u.group and not NUMBERED_ITEM.match(nxt.text) and len(run) < 15:
                run.append(nxt)
                nxt = nxt.after
        return run
    if nxt.role == "item" and (u.text.endswith(":") or ANNOUNCES.search(u.text)
                               or nxt.group == 1 and u.text.rstrip()[-1:] not in ".?!"):
        return whole_group(nxt)
    run = []
    while nxt is not None and nxt.role == "sentence" and ENUMERATED.match(nxt.text) and len(run) < 15:
        run.append(nxt)
        nxt = nxt.after
    if not run and u.text.endswith(":") and u.after is not None and u.after.role == "sentence":
        return [u.after]  # "The committee passed a motion proposing that:" announces the sentence after it
    return run if len(run) > 1 or (run and u.text.endswith(":")) else []


def announced_by(u: Unit) -> Unit | None:
    """The lead-in that announces the list an item (or a lettered point, "b. Members considered ...") is in
    ("... is as follows:", "RESOLVED that:"), if any."""
    if not (u.role == "item" and u.group is not None or u.role == "sentence" and ENUMERATED.match(u.text)):
        return None
    # the nearest unit before that ends with a colon: the item above sub-items ("10. RESOLVED to ask ... to:"
    # over "a) ...", "b) ..."), else the sentence before the list
    before, steps = u.before, 0
    while before is not None and steps < 15 and not before.text.rstrip().endswith(":"):
        before, steps = before.before, steps + 1
    if before is None or not before.text.rstrip().endswith(":"):
        before = whole_group(u)[0].before
    return before if before is not None and u in introduces(before) else None


def lead_in_of(u: Unit) -> str:
    """The text of the lead-in that announces u's list, if any: what the item's figures count."""
    announcer = announced_by(u)
    return announcer.text if announcer is not None else ""


CLAUSE_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|should|did|does|do)\b", re.I)


def enumerates(text: str) -> bool:
    """A sentence that names three or more things in a row, as minutes set out a list in prose: "... suggested were
    Mill Bridge, Rose Cottage, the former hotel and Elm Court." Two or more short names after the first, commas or "and"
    between them, at least two of them capitalised."""
    parts = re.split(r",\s+(?:and\s+)?|\s+and\s+", text.rstrip(" ."))[1:]
    # names, not clauses: "two are Green, three are Amber and one is Red" counts, it does not list
    short = [p for p in parts if len(p.split()) <= 5 and not CLAUSE_VERB.search(p)]
    return len(short) >= 2 and len(short) == len(parts) and sum(bool(re.search(r"\b[A-Z]", p)) for p in short) >= 2


def list_after(u: Unit) -> list[Unit]:
    """The list a sentence is followed by at once, though it does not announce one ("Some premises receive
    a 100% discount." over the premises), or through a lead-in too short to name its subject ("These
    include:"), which comes first: when a list is asked for, the sentence just before a list most often
    says what the list is."""
    nxt = u.after
    if u.role != "sentence" or nxt is None:
        return []
    if nxt.role == "sentence" and nxt.text.rstrip().endswith(":") and len(nxt.text.split()) <= 6:
        items = introduces(nxt)
        return [nxt] + items if len(items) > 1 and all(i.role == "item" for i in items) else []
    if nxt.role != "item" or nxt.group is None:
        return []
    group = whole_group(nxt)
    return group if group[0] is nxt and len(group) > 1 else []


# "Three problems at the junction.", "There are four options.": a short sentence that counts the things it is
# about and says nothing else of them; the sentences after it set them out
COUNTS_THINGS = re.compile(r"^(?:there (?:are|were) )?(?:two|three|four|five|six|seven|eight|nine|ten|[2-9]|1[0-2]) "
                           r"(?:[\w'’-]+ ){0,5}?[\w'’-]*[^s\W's]s\b(?:\s+(?:[\w'’-]+\s*){0,5})?[.:]?$", re.I)
SAYS_MORE = re.compile(r"\b(?:is|was|has|have|had|will|would|can|could|should|must|\w{3,}ed)\b", re.I)


def counted_after(u: Unit, most: int = 8) -> list[Unit]:
    """The sentences after a sentence that counts the things it is about ("Three problems at the junction."),
    up to the passage's end or `most`: minutes set a list out in prose, one thing a sentence or two."""
    if u.role != "sentence" or len(u.text.split()) > 10 or not COUNTS_THINGS.match(u.text) \
            or SAYS_MORE.search(re.sub(r"^there (?:are|were) ", "", u.text, flags=re.I)):
        return []
    run = sentences_after(u, most)
    return run if len(run) > 1 else []


def sentences_after(u: Unit, most: int) -> list[Unit]:
    """Up to `most` sentences after u in its passage, to the first item, row or the passage's end."""
    run: list[Unit] = []
    nxt = u.after
    while nxt is not None and nxt.role == "sentence" and len(run) < most:
        run.append(nxt)
        nxt = nxt.after
    return run


# a line that opens with a numbered label: "Option 2: ...", "6.7 Option 2: ...", "• Priority B – ...". Reports set
# out the options considered, priorities or phases this way, often one list for some and paragraphs for the rest
LABELLED = re.compile(r"^[•\s]*(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?([A-Z][a-z]{2,})\s+(\d{1,2}|[A-H])\s*[:–—-]\s*\S")
NOT_LABELS = {"Page", "Table", "Figure", "Chart", "Graph", "Item", "Appendix", "Annex", "Annexe", "Section",
              "Paragraph", "Part", "Schedule", "Chapter"}  # parts of a paper, named; not a list's entries


def label_of(u: Unit) -> tuple[str, str] | None:
    """A unit's numbered label ("Option", "2"), if it opens with one."""
    m = LABELLED.match(u.text)
    return (m.group(1), m.group(2)) if m and m.group(1) not in NOT_LABELS and u.opens else None


def labelled_siblings(u: Unit, every: list[Unit]) -> list[Unit]:
    """The other numbers of u's label, with u, in number order: "what options were considered?" led by "Option 6: ..."
    is answered by options 1 to 6, wherever in the paper each is set out. One a number: a list item before a
    paragraph (it is the summary), then the shorter. Another paper that states u's own entry too (a decision record
    repeating its report's options) is read for them when it sets out more. [] when u has no label or no sibling."""
    mine = label_of(u)
    if mine is None:
        return []
    by_paper: dict[str, dict[str, Unit]] = {u.passage.doc_id: {mine[1]: u}}
    for v in every:
        lab = label_of(v)
        if lab is None or lab[0] != mine[0] or v is u:
            continue
        entries = by_paper.setdefault(v.passage.doc_id, {})
        have = entries.get(lab[1])
        if have is None or (v.role == "item", -len(v.text)) > (have.role == "item", -len(have.text)):
            entries[lab[1]] = v
    same = [entries for doc, entries in by_paper.items() if doc == u.passage.doc_id
            or mine[1] in entries and share_of_words_in(u.text, entries[mine[1]].text) > SAME_ENTRY]
    best = max(same, key=len)  # u's own paper first among equals: it is first in `by_paper`
    if len(best) < 2:
        return []
    return [best[k] for k in sorted(best, key=lambda k: (len(k), k))]


SAME_ENTRY = 0.6  # the share of an entry's words another paper's entry of that number has: the same entry restated
