"""A meeting's papers as a brief a member can read in five minutes: for each paper what it is for,
what the meeting is asked to decide, its headline figures, the risks it flags and what changed
since the previous paper of its series; then questions a member might ask. Every line is a
verbatim quote of a sentence, list item or table row, cited to its page and paragraph."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from clerk.index import Passage
from clerk.config import Config
from clerk.ingest.metadata import date_range
from clerk.ingest.store import open_collection

from .brief_extract import (Change, Fact, headline_figures, paper_units, passages_of, purpose, recommendations,
                            risks)
from .brief_series import _signature, changes, previous_paper
from .verify import unsupported_figures

KIND_ORDER = {"report": 0, "service plan": 1, "minutes": 2, "appendix": 3, "agenda": 4}


@dataclass
class PaperBrief:
    doc: dict
    purpose: list[Fact] = field(default_factory=list)
    recommendations: list[Fact] = field(default_factory=list)
    figures: list[Fact] = field(default_factory=list)
    risks: list[Fact] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    previous: dict | None = None  # the earlier paper of the same series, when the store holds one


@dataclass
class MemberQuestion:
    text: str  # template wording with no figures of its own; {0}, {1} are the facts, quoted and cited
    facts: list[Fact]


@dataclass
class Brief:
    meeting: str
    date: str
    council: str
    papers: list[PaperBrief]
    questions: list[MemberQuestion]
    seconds: float = 0.0

    def facts(self) -> Iterable[Fact]:
        for p in self.papers:
            yield from p.purpose + p.recommendations + p.figures + p.risks
            for c in p.changes:
                yield c.before
                yield c.now


# ---- which papers make the meeting


def _folder(doc: dict) -> str:
    return str(Path(doc["files"][0]).parent) if doc.get("files") else ""


def _overlaps(doc: dict, date: str) -> bool:
    lo, hi = date_range(date)
    return bool(doc.get("date")) and (doc.get("date_start") or 0) <= hi and (doc.get("date_end") or 0) >= lo


def meetings(docs: list[dict]) -> list[dict]:
    """The meetings in the store: papers of one council and date published together in one folder,
    named by the meeting most of them give."""
    groups: dict[tuple, list[dict]] = {}
    for d in docs:
        if d.get("date"):
            groups.setdefault((d.get("council") or "", d["date"], _folder(d)), []).append(d)
    out = []
    for (council, date, _), ds in groups.items():
        names = Counter(d.get("meeting") for d in ds if d.get("meeting") and d.get("kind") != "agenda")
        name = names.most_common(1)[0][0] if names else (ds[0].get("meeting") or "Meeting")
        out.append({"council": council, "meeting": name, "date": date, "papers": len(ds),
                    "doc_ids": [d["doc_id"] for d in ds]})
    return sorted(out, key=lambda m: (m["date"], m["council"], m["meeting"]), reverse=True)


def select_papers(docs: list[dict], meeting: str | None = None, date: str | None = None,
                  papers: list[Path] | None = None, council: str | None = None) -> list[dict]:
    """The papers of a meeting: named files; or those of the date whose meeting, folder or title
    names the meeting, with the papers published beside them (an appendix often names no meeting)."""
    if papers:  # by path; a bare file name when no stored path is that file
        paths = {str(Path(p).resolve()) for p in papers}
        exact = [d for d in docs if any(str(Path(f).resolve()) in paths for f in d.get("files", []))]
        names = {Path(p).name for p in papers}
        return exact or [d for d in docs if any(Path(f).name in names for f in d.get("files", []))]
    pool = [d for d in docs if (not date or _overlaps(d, date))
            and (not council or council.lower() in (d.get("council") or "").lower())]
    if not meeting:
        return pool
    key = re.sub(r"[\s_]+", " ", meeting).lower()
    hits = Counter(_folder(d) for d in pool
                   if key in " ".join([d.get("meeting") or "", d.get("title") or "",
                                       re.sub(r"[\s_]+", " ", _folder(d))]).lower())
    if not hits:
        return []
    best = max(hits.values())
    folders = {f for f, n in hits.items() if n == best}  # a meeting's papers share a folder
    return [d for d in pool if _folder(d) in folders]


# ---- questions a member might ask: templates over cited facts


def questions(papers: list[PaperBrief], limit: int = 8) -> list[MemberQuestion]:
    """One question per prompt, round the papers: the figure that moved most, a target missed, a
    risk rated high, a recommendation with a cost, an overspend. Quotes stay verbatim."""
    out: list[MemberQuestion] = []
    moves = sorted(((c, p) for p in papers for c in p.changes if c.moved > 0), key=lambda cp: -cp[0].moved)
    for c, _ in moves[:2]:
        out.append(MemberQuestion("This figure has moved since the previous paper, from {0} to {1}. "
                                  "What explains the change, and is it expected to continue?", [c.before, c.now]))
    kinds = [
        (lambda p: [f for f in p.figures if "missed" in f.tags],
         "The paper reports: {0}. What is being done to bring this back to target, and by when?"),
        (lambda p: [f for f in p.risks if "severe" in f.tags],
         "The paper flags: {0}. How likely is this, what would it cost, and who is managing it?"),
        (lambda p: [f for f in p.recommendations if "cost" in f.tags],
         "The meeting is asked: {0}. How is this funded, and what happens if it is not agreed?"),
        (lambda p: [f for f in p.figures if "money" in f.tags and re.search(r"overspend|deficit|shortfall|pressure",
                                                                           f.text, re.I)],
         "What is driving this: {0}? Is it recurring, and what are the options to close it?"),
    ]
    for pick, template in kinds:
        for p in papers:
            got = pick(p)
            if got and len(out) < limit:
                out.append(MemberQuestion(template, [got[0]]))
                break
    # a template adds no figure of its own: every figure in a question is in the quotes it cites
    return [q for q in out if supported(q.text.format(*[f.text for f in q.facts]), q.facts)]


# ---- the brief


def brief_paper(doc: dict, passages: list[Passage], before: list[Passage] | None = None,
                previous: dict | None = None) -> PaperBrief:
    units = paper_units(passages)
    pb = PaperBrief(doc=doc, previous=previous)
    if doc.get("kind") == "agenda":  # an agenda lists items; its papers say what they are
        pb.purpose = purpose(units)
        return pb
    pb.purpose = purpose(units)
    pb.recommendations = recommendations(units, minutes=doc.get("kind") == "minutes")
    used = {f.text for f in pb.purpose + pb.recommendations}
    small = doc.get("kind") in ("appendix", "minutes")
    pb.figures = headline_figures(units, used, limit=3 if small else 7, minutes=doc.get("kind") == "minutes")
    used |= {f.text for f in pb.figures}
    pb.risks = risks(units, used, limit=2 if small else 3)
    if before:
        pb.changes = changes(units, paper_units(before))
    return pb


def build_brief(cfg: Config, meeting: str | None = None, date: str | None = None, papers: list[Path] | None = None,
                council: str | None = None, documents: list[dict] | None = None,
                progress: Callable[[int, int, str], None] | None = None, doc_ids: set[str] | None = None) -> Brief:
    """The brief of a meeting's papers (by meeting and date, or named files already ingested)."""
    from clerk.ingest.catalog import open_catalog

    t0 = time.perf_counter()
    docs = documents if documents is not None else open_catalog(cfg).documents()
    chosen = [d for d in docs if d["doc_id"] in doc_ids] if doc_ids else select_papers(docs, meeting, date, papers,
                                                                                           council)
    chosen.sort(key=lambda d: (KIND_ORDER.get(d.get("kind") or "", 5), d.get("title") or ""))
    collection = open_collection(cfg)
    texts = passages_of(collection, chosen)
    by_id = {d["doc_id"]: d for d in docs}
    # earlier papers of the same councils, for the series: read once, fingerprinted by figure sentences
    ids = {d["doc_id"] for d in chosen}
    starts = [d.get("date_start") or 0 for d in chosen if d.get("date_start")]
    # (within two years: a series' previous edition is last quarter's or last year's, and a store of
    # many years need not be read whole)
    earlier = [d for d in docs if d["doc_id"] not in ids and d.get("date_end") and starts
               and max(starts) - 20000 <= d["date_end"] < max(starts)
               and d.get("council") in {c.get("council") for c in chosen} and d.get("kind") not in ("agenda", "minutes")]
    earlier_texts = passages_of(collection, earlier) if earlier else {}
    signatures = {k: _signature(v) for k, v in earlier_texts.items()}
    out = []
    for i, d in enumerate(chosen):
        if progress:
            progress(i, len(chosen), d.get("title") or "")
        prev = previous_paper(d, _signature(texts[d["doc_id"]]), signatures, by_id) if d.get("kind") not in (
            "agenda", "minutes") else None
        out.append(brief_paper(d, texts[d["doc_id"]], earlier_texts.get(prev["doc_id"]) if prev else None, prev))
    if progress:
        progress(len(chosen), len(chosen), "done")
    names = Counter(d["meeting"] for d in chosen if d.get("meeting") and d.get("kind") != "agenda")
    result = Brief(meeting=meeting or (names.most_common(1)[0][0] if names else "Selected papers"),
                   date=date or ", ".join(sorted({d["date"] for d in chosen if d.get("date")})),
                   council=", ".join(sorted({d["council"] for d in chosen if d.get("council")})),
                   papers=out, questions=questions(out))
    _number(result)
    result.seconds = round(time.perf_counter() - t0, 2)
    return result


def _number(brief: Brief) -> None:
    """Citations numbered in reading order: questions first, then each paper's lines."""
    n = 0
    for f in [f for q in brief.questions for f in q.facts] + list(brief.facts()):
        if f.citation.n == 0:
            n += 1
            f.citation = replace(f.citation, n=n)


def supported(text: str, facts: list[Fact]) -> bool:
    """A line's figures all stand in the quotes it cites (as every answer's must)."""
    return not unsupported_figures(text, [f.citation.quote for f in facts])


__all__ = ["Brief", "Change", "Fact", "MemberQuestion", "PaperBrief", "build_brief", "meetings", "select_papers"]
