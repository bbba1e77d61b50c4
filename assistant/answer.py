"""answer: question -> short answer with numbered, verified citations (extractive by default)."""

from __future__ import annotations

import calendar
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from index import Filters, Passage, Searcher
from index.glossary import concepts_in
from index.tokens import MONEY, PERCENT, tokenize
from ingest.config import Config
from ingest.embed import embed_query, embed_texts

from .followup import standalone
from .verify import verify_answer
from .wanted import answers_kind, figure_wanted, prefers_percent, wanted

# "since 2019" asks for a timeline; "since Blackburn Lodge closed" does not
COMPARE = re.compile(r"\b(compare|comparison|versus|vs\.?|differ|change[sd]?|since (?:(?:19|20)\d\d|last|then)|"
                     r"over time|trend|between .+ and)\b", re.I)
LIST_QUESTION = re.compile(r"^\s*(what (are|were)|which|list|name)\b|\bwhat .* (for|include)\?", re.I)
YEAR = re.compile(r"\b(?:19|20)\d\d(?:/\d\d)?\b")
MEASURE = re.compile(r"\b\d+(?:\.\d+)?[a-zA-Z]{2,}\b")  # a figure with its unit names a thing: "a 20mph limit"
ORDINAL = re.compile(r"(st|nd|rd|th|s|bn)$", re.I)  # "21st", "1990s", "£2bn" are not measures
MONTH_NAMES = {m for m in calendar.month_name if m}
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
    confidence: float = 0.0  # score of the best supporting passage; below the threshold means not found
    retrieved: list[dict] = field(default_factory=list)  # ranked passages searched: file, page, section, score
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
class _Ask:
    """What a question asks, worked out once for scoring units and deciding whether one answers it."""
    text: str
    weights: dict[str, float]  # question keyword -> IDF: rarer words say more about what is asked
    required: list[str]  # years and names a passage must share
    comparing: bool
    kinds: set[str]  # kinds of answer wanted (money, percent, count, date, person), if any
    percent: bool  # a rate or a quota: a percentage is the likelier answer

    def has_wanted(self, text: str) -> bool:
        return bool(self.kinds) and answers_kind(text, self.text, self.kinds)

    def words(self, text: str) -> set[str]:
        """A text's tokens, where a vice-chair or a deputy leader holds another office than the one
        asked about unless the question says "vice" or "deputy"."""
        if not QUALIFIED_ROLE.search(self.text):
            text = QUALIFIED_ROLE.sub(" ", text)
        return set(tokenize(text))


@dataclass
class _Unit:
    text: str
    passage: Passage
    before: str = ""  # the sentence before, which often names what this one's figures are about
    score: float = 0.0
    lexical: float = 0.0  # share of the question's keywords in the unit itself
    context: set[str] = field(default_factory=set)  # tokens of what tells its subject (see _context_tokens)


def _units(p: Passage) -> list[str]:
    """What can be quoted alone: sentences, table rows, a list with its lead-in, and a heading
    that carries a figure ("Staffing Budgets - £1.6 million")."""
    out = []
    heading = p.section.split(" > ")[-1]
    if MONEY.search(heading) or PERCENT.search(heading):
        out.append(heading)
    lines = [ln.strip() for ln in p.hit.split("\n") if ln.strip()]
    if out and lines and lines[0].startswith("•"):  # a list under that heading, quoted whole
        out.append("\n".join(ln for ln in lines[: next((i for i, ln in enumerate(lines) if not ln.startswith("•")),
                                                       len(lines))]))
    for i, line in enumerate(lines):
        if p.chunk_kind == "table":
            out.append(line)
            continue
        if line.endswith(":") and i + 1 < len(lines) and lines[i + 1].startswith("•"):
            j = i + 1
            while j < len(lines) and lines[j].startswith("•"):
                j += 1
            out.append("\n".join(lines[i:j]))
        out += [s for s in SENTENCE_BREAK.split(line) if s.strip()]
    # a unit says something in two words, or labels a figure ("• Medway: 8529")
    return [u for u in out if len(re.findall(r"[A-Za-z]{2,}", u)) >= 2 or LABELLED_FIGURE.match(u)]


def _with_before(units: list[str]) -> list[tuple[str, str]]:
    return [(units[i - 1] if i else "", u) for i, u in enumerate(units)]


# between sentences, and before an inline resolution "(2) Endorse ...", "(b) Note ...", which minutes run together
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z£(\"“])|\s+(?=\((?:\d{1,2}|[a-h]|[ivx]{1,4})\)\s+[A-Z])")
LABELLED_FIGURE = re.compile(r"^[•\-]?\s*[A-Z][\w'’&.-]+:\s*[£$]?\d")
QUALIFIED_ROLE = re.compile(r"\b(vice|deputy)[- ](chair\w*|leader|director|chief executive|mayor)\b", re.I)
ANAPHORA = re.compile(r"^(This|These|That|Those|It|Its|They|Their|Such|In addition|Also|However|As a result)\b")


def _widen(best: _Unit, neighbours: dict[tuple[str, str], _Unit], has_wanted: Callable[[str], bool]) -> list[_Unit]:
    """The best sentence with the sentence before or after when a reader needs it: one that
    carries the figure asked for, one that continues it ("This ...", "In addition ..."), or what
    a lead-in ending in a colon introduces ("the voting was as follows:")."""
    p = best.passage
    before = next((u for (cid, _), u in neighbours.items() if cid == p.chunk_id and u.text == best.before), None)
    if not (before and (ANAPHORA.match(best.text) or (has_wanted(before.text) and not has_wanted(best.text)))):
        before = None
    after = next((u for (cid, prev), u in neighbours.items() if cid == p.chunk_id and prev == best.text), None)
    is_heading = best.text == p.section.split(" > ")[-1]
    if is_heading:  # a heading alone answers little: give what stands under it
        after = next((u for u in neighbours.values() if u.passage is p and u.text not in (best.text,)
                      and p.hit.startswith(u.text)), None)
    elif not (after and (ANAPHORA.match(after.text) or best.text.endswith(":")
                         or (not has_wanted(best.text) and has_wanted(after.text)))):
        after = None
    group = [u for u in (before, best, after) if u is not None]
    text = " ".join(u.text for u in group)
    if len(group) > 1 and text in p.hit:  # one quotable span where the sentences stand together
        return [_Unit(text, p, group[0].before, best.score, best.lexical)]
    return group  # e.g. a heading, which is not part of the passage text


def _required_terms(question: str, searcher_councils: list[str]) -> list[str]:
    """Words a passage must share with the question to answer it: years, measures ("20mph", "3FE")
    and proper names."""
    terms = YEAR.findall(question) + [m for m in MEASURE.findall(question) if not ORDINAL.search(m)]
    concept_words = {w.lower() for c in concepts_in(question) for w in c.split()}
    for word in re.findall(r"(?<![\w'])([A-Z][a-zA-Z]{2,})", question):
        acronym = word.isupper() or (word[:-1].isupper() and word.endswith("s"))  # "EHCPs"
        if word.lower() in GENERIC_CAPS or word.lower() in concept_words or acronym or word in MONTH_NAMES:
            continue
        if question.strip().startswith(word):
            continue
        terms.append(word)
    return terms


def _has_terms(terms: list[str], p: Passage, any_name: bool = False, text: str | None = None) -> bool:
    """All the terms in the passage (or just the given text of it) or its paper's details; for a
    comparison, any one name will do."""
    haystack = " ".join([p.text if text is None else text, p.section, p.title, p.council, p.meeting, p.date,
                         p.file]).lower()
    haystack = re.sub(r"\b((?:19|20)(\d))(\d)/(\d)\b", r"\1\3/\2\4", haystack)  # "2014/5" -> "2014/15"
    found = [any(v in haystack for v in (t.lower(), t.lower().replace("/", "-"),
                                         re.sub(r"(\d)([a-z])", r"\1 \2", t.lower()))) for t in terms]
    if any_name:  # each side of a comparison has its own name and year
        return not terms or any(found)
    return all(found)


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
            for t, v in zip(missing, embed_texts([t[:400] for t in missing], self.cfg.embed_batch)):
                self._vectors[t] = np.asarray(v)
        return [self._vectors[t] for t in texts]

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
        named = self.named_councils(searched)
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
        elif self.cfg.llm_base_url:
            ans = yield from self._generative(searched, result.passages, base)
        else:
            ans = self._extractive(searched, result.passages, base, result.vector)
        ans.retrieved = [{"file": p.file, "doc_id": p.doc_id, "page": p.page, "section": p.section,
                          "score": p.score, "also_in": [a["file"] for a in p.also_in]} for p in result.passages]
        ans.timings = {"retrieval_ms": round((t1 - t0) * 1000, 1),
                       "answer_ms": round((time.perf_counter() - t1) * 1000, 1)}
        if ans.mode == "extractive":  # quoted lines reach the reader one by one, as a generated answer does
            lines = ans.answer.split("\n")
            for i in range(1, len(lines) + 1):
                yield "text", "\n".join(lines[:i])
        yield "answer", ans

    def _extractive(self, question: str, passages: list[Passage], base: dict,
                    qvec: list[float] | None = None) -> Answer:
        units = [_Unit(u, p, before) for p in passages for before, u in _with_before(_units(p))]
        neighbours = {(u.passage.chunk_id, u.before): u for u in units}
        # "Kent and Medway Armed Forces Covenant" names one thing, not two councils to compare
        separate = re.sub(r"\b[A-Z]\w+,? and [A-Z]\w+ (?=[A-Z])", " ", question)
        comparing = bool(COMPARE.search(question)) or len(self.named_councils(separate)) > 1
        # words no paper contains weigh nothing: they cannot be matched
        ask = _Ask(question, {t: self.searcher.keyword.idf(t) for t in set(tokenize(question))},
                   _required_terms(question, self.councils()), comparing, wanted(question), prefers_percent(question))
        weights = ask.weights
        total = max(1.0, sum(weights.values()))
        names = {t for c in self.councils() for t in tokenize(_short_name(c))}
        focus = max((t for t in sorted(weights) if t not in names), key=lambda t: weights[t], default=None)
        wants_list = bool(LIST_QUESTION.search(question))
        for u in units:
            u.context = _context_tokens(u)
        totals = _totals_wanted(units, set(weights))
        for u in units:  # cheap lexical pass first; only the best few are embedded
            # the sentence before and the heading (a table's, a list's) tell what a unit is about
            utok, btok = ask.words(u.text), u.context
            own = sum(w for t, w in weights.items() if t in utok)
            borrowed = sum(w for t, w in weights.items() if t in btok and t not in utok)
            # "In addition, it ..." continues the sentence before, and a list's first item its lead-in:
            # that sentence's words are its own
            first_item = u.text.startswith("•") and not u.before.startswith("•")
            share = 0.8 if ANAPHORA.match(u.text) or first_item else 0.5
            u.lexical = (own + share * borrowed) / total
            u.score = 0.55 * u.lexical + 0.15 * u.passage.similarity
            if focus and weights[focus] > 0 and focus not in utok | btok:
                u.score -= 0.1  # misses the most telling word of the question
            if figure_wanted(ask.kinds):  # a sentence without the kind of figure asked for does not answer it
                u.score += 0.08 if ask.has_wanted(u.text) else -0.08
                if ask.percent and PERCENT.search(u.text):
                    u.score += 0.05
            elif ask.has_wanted(u.text):  # "who": a sentence naming someone
                u.score += 0.1
            if u.text == u.passage.section.split(" > ")[-1]:
                u.score -= 0.05  # a heading says less than the sentences under it
            if u.text.rstrip().endswith("?"):
                u.score -= 0.15  # a question put in the papers (minutes, members' questions) asks, not answers
            if wants_list and "\n•" in u.text:
                u.score += 0.1
            if u.passage.chunk_id in totals and TOTAL_ROW.match(u.text):
                u.score += 0.1  # a table asked about as a whole answers with its total
            if not _has_terms(ask.required, u.passage, comparing):
                u.score -= 0.3
            elif not comparing and not _has_terms(ask.required, u.passage, text=f"{u.before}\n{u.text}"):
                u.score -= 0.1  # the place or year asked about is elsewhere in the passage: another's figure
        units = sorted(units, key=lambda u: -u.score)[:20 if comparing else 12]
        query = np.asarray(qvec if qvec is not None else embed_query(question))
        for u, v in zip(units, self._unit_vectors([_meaning_text(u) for u in units])):
            u.score += 0.35 * float(np.dot(query, v))
        units.sort(key=lambda u: -u.score)
        for u in units[1:]:  # the sentences around the best one often carry its figures
            if u.passage is units[0].passage:
                u.score += 0.06
        units[1:] = sorted(units[1:], key=lambda u: -u.score)
        base = base | {"nearest": nearest(passages)}
        chosen = self._choose_comparison(units, ask) if comparing else []
        # the best unit that answers, among the top few: the very top may be a heading or lack the figure;
        # when a figure is asked for, the few that give one are looked at further down too
        window = units[:4] + [u for u in units[4:8] if ask.has_wanted(u.text)]
        # "who" prefers a unit naming someone, though a body can answer too
        window.sort(key=lambda u: not (ask.kinds == {"person"} and ask.has_wanted(u.text)))
        first = next((u for u in window if self._supported(u, ask)), None) if not chosen else None
        if first:
            chosen = self._choose([first] + [u for u in units if u is not first])
            # a neighbour is borrowed for a figure, not for a name: a contact line is no answer to "who"
            lead = _widen(chosen[0], neighbours, lambda t: figure_wanted(ask.kinds) and ask.has_wanted(t))
            chosen = lead + [u for u in chosen[1:] if all(u.text not in x.text for x in lead)]
        # the score of what leads the answer, or of the best passage found when nothing answers
        base["confidence"] = round((chosen or units)[0].score, 3)
        if not chosen:
            return Answer(answer="The papers in the index don't answer this question. The nearest passages are "
                                 "listed below; check them before relying on any figure.",
                          found=False, citations=[], **base)
        citations = [cite(u.passage, n, u.text) for n, u in enumerate(chosen, start=1)]
        if len(chosen) > 1 and len({u.passage.doc_id for u in chosen}) > 1 and comparing:
            lines = [f"- {u.passage.council or u.passage.title}, {u.passage.date}: {u.text.lstrip('• ')} [{n}]"
                     for n, u in enumerate(chosen, start=1)]
        else:
            lines = [f"{chosen[0].text.lstrip('• ')} [1]"]
            if len(chosen) > 1:
                lines.append("\nThe papers also say:")
                lines += [f"- {u.text.lstrip('• ')} [{n}]" for n, u in enumerate(chosen[1:], start=2)]
        kept, dropped = verify_answer("\n".join(lines), {c.n: c.quote for c in citations})
        if not kept:
            return Answer(answer="The papers in the index don't answer this question: no passage found could be "
                                 "quoted in support.", found=False, citations=[], notes=dropped, **base)
        return Answer(answer=kept, found=True, citations=citations, notes=dropped, **base)

    def _generative(self, question: str, passages: list[Passage], base: dict):
        """Stream the server's answer, then keep only what verification passes; if nothing survives
        (or the server fails) the extractive answer is given instead, with a note saying why."""
        from .generate import generate

        try:
            for event, value in generate(self.cfg, question, passages):
                if event == "text":
                    yield "text", value
                else:
                    text, used, notes = value
        except Exception as exc:  # noqa: BLE001 - any server failure falls back to quoting
            ans = self._extractive(question, passages, base)
            ans.notes.append(f"language model unavailable ({exc.__class__.__name__}); extractive answer shown")
            return ans
        if not text:
            ans = self._extractive(question, passages, base)
            ans.notes += notes + ["no generated claim could be verified; extractive answer shown"]
            return ans
        citations = [cite(p, n, p.hit) for n, p in enumerate(used, start=1)]
        return Answer(answer=text, found=True, citations=citations, nearest=nearest(passages), mode="generative",
                      notes=notes, **base)

    def named_councils(self, text: str) -> list[str]:
        return [c for c in self.councils() if re.search(rf"\b{re.escape(_short_name(c))}\b", text, re.I)]

    def _supported(self, u: _Unit, ask: _Ask, slack: float = 0.0) -> bool:
        """Whether a unit answers the question: score over the threshold, most of the question's
        keywords in its passage, the years and names the question asks about, and the kind of
        figure it asks for (in the unit or the sentence before, which is then quoted with it)."""
        own = ask.words(" ".join([u.text, u.passage.lead, u.passage.section, u.passage.council]))
        # the sentence before, the rest of its passage, the paper's title
        around = set(tokenize(f"{u.before}\n{u.passage.hit}\n{u.passage.title}")) - own
        coverage = _coverage(ask.weights, own) + 0.5 * _coverage(ask.weights, around)
        needed = 0.3 if ask.comparing else 0.5  # a comparison's words are shared between its sides
        # the sentence before may give the figure; a name there is someone else's ("... elected Vice Chair.
        # The Chair agreed ...")
        typed = ask.has_wanted(u.text) or (ask.kinds != {"name"} and ask.has_wanted(u.before))
        if typed and figure_wanted(ask.kinds):
            needed -= 0.1  # the figure asked for is itself evidence: papers word things unlike questions
        said = ask.words(u.text)
        if (set(tokenize(u.text)) - said) & set(ask.weights):
            return False  # a vice-chair where the chair is asked about: another office
        if ask.kinds == {"person"} and not typed and max(_coverage(ask.weights, ask.words(line))
                                                         for line in u.text.split("\n")) < 0.5:
            return False  # "who" answered by a body: the line naming it must itself say what is asked
        return (u.score >= self.cfg.not_found_threshold - slack and coverage >= needed
                and _has_terms(ask.required, u.passage, ask.comparing) and (typed or not figure_wanted(ask.kinds)))

    def _choose(self, units: list[_Unit]) -> list[_Unit]:
        """The best unit, then up to two more that share the question's words and are nearly as good."""
        best = units[0].score
        chosen = [units[0]]
        for u in units[1:]:
            if len(chosen) == 3 or u.score < max(best - 0.25, self.cfg.not_found_threshold - 0.05):
                break
            wider = next((i for i, c in enumerate(chosen) if c.text in u.text), None)
            if wider is not None:  # a list with the lead-in already chosen: quote it whole
                chosen[wider] = u
                continue
            if u.lexical == 0 or any(_overlap(u.text, c.text) > 0.6 for c in chosen):
                continue
            chosen.append(u)
        return chosen

    def _choose_comparison(self, units: list[_Unit], ask: _Ask) -> list[_Unit]:
        """The best supported unit of each paper, in date order, when more than one paper has one."""
        per_doc: dict[str, _Unit] = {}
        for u in units:
            if u.passage.doc_id not in per_doc and self._supported(u, replace(ask, comparing=True), slack=0.1):
                per_doc[u.passage.doc_id] = u
        if len(per_doc) < 2:
            return []
        return sorted(per_doc.values(), key=lambda u: u.passage.date or "")[:4]



def cite(p: Passage, n: int, quote: str) -> Citation:
    return Citation(n=n, title=p.title, file=p.file, path=p.path, council=p.council, meeting=p.meeting, date=p.date,
                    page=p.page, page_label=p.page_label, section=p.section, quote=quote, passage=p.text,
                    chunk_id=p.chunk_id, doc_id=p.doc_id)


def nearest(passages: list[Passage]) -> list[dict]:
    """The closest papers, shown when an answer is not found."""
    return [{"title": p.title, "council": p.council, "date": p.date, "page": p.page, "section": p.section,
             "file": p.file} for p in passages[:3]]


def _short_name(council: str) -> str:
    return re.sub(r"\s+(County |Borough |City |District )?Council$", "", council)


TOTAL_ROW = re.compile(r"^\s*(grand |overall |net )?totals?\b[^:]*:", re.I)


def _totals_wanted(units: list[_Unit], qtok: set[str]) -> set[str]:
    """Tables (chunk ids) whose rows the question does not single out: none of its words is in a
    row's label but not in the table's context (heading, header, title). Their total row answers."""
    named, tables = set(), set()
    for u in units:
        if u.passage.chunk_kind != "table" or ":" not in u.text:
            continue
        tables.add(u.passage.chunk_id)
        label = set(tokenize(u.text.split(":", 1)[0])) - u.context
        if not TOTAL_ROW.match(u.text) and label & qtok:
            named.add(u.passage.chunk_id)
    return tables - named


def _meaning_text(u: _Unit) -> str:
    """What a unit is embedded as: a short field or row ("Proposer: Mike Baldock Seconder: Mark Hood",
    "Medway: 8529") says nothing of its subject alone, so its paper's title goes with it; a sentence does."""
    if len(u.text.split()) < 12 and not u.text.rstrip().endswith((".", "!", "?")):
        return f"{u.passage.title}: {u.text}"
    return u.text


def _context_tokens(u: _Unit) -> set[str]:
    """What tells a unit's subject besides its own words: the sentence before, its section heading,
    the lead of its table or list, and the paper's title."""
    p = u.passage
    return set(tokenize(f"{u.before}\n{p.section}\n{p.lead}\n{p.title}"))


def _coverage(weights: dict[str, float], have: set[str]) -> float:
    """Share of the question's (weighted) keyword tokens that the text contains."""
    return sum(w for t, w in weights.items() if t in have) / max(1.0, sum(weights.values()))


def _overlap(a: str, b: str) -> float:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return len(wa & wb) / max(1, min(len(wa), len(wb)))
