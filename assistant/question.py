"""What a question asks, worked out once: its parts, the kind of figure each wants, the names and
years it is about, and whether it wants a list, a comparison or a decision."""

from __future__ import annotations

import re
from dataclasses import dataclass

from clerk.index.glossary import concepts_in
from clerk.text import MONTH_NAMES

from .wanted import CLAUSE, asking_at, wanted

# a new part starts at "?", ";" or "and"/","/":" before a question word: "what is X and how much is Y?"; "On the
# scheme: what did the consultation find, and how is the cost shared?" sets its scene before a colon
ASKING = r"(?:what|how|who|whom|when|which|why|where|whether|is|are|was|were|did|does|do|has|have|had|can|could|will)"
# a question word may follow a preposition: "..., and after how long would officers report?", "and by when?"
ASKED_FROM = rf"(?:(?:after|by|for|from|in|to|within|until|since)\s+)?{ASKING}\b"
PART_BREAK = re.compile(rf"\?\s+(?=\S)|;\s+|,?\s+and\s+(?={ASKED_FROM})|[,:]\s+(?={ASKING}\b)|\s+as well as\s+", re.I)
LIST_QUESTION = re.compile(r"^\s*(what (are|were)|which|list|name|give)\b|\bwhat .* (for|include|includ\w+)\b|"
                           r"\b(main|key) \w+s\b|\bwhat (actions|measures|steps|options|risks|priorities|reasons)\b|"
                           # "what principles did ...", "what services are ...": a plural asked for is a list
                           # with where or what it is about between: "what problems on the road do officers ..."
                           r"^\s*what (?:\w+ )?\w{2,}[^su\W]s (?:(?:on|in|at|for|of|from|to|about|with|by|under) "
                           r"(?:[\w'’&-]+ ){1,4}?)?(did|do|does|are|were|will|would|should|could|has|have|had|must)\b",
                           re.I)
# "since 2019" asks for a timeline; "since the home closed" does not
COMPARE = re.compile(r"\b(compare[sd]?|comparison|compared|versus|vs\.?|differ\w*|change[sd]?|since (?:(?:19|20)\d\d|last|then)|"
                     r"over time|trend|between .+ and)\b",
                     re.I)
# "the value of each contract", "both hubs", "the two contracts": one figure for each of several things
# a term's meaning asked for: "how does the glossary define the CFR?", "what is meant by MRP?", "what does EHCP stand for?"
DEFINES = re.compile(r"\b(?:define[sd]?|definition|meant by|stands? for)\b|^\s*what does [\w'’ -]{1,40} mean\s*\??\s*$", re.I)
# "how does the hardship scheme work?", "why was the site rejected?": an explanation, which a paper gives over the
# sentences that go on from the one naming the subject
EXPLAINS = re.compile(r"^\s*(?:and\s+)?(?:how\s+(?:does|do|did|will|would|is|are|was|were|can|could|should)\b|why\b)|"
                      r"\bexplain\b", re.I)
EACH = re.compile(r"\b(each|both|every|respective(?:ly)?|the (?:two|three|four|five))\b", re.I)
# "decision 24/00115" names a paper, as "Appendix D" does: it does not ask what was decided
DECISION = re.compile(r"\b(decide[sd]?|decision(?!\s+(?:no\.?\s*)?\d)|agree[sd]?|resolve[sd]?|approve[sd]?|"
                      r"endorse[sd]?|recommend\w*|outcome|vote[sd]?)\b|"
                      # "what happened to the proposal at the September meeting?": its outcome
                      r"\bwhat (?:happened|became) (?:to|of|with)\b|"
                      # "how did the council respond to the request?", "what was its response to the letter?": what it
                      # decided on the matter
                      r"\bhow did\b.{1,80}?\b(?:respond|react|reply) to\b|"
                      r"\bwhat was (?:the|its|their|[\w'’ ]{1,40}?['’]s) (?:response|reply)\b|"
                      # "did the council back the request?": whether a body backed or refused something, asked yes or no
                      r"^\s*(?:and\s+)?(?:did|does|do|will|would|has|have)\b.*\b(?:back(?:ed)?|support(?:ed)?|accept(?:ed)?|"
                      r"reject(?:ed)?|refuse[d]?|oppose[d]?|grant(?:ed)?)\b", re.I)
# "what main risks ...", "which bodies' views ...", "what were ...": several things asked for by name, as against
# "which partner is helping ...", one thing a "which" asks for
SEVERAL = re.compile(r"\b(?:what|which)\s+(?:(?:are|were)\b|(?:[\w'’-]+\s+){0,2}?(?:[a-z'’-]{2,}[^su\W]s|people|children|"
                     r"criteria|data)\b)", re.I)


def asks_for_several(text: str) -> bool:
    return bool(SEVERAL.search(text))


YEAR = re.compile(r"\b(?:19|20)\d\d(?:\s?[/-]\s?\d{2,4})?\b")
MEASURE = re.compile(r"\b\d+(?:\.\d+)?[a-zA-Z]{2,}\b")  # "20mph", "3FE": a figure with its unit names a thing
ORDINAL = re.compile(r"(st|nd|rd|th|s|bn|m|k)$", re.I)
QUESTION_WORDS = {"what", "how", "why", "when", "where", "which", "who", "is", "was", "the", "does", "did", "do",
                  "our", "we", "and", "in", "of", "for", "tell", "list", "give", "has", "have", "are", "were", "can",
                  "could", "will", "would", "should", "name", "compare", "according", "under", "at", "by", "on"}


@dataclass(frozen=True)
class Part:
    text: str
    kinds: frozenset[str]  # kinds of figure that answer it (money, percent, count, date, person, name, rating)


@dataclass(frozen=True)
class Question:
    text: str
    parts: tuple[Part, ...]
    facets: tuple[str, ...]  # years, measures and proper names the question is about
    wants_list: bool
    comparing: bool
    decision: bool
    context: str = ""  # the question before, for a follow-up that leans on it: helps rank, need not be answered
    each: bool = False  # asks the same of several things ("each contract"): every row that gives it is wanted
    defines: bool = False  # asks what a term means: a glossary's entry for it is read from its start
    explains: bool = False  # asks how something works or why, no figure or vote: the lead's paragraph explains it

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset().union(*(p.kinds for p in self.parts))


# three or more things asked of one subject: "what net budget, capital programme and council tax was agreed"
NOUN_LIST = re.compile(r"(?:[\w'’£%-]+ ){0,3}[\w'’£%-]+(?:, (?:[\w'’£%-]+ ){0,3}[\w'’£%-]+)+,? "
                       r"and (?:[\w'’£%-]+ ){0,3}?[\w'’£%-]+"
                       r"(?= (?:was|were|is|are|did|does|do|has|have|had|will|would|for|of|in|at|on|under|by)\b|$)")


def _one_name(items: list[str]) -> bool:
    """"the Children, Young People and Families service": capitalised words, commas and all, before a head noun
    in lower case name one body (a directorate, a committee), not several things asked."""
    first, *middle, last = [i.split() for i in items]
    capital = [first[-1], *(w for m in middle for w in m), last[0]]
    return all(w[0].isupper() for w in capital) and any(not w[0].isupper() for w in last[1:])


POINTING = re.compile(r"\b(?:it|its|they|them|their|this|that|these|those|the (?:result|outcome))\b", re.I)


def _own_words(part: str) -> int:
    """The words a part asks about itself, beyond its question words; 0 when it points back ("what was it valued
    at?", "what was the result?"): it asks about the part before's subject."""
    if POINTING.search(part):
        return 0
    return sum(w.lower() not in QUESTION_WORDS and not re.fullmatch(ASKING, w, re.I)
               for w in re.findall(r"[A-Za-z]{3,}", part))


def split_parts(text: str) -> list[str]:
    """ "What is the budget and how much was spent?" -> ["What is the budget", "how much was spent"];
    "What budget, capital programme and tax were agreed?" asks three things of one subject, each a part."""
    pieces: list[str] = []
    carry = scene = ""
    topic = False
    for p in (p.strip(" ?,.") for p in PART_BREAK.split(text.strip())):
        # "At the March meeting, what ...", "When working up options, what ...": context, not a part
        if not re.match(ASKED_FROM, p, re.I) or CLAUSE.match(p):
            carry = f"{carry} {p}".strip()
            continue
        # a scene set before the first part is where every part is asked: "In the March update, which firms were
        # surveyed, and what are the revised dates?"; a part that names nothing of its own ("and what was the
        # result?", "what was it valued at?") leans on the part before it instead, which the scene alone would not
        # name; but a topic stated before a colon is what every part asks about ("The plan adds inspectors: what
        # would they cost, and what income would they bring?")
        if carry and not pieces:
            scene, topic = carry, bool(re.match(rf"\s*{re.escape(carry)}\s*:", text))
        pieces.append(f"{scene} {p}".strip() if not pieces or topic or _own_words(p) >= 2 else p)
        carry = ""
    pieces = [p for p in pieces if len(re.findall(r"[A-Za-z]{3,}", p)) >= 2] or [text.strip(" ?")]
    out = []
    for piece in pieces:
        m = NOUN_LIST.search(piece)
        if not m:
            out.append(piece)
            continue
        items = re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group(0))
        lead = re.match(rf"^(?:(?:{ASKING}|the|our|its|their|total)\s+)+", items[0], re.I)
        if lead:
            items[0] = items[0][lead.end():]
        head = piece[:m.start()] + (lead.group(0) if lead else "")
        rest = f"{head} {piece[m.end():]}"
        subject = [w for w in re.findall(r"[A-Za-z]{3,}", rest) if not re.fullmatch(ASKING, w, re.I)]
        if len(items) < 3 or not subject or not all(items) or _one_name(items):
            out.append(piece)
            continue
        # each item asked in the question's own words: "What were the forecast for adult social care"
        out += [" ".join(f"{head} {item} {piece[m.end():]}".split()) for item in items]
    return out


def facets(text: str) -> list[str]:
    """Years, measures ("20mph") and proper names a passage should share with the question."""
    out = YEAR.findall(text) + [m for m in MEASURE.findall(text) if not ORDINAL.search(m)]
    concept_words = {w.lower() for c in concepts_in(text) for w in c.split()}
    for m in re.finditer(r"(?<![\w'’])([A-Z][a-zA-Z]{2,})", text):
        word = m.group(1)
        acronym = word.isupper() or (word[:-1].isupper() and word.endswith("s"))
        if (word.lower() in QUESTION_WORDS or word.lower() in concept_words or acronym or word in MONTH_NAMES
                or not text[:m.start()].strip()):
            continue
        out.append(word)
    return list(dict.fromkeys(out))


def analyse(text: str, context: str = "") -> Question:
    """What `text` asks; `context` is the earlier question a follow-up leans on ("how much of that was
    loans?" after "what was the borrowing?"): what is asked, its kinds and names come from the text alone."""
    parts = tuple(Part(p, frozenset(wanted(p, text))) for p in split_parts(text))
    # "If the hub closes, which services ...": what is asked starts at its question word
    asking = asking_at(text)
    asked = text[asking:] if asking >= 0 else text
    wants_list = bool(LIST_QUESTION.search(text) or LIST_QUESTION.search(asked))
    # the names and years of the question before hold for a follow-up: "how much of that falls in 2027-28?"
    decision = bool(DECISION.search(text)) or any("vote" in p.kinds for p in parts)
    return Question(text=text, parts=parts, facets=tuple(facets(f"{text} {context}".strip())), wants_list=wants_list,
                    comparing=bool(COMPARE.search(text)), decision=decision, context=context,
                    each=bool(EACH.search(text)), defines=bool(DEFINES.search(text)),
                    explains=bool(EXPLAINS.search(asked)) and not (wants_list or decision or any(p.kinds for p in parts)))
