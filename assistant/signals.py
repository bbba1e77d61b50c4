"""The signals an answer is chosen by, as data: each is named, says why it holds for any paper,
and gives a value in [0, 1] for a unit and a part of the question. Their weights live in
`Config.answer_weights`; none is a veto."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from clerk.index.acronyms import plain_words
from clerk.index.glossary import concept_tokens, without_concepts
from clerk.index.refs import References, match, references
from clerk.index.tokens import tokenize
from clerk.text import MONTH_WORDS, MONTHS, council_names, fold_years

from .question import Part, Question
from .units import Unit, announced_by, heads_item, introduces, label_of, lead_in_of, labels, row_label, row_name
from .wanted import about, answers_kind, figure_wanted, listed, prefers_percent

CONTINUES = re.compile(r"^(This|These|That|Those|It|Its|They|Their|Such|In addition|Also|However|As a result|"
                       r"He|She|The figure|The amount|Of these|Of which)\b|"
                       # "The council would also require ...", "It also agreed ...": adds to the sentence before
                       r"^(?:[\w'’]+\s+){1,3}also\b")

# how minutes and decision records say what was decided (a glossary of committee wording)
DECIDED = re.compile(r"\b(RESOLVED|AGREED|DECIDED|resolved|agreed|decided|approved|endorsed|noted|adopted|"
                     r"carried|lost|delegated|recommend(?:ed|s|ation)?)\b|"
                     # an action minuted for the clerk is what the council decided to do: "Clerk to reply saying ...",
                     # "the Clerk was asked to write to ..." ("the Clerk to the Council" is a title)
                     r"\b[Cc]lerk (?:(?:was|is|were) )?(?:(?:asked|instructed|requested|authorised) )?to (?!the\b|be\b)[a-z]+|"
                     # a recorded vote: "For (16)", "Against: 41", "Abstentions - 2"
                     r"^[•\s]*(?:For|Against|Abstain(?:ed)?|Abstentions?)\s*[(:\-–]\s*\d+|"
                     # an enumerated recommendation or resolution: "(2) Approve ...", "a) note ...", "To AGREE ..."
                     r"^[•\s]*(?:\(?(?:\d{1,2}|[a-h]|[ivx]{1,4})[.)]\s*(?:To\s+)?|To\s+)(?i:approve|agree|note|endorse|delegate|"
                     r"adopt|recommend|authorise|authorize)\b|\basked to (?i:approve|agree|note|endorse|consider|decide)\b|"
                     # a decision record's resolutions, each led by its verb in capitals: "APPROVE the proposal ..."
                     r"^[•\s]*(?:APPROVE|AGREE|DELEGATE|NOTE|ENDORSE|ADOPT|AUTHORISE|AUTHORIZE|REJECT|DEFER|REFER)\b")
# papers that record what was decided, by the names councils give them
DECISION_PAPER = re.compile(r"\b(record of (?:the )?decisions?|decision (?:notice|record|sheet|report|list)|minutes)\b",
                            re.I)


# words about the asking, not the subject ("according to the report, what did it show?", "the version
# presented to Council"): the papers need not repeat them for an answer to cover the question
ASKING_WORDS = {"saw", "see", "told", "show", "shown", "mention", "describ", "accord", "quot", "version", "compar",
                "comparison", "present", "gave", "give"}


def keywords(text: str) -> set[str]:
    """A question's keyword tokens, a glossary phrase counting once as its concept (see without_concepts)."""
    return set(tokenize(without_concepts(text))) | set(concept_tokens(text))


@dataclass
class Context:
    """What the signals need for one question: keyword weights per part, embeddings per unit and part."""
    question: Question
    weights: list[dict[str, float]]  # per part: token -> weight (IDF; other parts' words count less)
    meaning: dict[tuple[tuple[str, str], int], float]  # (unit key, part index) -> cosine similarity
    passages: int  # how many passages were read
    refs: References | None = None  # the papers the question names ("Appendix D", "the 13 February minutes")

    own: list[set[str]] = field(default_factory=list)  # per part: its own keywords
    listed: str = ""  # what a list question asks for ("challenges")

    def __post_init__(self) -> None:
        # a sum asked in list words ("what were the total reserves?") is no list
        if self.question.wants_list and not self.listed and not FIGURES & self.question.kinds:
            self.listed = listed(self.question.text)
        if self.refs is None:
            self.refs = references(f"{self.question.text} {self.question.context}")  # the paper may be named before
        if not self.own:
            self.own = [keywords(p.text) for p in self.question.parts]


@dataclass(frozen=True)
class Signal:
    name: str
    reason: str
    value: Callable[[Unit, int, Part, Context], float]


def _tokens(text: str) -> set[str]:
    return set(tokenize(text))


@lru_cache(maxsize=256)
def _council_tokens(council: str) -> frozenset[str]:
    return frozenset(tokenize(" ".join((council, *council_names(council))))) if council else frozenset()


def terms(u: Unit, i: int, part: Part, ctx: Context) -> float:
    weights = ctx.weights[i]
    total = sum(weights.values())
    if not total:
        return 0.0
    own = _tokens(u.text)
    # every line of a council's paper is that council's: the council a question names stands around each of them, as
    # its heading does, so a line is preferred less for repeating the name ("Hillbrook's maximum was 130")
    around = (_tokens(f"{u.context}\n{u.passage.title}\n{u.passage.meeting}") | _council_tokens(u.passage.council)) - own
    # a sentence that goes on from the one before ("In addition, ...", "This ...") shares its subject
    share = 0.8 if CONTINUES.match(u.text) else 0.5
    # a list item's subject may stand before its lead-in: the motion a vote's "For (16)" counts, the
    # proposal its recommendations follow from
    earlier = _tokens(" ".join(v.text for v in _before(u) if v.role == "sentence")) - own - around \
        if u.role == "item" else set()
    return min(1.0, (sum(w for t, w in weights.items() if t in own)
                     + share * sum(w for t, w in weights.items() if t in around)
                     + EARLIER * sum(w for t, w in weights.items() if t in earlier)) / total)


EARLIER = 0.25  # the share a word counts when it stands only earlier in the item's passage


def _before(u: Unit) -> list[Unit]:
    out, v = [], u.before
    while v is not None:
        out.append(v)
        v = v.before
    return out


def meaning(u: Unit, i: int, part: Part, ctx: Context) -> float:
    return max(0.0, ctx.meaning.get((u.key, i), 0.0))


def gives(text: str, part: Part, question: str) -> float:
    """How well a text gives the kind of figure a part asks for: a rate or a quota is most often a
    percentage, though a count can answer it."""
    kinds = set(part.kinds)
    if not answers_kind(text, question, kinds):
        return 0.0
    if prefers_percent(part.text) and "percent" in kinds and not answers_kind(text, question, {"percent"}):
        return 0.8
    return 1.0


FIGURES = {"money", "percent", "count", "measure"}


def figure(u: Unit, i: int, part: Part, ctx: Context) -> float:
    if not part.kinds:
        return 0.5
    kind = gives(u.text, part, ctx.question.text)
    if kind:
        if not FIGURES & set(part.kinds):
            return kind
        # a figure next to what the part asks about is more likely its answer than one elsewhere in the sentence
        return kind if about(u.text, ctx.question.text, ctx.own[i], lead_in=lead_in_of(u)) else 0.75 * kind
    # the figure in the sentence next to it, which is then quoted with it
    near = [n for n in (u.before, u.after) if n is not None and n.role == u.role]
    return 0.6 if figure_wanted(set(part.kinds)) and any(gives(n.text, part, ctx.question.text) for n in near) else 0.0


NAMED_IN_PAPER = 0.7


def named(u: Unit, i: int, part: Part, ctx: Context) -> float:
    facets = ctx.question.facets
    if not facets:
        return 0.5
    p = u.passage
    near = fold_years(f"{u.text} {u.context}")
    haystack = fold_years(" ".join([p.text, p.section, p.title, p.council, p.meeting, p.date, p.file]))

    def where(f: str) -> float:
        # a name stated beside the unit's figure ties the figure to it; one elsewhere in the paper may not
        form = fold_years(f)
        return 1.0 if form in near else NAMED_IN_PAPER if form in haystack else 0.0

    found = [where(f) for f in facets]
    if ctx.question.comparing:  # each side of a comparison has its own name or year
        return max(found)
    return sum(found) / len(found)


def decided(u: Unit, i: int, part: Part, ctx: Context) -> float:
    """1 for a decision's wording in a paper that records decisions; less in one that argues about them
    (a call-in, a petition); 0.5 for a decision record's other lines."""
    if not ctx.question.decision:
        return 0.5
    record = bool(DECISION_PAPER.search(f"{u.passage.title} {u.passage.kind}"))
    if DECIDED.search(u.text) or DECIDED.search(u.context.split("\n")[-1]):
        return 1.0 if record else 0.75
    return 0.5 if record else 0.0


OFFICE = re.compile(r"\b(chair\w*|leader|mayor|director|chief executive|president)\b", re.I)
QUALIFIED = re.compile(r"\b(vice|deputy|assistant|acting|interim)[- ](chair\w*|leader|mayor|director|chief executive|"
                       r"president)\b", re.I)


def office(u: Unit, i: int, part: Part, ctx: Context) -> float:
    """For "who chairs" / "who is the leader": a vice-chair or a deputy holds another office, so a unit
    naming the office only with a qualifier the question lacks does not answer it."""
    if not OFFICE.search(part.text) or QUALIFIED.search(part.text):
        return 0.5
    text = f"{u.text}"
    if not OFFICE.search(text):
        return 0.5
    return 0.0 if not OFFICE.search(QUALIFIED.sub(" ", text)) else 1.0


def paper(u: Unit, i: int, part: Part, ctx: Context) -> float:
    p, refs = u.passage, ctx.refs
    assert refs is not None  # set as the context is made
    firm = match(refs, {"title": p.title, "files": [p.file], "date": p.date, "kind": p.kind})
    if not refs.any() and not firm:
        return 0.5
    return min(1.0, firm)


# a question that refers to a part of a paper by its heading: "the Staffing Implications section", "under the
# heading 'Risks'"; without such a word, heading words in a question name its subject, as every heading does
NAMES_A_SECTION = re.compile(r"\b(?:section|heading|headed|entitled|titled)\b|['‘\"“][^'’\"”]{6,}['’\"”]", re.I)


def section(u: Unit, i: int, part: Part, ctx: Context) -> float:
    """1 when the question names the unit's section by its heading ("what does the Staffing & Trade Union
    Implications section say?"): two words or more, not the paper's own title nor its council's name, which name
    the paper rather than a part of it."""
    if not NAMES_A_SECTION.search(ctx.question.text):
        return 0.0
    # the nearest heading in the section's path, its numbering aside ("14.0 Staffing ... > 14.1")
    heading = next((h for t in reversed(u.passage.section.split(" > ")) if (h := plain_words(t)).strip()), "")
    if len(heading.split()) < 2 or heading in plain_words(f"{u.passage.title} {u.passage.council}"):
        return 0.0
    return 1.0 if heading in plain_words(ctx.question.text) else 0.0


def numbered(u: Unit, i: int, part: Part, ctx: Context) -> float:
    """1 for the item's own title or numbered line, 0.7 for what is minuted under it."""
    assert ctx.refs is not None
    # 0 when no number is named, not a neutral 0.5: then it adds nothing, and every other question scores as before
    if not ctx.refs.items or not labels(u) & ctx.refs.items:
        return 0.0
    return 1.0 if heads_item(u) else 0.7


def listing(u: Unit, i: int, part: Part, ctx: Context) -> float:
    """For a list question, 1 for a list whose lead-in or heading names what is asked for: "Challenges:" over the
    items answering "what challenges did the report list?". The items share no other word with the question, so
    without it the sentences around them that repeat the question's words outrank them."""
    if not ctx.listed:
        return 0.0  # not a neutral 0.5: then it adds nothing, and every other question scores as before
    if u.role == "item" or announced_by(u) is not None:
        label = label_of(u)  # "Option 2: ..." is one of the options
        if label and tokenize(label[0]) == tokenize(ctx.listed):
            return 1.0
        intros = [lead_in_of(u), u.context.splitlines()[-1] if u.context else ""]
    elif len(introduces(u)) > 1:
        intros = [u.text]
    else:
        return 0.0
    return 1.0 if any(_names_what_follows(intro, ctx.listed) for intro in intros) else 0.0


def _names_what_follows(intro: str, noun: str) -> bool:
    """The lead-in or heading says its list is of `noun`: the plural as asked, at its end ("Challenges:", "The options
    considered were:"). "Explain the options considered and the reasoning behind this:" is about something else, and
    "if the Scrutiny Committee refers ..." names a body, not the committees asked for."""
    ends = [m.end() for m in re.finditer(rf"\b{re.escape(noun)}\b", intro, re.I)]
    return bool(ends) and len(intro[ends[-1]:].split()) <= 4


TOTAL_ROW = re.compile(r"^(?:grand |overall |net |sub-?)?totals?\b|^overall$|^all\b", re.I)


def row(u: Unit, i: int, part: Part, ctx: Context) -> float:
    """1 when the question names the row's label in full ("the KS N grade", "Adult Social Care and Health's
    budget"): short labels and codes are lost among the keywords, yet say which row is asked for. A table's
    total row, half that: it answers a question about the whole table, which names none of its rows."""
    if u.role != "row":
        return 0.0
    names = {row_label(u), row_name(u)}  # as printed ("7 Borrowing"), and as a question calls it ("borrowing")
    if (month := _month_year(row_label(u))) and month in _month_years(ctx.question.text):
        return 1.0  # a month's row as tables print it ("Oct-23") and as a question says it ("in October 2023")
    if any(len(label) >= 3 and re.search(r"[A-Za-z]", label)
           and re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", ctx.question.text, re.I) for label in names):
        return 1.0
    # 0, not a neutral 0.5, when no row is named: every other question scores as before
    return 0.5 if TOTAL_ROW.match(row_name(u)) else 0.0


MONTH_YEAR = re.compile(rf"\b({MONTH_WORDS})\.?[\s'’/-]*((?:19|20)?\d\d)\b", re.I)


def _month_year(label: str) -> tuple[int, int] | None:
    """A row label that is a month ("Oct-23", "October 2023", "Sep 24"): (month, year in two digits)."""
    m = MONTH_YEAR.fullmatch(label.strip())
    return (MONTHS[m.group(1).lower()], int(m.group(2)) % 100) if m else None


def _month_years(text: str) -> set[tuple[int, int]]:
    return {(MONTHS[m.group(1).lower()], int(m.group(2)) % 100) for m in MONTH_YEAR.finditer(text)}


def rank(u: Unit, i: int, part: Part, ctx: Context) -> float:
    return 1.0 - (u.passage.rank - 1) / max(1, ctx.passages)


SIGNALS: list[Signal] = [
    Signal("meaning", "the embedding model's similarity of the unit, with its heading, to the part asked", meaning),
    Signal("terms", "the part's keywords, rarer ones weighing more, in the unit (its heading and lead-in count half)",
           terms),
    Signal("figure", "the unit gives the kind of figure the part asks for: a sum for 'how much', a date for 'when'",
           figure),
    Signal("named", "the years, places and names the question gives are in the unit's passage or paper", named),
    Signal("decided", "for 'what was decided', the unit records a decision (resolved, agreed, approved, noted)",
           decided),
    Signal("office", "for 'who chairs' or 'who leads', a vice-chair or a deputy holds another office", office),
    Signal("paper", "the unit's paper is the one the question names: its decision number, appendix letter, "
           "meeting date, kind or a run of its title's words", paper),
    Signal("section", "the question names the unit's section by its heading ('the Staffing Implications section')",
           section),
    Signal("numbered", "for 'item 7' or 'recommendation 2', the unit is filed under that number (its own label or "
           "its heading's)", numbered),
    Signal("row", "the unit is a table row whose label the question names in full, or, half as much, a total row",
           row),
    Signal("listing", "for a list question, the unit's list is introduced as what is asked for ('Challenges:' for "
           "'what challenges ...?')", listing),
    Signal("rank", "retrieval ranked the unit's passage high", rank),
]
LEXICAL = [s for s in SIGNALS if s.name != "meaning"]  # cheap: every unit; meaning only for the best few


def relevance(u: Unit, i: int, part: Part, ctx: Context, weights: dict[str, float],
              signals: list[Signal] = SIGNALS) -> tuple[float, dict[str, float]]:
    values = {s.name: s.value(u, i, part, ctx) for s in signals}
    return sum(weights.get(k, 0.0) * v for k, v in values.items()), values
