"""What Clerk knows of the text of council papers, in one place for every stage: month names, how figures
are written (sums of money, percentages, numbers), where sentences end, how alike two passages are, and
councils' short names."""

from __future__ import annotations

import calendar
import re

# Month names, "January" to "December"; MONTHS maps them and their three-letter abbreviations, in lower
# case, to 1-12
MONTH_NAMES: tuple[str, ...] = tuple(m for m in calendar.month_name if m)
MONTHS: dict[str, int] = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
# the names and abbreviations as one regex alternation, longest first so "June" is not read as "Jun"
MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))

# Figures as papers write them: "£4.0m", "£13,200", "£1.2 billion"; "12%", "0.1 per cent"; "13,200", "4.5"
SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "mn": 1e6, "bn": 1e9, "billion": 1e9}
MONEY = re.compile(r"£\s?(\d[\d,]*(?:\.\d+)?)\s?(k|m|mn|bn|thousand|million|billion)?\b", re.I)
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?(?:%|per\s?cent|percent)", re.I)
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
# a number that does not continue a word or another number ("A1", the "4" of "12.4" read on its own)
NUMBER_ALONE = re.compile(r"(?<![\w.])" + NUMBER.pattern)


def number_form(raw: str) -> str:
    """'13,200' -> '13200', '4.0' -> '4', '0.10' -> '0.1'."""
    value = raw.replace(",", "")
    if "." in value:
        value = value.rstrip("0").rstrip(".")
    return value.lstrip("0") or "0" if not value.startswith("0.") else value


def money_value(amount: str, scale: str | None) -> float:
    """A MONEY match's amount and scale as pounds: ("4.0", "m") -> 4000000.0."""
    return float(amount.replace(",", "")) * SCALE.get((scale or "").lower(), 1)


# Sentence ends. Titles and abbreviations whose full stop does not end a sentence ("proposed by Cllr. Jones");
# each lookbehind ends with the stop itself, as it is tested where the stop has just been read.
ABBREV = "".join(rf"(?<!\b{a}\.)" for a in ("e.g", "i.e", "No", "no", "Nos", "Cllr", "Cllrs", "Mr", "Mrs", "Ms",
                                             "Dr", "Prof", "Rev", "vs", "approx", "para", "paras", "cf", "c"))
# where ingest may cut a long paragraph to fit a chunk: after a stop, before what can start a sentence
SENTENCE_END = re.compile(ABBREV + r"(?<=[.!?])[\"'”’)]?\s+(?=[A-Z(£\"“‘'\d•])")
# where an answer may quote from: between sentences, and before an inline resolution "(2) Endorse ...",
# which minutes run together
# an initial ("Cllr. J. Williams") does not end a sentence either: a name cut there is quoted as two fragments
# nor does a lettered point's own stop ("a. Members claimed ..."), which ends no sentence
ENUMERATOR_STOP = "".join(rf"(?<!\b{e}\.)" for e in ("[a-h]", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"))
SENTENCE_BREAK = re.compile(ABBREV + ENUMERATOR_STOP + r"(?<!\b[A-Z]\.)(?<=[.!?])[\"'”’)]?\s+(?=[A-Z£(\"“\d])|"
                            r"\s+(?=\((?:\d{1,2}|[a-h]|[ivx]{1,4})\)\s+[A-Z])|"
                            # and before a lettered point run on after the last ("... facilities. b. Members ...")
                            r"(?<=[.;])\s+(?=(?:[a-h]|[ivx]{1,4})\.\s+[A-Z])")


def split_sentences(text: str) -> list[str]:
    """A paragraph cut into sentences, for packing into chunks."""
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def sentences(line: str) -> list[str]:
    """A line cut into the sentences (and inline resolutions) an answer can quote one by one. A single
    word before a number in brackets labels it ("Against (41) Mr A, Mr B": a recorded vote), so it
    stays with it; a stop inside brackets ends no sentence."""
    out: list[str] = []
    for s in (s.strip() for s in SENTENCE_BREAK.split(line) if s and s.strip()):
        # nor does a stop inside brackets ("£15 (Ch. No. 300136)"): a sentence does not end before its ")"
        inside = bool(out) and out[-1].count("(") > out[-1].count(")") and ")" in s[:80]
        if out and (re.fullmatch(r"[A-Za-z]+", out[-1]) and s.startswith("(") or inside):
            out[-1] = f"{out[-1]} {s}"
        else:
            out.append(s)
    return out


# How alike two passages are: the share of the smaller one's words (or word runs) that the other has too,
# 1.0 when one says nothing the other does not, however much longer the other is


FINANCIAL_YEAR = re.compile(r"\b((?:19|20)\d\d)(?:\s?[/\-–]\s?|\s+to\s+)((?:19|20)\d\d|\d{1,2})\b(?![/\-–]\d)")


def fold_years(text: str) -> str:
    """Lower case, with each financial year in one form: "2025/26", "2025-2026", "2025 to 2026", "2025–26"
    and "2014/5" all read "2025-26" (or "2014-15"), so a question and a paper that write it differently
    agree. Dates ("2025-03-13") and spans of more than a year ("2019-2021") are left as they are."""
    def one(m: re.Match) -> str:
        first, second = int(m.group(1)), m.group(2)
        if len(second) == 4:
            follows = int(second) == first + 1
        else:  # "26" after 2025, "5" after 2014
            follows = int(second) == (first + 1) % 10 ** len(second)
        return f"{first}-{(first + 1) % 100:02d}" if follows else m.group(0)
    return FINANCIAL_YEAR.sub(one, text.lower().replace("’", "'"))


YEAR = re.compile(r"\b((?:19|20)\d\d)(?:-(\d\d))?\b")


def years(text: str) -> set[tuple[int, int]]:
    """The years a text names, each as (first, last): "2024" -> (2024, 2024), "2023-24" -> (2023, 2024)."""
    out = set()
    for m in YEAR.finditer(fold_years(text)):
        first = int(m.group(1))
        financial = m.group(2) is not None and int(m.group(2)) == (first + 1) % 100  # not a date's month
        out.add((first, first + 1) if financial else (first, first))
    return out


# a quarter of a year as reports name it: "Quarter 3", "Q3", "Qtr 3", "the third quarter"
QUARTER = re.compile(r"\b(?:Q|Qtr\.?\s?|Quarter\s)([1-4])\b|\b(first|second|third|fourth)\s+quarter\b", re.I)
QUARTER_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def quarters(text: str) -> set[int]:
    """The quarters a text names: "Quarter 3", "Q3 2024/25" and "the third quarter" -> {3}."""
    return {int(m.group(1)) if m.group(1) else QUARTER_ORDINALS[m.group(2).lower()] for m in QUARTER.finditer(text)}


def years_of_date(date: str) -> str:
    """The years a paper's date speaks for, as a question writes them: "2025-03-04" -> "2025 2024-25", its
    calendar year and the financial year (April to March) it falls in. "" for no date."""
    m = re.match(r"((?:19|20)\d\d)(?:-(\d\d))?", date or "")
    if not m:
        return ""
    year = int(m.group(1))
    if not m.group(2):
        return str(year)
    first = year if int(m.group(2)) >= 4 else year - 1
    return f"{year} {first}-{(first + 1) % 100:02d}"


def overlap_coefficient(a: set[str], b: set[str]) -> float:
    """|a & b| / the size of the smaller set; 0 when either is empty."""
    return len(a & b) / max(1, min(len(a), len(b)))


def share_of_words_in(a: str, b: str) -> float:
    """The share of a's words (case-folded, split at spaces) that b has too: how little a adds to b."""
    words = set(a.lower().split())
    return len(words & set(b.lower().split())) / max(1, len(words))


def council_short_name(council: str) -> str:
    """The name a question uses for a council: "Northshire County Council" -> "Northshire", "Royal Borough of
    Eastport upon Avon" -> "Eastport upon Avon", "Hillbrook Community Council" -> "Hillbrook"."""
    name = re.sub(r"\s+(County|Borough|City|District|Community|Parish|Town|Metropolitan Borough)?\s*Council$", "",
                  council).strip()
    return re.sub(r"^(?:(?:The|Royal|London|Metropolitan)\s+)*(?:Borough|City|County|District) of\s+", "", name).strip()


# a first word that names no one council: "North Eastshire", "West Northshire", "Isle of ..."
NOT_A_PLACE = {"north", "south", "east", "west", "central", "mid", "greater", "upper", "lower", "new", "old", "great",
               "little", "isle", "city", "royal", "london", "county", "borough", "the", "st", "saint", "vale", "forest"}


def council_names(council: str) -> tuple[str, ...]:
    """The names a question may use for a council: its short name, and the first word of a name of several words
    ("Hillbrook" for "Hillbrook Wye Vale Community Council", "Eastport" for "Eastport upon Avon"), as people
    shorten a place's name; a word every compass-point council shares is no such name."""
    short = council_short_name(council)
    first = short.split()[0] if short else ""
    alias = (first,) if " " in short and len(first) >= 4 and first.lower() not in NOT_A_PLACE else ()
    return tuple(n for n in (short, *alias) if n)


def names_council(text: str, council: str) -> str | None:
    """The name of the council `text` uses, if any: the short name in any case, a shortened one only as a proper
    name is written (capitalised), so a common word that opens a place's name is not read as the place."""
    short, *alias = council_names(council)
    m = re.search(rf"\b{re.escape(short)}\b", text, re.I) if short else None
    if m:
        return m.group()
    for name in alias:
        m = re.search(rf"\b{re.escape(name)}\b", text)
        if m:
            return m.group()
    return None


# "Eastport Council", "Westvale District Council": a council named in a question, whether or not the store has its papers
COUNCIL_CALLED = re.compile(r"\b([A-Z][\w'’-]+)\s+(?:(?:County|City|Borough|District|Parish|Town|Community)\s+)?Council\b")
# words that stand before "Council" without naming one: "the County Council", "Youth Council", "February Council"
NOT_A_COUNCIL = {"county", "city", "borough", "district", "parish", "town", "community", "full", "youth", "arts", "the",
                 "this", "that", "each", "every", "our", "their", "its", "which", "what", "cabinet", "scrutiny", "at",
                 "if", "under", "for", "in", "by", "whole", "research", "sports", "sport", "design", "advisory",
                 "students", "student", "school", "schools", "children's", "people's", "national", "local", "european",
                 "privy", "security", "health", "care", "police", "economic", *(m.lower() for m in MONTH_NAMES)}


def other_councils(text: str, known: list[str]) -> list[str]:
    """Councils `text` names ("Eastport Council") that are none of `known`, the councils whose papers are held:
    a question about one is not answered by another council's paper that never names it."""
    for council in known:
        for name in council_names(council):
            text = re.sub(rf"\b{re.escape(name)}\b", " ", text, flags=re.I if name == council_short_name(council) else 0)
    return list(dict.fromkeys(f"{m.group(1)} Council" for m in COUNCIL_CALLED.finditer(text)
                              if m.group(1).lower() not in NOT_A_COUNCIL))
