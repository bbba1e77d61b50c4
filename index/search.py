"""Hybrid search: dense (Chroma) and keyword (BM25) fused by reciprocal rank, as passages."""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Iterable, Iterator
from typing import Any
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from clerk.config import Config
from clerk.records import Source
from clerk.text import overlap_coefficient
from clerk.ingest.catalog import open_catalog
from clerk.ingest.embed import embed_query, warm
from clerk.ingest.metadata import date_range

from .glossary import expand_query
from .keyword import KeywordIndex
from .refs import TitleIndex, match, references


FETCH_CHUNKS = 5000  # a search narrowed to papers holding no more chunks than this ranks them itself
# A store of up to this many chunks is searched exhaustively by meaning: every vector held in memory
# (75 MB), a question scored against all in a few ms. HNSW missed the exact nearest chunk of 7 of 211
# development questions on a 12,600-chunk store; larger stores use HNSW and narrow searches stay exact.
EXACT_CHUNKS = 50_000


@dataclass(frozen=True)
class Filters:
    council: str | None = None
    meeting: str | None = None
    kind: str | None = None
    since: str | None = None  # YYYY[-MM[-DD]]
    until: str | None = None

    def active(self) -> bool:
        return any(asdict(self).values())

    def describe(self) -> str:
        """The filters in words: "Northshire, Cabinet, minutes, from 2023-01-01"."""
        parts = [p for p in (self.council, self.meeting, self.kind) if p]
        if self.since and self.until:
            parts.append(f"{self.since} to {self.until}")
        elif self.since:
            parts.append(f"from {self.since}")
        elif self.until:
            parts.append(f"up to {self.until}")
        return ", ".join(parts) if parts else "all papers"

    def matches(self, doc: dict) -> bool:
        def contains(value: str | None, have: str | None) -> bool:
            return not value or value.lower() in (have or "").lower()

        if not (contains(self.council, doc.get("council")) and contains(self.meeting, doc.get("meeting"))
                and contains(self.kind, doc.get("kind"))):
            return False
        if self.since and (doc.get("date_end") or 0) < date_range(self.since)[0]:
            return False
        if self.until and (doc.get("date_start") or 99999999) > date_range(self.until)[1]:
            return False
        return True


# `clerk search --json`: a passage's fields, and those of each paper it also stands in
PASSAGE_JSON = ("rank", "score", "similarity", "text", "hit", "lead", "chunk_id", "doc_id", "file", "path", "title",
                "council", "meeting", "date", "kind", "page", "page_end", "page_label", "section", "chunk_kind",
                "also_in", "ocr")
ALSO_IN_JSON = ("doc_id", "file", "title", "council", "date", "page", "section", "chunk_id")


@dataclass(frozen=True, kw_only=True)
class Passage(Source):
    """A passage found: where it stands in the papers, what it says, and how it ranked."""

    rank: int
    score: float
    similarity: float  # cosine of the query and the chunk, for deciding "not found"
    text: str  # lead + hit: what a reader needs
    hit: str  # the exact stored chunk text, for quoting
    lead: str
    chunk_kind: str
    also_in: list[Source] = field(default_factory=list)  # the same passage in other papers

    def json(self, keys: Iterable[str] = PASSAGE_JSON) -> dict:
        out = super().json(keys)
        if "also_in" in out:
            out["also_in"] = [a.json(ALSO_IN_JSON) for a in self.also_in]
        return out


@dataclass
class SearchResult:
    query: str
    expanded: str
    filters: Filters
    passages: list[Passage]
    message: str = ""
    vector: list[float] | None = None  # the embedded (expanded) query, for reuse downstream


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9£%.]+", " ", text.lower()).strip()


def _shingles(text: str) -> set[str]:
    words = _normal(text).split()
    return {" ".join(words[i:i + 4]) for i in range(max(1, len(words) - 3))}


class Searcher:
    """Follows the store as other processes change it: before each search, a changed catalogue
    generation reopens Chroma (its vector index is read once per opening) and catches the keyword
    index up, so a search never meets a paper ingested, replaced or removed since the last.
    The embedding model loads in a thread from the start, while Chroma is imported and opened:
    the two largest parts of a cold start run side by side on two cores."""

    def __init__(self, cfg: Config):
        from threadpoolctl import threadpool_limits

        # one BLAS thread: a question's products (its vector against a few thousand chunks) are too small
        # to split, and a second BLAS thread fights ONNX Runtime's for the cores (12 -> 28 ms a search)
        threadpool_limits(limits=1, user_api="blas")
        self.cfg = cfg
        self.catalog = open_catalog(cfg)
        self.warming = threading.Thread(target=warm, args=(cfg.embed_model,), name="clerk-warm-model")
        self.warming.start()
        self._collection: Any = None  # a Chroma collection
        self.keyword = KeywordIndex(cfg.db)
        self.lock = threading.Lock()
        self._reranker: Any = None  # a sentence-transformers CrossEncoder
        self._docs: tuple[int, list[dict]] = (-1, [])  # the store opens with the catalogue, at first use
        self._titles: tuple[int, TitleIndex | None] = (-1, None)  # with the catalogue it was built from
        # each paper's chunk ids and vectors, kept while the paper is unchanged (its ingested_at)
        self._paper_vectors: dict[str, tuple[float, list[str], np.ndarray]] = {}
        self._stacked: dict[tuple, tuple[list[str], np.ndarray]] = {}  # the last few sets of papers ranked

    @property
    def collection(self):
        if self._collection is None:
            self.documents()
        return self._collection

    def warm(self) -> None:
        """Everything a first question needs, loaded now: the model, the store, the keyword index,
        and one search through them all (for the app, before it says it is ready)."""
        self.warming.join()
        self.collection.count()
        self.search("council budget")

    def documents(self, generation: int | None = None) -> list[dict]:
        """The catalogue, read again only when an ingest has changed it (several reads a question);
        the store is reopened with it, under the writers' lock, so the two agree. `generation`: the
        catalogue's, when the caller has just read it (on a server each read is a round trip)."""
        with self.lock:
            generation = self.catalog.generation() if generation is None else generation
            if self._docs[0] != generation or self._collection is None:
                from clerk.ingest.store import check_model, open_collection, reading  # Chroma's import: ~1 s

                # a server's collection is always current: it is opened once; an embedded one again
                reopen = self._collection is None or not self.cfg.chroma_url
                with reading(self.cfg):
                    generation = self.catalog.generation()
                    docs = self.catalog.documents()
                    check_model(self.catalog, self.cfg, writing=False, docs=docs)  # the question's model is the store's
                    if reopen:
                        self._collection = open_collection(self.cfg)
                    self._docs = (generation, docs)
                if reopen:
                    gc.collect()  # the system replaced is a cycle holding files and its index: free them now
            return self._docs[1]

    def refresh(self, generation: int | None = None) -> dict[str, dict]:
        docs = {d["doc_id"]: d for d in self.documents(generation)}
        self.keyword.sync(set(docs), self._docs[0], self.collection)
        return docs

    def search(self, query: str, filters: Filters | None = None, top: int | None = None,
               within: set[str] | None = None) -> SearchResult:
        """Search the store as it is; searched again when another process changed it meanwhile
        (an id gone between query and fetch, or, embedded, a new generation by the end). A server
        answers each request from the store as it then is, and only papers in the catalogue read at
        the start are cited, so there a search that overlapped a change stands."""
        from chromadb.errors import ChromaError  # imported with the store, which the catalogue opened

        for attempt in range(3):
            generation = self.catalog.generation()
            try:
                result = self._search(query, filters, top, within, generation)
            except ChromaError:
                if attempt == 2:
                    raise
                self._docs = (-1, [])  # reopen before the next try
                continue
            if self.cfg.chroma_url or self.catalog.generation() == generation:
                break
        return result

    def _search(self, query: str, filters: Filters | None = None, top: int | None = None,
                within: set[str] | None = None, generation: int | None = None) -> SearchResult:
        filters = filters or Filters()
        top = top or self.cfg.top_k
        docs = self.refresh(generation)
        # within: the papers (doc ids) an answerer asks to search again inside; not a user's filter
        allowed = {d for d, doc in docs.items() if filters.matches(doc) and (within is None or d in within)}
        # the acronyms the papers define, in the other form too ("Adult Social Care & Health" finds "ASCH")
        said = self.keyword.acronyms.expand(query)
        expanded = expand_query(said)
        if not docs:
            return SearchResult(query, expanded, filters, [], "No papers are indexed yet: run `clerk ingest`.")
        if not allowed:
            return SearchResult(query, expanded, filters, [],
                                f"No papers match the filters ({filters.describe()}); nothing was searched.")
        qvec = embed_query(expanded, self.cfg.embed_model)
        n = self.cfg.candidates
        # A filter that keeps most papers is cheaper applied to a wider unfiltered result than as a
        # long $in list inside Chroma; a narrow one goes to Chroma.
        narrow = len(allowed) < len(docs) / 2
        held = sum(int(docs[d].get("chunks") or 0) for d in allowed)
        whole = held if len(allowed) == len(docs) else sum(int(d.get("chunks") or 0) for d in docs.values())
        exact = held <= (EXACT_CHUNKS if whole <= EXACT_CHUNKS else FETCH_CHUNKS)
        if exact:
            dense_ids = self._ranked_within(sorted(allowed), qvec, docs, n)  # see EXACT_CHUNKS and _vectors_of
        else:
            where = None if not narrow else (
                {"doc_id": next(iter(allowed))} if len(allowed) == 1 else {"doc_id": {"$in": sorted(allowed)}})
            wide = n if narrow or len(allowed) == len(docs) else n * 3
            dense = self.collection.query(query_embeddings=[qvec], n_results=wide, where=where, include=["distances"])
            dense_ids = [i for i in dense["ids"][0] if i.rsplit("-", 1)[0] in allowed][:n]
            near = {i: 1.0 - d for i, d in zip(dense["ids"][0], dense["distances"][0])}
        keyword_ids = [cid for cid, _ in self.keyword.search(said, None if len(allowed) == len(docs) else allowed, n)]
        if not exact:
            dense_ids = self._repair(dense_ids, near, keyword_ids, qvec, n)
        named_ids = self._named_papers(said, qvec, allowed, docs, n)
        fused: dict[str, float] = {}
        for ranking in (dense_ids, keyword_ids, named_ids):
            for rank, cid in enumerate(ranking):
                fused[cid] = fused.get(cid, 0.0) + 1.0 / (self.cfg.rrf_k + rank + 1)
        order = sorted(fused, key=lambda c: -fused[c])[: max(top * 4, 20)]
        passages = self._passages(order, fused, qvec, docs)
        passages = self._rerank(query, passages)
        passages = _collapse(passages)
        if within is None:  # other papers' best moved up; the passages they displace are still read, after
            spread_out = spread(passages, self.cfg.paper_share)[:top]
            passages = spread_out + [p for p in passages[:top] if p not in spread_out]
        passages = [replace(p, rank=i) for i, p in enumerate(passages[:top] if within else passages, start=1)]
        return SearchResult(query, expanded, filters, passages, vector=qvec)

    def _repair(self, dense_ids: list[str], near: dict[str, float], keyword_ids: list[str], qvec: list[float],
                n: int) -> list[str]:
        """The dense ranking with the keyword hits it missed put back at their exact similarity. HNSW can
        leave a chunk unreachable when many chunks are near-copies (one template filled in for each ward,
        school or month), so the nearest chunk of all may be missing from the vector search while the
        keyword search finds it; scored exactly, it ranks where an exhaustive search would put it."""
        missed = [cid for cid in keyword_ids if cid not in near]
        if not missed:
            return dense_ids
        got = self.collection.get(ids=missed, include=["embeddings"])
        if not len(got["ids"]):
            return dense_ids
        q = np.asarray(qvec, dtype=np.float32)
        exact = np.asarray(got["embeddings"], dtype=np.float32) @ q
        scores = {cid: near[cid] for cid in dense_ids} | {cid: float(s) for cid, s in zip(got["ids"], exact)}
        return sorted(scores, key=lambda cid: -scores[cid])[:n]

    def _named_papers(self, query: str, qvec: list[float], allowed: set[str], docs: dict, n: int) -> list[str]:
        """A third ranking, fused with the others: the passages, by meaning, of the papers the question
        names ("decision 24/00115", "Appendix D", "the minutes of 13 February", a paper's title)."""
        refs = references(query)
        generation, titles = self._titles
        if titles is None or generation != self._docs[0]:
            titles = TitleIndex(docs)
            self._titles = (self._docs[0], titles)
        pool = titles.candidates(refs, allowed, self.cfg.named_paper_floor)
        scored = sorted(((match(refs, docs[d]), d) for d in pool), reverse=True)
        named = [d for s, d in scored[: self.cfg.named_papers] if s >= self.cfg.named_paper_floor]
        if not named:
            return []
        return self._ranked_within(named, qvec, docs, n)

    def _ranked_within(self, papers: list[str], qvec: list[float], docs: dict, n: int) -> list[str]:
        """The n chunks of these papers nearest the question, by exact cosine over their vectors."""
        ids, vectors = self._vectors_of(papers, docs)
        if not ids:
            return []
        scores = vectors @ np.asarray(qvec, dtype=np.float32)
        best = np.argpartition(-scores, n)[:n] if len(ids) > n else np.arange(len(ids))
        return [ids[i] for i in best[np.argsort(-scores[best], kind="stable")]]

    def _vectors_of(self, papers: list[str], docs: dict) -> tuple[list[str], np.ndarray]:
        """The chunk vectors of these papers, fetched by id (chunks are numbered per paper) and kept while each
        paper is unchanged, so only a new or re-ingested paper is fetched after an ingest. A vector query
        filtered to a few papers walks the whole HNSW graph, which at a million chunks on a server took a
        second; fetching a paper's vectors by id takes milliseconds. The last few sets asked for are kept
        stacked: every search ranks the whole store and, often, the papers it names."""
        key = tuple((d, docs[d].get("ingested_at")) for d in papers)
        hit = self._stacked.get(key)  # one lookup: another thread may drop the key between two
        if hit is not None:
            return hit
        collection = self.collection
        with self.lock:
            kept = self._paper_vectors
            if sum(len(v[1]) for v in kept.values()) > EXACT_CHUNKS + FETCH_CHUNKS:
                kept.clear()  # a large store's narrow searches: bounded
            for d in [d for d in kept if d not in docs]:
                del kept[d]
            wanted = [d for d in papers if d not in kept or kept[d][0] != docs[d].get("ingested_at")]
            now = {d: kept[d] for d in papers if d not in wanted}
            for batch in _batches(wanted, docs, 2000):
                got = collection.get(ids=[f"{d}-{i:05d}" for d in batch
                                          for i in range(int(docs[d].get("chunks") or 0))], include=["embeddings"])
                rows: dict[str, list[int]] = {d: [] for d in batch}
                for j, cid in enumerate(got["ids"]):
                    rows.setdefault(cid.rsplit("-", 1)[0], []).append(j)
                vectors = np.asarray(got["embeddings"], dtype=np.float32)
                for d in batch:
                    now[d] = (docs[d].get("ingested_at"), [got["ids"][j] for j in rows[d]],
                              vectors[rows[d]] if rows[d] else np.zeros((0, 0), dtype=np.float32))
                    if len(rows[d]) == int(docs[d].get("chunks") or 0):
                        kept[d] = now[d]  # only a whole paper is kept: one being changed meanwhile is fetched again
            ids = [cid for d in papers for cid in now[d][1]]
            if not ids:
                return [], np.zeros((0, 0), dtype=np.float32)
            stacked = np.concatenate([now[d][2] for d in papers if len(now[d][1])])
            if all(d in kept for d in papers):
                while len(self._stacked) >= 4:
                    del self._stacked[next(iter(self._stacked))]
                self._stacked[key] = (ids, stacked)
            return ids, stacked

    def _passages(self, ids: list[str], fused: dict[str, float], qvec: list[float], docs: dict) -> list[Passage]:
        if not ids:
            return []
        got = self.collection.get(ids=ids, include=["documents", "metadatas", "embeddings"])
        by_id = {cid: (text, meta, emb) for cid, text, meta, emb in
                 zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"])}
        q = np.asarray(qvec, dtype=np.float32)
        out = []
        for cid in ids:
            if cid not in by_id or by_id[cid][1]["doc_id"] not in docs:  # removed since the catalogue was read
                continue
            text, m, emb = by_id[cid]
            lead = m.get("lead", "")
            out.append(Passage.from_meta(
                m, cid, docs.get(m["doc_id"], {}), rank=0, score=round(fused[cid], 6),
                similarity=round(float(np.dot(q, np.asarray(emb))), 4), text=f"{lead}\n{text}" if lead else text,
                hit=text, lead=lead, chunk_kind=m.get("chunk_kind", "")))
        return out

    def continue_lists(self, passages: list[Passage], top: int, most: int = 3, outcome: bool = False) -> None:
        """A list, table or lead-in ("... as follows:") cut at a chunk's end goes on in the next chunk of
        the same section: join that chunk to the passage (replaced in `passages`), so the whole list can
        be read and quoted. A list of long items is one chunk an item: after a lead-in the join goes on
        while each chunk joined is still an item of it, up to `most` chunks. A list cut at its start has
        lost what introduces it ("RESOLVED to recommend to the Council:" ended the chunk before): that
        lead-in, in the same section, becomes the passage's lead, so its items are read as what it
        introduces. When the question asks what became of something (`outcome`), a minute that moves a motion
        or amendment and does not yet say how it went goes on to its vote and result in the chunks after."""
        # and a leading passage of minutes that says no outcome: it may be the middle of a motion or amendment
        # quoted at length ("Proposed Amount: ..."), whose vote follows
        moved = {i for i, p in enumerate(passages[:top]) if outcome and not RESULT.search(p.hit)
                 and (MOVED.search(p.hit) or i < self.cfg.outcome_minutes and MINUTES.search(f"{p.title} {p.file}"))}
        last = {i: p.chunk_id for i, p in enumerate(passages[:top])
                if p.chunk_kind in ("list", "table") or p.hit.rstrip().endswith(":") or i in moved}
        announced = {i for i, p in enumerate(passages[:top]) if p.hit.rstrip().endswith(":") or i in moved}
        cut = {i: prev for i, p in enumerate(passages[:top])
               if p.chunk_kind == "list" and not p.lead and p.hit.lstrip().startswith("•") and (prev := _prev_id(p.chunk_id))}
        for step in range(most):
            wanted = {i: n for i, cid in last.items() if (n := _next_id(cid))}
            if step and not wanted:
                return
            got = self._chunks(list(wanted.values()) + (list(cut.values()) if step == 0 else []))
            if got is None:  # the paper was removed by another process since the search: nothing to join
                return
            if step == 0:
                for i, prev in cut.items():
                    before = got.get(prev)
                    if before and before[1].get("section") == passages[i].section:
                        line = re.split(r"(?<=[.!?])\s+", before[0].rstrip().rsplit("\n", 1)[-1].strip())[-1]
                        if line.endswith(":") and len(line.split()) <= 40:
                            passages[i] = replace(passages[i], lead=line, text=f"{line}\n{passages[i].hit}")
            last = {}
            for i, nid in wanted.items():
                p, nxt = passages[i], got.get(nid)
                # a chunk that ends on a colon goes on in the next whatever its section: what it announces (a
                # decision's title, set as a heading) may open one
                if not nxt or nxt[1].get("section") != p.section and not (step == 0 and i in announced
                                                                            and p.hit.rstrip().endswith(":")):
                    continue
                # a sentence cut at the chunk's end goes on in the same line: "The ask was to" + "exempt the sector ..."
                sep = " " if _cut_mid_sentence(p.hit) and nxt[0][:1].islower() else "\n"
                passages[i] = replace(p, hit=f"{p.hit.rstrip()}{sep}{nxt[0]}", text=f"{p.text.rstrip()}{sep}{nxt[0]}",
                                      page_end=nxt[1].get("page_end") or p.page_end)
                # a lead-in's items go on while each chunk joined is one of them; a motion's minute goes on
                # to the vote that a lead-in ("the voting was as follows:") announces
                if i in announced and (nxt[1].get("chunk_kind") == "list" and nxt[0].lstrip().startswith("•")
                                       or i in moved and not RESULT.search(nxt[0])):
                    last[i] = nid

    def finish_sentences(self, passages: list[Passage], top: int) -> None:
        """A passage cut in the middle of a sentence ("... Members considered the call-in. At that meeting,") is read
        to that sentence's end, the first sentence of the next chunk of its section: what the sentence says is
        most often in its second half. The passage is replaced in `passages`."""
        cut = {i: nid for i, p in enumerate(passages[:top])
               if p.chunk_kind in ("paragraph", "list") and _cut_mid_sentence(p.hit) and (nid := _next_id(p.chunk_id))}
        got = self._chunks(list(cut.values())) if cut else None
        for i, nid in cut.items():
            p, nxt = passages[i], (got or {}).get(nid)
            if not nxt or nxt[1].get("section") != p.section:
                continue
            first = nxt[0].lstrip().split("\n", 1)[0]
            rest = SENTENCE_END.search(first)
            if first[:1] in "•|" or rest is None:  # a list or table goes on, or a sentence longer than a line
                continue
            end = first[: rest.end()].strip()
            passages[i] = replace(p, hit=f"{p.hit.rstrip()} {end}", text=f"{p.text.rstrip()} {end}",
                                  page_end=nxt[1].get("page_end") or p.page_end)

    def _chunks(self, ids: list[str]) -> dict[str, tuple[str, dict]] | None:
        """Chunks by id, as (text, metadata), in one request; None when the store refuses them."""
        if not ids:
            return {}
        from chromadb.errors import ChromaError

        try:
            got = self.collection.get(ids=sorted(set(ids)), include=["documents", "metadatas"])
        except ChromaError:
            return None
        return {cid: (text, dict(meta or {})) for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"])}

    def _rerank(self, query: str, passages: list[Passage]) -> list[Passage]:
        """Optional cross-encoder stage: only when a user configures a local model path."""
        if not self.cfg.reranker or not passages:
            return passages
        if self._reranker is None:
            from sentence_transformers import CrossEncoder

            self._reranker = CrossEncoder(self.cfg.reranker, device="cpu")
        scores = self._reranker.predict([(query, p.text) for p in passages])
        return sorted((replace(p, score=float(s)) for p, s in zip(passages, scores)), key=lambda p: -p.score)


def _batches(papers: list[str], docs: dict, most: int) -> Iterator[list[str]]:
    """Papers in groups holding about `most` chunks each (a large paper alone): one fetch each."""
    batch: list[str] = []
    held = 0
    for d in papers:
        if batch and held + int(docs[d].get("chunks") or 0) > most:
            yield batch
            batch, held = [], 0
        batch.append(d)
        held += int(docs[d].get("chunks") or 0)
    if batch:
        yield batch


# how minutes record a motion or amendment being put, and what became of it (a glossary of committee wording)
# a motion moved: "Mr A moved the amendment", "the Chairman proposed and the Vice-Chairman seconded that ..."
MOVED = re.compile(r"\b(?:proposed|moved|seconded)\b[^.]{0,80}\b(?:motion|amendment|recommendations?)\b|"
                   r"\b(?:proposed|moved)\b(?: and [^.]{1,60}? seconded)? that\b|"
                   r"\bput (?:it |the \w+ )?to the vote\b", re.I)
MINUTES = re.compile(r"\bminutes\b", re.I)
RESULT = re.compile(r"\b(?:carried|lost|fell|defeated|withdrawn|RESOLVED|agreed (?:unanimously|by)|"
                    r"unanimously|abstain\w*|against \(?\d+)", re.I)


def _cut_mid_sentence(hit: str) -> bool:
    """The passage stops mid-sentence: its last line ends on a comma or a lower-case word, after a few words (a
    heading or a label is shorter)."""
    last = hit.rstrip().rsplit("\n", 1)[-1]
    return len(last.split()) >= 5 and (last.endswith(",") or last[-1:].islower())


SENTENCE_END = re.compile(r"^.{1,400}?[.!?](?=\s|$)")


def _prev_id(chunk_id: str) -> str | None:
    """ "doc-00012" -> "doc-00011"; None for a paper's first chunk."""
    doc, _, ordinal = chunk_id.rpartition("-")
    return f"{doc}-{int(ordinal) - 1:05d}" if ordinal.isdigit() and int(ordinal) > 0 else None


def _next_id(chunk_id: str) -> str | None:
    """ "doc-00012" -> "doc-00013": chunks are numbered in reading order."""
    doc, _, ordinal = chunk_id.rpartition("-")
    return f"{doc}-{int(ordinal) + 1:05d}" if ordinal.isdigit() else None


def spread(passages: list[Passage], most: int) -> list[Passage]:
    """The ranking with no paper holding more than `most` places until every other paper's passages
    are placed: one long paper's near-alike chunks would otherwise fill the passages read, and the
    paper the question is about may be the second. (The answerer searches the best papers again alone.)"""
    count: dict[str, int] = {}
    first: list[Passage] = []
    later: list[Passage] = []
    for p in passages:
        count[p.doc_id] = count.get(p.doc_id, 0) + 1
        (first if count[p.doc_id] <= most else later).append(p)
    return first + later


def _collapse(passages: list[Passage]) -> list[Passage]:
    """One result for passages that say the same thing (a decision minuted twice, a paper ingested twice)."""
    kept: list[tuple[Passage, set[str]]] = []
    for p in passages:
        sh = _shingles(p.hit)
        for q, qsh in kept:
            if overlap_coefficient(sh, qsh) >= 0.85:
                q.also_in.append(p.source())
                break
        else:
            kept.append((p, sh))
    return [p for p, _ in kept]
