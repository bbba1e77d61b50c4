"""answer: question -> short answer with numbered, verified citations (extractive by default)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from index import Filters, Passage, Searcher
from index.glossary import concepts_in
from index.tokens import tokenize
from ingest.config import Config
from ingest.embed import embed_query, embed_texts

from .followup import standalone
from .verify import verify_answer

QUANTITY = re.compile(r"\b(how (much|many)|what (is|was|were|are) the (total|number|rate|cost|budget|spend|quota)|"
                      r"quota|rate|figure|number|amount|spend|spent|cost|budget|overspend|underspend|percentage|"
                      r"vacanc|total|fte|headcount)", re.I)
COMPARE = re.compile(r"\b(compare|comparison|versus|vs\.?|differ|change[sd]?|since|over time|trend|between .+ and)\b", re.I)
YEAR = re.compile(r"\b(?:19|20)\d\d(?:/\d\d)?\b")
ROW_SPLIT = re.compile(r"\n")
GENERIC_CAPS = {"what", "how", "why", "when", "where", "which", "who", "is", "was", "the", "does", "did", "do",
                "our", "we", "and", "in", "of", "for", "tell", "list", "give", "has", "have", "are", "were"}


@dataclass
class Citation:
    n: int
    title: str
    file: str
    path: str
    council: str
    meeting: str
    date: str
    page: int | None
    page_label: str | None
    section: str
    quote: str  # the exact span cited, as it stands in the stored text
    passage: str  # the passage around it, for showing in context
    chunk_id: str
    doc_id: str

    def reference(self) -> str:
        where = [self.council, self.meeting, self.date]
        page = f"p. {self.page_label or self.page}" if self.page else None
        return "; ".join(x for x in [self.title, ", ".join(w for w in where if w), page,
                                     f"section {self.section}" if self.section else None] if x)


@dataclass
class Answer:
    question: str
    searched_question: str
    answer: str
    found: bool
    citations: list[Citation]
    nearest: list[dict] = field(default_factory=list)
    filters: str = "all papers"
    mode: str = "extractive"
    notes: list[str] = field(default_factory=list)
    timings: dict = field(default_factory=dict)

    def json(self) -> dict:
        return asdict(self)

    def sources(self) -> tuple[str, list[str]]:
        """The heading and lines shown under the answer: its references, or the nearest papers."""
        if self.citations:
            return "References", [f"[{c.n}] {c.reference()}" for c in self.citations]
        if self.nearest:
            return "Nearest papers", [f"- {n['title']} ({n['council']}, {n['date']}), p. {n['page']}"
                                      for n in self.nearest]
        return "", []

    def markdown(self) -> str:
        heading, items = self.sources()
        return "\n".join([self.answer, ""] + ([f"{heading}:"] + items if items else [])).strip()


@dataclass
class _Unit:
    text: str
    passage: Passage
    before: str = ""  # the sentence before, which often names what this one's figures are about
    score: float = 0.0


def _units(p: Passage) -> list[str]:
    """Sentences of a paragraph, rows of a table, items of a list: what can be quoted alone."""
    out = []
    for line in ROW_SPLIT.split(p.hit):
        line = line.strip()
        if not line:
            continue
        if p.chunk_kind == "table":
            out.append(line)
        else:
            out += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z£(\"“])", line) if s.strip()]
    return out


def _with_before(units: list[str]) -> list[tuple[str, str]]:
    return [(units[i - 1] if i else "", u) for i, u in enumerate(units)]


def _required_terms(question: str, searcher_councils: list[str]) -> list[str]:
    """Words a passage must share with the question to answer it: years and proper names."""
    terms = YEAR.findall(question)
    concept_words = {w.lower() for c in concepts_in(question) for w in c.split()}
    for word in re.findall(r"(?<![\w'])([A-Z][a-zA-Z]{2,})", question):
        if word.lower() in GENERIC_CAPS or word.lower() in concept_words or word.isupper():
            continue
        if question.strip().startswith(word):
            continue
        terms.append(word)
    return terms


def _has_terms(terms: list[str], p: Passage, any_name: bool = False) -> bool:
    """All the terms in the passage or its paper's details; for a comparison, any one name will do."""
    haystack = " ".join([p.text, p.title, p.council, p.meeting, p.date, p.file]).lower()
    found = [t.lower() in haystack or t.lower().replace("/", "-") in haystack for t in terms]
    if any_name:
        years = [f for t, f in zip(terms, found) if YEAR.fullmatch(t)]
        names = [f for t, f in zip(terms, found) if not YEAR.fullmatch(t)]
        return all(years) and (not names or any(names))
    return all(found)


class Assistant:
    """The one API the CLI, the app and the evaluation harness use."""

    def __init__(self, cfg: Config, searcher: Searcher | None = None):
        self.cfg = cfg
        self.searcher = searcher or Searcher(cfg)

    def councils(self) -> list[str]:
        return sorted({d["council"] for d in self.searcher.documents() if d.get("council")})

    def answer(self, question: str, history: list[str] | None = None, filters: Filters | None = None) -> Answer:
        result = None
        for event, value in self.stream(question, history, filters):
            if event == "answer":
                result = value
        assert result is not None
        return result

    def stream(self, question: str, history: list[str] | None = None,
               filters: Filters | None = None) -> Iterator[tuple[str, object]]:
        """Yields ("searched", q), then ("text", partial answer)..., then ("answer", Answer)."""
        filters = filters or Filters()
        t0 = time.perf_counter()
        searched = standalone(question, history or [], self.councils())
        yield "searched", searched
        result = self.searcher.search(searched, filters, top=8)
        named = [c for c in self.councils() if _short_name(c).lower() in searched.lower()]
        if COMPARE.search(searched) and len(named) > 1:  # one search a council, so each side is found
            seen = {p.chunk_id for p in result.passages}
            for council in named:
                extra = self.searcher.search(searched, replace(filters, council=council), top=4).passages
                result.passages += [p for p in extra if p.chunk_id not in seen]
                seen |= {p.chunk_id for p in extra}
        t1 = time.perf_counter()
        base = dict(question=question, searched_question=searched, filters=filters.describe())
        if not result.passages:
            ans = Answer(answer=result.message or "The papers in the index don't answer this.", found=False,
                         citations=[], **base)
        else:
            ans = self._extractive(searched, result.passages, base)
        ans.timings = {"retrieval_ms": round((t1 - t0) * 1000, 1),
                       "answer_ms": round((time.perf_counter() - t1) * 1000, 1)}
        yield "text", ans.answer
        yield "answer", ans

    def _extractive(self, question: str, passages: list[Passage], base: dict) -> Answer:
        units = [_Unit(u, p, before) for p in passages for before, u in _with_before(_units(p))]
        required = _required_terms(question, self.councils())
        comparing = bool(COMPARE.search(question))
        qtok = set(tokenize(question))
        weights = {t: (2.0 if t.startswith(("_c_", "gbp", "pct", "n")) else 1.0) for t in qtok}
        wants_figure = bool(QUANTITY.search(question))
        total = max(1.0, sum(weights.values()))
        for u in units:  # cheap lexical pass first; only the best few are embedded
            utok, btok = set(tokenize(u.text)), set(tokenize(u.before))
            own = sum(w for t, w in weights.items() if t in utok)
            borrowed = sum(w for t, w in weights.items() if t in btok and t not in utok)
            u.score = 0.4 * (own + 0.5 * borrowed) / total
            u.score += 0.15 * u.passage.similarity
            if wants_figure and re.search(r"\d", u.text):
                u.score += 0.08
            if not _has_terms(required, u.passage, comparing):
                u.score -= 0.3
        units = sorted(units, key=lambda u: -u.score)[:16]
        qvec = np.asarray(embed_query(question))
        for u, v in zip(units, embed_texts([u.text for u in units], self.cfg.embed_batch)):
            u.score += 0.5 * float(np.dot(qvec, np.asarray(v)))
        units.sort(key=lambda u: -u.score)
        best = units[0]
        for u in units[1:]:  # the sentences around the best one often carry its figures
            if u.passage is best.passage:
                u.score += 0.06
        units[1:] = sorted(units[1:], key=lambda u: -u.score)
        self.last_scores = [(round(u.score, 3), u.text[:60]) for u in units[:5]]
        nearest = [{"title": p.title, "council": p.council, "date": p.date, "page": p.page, "section": p.section,
                    "file": p.file} for p in passages[:3]]
        context = " ".join([best.passage.text, best.passage.title, best.passage.council])
        coverage = _coverage(weights, set(tokenize(context)))
        if (best.score < self.cfg.not_found_threshold or coverage < 0.5
                or not _has_terms(required, best.passage, comparing)):
            return Answer(answer="The papers in the index don't answer this question. The nearest passages are "
                                 "listed below; check them before relying on any figure.",
                          found=False, citations=[], nearest=nearest, **base)
        chosen = self._choose(units, question)
        citations: list[Citation] = []
        lines: list[str] = []
        for i, u in enumerate(chosen):
            c = self._cite(u, len(citations) + 1)
            citations.append(c)
            text = u.text.lstrip("• ").strip()
            if COMPARE.search(question) and len({x.passage.doc_id for x in chosen}) > 1:
                lines.append(f"- {u.passage.council or u.passage.title}, {u.passage.date}: {text} [{c.n}]")
            elif i == 0:
                lines.append(f"{text} [{c.n}]")
            else:
                lines.append(f"- {text} [{c.n}]")
        if len(lines) > 1 and not lines[0].startswith("- "):
            lines.insert(1, "\nThe papers also say:")
        answer = "\n".join(lines)
        kept, dropped = verify_answer(answer, {c.n: c.quote for c in citations})
        return Answer(answer=kept, found=True, citations=citations, nearest=nearest, notes=dropped, **base)

    def _choose(self, units: list[_Unit], question: str) -> list[_Unit]:
        best = units[0].score
        if COMPARE.search(question):
            per_doc: dict[str, _Unit] = {}
            for u in units:
                if u.score >= best - 0.2 and u.passage.doc_id not in per_doc:
                    per_doc[u.passage.doc_id] = u
            if len(per_doc) > 1:
                return sorted(per_doc.values(), key=lambda u: u.passage.date or "")[:4]
        chosen = [units[0]]
        for u in units[1:]:
            if len(chosen) == 3 or u.score < max(best - 0.25, self.cfg.not_found_threshold - 0.05):
                break
            if any(_overlap(u.text, c.text) > 0.6 for c in chosen):
                continue
            chosen.append(u)
        return chosen

    def _cite(self, u: _Unit, n: int) -> Citation:
        p = u.passage
        return Citation(n=n, title=p.title, file=p.file, path=p.path, council=p.council, meeting=p.meeting,
                        date=p.date, page=p.page, page_label=p.page_label, section=p.section, quote=u.text,
                        passage=p.text, chunk_id=p.chunk_id, doc_id=p.doc_id)


def _short_name(council: str) -> str:
    return re.sub(r"\s+(County |Borough |City |District )?Council$", "", council)


def _coverage(weights: dict[str, float], have: set[str]) -> float:
    """Share of the question's (weighted) keyword tokens that the text contains."""
    return sum(w for t, w in weights.items() if t in have) / max(1.0, sum(weights.values()))


def _overlap(a: str, b: str) -> float:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return len(wa & wb) / max(1, min(len(wa), len(wb)))
