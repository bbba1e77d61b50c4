"""answer: question -> short answer with numbered, verified citations (extractive by default)."""

from __future__ import annotations

import re
import time
from collections.abc import Generator, Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

import numpy as np

from clerk.index import Filters, Passage, Searcher
from clerk.index.refs import references
from clerk.index.tokens import tokenize
from clerk.config import Config
from clerk.records import Source
from clerk.ingest.embed import embed_texts
from clerk.text import council_names, names_council, other_councils

from .compose import Composition, compose, for_named_council
from .decide import evidence_weights, features, outcome_on_record, probability
from .events import AnswerEvent, Done, Partial, Searched, Verified
from .followup import split, standalone
from .inputs import ASK_ABOUT_THE_PAPERS, is_question
from .question import Question, analyse
from .units import filed_title, labels
from .verify import MARKER, verify_answer
from .wanted import asking_at

NOT_FOUND = ("The papers in the index don't answer this question. The nearest passages are listed below; "
             "check them before relying on any figure.")
CLOSEST = "The papers don't state this directly; the closest they come is:"
OCR_NOTE = " (scanned page, read by OCR)"


# `clerk ask --json` (and the app's /ask): the fields of a citation, of a paper named as nearest when the
# papers don't answer, and of a passage searched (with the files it also stands in)
CITATION_JSON = ("n", "title", "file", "path", "council", "meeting", "date", "page", "page_label", "section", "quote",
                 "passage", "chunk_id", "doc_id", "ocr")
NEAREST_JSON = ("title", "council", "date", "page", "section", "file")
RETRIEVED_JSON = ("file", "doc_id", "page", "section", "score", "also_in", "text")


@dataclass(frozen=True, kw_only=True)
class Citation(Source):
    n: int
    quote: str  # the exact span cited, as it stands in the stored text
    passage: str  # the passage around it, for showing in context

    def reference(self) -> str:
        where = [self.council, self.meeting, self.date]
        page = f"p. {self.page_label or self.page}{OCR_NOTE if self.ocr else ''}" if self.page else None
        return "; ".join(x for x in [self.title, ", ".join(w for w in where if w), page,
                                     f"section {self.section}" if self.section else None] if x)


# what kind of answer it is: quoted as the answer, the closest the papers come, none found, or no question asked
AnswerStatus = Literal["answered", "closest", "not found", "not a question"]


@dataclass
class Answer:
    question: str
    searched_question: str
    answer: str
    found: bool
    citations: list[Citation]
    nearest: list[Source] = field(default_factory=list)  # the closest papers, named when none answers
    filters: str = "all papers"
    mode: str = "extractive"
    confidence: float = 0.0  # P(the papers answer), from the calibrated evidence signals
    status: AnswerStatus = "answered"  # closest: the nearest the papers come, not a direct answer
    evidence: dict = field(default_factory=dict)  # the signals behind `confidence`, by name
    retrieved: list[Passage] = field(default_factory=list)  # the passages searched, ranked
    notes: list[str] = field(default_factory=list)
    timings: dict = field(default_factory=dict)

    def json(self) -> dict:
        """As `clerk ask --json` and the app's /ask give it: field names the evaluation and clients read."""
        return asdict(replace(self, citations=[], nearest=[], retrieved=[])) | {
            "citations": [c.json(CITATION_JSON) for c in self.citations],
            "nearest": [n.json(NEAREST_JSON) for n in self.nearest],
            "retrieved": [p.json(RETRIEVED_JSON) | {"also_in": [a.file for a in p.also_in]} for p in self.retrieved]}

    def sources(self) -> tuple[str, list[str]]:
        """The heading and lines shown under the answer: its references, or the nearest papers."""
        if self.citations:
            return "References", [f"[{c.n}] {c.reference()}" for c in self.citations]
        if self.nearest:
            return "Nearest papers", [_nearest_line(n) for n in self.nearest]
        return "", []

    def markdown(self) -> str:
        heading, items = self.sources()
        return "\n".join([self.answer, ""] + ([f"{heading}:"] + items if items else [])).strip()


class Assistant:
    """The one API the CLI, the app and the evaluation harness use."""

    def __init__(self, cfg: Config, searcher: Searcher | None = None):
        self.cfg = cfg
        self.searcher = searcher or Searcher(cfg)
        self._vectors: dict[str, np.ndarray] = {}  # unit text -> embedding; passages recur across questions

    def _unit_vectors(self, texts: list[str]) -> list[np.ndarray]:
        """Embeddings of quotable units, for scoring meaning, kept for the next question. Each is cut
        to its first 400 characters: a long table row or list need not be read whole to match a
        question, and one long unit would pad the whole batch to its length."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            if len(self._vectors) > 50_000:
                self._vectors.clear()
            for t, v in zip(missing, embed_texts([t[:400] for t in missing], self.cfg.embed_batch,
                                                self.cfg.embed_model)):
                self._vectors[t] = np.asarray(v)
        return [self._vectors[t] for t in texts]

    def councils(self) -> list[str]:
        return sorted({d["council"] for d in self.searcher.documents() if d.get("council")})

    def answer(self, question: str, history: list[str] | None = None, filters: Filters | None = None) -> Answer:
        result = None
        for event in self.stream(question, history, filters):
            if isinstance(event, Done):
                result = event.answer
        assert result is not None
        return result

    def stream(self, question: str, history: list[str] | None = None,
               filters: Filters | None = None) -> Iterator[AnswerEvent]:
        """Yields Searched, then Partial answers..., then Done with the Answer (events.py)."""
        filters = filters or Filters()
        if not is_question(question, history):  # nothing to search for: say what Clerk answers instead
            yield Done(Answer(question=question, searched_question=question, answer=ASK_ABOUT_THE_PAPERS,
                              found=False, citations=[], filters=filters.describe(), status="not a question"))
            return
        t0 = time.perf_counter()
        searched = standalone(question, history or [], self.councils())
        yield Searched(searched)
        result = self.searcher.search(searched, filters, top=self.cfg.answer_passages)
        named = self.named_councils(searched)
        own, context = split(searched, history or [])
        asked = analyse(own, context)
        seen = {p.chunk_id for p in result.passages}
        if len(asked.parts) > 1:  # each part searched too, so every part's best passage is read
            for part in asked.parts:
                extra = self.searcher.search(_with(part.text, context), filters,
                                             top=self.cfg.part_passages).passages
                result.passages += [p for p in extra if p.chunk_id not in seen]
                seen |= {p.chunk_id for p in extra}
        # the best papers searched again on their own: a table row or list item a paper holds ranks below
        # other papers' prose in one search over all, and the paper ranked first is most often the one asked
        items = " ".join(f"item {n}" for n in sorted(references(searched).items))
        for doc_id in list(dict.fromkeys(p.doc_id for p in result.passages))[: self.cfg.paper_searches]:
            extra = self.searcher.search(searched, filters, top=self.cfg.paper_passages, within={doc_id}).passages
            if items:  # "item 5" is filed under its number, in a passage sharing few other words with the question
                extra += self.searcher.search(items, filters, top=2, within={doc_id}).passages
            result.passages += [p for p in extra if p.chunk_id not in seen]
            seen |= {p.chunk_id for p in extra}
        if asked.comparing and len(named) > 1:  # one search a council, so each side is found
            for council in named:
                extra = self.searcher.search(searched, replace(filters, council=council), top=4).passages
                result.passages += [p for p in extra if p.chunk_id not in seen]
                seen |= {p.chunk_id for p in extra}
        self.searcher.continue_lists(result.passages, self.cfg.continued_passages, outcome=asked.decision)
        self.searcher.finish_sentences(result.passages, self.cfg.continued_passages)
        t1 = time.perf_counter()
        base: dict[str, Any] = dict(question=question, searched_question=searched, filters=filters.describe())
        if not result.passages:
            ans = Answer(answer=result.message or "The papers in the index don't answer this.", found=False,
                         citations=[], status="not found", **base)
        elif self.cfg.llm_base_url:
            ans = yield from self._generative(searched, result.passages, base)
        else:
            ans = self._extractive(own, result.passages, base, result.vector, context)
        ans.retrieved = list(result.passages)
        ans.timings = {"retrieval_ms": round((t1 - t0) * 1000, 1),
                       "answer_ms": round((time.perf_counter() - t1) * 1000, 1)}
        if ans.mode == "extractive":  # quoted lines reach the reader one by one, as a generated answer does
            lines = ans.answer.split("\n")
            for i in range(1, len(lines) + 1):
                yield Partial("\n".join(lines[:i]))
        yield Done(ans)

    def _extractive(self, question: str, passages: list[Passage], base: dict,
                    qvec: list[float] | None = None, context: str = "") -> Answer:
        """`qvec` is the searched question's vector; `context` the question before a follow-up leans on."""
        asked = analyse(question, context)
        whole = _with(question, context)  # a council named before still holds for the follow-up
        councils = self.named_councils(whole)
        if len(councils) > 1:  # "what are A and B councils doing": each paper's answer
            asked = replace(asked, comparing=True)
        base = base | {"nearest": nearest(passages)}
        idf = self.searcher.keyword.idf
        if len(asked.parts) == 1 and qvec is not None:
            part_vectors = [np.asarray(qvec)]
        else:
            part_vectors = [np.asarray(v) for v in self._unit_vectors([_with(p.text, context) for p in asked.parts])]
        # "In the Government's invitation ..., which bodies' views are crucial?": a line may match what is asked
        # without the words that say where to look, so each part is also matched by what follows its question word
        asking = [(i, p.text[n:]) for i, p in enumerate(asked.parts) if (n := asking_at(p.text)) > 0]
        if asking:
            tails = self._unit_vectors([_with(tail, context) for _, tail in asking])
            for (i, _), tail in zip(asking, tails):
                part_vectors[i] = np.vstack([part_vectors[i], np.asarray(tail)])
        comp = compose(asked, passages, self.cfg, idf, self._unit_vectors, part_vectors, tuple(councils))
        if not comp.units:
            return Answer(answer=NOT_FOUND, found=False, citations=[], status="not found", **base)
        places = frozenset(tokenize(" ".join(n for c in councils for n in council_names(c))))
        evidence = features(asked, comp, evidence_weights(question, context, idf), places)
        confidence = round(probability(evidence), 3)
        on_record = outcome_on_record(asked, comp)
        base |= {"confidence": confidence, "evidence": evidence | {"named_council": float(self._named_council(whole, comp)),
                                                                   "meeting_on_record": float(on_record)}}
        if confidence < self.cfg.closest_threshold:
            return Answer(answer=NOT_FOUND, found=False, citations=[], status="not found", **base)
        # a question about one council answered from another council's paper is at best the closest the papers come;
        # so is what a meeting decided, answered from no paper of that meeting or after it
        closest = confidence < self.cfg.answer_threshold or not self._named_council(whole, comp) or not on_record
        text, citations = _write(asked, comp, closest)
        kept, dropped = verify_answer(text, {c.n: c.quote for c in citations})
        if not kept:
            return Answer(answer="The papers in the index don't answer this question: no passage found could be "
                                 "quoted in support.", found=False, citations=[], notes=dropped, status="not found",
                          **base)
        return Answer(answer=kept, found=not closest, citations=citations, notes=dropped,
                      status="closest" if closest else "answered", **base)

    def _generative(self, question: str, passages: list[Passage], base: dict) -> Generator[Partial, None, Answer]:
        """Stream the server's answer, then keep only what verification passes; if nothing survives
        (or the server fails) the extractive answer is given instead, with a note saying why."""
        from .generate import generate

        try:
            for event in generate(self.cfg, question, passages):
                match event:
                    case Partial():
                        yield event
                    case Verified():
                        verified = event
        except Exception as exc:  # noqa: BLE001 - any server failure falls back to quoting
            ans = self._extractive(question, passages, base)
            ans.notes.append(f"language model unavailable ({exc.__class__.__name__}); extractive answer shown")
            return ans
        if not verified.text:
            ans = self._extractive(question, passages, base)
            ans.notes += verified.notes + ["no generated claim could be verified; extractive answer shown"]
            return ans
        citations = [cite(p, n, p.hit) for n, p in enumerate(verified.used, start=1)]
        return Answer(answer=verified.text, found=True, citations=citations, nearest=nearest(passages),
                      mode="generative", notes=verified.notes, **base)

    def _named_council(self, question: str, comp: Composition) -> bool:
        # a council whose papers are not held counts too: "Westvale Council's grant" from another council's paper
        # that never names Westvale is not its figure
        return for_named_council(self.named_councils(question) + other_councils(question, self.councils()), comp.units[0])

    def named_councils(self, text: str) -> list[str]:
        return [c for c in self.councils() if names_council(text, c)]


def _with(text: str, context: str) -> str:
    """A follow-up's part as searched: with the question before it, which names its subject."""
    return f"{text.rstrip(' ?')} ({context})?" if context else text


def _span(units: list) -> str:
    """The stored text from the first unit to the last, when they stand together in one passage;
    else the first unit's text."""
    hit = units[0].passage.text  # the lead and the stored chunk, as the citation shows them
    first = _found(hit, units[0].text)
    last = _found(hit, units[-1].text, first.start()) if first else None
    if first is None or last is None or any(u.passage is not units[0].passage for u in units):
        return units[0].text
    return hit[first.start():last.end()]


def _found(hit: str, text: str, start: int = 0) -> re.Match | None:
    """Where a unit's text stands in the stored text, whatever the spacing: a list item the page wrapped is one
    unit, its line break a space."""
    return re.compile(r"\s+".join(re.escape(w) for w in text.split())).search(hit, start)


def _write(asked: Question, comp: Composition, closest: bool) -> tuple[str, list[Citation]]:
    """The answer's lines, each ending in its marker: the lines answering the question's parts
    first, then what else the papers say; a list's items each carry the list's marker; lines from
    several papers say which paper each is from."""
    citations: list[Citation] = []
    lines: list[str] = []
    items = references(asked.text).items
    several = len({u.passage.doc_id for _, us in comp.lines for u in us}) > 1
    councils = {u.passage.council for _, us in comp.lines for u in us}
    for text, units in comp.lines:
        # a paper's own footnote marks ("[3] Rolling programmes ...") would read as this answer's citations
        text = re.sub(r"[ \t]{2,}", " ", MARKER.sub("", text)).strip()
        n = len(citations) + 1
        p = units[0].passage
        quote = _span(units)
        heading = filed_title(units[0])
        if items and labels(units[0]) & items and heading and heading not in text:
            # "what was item 5?" is answered by the title the item is filed under, quoted with what follows it
            text, quote = f"{heading}: {text}", f"{heading}\n{quote}"
        citations.append(cite(p, n, quote))
        # which paper a line is from: its council when the papers are several councils', else its title
        name = p.council if len(councils) > 1 and p.council else re.sub(r"[:\n]", " ", p.title)[:70]
        who = f"{name}, {p.date}: " if several and p.date else ""
        if text.startswith("- "):  # a list, item by item
            lines.append("\n".join(f"{item} [{n}]" for item in text.split("\n")))
        else:
            lines.append(f"- {who}{text} [{n}]" if several and who else f"{text} [{n}]")
    head = [CLOSEST] if closest else []
    if len(lines) > 1 and not several and not closest:
        lead = len(asked.parts) if len(asked.parts) > 1 else 1
        rest = [ln if ln.startswith("- ") else f"- {ln}" for ln in lines[lead:]]
        body = lines[:lead] + (["", "The papers also say:"] + rest if rest else [])
    else:
        body = [ln if ln.startswith("- ") or len(lines) == 1 and not closest else f"- {ln}" for ln in lines]
    return "\n".join(head + body), citations


def cite(p: Passage, n: int, quote: str) -> Citation:
    return Citation(**asdict(p.source()), n=n, quote=quote, passage=p.text)


def nearest(passages: list[Passage]) -> list[Source]:
    """The closest papers, shown when an answer is not found."""
    return [p.source() for p in passages[:3]]


def _nearest_line(n: Source) -> str:
    """ "- Title (Council, date), p. 3", leaving out what the paper does not say (an upload with no
    council or date is "- Title, p. 1", not "- Title (, ), p. 1")."""
    where = ", ".join(x for x in (n.council, n.date) if x)
    line = f"- {n.title or n.file or 'untitled paper'}" + (f" ({where})" if where else "")
    return line + (f", p. {n.page}" if n.page else "")


