"""Follow-up questions to standalone ones, using the previous question searched."""

from __future__ import annotations

import re

from clerk.index.tokens import tokenize
from clerk.text import council_short_name

LEADS = re.compile(r"^\s*(?:and|but|so)?\s*(?:what|how)\s+about\s+|^\s*and\s+(?:for|in)?\s*|^\s*(?:what|how)\s+of\s+", re.I)
PRONOUNS = re.compile(r"\b(it|its|that|this|they|them|those|these|their|there|he|she|his|her)\b", re.I)
# words that say which figure, not what about: "what was it the year before?" names no subject of its own
GENERIC = set(tokenize("year years before after previous last next first total figure number amount much many "
                       "one same then now again also more less change compare happen happened"))
ASKING = re.compile(r"(?:what|how|who|when|which|where|why|did|does|do|is|are|was|were|has|have)\b", re.I)
WHY = re.compile(r"^\s*(and\s+)?why\b", re.I)


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
        swapped = _swap_council(prev, subject, councils)
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


def needs_history(question: str, councils: list[str]) -> bool:
    """A question leans on the one before when it names almost nothing of its own ("what was it
    before?") or points back with a pronoun and names little else ("how much of that was loans?").
    One that names its subject ("What is our UASC quota?") stands alone, however short."""
    subject = [t for t in tokenize(question) if t not in GENERIC]
    if len(subject) <= 1:
        return True
    return bool(PRONOUNS.search(question)) and len(subject) <= 5 and not _names_council(question, councils)


def _names_council(text: str, councils: list[str]) -> str | None:
    for c in councils:
        if council_short_name(c) and re.search(rf"\b{re.escape(council_short_name(c))}\b", text, re.I):
            return c
    return None


def _swap_council(prev: str, subject: str, councils: list[str]) -> str | None:
    new = _names_council(subject, councils)
    old = _names_council(prev, councils)
    if new and old and new != old:
        return re.sub(rf"\b{re.escape(council_short_name(old))}\b", council_short_name(new), prev, flags=re.I) + "?"
    return None
