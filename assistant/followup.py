"""Follow-up questions to standalone ones, using the previous question searched."""

from __future__ import annotations

import re

from clerk.index.tokens import tokenize
from clerk.text import MONTH_NAMES, QUARTER, council_short_name, names_council

LEADS = re.compile(r"^\s*(?:and|but|so)?\s*(?:what|how)\s+about\s+|^\s*and\s+(?:for|in)?\s*|^\s*(?:what|how)\s+of\s+", re.I)
PRONOUNS = re.compile(r"\b(it|its|that|this|they|them|those|these|their|there|he|she|his|her)\b", re.I)
# words that say which figure, not what about: "what was it the year before?" names no subject of its own
GENERIC = set(tokenize("year years before after previous last next first total figure number amount much many "
                       "one same then now again also more less change compare happen happened"))
ASKING = re.compile(r"(?:what|how|who|when|which|where|why|did|does|do|is|are|was|were|has|have)\b", re.I)
# "how much of that", "which of them": a share of what was asked before, however long the rest
PART_OF = re.compile(r"\b(?:of|from|in|within)\s+(?:it|them|(?:that|this|these|those)(?=\s*(?:[?,.;]|$)|\s+(?:is|was|"
                     r"were|are|will|would|has|have|had|went|goes|go|came|comes|come|did|does|do|for|in|on|to|by|"
                     r"from|as|at|spent|paid)\b))", re.I)  # "in this report" names a paper: not a pronoun
WHY = re.compile(r"^\s*(and\s+)?why\b", re.I)
# the times a follow-up swaps for the one before's, each of its own kind: "and at the October 2025 meeting?" after
# "... for its 19 March 2026 meeting?" asks of that meeting; "and in 2023-24?" of that year
MONTHS = "|".join(MONTH_NAMES)
TIMES = {
    "date": re.compile(rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{MONTHS})\s+(?:19|20)\d\d\b"),
    "year": re.compile(r"\b(?:19|20)\d\d(?:\s?[-/–]\s?(?:19|20)?\d\d)?\b"),
    "quarter": QUARTER,
}


def standalone(question: str, history: list[str], councils: list[str]) -> str:
    """Turn "and what about Southbay?" or "why?" into a question that can be searched alone.

    history: earlier questions as searched, oldest first. councils: names to swap, e.g. "Southbay Council".
    """
    question = question.strip()
    if not history:
        return question
    prev = history[-1].rstrip(" ?")
    if m := LEADS.match(question):
        subject = question[m.end():].strip(" ?")
        swapped = _swap_council(prev, subject, councils) or (None if ASKING.match(subject) else _swap_time(prev, subject))
        if swapped:
            return swapped
        if ASKING.match(subject):  # "and how much was capital?": a question of its own, about the one before
            return f"{subject[0].upper() + subject[1:]} ({prev})?"
        return f"{prev} {subject}?"
    if WHY.match(question):
        rest = WHY.sub("", question).strip(" ?")
        return f"Why {prev[0].lower() + prev[1:]}{' ' + rest if rest else ''}?"
    if needs_history(question, councils):
        return f"{question.rstrip(' ?')} ({prev})?"
    return question


def split(searched: str, history: list[str]) -> tuple[str, str]:
    """A searched follow-up as (what it asks, the question before it leans on): "How much of that was
    loans (What was the borrowing)?" asks about loans, with the borrowing as its context. What is asked
    is answered; the context helps find and rank the passages but need not be quoted. One that names
    nothing of its own ("what was it before?") asks the question before again: it is asked whole."""
    if history:
        prev = history[-1].strip().rstrip(" ?")
        tail = f" ({prev})?"
        if searched.endswith(tail) and _subject(searched[: -len(tail)]):
            return searched[: -len(tail)] + "?", prev
    return searched, ""


def _subject(question: str) -> list[str]:
    return [t for t in tokenize(question) if t not in GENERIC]


def needs_history(question: str, councils: list[str]) -> bool:
    """A question leans on the one before when it names almost nothing of its own ("what was it
    before?"), asks for a share of it ("how much of that ..."), points back with a pronoun and names
    little else, or names no name, acronym, year or figure at all ("how many firms bid?"): in a
    conversation that is the subject so far. One that names its subject ("What is our UASC quota?")
    stands alone, however short."""
    subject = _subject(question)
    if len(subject) <= 1 or PART_OF.search(question) or not _names_its_own(question):
        return True
    return bool(PRONOUNS.search(question)) and len(subject) <= 5 and not _names_council(question, councils)


# what makes a question's subject its own: a name, an acronym, a year, a figure or a decision number
OWN_SUBJECT = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][\w'’&-]*|\d")


def _names_its_own(question: str) -> bool:
    """"What is our UASC quota?" names its subject; "How many firms bid?" after a question about a
    consultant's appointment, or "what did the committee decide?", names nothing that is not the talk so far."""
    return bool(OWN_SUBJECT.search(question.strip()))


def _names_council(text: str, councils: list[str]) -> str | None:
    for c in councils:
        if names_council(text, c):
            return c
    return None


def _swap_council(prev: str, subject: str, councils: list[str]) -> str | None:
    new = _names_council(subject, councils)
    old = _names_council(prev, councils)
    if new and old and new != old:
        said = names_council(prev, old) or council_short_name(old)
        return re.sub(rf"\b{re.escape(said)}\b", names_council(subject, new) or council_short_name(new), prev) + "?"
    return None


def _swap_time(prev: str, subject: str) -> str | None:
    """The question before, asked of the time the follow-up names instead of its own (a date for a date, a year for a
    year, a quarter for a quarter); None when they name no time of one kind."""
    for pattern in TIMES.values():
        new, old = pattern.search(subject), pattern.search(prev)
        if new and old and new.group() != old.group():
            return prev[:old.start()] + new.group() + prev[old.end():] + "?"
        if new or old:  # a date holds a year: the longer kind decides
            return None
    return None
