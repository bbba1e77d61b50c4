"""BM25 keyword index beside the Chroma store, kept in step with the catalogue.

Derived, per process: a copy of what the store holds, never a second source of truth. Tokens are
stored per chunk in SQLite, so catching up after an ingest tokenises only the documents added
since (and drops those removed); the BM25 matrix is then rebuilt from stored tokens (build_bm25,
bm25s's formula and file format) and saved with the catalogue generation it reflects.

Searching reads the saved matrix memory-mapped, scored here as bm25s scores it, so a process never
imports bm25s (and scipy with it): that import was a second of every cold start.
"""

from __future__ import annotations

import json
import math
import shutil
import sqlite3
import threading
from collections import Counter
from pathlib import Path

import numpy as np

from clerk.ingest.store import locked

from .acronyms import Acronyms, harvest
from .glossary import CONCEPTS
from .tokens import tokenize

TOKENS_FORMAT = "2"  # bump when tokenize() changes what a text's words are, or what else is read from a chunk


def words_version() -> str:
    """What the stored words were made with: the tokenizer's format and the glossary (a new concept
    adds its token to chunks already indexed, so they are tokenised again)."""
    import hashlib

    return TOKENS_FORMAT + "-" + hashlib.sha256(json.dumps(CONCEPTS, sort_keys=True).encode()).hexdigest()[:12]


def chunk_words(text: str, meta: dict) -> list[str]:
    fields = (meta.get("title"), meta.get("council"), meta.get("meeting"), meta.get("section"), meta.get("lead"), text)
    return tokenize("\n".join(str(f) for f in fields if f))


class Scores:
    """A saved bm25s matrix (sparse columns: one a word, its chunks' precomputed BM25 terms), read
    memory-mapped; `vocab_dict` and `get_scores` are bm25s.BM25's, with the same results."""

    def __init__(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, num_docs: int,
                 vocab_dict: dict[str, int]):
        self.data, self.indices, self.indptr, self.num_docs = data, indices, indptr, num_docs
        self.vocab_dict = vocab_dict

    @classmethod
    def load(cls, folder: Path) -> "Scores":
        params = json.loads((folder / "params.index.json").read_text())
        if params.get("method", "lucene") not in ("lucene", "robertson", "atire"):
            raise ValueError(f"BM25 variant {params['method']} adds scores for absent words; not supported")
        data, indices, indptr = (np.load(folder / f"{name}.csc.index.npy", mmap_mode="r")
                                 for name in ("data", "indices", "indptr"))
        vocab = json.loads((folder / "vocab.index.json").read_text(encoding="utf-8"))
        return cls(data, indices, indptr, num_docs=int(params["num_docs"]), vocab_dict=vocab)

    def get_scores(self, words: list[str]) -> np.ndarray:
        scores = np.zeros(self.num_docs, dtype=self.data.dtype)
        for token in (self.vocab_dict[w] for w in words if w in self.vocab_dict):
            start, end = int(self.indptr[token]), int(self.indptr[token + 1])
            scores[self.indices[start:end]] += self.data[start:end]  # a word's chunks are distinct: no add.at
        return scores


K1, B = 1.5, 0.75  # bm25s's defaults, its "lucene" variant
BATCH = 20_000  # chunks turned into word ids at once
SLICE = 1 << 24  # matrix entries scored at once


def build_bm25(rows, folder: Path) -> tuple[list[str], dict[str, int]]:
    """The BM25 matrix of (chunk_id, space-joined words) rows, saved in `folder` as bm25s.BM25.save
    writes it (same formula, layout and files; tests/test_startup.py checks the scores against bm25s).
    Built from the rows streamed in batches into integer arrays, not from lists of Python strings, so
    a million chunks need a few hundred MB rather than the tens of GB bm25s's own index() would take.
    Returns the chunk ids in row order and each word's document frequency."""
    vocab: dict[str, int] = {}
    ids: list[str] = []
    docs, toks, tfs, lengths = [], [], [], []
    batch: list[tuple[str, str]] = []

    def flush() -> None:
        words = [w.split() or ["_empty_"] for _, w in batch]
        lens = np.fromiter((len(w) for w in words), dtype=np.int64, count=len(words))
        tok = np.fromiter((vocab.setdefault(t, len(vocab)) for w in words for t in w), dtype=np.int64,
                          count=int(lens.sum()))
        doc = np.repeat(np.arange(len(ids), len(ids) + len(batch), dtype=np.int64), lens)
        pairs, tf = np.unique(doc << 32 | tok, return_counts=True)  # one entry a (chunk, word), with its count
        docs.append((pairs >> 32).astype(np.int32))
        toks.append((pairs & 0xFFFFFFFF).astype(np.int32))
        tfs.append(tf.astype(np.float32))
        lengths.append(lens)
        ids.extend(cid for cid, _ in batch)
        batch.clear()

    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            flush()
    if batch:
        flush()
    if not ids:
        return [], {}
    vocab.setdefault("", len(vocab))  # bm25s's empty token: no chunk has it
    doc, tok, tf = np.concatenate(docs), np.concatenate(toks), np.concatenate(tfs)
    for parts in (docs, toks, tfs):  # freed before the matrix is built
        parts.clear()
    doc_len = np.concatenate(lengths).astype(np.float32)
    n = len(ids)
    df = np.bincount(tok, minlength=len(vocab))
    idf = np.log(1 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
    norm = (K1 * ((1 - B) + B * doc_len / np.float32(doc_len.mean()))).astype(np.float32)
    order = np.argsort(tok, kind="stable")  # by word, then chunk (rows were in chunk order)
    data = np.empty(len(order), dtype=np.float32)
    for i in range(0, len(order), SLICE):  # in slices: the float temporaries stay small
        sel = order[i:i + SLICE]
        data[i:i + len(sel)] = idf[tok[sel]] * (tf[sel] / (norm[doc[sel]] + tf[sel]))
    indptr = np.concatenate([[0], np.cumsum(df)]).astype(np.int64)
    folder.mkdir(parents=True)
    np.save(folder / "data.csc.index.npy", data)
    np.save(folder / "indices.csc.index.npy", doc[order])
    np.save(folder / "indptr.csc.index.npy", indptr)
    (folder / "vocab.index.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    (folder / "params.index.json").write_text(json.dumps({
        "k1": K1, "b": B, "delta": 0.5, "method": "lucene", "idf_method": "lucene", "dtype": "float32",
        "int_dtype": "int32", "num_docs": n, "version": "0.3.16", "backend": "numpy"}, indent=4))
    words = sorted(vocab, key=vocab.get)  # type: ignore[arg-type]
    return ids, {w: int(c) for w, c in zip(words, df) if c}


class KeywordIndex:
    def __init__(self, db: Path):
        self.dir = db / "keyword"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(str(self.dir / "tokens.sqlite"), timeout=30, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("CREATE TABLE IF NOT EXISTS tokens (chunk_id TEXT PRIMARY KEY, doc_id TEXT, words TEXT)")
        self.conn.execute("CREATE INDEX IF NOT EXISTS tokens_doc ON tokens(doc_id)")
        self.conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        # the acronyms each chunk spells out, read when it is tokenised (see acronyms.py)
        self.conn.execute("CREATE TABLE IF NOT EXISTS acronyms (chunk_id TEXT, doc_id TEXT, short TEXT, long TEXT)")
        self.conn.execute("CREATE INDEX IF NOT EXISTS acronyms_doc ON acronyms(doc_id)")
        self._retokenise_if_stale()
        self.lock = threading.Lock()
        self.swap = threading.Lock()
        self.generation = -1
        self.ids: list[str] = []
        self.doc_names: list[str] = []  # document of each chunk, as a code into this list
        self.doc_codes: np.ndarray = np.array([], dtype=np.int32)
        self.bm25: Scores | None = None
        self.df: Counter[str] = Counter()
        self.acronyms = Acronyms([])
        self._load()

    def _retokenise_if_stale(self) -> None:
        """Words stored by another tokenizer or glossary are dropped: the next sync tokenises every chunk again."""
        def current() -> bool:
            row = self.conn.execute("SELECT value FROM meta WHERE key='words'").fetchone()
            return bool(row) and row[0] == words_version()

        if current():
            return
        with locked(self.dir, exclusive=True):
            if current():  # another process got there first
                return
            with self.conn:
                self.conn.execute("DELETE FROM tokens")
                self.conn.execute("DELETE FROM acronyms")
                self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('words', ?)", (words_version(),))
            (self.dir / "state.json").unlink(missing_ok=True)
            shutil.rmtree(self.dir / "bm25", ignore_errors=True)

    def _load(self) -> None:
        state = self.dir / "state.json"
        with locked(self.dir, exclusive=False):  # never a state from one rebuild and a matrix from another
            if state.is_file() and (self.dir / "bm25").is_dir():
                saved = json.loads(state.read_text())
                self.bm25 = Scores.load(self.dir / "bm25")
                self.ids, self.generation = saved["ids"], saved["generation"]
                self._code_documents()
                self.df = Counter(saved.get("df", {}))
                self.acronyms = self._acronyms()

    def _code_documents(self) -> None:
        docs = [i.rsplit("-", 1)[0] for i in self.ids]
        self.doc_names = sorted(set(docs))
        code = {d: n for n, d in enumerate(self.doc_names)}
        self.doc_codes = np.array([code[d] for d in docs], dtype=np.int32)

    def idf(self, token: str) -> float:
        """Inverse document frequency over chunks; 0 for a word no paper contains."""
        n = self.df.get(token, 0)
        return math.log(1 + len(self.ids) / n) if n else 0.0

    def sync(self, doc_ids: set[str], generation: int, collection) -> None:
        """Catch up with the catalogue: tokenise added documents, drop removed ones, rebuild BM25.
        The files are shared by every process reading the store, so changing them takes a file lock."""
        if generation == self.generation:
            return
        with self.lock, locked(self.dir, exclusive=True):
            have = {r[0] for r in self.conn.execute("SELECT DISTINCT doc_id FROM tokens")}
            added, removed = sorted(doc_ids - have), sorted(have - doc_ids)
            # e.g. only a file recorded; the table, shared, may be caught up by another process before
            # this one's index in memory is, so compare with what is in memory too
            if not added and not removed and self.bm25 is not None and set(self.doc_names) == doc_ids:
                self.generation = generation
                return
            from clerk.ingest.store import chunks_of  # Chroma: only when there is something to catch up on

            with self.conn:
                for doc_id in removed:
                    self.conn.execute("DELETE FROM tokens WHERE doc_id=?", (doc_id,))
                    self.conn.execute("DELETE FROM acronyms WHERE doc_id=?", (doc_id,))
                for i in range(0, len(added), 50):
                    got = chunks_of(collection, added[i:i + 50])
                    rows = list(zip(got["ids"], got["documents"], got["metadatas"]))
                    self.conn.executemany("INSERT OR REPLACE INTO tokens VALUES (?,?,?)", [
                        (cid, meta["doc_id"], " ".join(chunk_words(text, meta))) for cid, text, meta in rows])
                    self.conn.execute(f"DELETE FROM acronyms WHERE doc_id IN ({','.join('?' * len(added[i:i + 50]))})",
                                      added[i:i + 50])  # a paper tokenised again is not counted twice
                    self.conn.executemany("INSERT INTO acronyms VALUES (?,?,?,?)", [
                        (cid, meta["doc_id"], short, long) for cid, text, meta in rows for short, long in harvest(text)])
            self._rebuild(generation)

    def _rebuild(self, generation: int) -> None:
        rows = self.conn.execute("SELECT chunk_id, words FROM tokens ORDER BY chunk_id")
        tmp = self.dir / "bm25.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        ids, df = build_bm25(rows, tmp)
        if ids:
            shutil.rmtree(self.dir / "bm25", ignore_errors=True)
            tmp.rename(self.dir / "bm25")
        (self.dir / "state.json").write_text(json.dumps({"generation": generation, "ids": ids, "df": df}))
        with self.swap:  # a search in another thread sees the old index or the new, never half of each
            self.ids, self.df = ids, Counter(df)
            self.bm25 = Scores.load(self.dir / "bm25") if ids else None
            self._code_documents()
            self.acronyms = self._acronyms()
            self.generation = generation

    def _acronyms(self) -> Acronyms:
        return Acronyms(self.conn.execute("SELECT short, long, COUNT(*) FROM acronyms GROUP BY short, long").fetchall())

    def search(self, query: str, allowed: set[str] | None, k: int) -> list[tuple[str, float]]:
        """Top chunk ids by BM25, within the allowed documents."""
        with self.swap:
            bm25, ids, names, codes = self.bm25, self.ids, self.doc_names, self.doc_codes
        if bm25 is None or k <= 0:
            return []
        words = [w for w in tokenize(query) if w in bm25.vocab_dict]
        if not words:
            return []
        scores = bm25.get_scores(words)
        if allowed is not None:  # None: every document
            keep = np.array([d in allowed for d in names], dtype=bool)
            scores = np.where(keep[codes], scores, 0.0)
        # the k best without sorting every chunk (a million in a large store): best first, ties in chunk order
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        top = top[np.lexsort((top, -scores[top]))]
        return [(ids[i], float(scores[i])) for i in top if scores[i] > 0]
