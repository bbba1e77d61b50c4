"""References to papers in a question, as councillors write them: "decision 24/00115", "Appendix D",
"the minutes of 13 February", "the March Cabinet", "the Key Service Statement". Each is matched
against a paper's fields (title, file, meeting, date, kind); the papers that match become a soft
boost in ranking, never a filter."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from clerk.text import MONTH_WORDS, MONTHS

from .tokens import tokenize

MONTH = r"(" + MONTH_WORDS + r")"
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\b", re.I)
MONTH_ONLY = re.compile(rf"\b{MONTH}(?:'s|’s)?\b(?!\s+\d{{1,2}}\b)", re.I)
MAY_MONTH = re.compile(r"\b(?:in|since|until|till|from|during|by|of|early|late|mid)[\s-]+may\b|\bmay\s+(?:19|20)\d\d\b",
                       re.I)
DECISION = re.compile(r"\b(\d{2})\s?[/-]\s?(\d{5})\b")
APPENDIX = re.compile(r"\b(?:appendix|annex|annexe)\s+([A-Z]|\d{1,2})\b", re.I)
# a numbered part of a paper: "item 7 on the agenda", "recommendation 2", "paragraph 3.4", "minute 290"
NUMBERED = re.compile(r"\b(?:agenda\s+)?(?:item|recommendation|paragraph|para|resolution|minute)\s+(?:no\.?\s*)?"
                      r"\(?(\d{1,3}(?:\.\d{1,2})*)\)?(?![\d/])", re.I)
KIND_SCORE = 0.3  # what naming the paper's kind ("the minutes") adds to `match`
KINDS = {"minutes": "minutes", "minuted": "minutes", "agenda": "agenda", "appendix": "appendix", "annex": "appendix"}
# words of a title that say nothing of which paper it is
GENERIC = set(tokenize("appendix annex report paper final draft version v1 v2 update cover covering document "
                       "council county cabinet committee meeting"))
# a county or city council's initials ("NCC", "WCC") in a title say whose papers, not which paper
COUNCIL_INITIALS = re.compile(r"[a-z]{1,2}cc")


@dataclass(frozen=True)
class References:
    days: frozenset[tuple[int, int]] = frozenset()  # (month, day)
    months: frozenset[int] = frozenset()
    decisions: frozenset[str] = frozenset()  # "24-00115"
    appendices: frozenset[str] = frozenset()  # "d", "1"
    kinds: frozenset[str] = frozenset()
    items: frozenset[str] = frozenset()  # numbered items, recommendations, paragraphs: "7", "3.4"
    words: tuple[str, ...] = ()  # the question's tokens in order, for titles

    def any(self) -> bool:
        return bool(self.days or self.months or self.decisions or self.appendices or self.kinds)


@lru_cache(maxsize=256)
def references(question: str) -> References:
    days = {(MONTHS[m.group(2).lower()], int(m.group(1))) for m in DAY_MONTH.finditer(question)
            if 1 <= int(m.group(1)) <= 31}
    # "May" is a month only with a day, a year ("May 2025"), a preposition of time ("in May") or as "May's":
    # as a verb it is common
    months = {MONTHS[m.group(1).lower()] for m in MONTH_ONLY.finditer(question)
              if m.group(1).lower() != "may" or m.group(0).lower().endswith("s")
              or MAY_MONTH.search(question, max(0, m.start() - 12), m.end() + 6)} | {d[0] for d in days}
    return References(
        days=frozenset(days), months=frozenset(months),
        decisions=frozenset(f"{a}-{b}" for a, b in DECISION.findall(question)),
        appendices=frozenset(a.lower() for a in APPENDIX.findall(question)),
        kinds=frozenset(v for k, v in KINDS.items() if re.search(rf"\b{k}\b", question, re.I)),
        items=frozenset(NUMBERED.findall(question)),
        words=tuple(tokenize(question)),
    )


def match(refs: References, doc: dict) -> float:
    """How firmly a paper is the one the question names: 0 (not at all) upward."""
    title = f"{doc.get('title') or ''} {' '.join(doc.get('files') or [])}".lower().replace("/", "-")
    score = 0.0
    if refs.decisions and any(d in title for d in refs.decisions):
        score += 1.0
    if refs.appendices and any(re.search(rf"\b(?:appendix|annex)\s*{re.escape(a)}\b", title) for a in refs.appendices):
        score += 0.6
    date = doc.get("date") or ""
    days = _title_days(title)  # a paper's own date in its title: "16.12.24 Ministerial Letter", "TMG note 14 November"
    if m := re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", date):
        days = days | {(int(m.group(2)), int(m.group(3) or 0))}
    if refs.days & days:
        score += 0.6
    elif refs.months & {month for month, _ in days}:
        score += 0.3
    if refs.kinds and (doc.get("kind") or "") in refs.kinds:
        score += KIND_SCORE
    title_words = _title_words(doc.get("title") or "")
    run = _common_run(title_words, refs.words) if len(set(title_words) & set(refs.words)) >= 3 else 0
    if run >= 3:  # three words of the title in a row: "the Key Service Statement", "the 5 year plan"
        score += min(1.0, 0.6 + 0.1 * (run - 3))
    return score


TITLE_DATE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?[\s-]+(?:of\s+)?{MONTH}\b|"
                        r"\b(\d{1,2})\.(\d{1,2})\.(?:\d{4}|\d{2})\b", re.I)


@lru_cache(maxsize=100_000)
def _title_days(title: str) -> frozenset[tuple[int, int]]:
    """The (month, day)s a title gives: "13th-Feb-2025", "14 November 2024", "16.12.24" (day first, as in the UK).
    Frozen: it is cached, and papers share titles ("Minutes of Previous Meeting")."""
    days: set[tuple[int, int]] = set()
    for m in TITLE_DATE.finditer(title):
        day, month = (int(m.group(1)), MONTHS[m.group(2).lower()]) if m.group(1) else (int(m.group(3)), int(m.group(4)))
        if 1 <= day <= 31 and 1 <= month <= 12:
            days.add((month, day))
    return frozenset(days)


class TitleIndex:
    """Which papers' titles hold each word. A question that names no decision, appendix or date can
    name a paper firmly only by three of its title words in a row, so only the papers sharing three
    words with it need scoring: a store of tens of thousands of papers is not scanned each question."""

    def __init__(self, docs: dict[str, dict]):
        self.by_word: dict[str, set[str]] = {}
        for doc_id, doc in docs.items():
            for w in set(_title_words(doc.get("title") or "")):
                self.by_word.setdefault(w, set()).add(doc_id)

    def candidates(self, refs: References, allowed: set[str], floor: float) -> set[str]:
        """The allowed papers that could score `floor` or more by `match`: all of them when the question
        names a decision, appendix or date (or the floor is so low that a kind alone reaches it)."""
        if refs.decisions or refs.appendices or refs.days or refs.months or floor <= KIND_SCORE:
            return allowed
        shared = Counter(d for w in set(refs.words) for d in self.by_word.get(w, ()))
        return {d for d, n in shared.items() if n >= 3 and d in allowed}


@lru_cache(maxsize=100_000)
def _title_words(title: str) -> list[str]:
    return [t for t in tokenize(title) if t not in GENERIC and not COUNCIL_INITIALS.fullmatch(t)]


def _common_run(a: list[str], b: tuple[str, ...]) -> int:
    """The longest run of tokens that stands in both, in order."""
    best = 0
    for i in range(len(a)):
        for j in range(len(b)):
            k = 0
            while i + k < len(a) and j + k < len(b) and a[i + k] == b[j + k]:
                k += 1
            best = max(best, k)
    return best
