"""Keyword tokens: stemmed words, numbers in one spelling, money and percentages as values,
and glossary concept tokens. Chunks and queries go through the same function."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

from clerk.text import MONEY, NUMBER, PERCENT, money_value, number_form

from .glossary import concept_tokens

STOPWORDS = set("""
a about above after again against all am an and any are as at be because been before being below between both but
by can could did do does doing down during each few for from further had has have having he her here hers him his
how i if in into is it its itself me more most my no nor not of off on once only or other our ours out over own same
she should so some such than that the their theirs them then there these they this those through to too under until
up very was we were what when where which while who whom why will with would you your yours
tell say says said please paper papers council councils much many
""".split())
WORD = re.compile(r"[a-z][a-z0-9']*|_c_[a-z0-9]+")


@lru_cache(maxsize=1)
def _stemmer():
    return Stemmer.Stemmer("english")


def tokenize(text: str) -> list[str]:
    out: list[str] = []
    for m in MONEY.finditer(text):
        out.append(f"gbp{money_value(m.group(1), m.group(2)):.0f}")
    for m in PERCENT.finditer(text):
        out.append("pct" + number_form(m.group(1)))
    for m in NUMBER.finditer(text):
        out.append("n" + number_form(m.group()))
    words = [w.strip("'") for w in WORD.findall(NUMBER.sub(" ", text.lower().replace("’", "'")))]
    words = [w for w in words if w and w not in STOPWORDS and len(w) > 1]
    out += _stemmer().stemWords(words)
    out += concept_tokens(text)
    return out
