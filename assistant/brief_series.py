"""What changed since the previous paper of a series (last quarter's report, the draft of a final
budget): the earlier paper sharing most figure sentences, and the sentences and table rows both
editions give with different figures, side by side."""

from __future__ import annotations

import re

from clerk.index import Passage

from .brief_extract import COUNT, MONEY, PARA, PERCENT, YEAR, Change, _fact, _money
from clerk.text import sentences

from .units import Unit

def masked(text: str) -> tuple[str, ...]:
    """A sentence's words with its figures taken out: the same sentence in two editions of a
    report has the same mask and different figures."""
    body = PARA.sub("", text).lower()
    body = re.sub(r"£?\d[\d,]*(?:\.\d+)?\s?(?:%|k|m|bn|million|billion)?", " # ", body)
    return tuple(re.findall(r"[a-z#]+", body))


def _signature(passages: list[Passage]) -> set[tuple[str, ...]]:
    out = set()
    for p in passages:
        for line in p.hit.split("\n"):
            for s in sentences(line):
                m = masked(s)
                if "#" in m and len(m) >= 6:
                    out.add(m)
    return out


def _similar(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    sa, sb = set(a), set(b)
    return len(sa & sb) / max(1, len(sa | sb)) >= 0.75


def _measures(text: str) -> set[str]:
    """The sums and rates a quote gives, else its counts: what must differ for a change to show."""
    body = PARA.sub("", text)
    found = {m.group().replace(" ", "") for m in MONEY.finditer(body)} | {m.group() for m in PERCENT.finditer(body)}
    return found or ({m.group(1) for m in COUNT.finditer(body) if not YEAR.match(m.group(1))})


def changes(units: list[Unit], before: list[Unit], limit: int = 6) -> list[Change]:
    """Sentences and rows the two editions share, whose figures differ: side by side."""
    index: dict[tuple, list[Unit]] = {}
    for i, u in enumerate(units):
        u.position_in_paper = i  # type: ignore[attr-defined]
    for b in before:
        m = masked(b.text)
        if "#" in m and len(m) >= 5:
            index.setdefault(m[:4], []).append(b)
            index.setdefault(m[-4:], []).append(b)
    out, seen = [], set()
    for u in units:
        m = masked(u.text)
        if "#" not in m or len(m) < 5 or u.label:
            continue
        for b in index.get(m[:4], []) + index.get(m[-4:], []):
            if b.text in seen or not _similar(m, masked(b.text)) or _label(u) != _label(b):
                continue
            now, was = _measures(u.text), _measures(b.text)
            if not now or now == was:
                continue
            a, c = _money(b.text), _money(u.text)
            # how far the sums moved, when both quotes give them in the same order
            moved = max((abs(y - x) / max(abs(x), 1.0) for x, y in zip(a, c)), default=0.0) if len(a) == len(c) else 0.0
            seen.add(b.text)
            change = Change(_fact("figure", u, tags={"money"} if c else set()),
                            _fact("figure", b, tags={"money"} if a else set()), moved)
            out.append((u.role == "row" and not re.search(r"\btotal\b", u.text, re.I),
                        u.position_in_paper, change))  # type: ignore[attr-defined]
            break
    # what the paper puts first (its summary) and totals before the rows of a table
    return [c for _, _, c in sorted(out, key=lambda x: x[:2])[:limit]]


def _label(u: Unit) -> tuple[str, ...]:
    """A table row's label (before its first "="; "Income: ASCH = ..." is another row than
    "Reserves: ASCH = ..."), masked of figures; a sentence has none."""
    return masked(u.text.split(":", 1)[0]) if u.role == "row" else ()


def previous_paper(doc: dict, sig: set, candidates: dict[str, set], docs: dict[str, dict]) -> dict | None:
    """The earlier paper sharing the most figure sentences with this one (same wording, other
    figures: the last quarter's report, the draft of a final budget), if it shares enough."""
    best, best_n = None, 0
    for doc_id, other in candidates.items():
        d = docs[doc_id]
        if (d.get("date_end") or 0) >= (doc.get("date_start") or 0) or d.get("council") != doc.get("council"):
            continue
        shared = sum(1 for m in sig if m in other)
        if shared > best_n:
            best, best_n = d, shared
    if best is None:
        return None
    smaller = min(len(sig), len(candidates[best["doc_id"]]))
    if not (best_n >= 3 and best_n >= 0.1 * smaller or best_n >= 0.3 * smaller):  # a short paper shares few
        return None
    return best

