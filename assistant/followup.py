"""Follow-up questions to standalone ones, using the previous question searched."""

from __future__ import annotations

import re

LEADS = re.compile(r"^\s*(?:and|but|so)?\s*(?:what|how)\s+about\s+|^\s*and\s+(?:for|in)?\s*|^\s*(?:what|how)\s+of\s+", re.I)
PRONOUNS = re.compile(r"\b(it|its|that|this|they|them|those|these|their|there)\b", re.I)
WHY = re.compile(r"^\s*(and\s+)?why\b", re.I)


def standalone(question: str, history: list[str], councils: list[str]) -> str:
    """Turn "and what about Torbay?" or "why?" into a question that can be searched alone.

    history: earlier questions as searched, oldest first. councils: names to swap, e.g. "Torbay Council".
    """
    question = question.strip()
    if not history:
        return question
    prev = history[-1].rstrip(" ?")
    words = re.findall(r"\w+", question)
    if m := LEADS.match(question):
        subject = question[m.end():].strip(" ?")
        swapped = _swap_council(prev, subject, councils)
        return swapped if swapped else f"{prev} {subject}?"
    if WHY.match(question):
        rest = WHY.sub("", question).strip(" ?")
        return f"Why {prev[0].lower() + prev[1:]}{' ' + rest if rest else ''}?"
    if len(words) <= 5 or (PRONOUNS.search(question) and len(words) <= 12 and not _names_council(question, councils)):
        return f"{question.rstrip(' ?')} ({prev})?"
    return question


def _short(council: str) -> str:
    return re.sub(r"\s+(County|Borough|City|District)?\s*Council$", "", council).strip()


def _names_council(text: str, councils: list[str]) -> str | None:
    for c in councils:
        if _short(c) and re.search(rf"\b{re.escape(_short(c))}\b", text, re.I):
            return c
    return None


def _swap_council(prev: str, subject: str, councils: list[str]) -> str | None:
    new = _names_council(subject, councils)
    old = _names_council(prev, councils)
    if new and old and new != old:
        return re.sub(rf"\b{re.escape(_short(old))}\b", _short(new), prev, flags=re.I) + "?"
    return None
