"""Acronyms the papers define, learned from them: "Adult Social Care and Health (ASCH)", "EqIA - Equality
Impact Assessment". Councils write their directorates, plans and papers by initials ("the ASCH budget", "the
KSS"), while a councillor asks in words, or the other way round; the glossary knows the terms all councils
share, this table the ones a store's own papers spell out. A question in words is searched with the initials too."""

from __future__ import annotations

import re
from collections import Counter

# small words a long form's initials skip: "Adult Social Care and Health" -> ASCH
SKIPPED = {"and", "of", "the", "for", "in", "to", "on", "a", "an", "&", "with", "by"}
SHORT = r"[A-Z][A-Za-z&]{1,7}"
IN_BRACKETS = re.compile(rf"\(\s*[\"'‘“]?({SHORT})[\"'’”]?\s*\)")
DEFINED_AFTER = re.compile(rf"(?:^|\n|\s{{2,}}|(?<=[a-z.)]) )({SHORT})\s*[-–—:=]\s+(?=[A-Z])")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*|&")


def _letters(short: str) -> str | None:
    """The initials an acronym stands for: its capitals ("EqIA" -> "EIA"), if it is one (three or more of them,
    at least half its letters); "Mr", "Plan" are not."""
    caps = "".join(c for c in short if c.isupper())
    letters = [c for c in short if c.isalpha()]
    # three letters at least: two-letter ones ("PH", "LA") are also words and initials of too many things
    return caps if len(caps) >= 3 and len(caps) * 2 >= len(letters) else None


def _match(words: list[str], caps: str) -> str | None:
    """The words, read in order, whose initials (small words skipped) spell `caps`; all of them must count."""
    initials = [w[0].upper() for w in words if w.lower() not in SKIPPED]
    if "".join(initials) != caps or words[0].lower() in SKIPPED or words[-1].lower() in SKIPPED:
        return None
    return " ".join(words)


def harvest(text: str) -> list[tuple[str, str]]:
    """(acronym, long form) pairs a text defines, in either order."""
    out = []
    for m in IN_BRACKETS.finditer(text):
        caps = _letters(m.group(1))
        if not caps:
            continue
        before = WORD.findall(text[max(0, m.start() - 160):m.start()])
        for n in range(len(caps), min(len(before), 2 * len(caps) + 2) + 1):  # the shortest run that spells it
            if long := _match(before[-n:], caps):
                out.append((m.group(1), long))
                break
    for m in DEFINED_AFTER.finditer(text):
        caps = _letters(m.group(1))
        if not caps:
            continue
        after = WORD.findall(text[m.end():m.end() + 160])
        for n in range(len(caps), min(len(after), 2 * len(caps) + 2) + 1):
            if long := _match(after[:n], caps):
                out.append((m.group(1), long))
                break
    return out


def plain_words(text: str) -> str:
    """The text's words in lower case, '&' read as 'and', padded with spaces: for matching a phrase word for word."""
    # a quote mark closing a word is no part of it: "'Financial Implications'"
    return " " + " ".join(w.lower().rstrip("'’") for w in WORD.findall(text.replace("&", " and "))) + " "


class Acronyms:
    """Each acronym with the long form the papers give it most often (one that two papers spell out
    differently, equally often, is left out: which is meant cannot be told)."""

    def __init__(self, pairs: list[tuple[str, str, int]]):
        counts: dict[str, Counter[str]] = {}
        for short, long, n in pairs:
            counts.setdefault(short, Counter())[plain_words(long).strip()] += n
        self.long: dict[str, str] = {}
        for short, forms in counts.items():
            (best, n), *rest = forms.most_common(2) + [("", 0)]
            # a council's initials name a place, which ranking weighs already ("NCC" in most questions to its papers)
            if n and (not rest or rest[0][1] < n) and not re.search(r"\bcouncils?$", best):
                self.long[short] = best

    def __len__(self) -> int:
        return len(self.long)

    def expand(self, query: str) -> str:
        """The query with the initials of each long form it spells out: "the Adult Social Care & Health budget"
        gains "ASCH"."""
        said = plain_words(query)
        extra = [short for short, long in self.long.items()
                 if f" {long} " in said and not re.search(rf"(?<![\w&]){re.escape(short)}(?![\w&])", query)]
        # only this way: a question's own initials spelt out ("the KSS" -> "key service statement") moved
        # answers to the spelt-out form's papers more often than it found the initials' own
        return query if not extra else f"{query} ({'; '.join(extra)})"
