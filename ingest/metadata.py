"""Document metadata: from a folder's metadata.json sidecar, else inferred from text and path."""

from __future__ import annotations

import calendar
import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from clerk.text import MONTH_NAMES, MONTH_WORDS, MONTHS

SIDECAR = "metadata.json"
FIELDS = ("council", "meeting", "date", "title", "kind", "source")
DATE_TEXT = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?[\s\-]+(" + MONTH_WORDS + r")[a-z]*\.?[\s\-,]+(\d{4})\b",
    re.I,
)
ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
QUALIFIED = re.compile(r"(County|Borough|City|District|Community|Town|Parish) Council$|^Royal Borough of ")
COUNCIL = re.compile(
    r"\b((?:(?!Council\b)[A-Z][a-z]+(?:[ -](?:upon|on|and)?[ -]?(?!Council\b)[A-Z][a-z]+){0,2}) "
    r"(?:County|Borough|City|District|Metropolitan Borough|Community|Town|Parish) Council"
    r"|Royal Borough of [A-Z][a-z]+(?: upon [A-Z][a-z]+)?"
    r"|[A-Z]{2,5} Council|[A-Z][a-z]{3,} Council)\b"
)
# a council's own web or e-mail domain: "democracy.northshire.gov.uk", "someone@northshire.gov.uk"
DOMAIN = re.compile(r"[@.]([a-z][a-z-]{2,})\.gov\.uk\b", re.I)
# a folder named for a council, as papers are filed: "hillbrook-wye-vale-community-council"
FOLDER_COUNCIL = re.compile(r"^(?:(royal[-_ ]borough[-_ ]of[-_ ].+)|(.+?)[-_ ]council)$", re.I)
# words that start "... Council" phrases which are not a council's name
NOT_PLACE = {"the", "this", "that", "our", "your", "their", "full", "budget", "social", "care", "arts", "each", "every",
             "any", "whole", "town", "parish", "new", "local", "county", "borough", "city", "district", "a", "an",
             "agenda", "cabinet", "member", "members", "design", "research", "youth", "school", "schools", "children",
             "sports", "english", "national", "british", "welsh", "scottish", "european", "general", "medical", "nursing",
             "since", "and", "or", "of", "for", "with", "by", "from", "all", "other", "neighbouring", "two", "both"}
NOT_PLACE |= {m.lower() for m in MONTH_NAMES}
ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
BODY = re.compile(
    r"\b((?:[A-Z][A-Za-z&,']* (?:and )?){0,5}(?:Committee|Board|Panel|Cabinet|Forum|Sub-Committee)"
    r"|Cabinet|County Council|Full Council)\b"
)


@lru_cache(maxsize=256)
def _manifest(folder: Path) -> dict:
    path = folder / SIDECAR
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def sidecar(path: Path) -> dict:
    entry = _manifest(path.parent).get(path.name, {})
    return {k: v for k, v in entry.items() if k in FIELDS and v}


def infer(path: Path, text: str, title_hint: str | None) -> dict:
    head = text[:6000]
    meta: dict = {}
    meta["council"] = _council(head) or _council(text)
    if meta["council"]:  # how sure: a council named once may be a neighbour the paper mentions
        meta["council_mentions"] = text.count(meta["council"])
    folder = _folder_council(path)
    if folder and (meta.get("council_mentions", 0) < 2 or folder.split()[0] not in meta["council"].split()):
        meta["council"], meta["council_mentions"] = folder, 2  # filed under its council: firm unless it says otherwise
    elif not meta["council"] and (own := _domain_council(text)):
        meta["council"], meta["council_mentions"] = own, 1  # a guess from an address: its folder may know better
    # every council named, headings in capitals too ("NORTHSHIRE COUNTY COUNCIL"): see pipeline._council_from_neighbours
    titled = re.sub(r"\b(?:[A-Z]{2,} ){1,2}(?:COUNTY|BOROUGH|CITY|DISTRICT) COUNCIL\b", lambda m: m.group().title(), text)
    meta["councils_named"] = sorted({c for c in map(_trim_place, COUNCIL.findall(titled)) if c})
    # papers often name their own council only by its initials ("NCC"): see initials()
    meta["acronyms"] = [a for a, n in Counter(ACRONYM.findall(text)).most_common(40) if n >= 2]
    meta["meeting"] = _meeting(path, head)
    meta["date"] = _date(path, head)
    meta["title"] = _title(path, head, title_hint)
    meta["kind"] = _kind(f"{path.name} {meta['title']} {head[:400]}")
    return {k: v for k, v in meta.items() if v}


BODY_WORDS = {"full", "county", "city", "borough", "district", "town", "parish", "community", "the", "council",
              "meeting", "meetings", "cabinet", "committee", "papers"}


def _folder_council(path: Path) -> str | None:
    """ "papers/upper-vale-community-council/..." -> "Upper Vale Community Council"."""
    for part in reversed(path.parent.parts):
        m = FOLDER_COUNCIL.match(part)
        place = re.sub(r"[-_]+", " ", (m.group(1) or m.group(2)) if m else "").lower().split()
        if m and set(place) - BODY_WORDS:  # "full_council", "county-council" name a meeting, not a place
            words = re.sub(r"[-_]+", " ", m.group(0)).split()
            return " ".join(w if w in ("of", "upon", "and") else w.capitalize() for w in words)
    return None


def _domain_council(text: str) -> str | None:
    """The council whose domain the paper's addresses use most: a council it names that starts with
    that place ("Northshire County Council" for northshire.gov.uk), else the place and "Council"."""
    domains = Counter(m.group(1).lower() for m in DOMAIN.finditer(text))
    if not domains:
        return None
    place = domains.most_common(1)[0][0].replace("-", " ")
    named = [c for c in map(_trim_place, COUNCIL.findall(text)) if c and c.lower().startswith(place)]
    return max(set(named), key=named.count) if named else f"{place.title()} Council"


def initials(council: str) -> str:
    """ "Northshire County Council" -> "NCC", as papers abbreviate it."""
    return "".join(w[0] for w in council.split() if w[0].isupper())


def _trim_place(candidate: str) -> str | None:
    """ "Since Northshire County Council" -> "Northshire County Council"; "In March County Council" -> None."""
    words = candidate.split()
    while words and words[0].lower() in NOT_PLACE | {"in", "at", "on", "to", "as", "if", "is", "was"}:
        words.pop(0)
    return " ".join(words) if len(words) >= 2 and words[0] not in ("County", "Council") else None


def _council(head: str) -> str | None:
    """The council named most often; a qualified name ("Northshire County Council") beats a bare one,
    and a bare one must recur to count."""
    found = [c for c in map(_trim_place, COUNCIL.findall(head)) if c]
    qualified = [c for c in found if QUALIFIED.search(c)]
    # a bare name ("Northshire Council") counts when it recurs, or its place does
    pool = qualified or [c for c in found if found.count(c) >= 2 or head.count(c.split()[0]) >= 3]
    return max(set(pool), key=lambda c: (pool.count(c), len(c))) if pool else None


def _meeting(path: Path, head: str) -> str | None:
    m = re.search(r"^\s*(?:To|Meeting|Committee|Body):\s*(.+?)(?:\s+On:.*|\s+Date:.*)?$", head, re.I | re.M)
    if m:  # "Cabinet – 30 January 2025" -> "Cabinet"
        return re.sub(r"\s*[-–,]\s*\d{1,2}(st|nd|rd|th)?\s+\w+\s+\d{4}\s*$", "", m.group(1)).strip(" *")
    for part in reversed(path.parent.parts):
        if not re.fullmatch(r"[\d\-_ ]+", part) and part not in (".", "/"):
            words = part.replace("_", " ").replace("-", " ").strip()
            if words.lower() not in ("corpus", "papers", "uploads", "tmp"):
                return words.title()
            break
    bodies = BODY.findall(head[:1500])
    return bodies[0].strip() if bodies else None


def _date(path: Path, head: str) -> str | None:
    for part in reversed(path.parts):
        if m := ISO.search(part):
            return m.group(0)
    for source in (path.name, head):
        if m := DATE_TEXT.search(source):
            day, month, year = int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3))
            if 1 <= day <= 31 and 1900 < year < 2100:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None


GENERIC_TITLES = re.compile(r"^(the report|report|record of decision|executive decision|agenda template|minutes|"
                            r"powerpoint presentation|document\d*|untitled|microsoft word.*|appendix [a-z0-9]+)$", re.I)


def _title(path: Path, head: str, hint: str | None) -> str:
    """The file name when it says something (councils name their files well); else a "Title:" line;
    else the PDF's own title unless it is a template's ("THE REPORT"); else the file name."""
    stem = re.sub(r"\s+", " ", re.sub(r"[_]+|%20", " ", path.stem)).strip()
    if len(re.findall(r"[A-Za-z]{3,}", stem)) >= 3:
        return stem
    if m := re.search(r"^\s*(?:Title|Subject|Report subject|Report title)\s*[:\t]\s*(.{8,})$", head, re.I | re.M):
        return m.group(1).strip(" *")
    if hint and len(hint.strip()) >= 5 and not GENERIC_TITLES.match(hint.strip()):
        return hint.strip()
    return stem


def _kind(text: str) -> str:
    low = text.lower()
    for kind, words in (
        ("minutes", ("minutes",)), ("agenda", ("agenda", "frontsheet")),
        ("service plan", ("service plan",)), ("appendix", ("appendix", "annex")),
    ):
        if any(w in low for w in words):
            return kind
    return "report"


def date_range(date: str | None) -> tuple[int, int]:
    """A date as given (YYYY, YYYY-MM, YYYY-MM-DD or an interval A/B) to yyyymmdd bounds."""
    if not date:
        return 0, 99999999
    first, _, last = date.partition("/")
    return _bound(first, start=True), _bound(last or first, start=False)


def _bound(value: str, start: bool) -> int:
    parts = [int(p) for p in value.split("-")[:3]]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else (1 if start else 12)
    day = parts[2] if len(parts) > 2 else (1 if start else calendar.monthrange(year, month)[1])
    return year * 10000 + month * 100 + day


def resolve(path: Path, text: str, title_hint: str | None) -> dict:
    given = sidecar(path)
    meta = infer(path, text, title_hint) | given
    if "council" in given:  # stated, not inferred: as firm as it gets, and never overruled
        meta["council_mentions"] = 99
        meta["council_stated"] = True
    meta.setdefault("title", path.stem)
    return meta
