"""The catalogue of ingested documents and the files that hold them: SQLite beside an embedded
Chroma store (Catalog), or records in a small collection on the Chroma server (ServerCatalog), so
that every process using a server shares one catalogue and one generation.

A document is visible only once its row is here: rows are written after all its chunks are
stored, so an ingest killed half-way leaves nothing half-written in view, and the `pending`
table tells the next run which chunks to clear.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clerk.config import Config

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
  doc_id TEXT PRIMARY KEY, title TEXT, council TEXT, meeting TEXT, date TEXT, kind TEXT,
  date_start INTEGER, date_end INTEGER, pages INTEGER, chunks INTEGER, ingested_at REAL, meta TEXT
);
CREATE TABLE IF NOT EXISTS files (
  path TEXT PRIMARY KEY, doc_id TEXT NOT NULL, size INTEGER, mtime_ns INTEGER
);
CREATE TABLE IF NOT EXISTS pending (doc_id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS ocr_pages (
  sha256 TEXT, reading TEXT, page INTEGER, lines TEXT, PRIMARY KEY (sha256, reading, page)
);
"""
DOC_FIELDS = ("doc_id", "title", "council", "meeting", "date", "kind", "date_start", "date_end",
              "pages", "chunks", "ingested_at")


class OcrPages:
    """Pages read by OCR, by the file's content and the reading (OCR version and resolution): OCR is
    slow, so a page is read once, even when a new pipeline version re-ingests its file. A cache:
    beside a server it stays on the machine that read the pages."""

    conn: sqlite3.Connection

    def documents(self) -> list[dict]:
        raise NotImplementedError

    def ocr_page(self, sha256: str, reading: str, page: int) -> list[str] | None:
        row = self.conn.execute("SELECT lines FROM ocr_pages WHERE sha256=? AND reading=? AND page=?",
                                (sha256, reading, page)).fetchone()
        return json.loads(row[0]) if row else None

    def set_ocr_page(self, sha256: str, reading: str, page: int, lines: list[str]) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO ocr_pages VALUES (?,?,?,?)",
                              (sha256, reading, page, json.dumps(lines)))

    def prune_ocr(self, keep: set[str]) -> None:
        """Forget the pages of files no stored document was read from, except those in `keep` (files
        read in this run: a file that failed is not OCR'd again on the next)."""
        kept = keep | {d.get("sha256") for d in self.documents()}
        gone = {r[0] for r in self.conn.execute("SELECT DISTINCT sha256 FROM ocr_pages")} - kept
        with self.conn:
            self.conn.executemany("DELETE FROM ocr_pages WHERE sha256=?", [(s,) for s in gone])


def _sqlite(path: Path, schema: str) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.executescript(schema)
    return conn


def open_catalog(cfg: Config) -> Catalog | ServerCatalog:
    """The catalogue of the store `cfg` names: on its Chroma server, else beside the embedded store."""
    return ServerCatalog(cfg) if cfg.chroma_url else Catalog(cfg.db)


def has_store(cfg: Config) -> bool:
    """Whether there is a store to read (a server always is one; a folder only once ingested into)."""
    return bool(cfg.chroma_url) or (cfg.db / "catalog.sqlite").is_file()


class Catalog(OcrPages):
    def __init__(self, db: Path):
        self.conn = _sqlite(db / "catalog.sqlite", SCHEMA)

    def close(self) -> None:
        self.conn.close()

    # generation: bumped on every change, so readers (the keyword index) know when to catch up
    def generation(self) -> int:
        row = self.conn.execute("SELECT value FROM state WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    def bump(self) -> None:
        """A new generation, so every reader reopens the store (a writer's last act under its lock)."""
        with self.conn:
            self._bump()

    def _bump(self) -> None:
        self.conn.execute(
            "INSERT INTO state(key, value) VALUES('generation', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    # the embedding model that made the store's vectors (ingest/store.py check_model)
    def embed_model(self) -> str | None:
        row = self.conn.execute("SELECT value FROM state WHERE key='embed_model'").fetchone()
        return row[0] if row else None

    def set_embed_model(self, name: str) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO state(key, value) VALUES('embed_model', ?)", (name,))

    def file(self, path: str) -> tuple[str, int, int] | None:
        return self.conn.execute("SELECT doc_id, size, mtime_ns FROM files WHERE path=?", (path,)).fetchone()

    def has_document(self, doc_id: str, pipeline: str | None = None) -> bool:
        """Whether the document is stored (by that pipeline version, when one is given)."""
        row = self.conn.execute("SELECT meta FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
        if row is None:
            return False
        return pipeline is None or json.loads(row[0] or "{}").get("pipeline") == pipeline

    def set_file(self, path: str, doc_id: str, size: int, mtime_ns: int) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO files VALUES (?,?,?,?)", (path, doc_id, size, mtime_ns))
            self._bump()

    def remove_file(self, path: str) -> None:
        with self.conn:
            self.conn.execute("DELETE FROM files WHERE path=?", (path,))
            self._bump()

    def mark_pending(self, doc_id: str) -> None:
        with self.conn:
            self.conn.execute("INSERT OR IGNORE INTO pending VALUES (?)", (doc_id,))

    def pending(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT doc_id FROM pending")]

    def clear_pending(self, doc_id: str) -> None:
        with self.conn:
            self.conn.execute("DELETE FROM pending WHERE doc_id=?", (doc_id,))

    def add_document(self, doc: dict, path: str, size: int, mtime_ns: int) -> None:
        """Make a fully stored document visible, in one transaction with its file."""
        self.add_documents([(doc, path, size, mtime_ns)])

    def add_documents(self, rows: list[tuple[dict, str, int, int]]) -> None:
        """Several fully stored documents made visible at once: (document, file, size, mtime_ns)."""
        with self.conn:
            for doc, path, size, mtime_ns in rows:
                row = {k: doc.get(k) for k in DOC_FIELDS}
                row["ingested_at"] = time.time()
                extra = {k: v for k, v in doc.items() if k not in DOC_FIELDS}
                self.conn.execute(
                    f"INSERT OR REPLACE INTO documents VALUES ({','.join('?' * (len(DOC_FIELDS) + 1))})",
                    [row[k] for k in DOC_FIELDS] + [json.dumps(extra)],
                )
                self.conn.execute("INSERT OR REPLACE INTO files VALUES (?,?,?,?)", (path, doc["doc_id"], size, mtime_ns))
                self.conn.execute("DELETE FROM pending WHERE doc_id=?", (doc["doc_id"],))
            self._bump()

    def set_council(self, doc_id: str, council: str) -> None:
        with self.conn:
            self.conn.execute("UPDATE documents SET council=? WHERE doc_id=?", (council, doc_id))
            self._bump()

    def orphans(self) -> list[str]:
        """Documents no file points to any more."""
        return [r[0] for r in self.conn.execute(
            "SELECT doc_id FROM documents WHERE doc_id NOT IN (SELECT doc_id FROM files)")]

    def remove_document(self, doc_id: str) -> None:
        with self.conn:
            self.conn.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,))
            self.conn.execute("DELETE FROM files WHERE doc_id=?", (doc_id,))
            self._bump()

    def paths(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT path FROM files")]

    def documents(self) -> list[dict]:
        files: dict[str, list[str]] = {}
        for path, doc_id in self.conn.execute("SELECT path, doc_id FROM files ORDER BY path"):
            files.setdefault(doc_id, []).append(path)
        out = []
        cur = self.conn.execute(f"SELECT {', '.join(DOC_FIELDS)}, meta FROM documents ORDER BY date, title")
        for row in cur:
            doc = dict(zip(DOC_FIELDS, row[:-1])) | json.loads(row[-1] or "{}")
            doc["files"] = files.get(doc["doc_id"], [])
            out.append(doc)
        return out


RECORDS = "clerk_catalog"
GENERATION = "state:generation"
EMBED_MODEL = "state:embed_model"
STALE_PENDING = 600.0  # seconds; storing one file's chunks takes a few
CACHE_SCHEMA = SCHEMA[SCHEMA.index("CREATE TABLE IF NOT EXISTS ocr_pages"):]


class ServerCatalog(OcrPages):
    """The catalogue as records in the `clerk_catalog` collection on the Chroma server: one per
    document (its fields as JSON), per file, per pending document, and the generation. Every process
    using the server reads and writes these, so none keeps a catalogue of its own.

    Chroma has no transactions, so each change is ordered to be safe at every step and for every
    process: a file's record is written before its document's (a document in view always has a file,
    so no other ingest takes it for an orphan), a document's record last of all its parts, and the
    generation after the change it announces. The generation is the time of the last change in
    nanoseconds: readers only compare it for equality, and two writers racing both leave a value no
    reader has seen."""

    def __init__(self, cfg: Config):
        from .store import open_collection

        self.records = open_collection(cfg, RECORDS)
        self.conn = _sqlite(cfg.db / "cache.sqlite", CACHE_SCHEMA)  # this machine's OCR page cache

    def close(self) -> None:
        self.conn.close()

    def _put(self, ids: list[str], metadatas: list[dict], documents: list[str] | None = None) -> None:
        # every record needs a vector; a constant one, never searched, keeps Chroma from embedding
        self.records.upsert(ids=ids, metadatas=metadatas, embeddings=[[1.0]] * len(ids),  # type: ignore[arg-type]
                            documents=documents or [""] * len(ids))

    def _all(self, kind: str, include: list[str]) -> dict:
        return self.records.get(where={"type": kind}, include=include)  # type: ignore[list-item]

    def generation(self) -> int:
        got = self.records.get(ids=[GENERATION], include=["metadatas"])  # type: ignore[list-item]
        return int(got["metadatas"][0]["value"]) if got["ids"] else 0  # type: ignore[index]

    def bump(self) -> None:
        self._put([GENERATION], [{"type": "state", "value": time.time_ns()}])

    def embed_model(self) -> str | None:
        got = self.records.get(ids=[EMBED_MODEL], include=["metadatas"])  # type: ignore[list-item]
        return str(got["metadatas"][0]["value"]) if got["ids"] else None  # type: ignore[index]

    def set_embed_model(self, name: str) -> None:
        self._put([EMBED_MODEL], [{"type": "state", "value": name}])

    @staticmethod
    def _file_id(path: str) -> str:
        return "file:" + hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()[:32]

    def file(self, path: str) -> tuple[str, int, int] | None:
        got = self.records.get(ids=[self._file_id(path)], include=["metadatas"])  # type: ignore[list-item]
        if not got["ids"]:
            return None
        m = got["metadatas"][0]  # type: ignore[index]
        return str(m["doc_id"]), int(m["size"]), int(m["mtime_ns"])  # type: ignore[arg-type]

    def _doc(self, doc_id: str) -> dict | None:
        got = self.records.get(ids=[f"doc:{doc_id}"], include=["documents"])  # type: ignore[list-item]
        return json.loads(got["documents"][0]) if got["ids"] else None  # type: ignore[index]

    def has_document(self, doc_id: str, pipeline: str | None = None) -> bool:
        doc = self._doc(doc_id)
        return doc is not None and (pipeline is None or doc.get("pipeline") == pipeline)

    def set_file(self, path: str, doc_id: str, size: int, mtime_ns: int) -> None:
        self._put([self._file_id(path)], [{"type": "file", "path": path, "doc_id": doc_id, "size": size,
                                           "mtime_ns": mtime_ns}])
        self.bump()

    def remove_file(self, path: str) -> None:
        self.records.delete(ids=[self._file_id(path)])
        self.bump()

    def mark_pending(self, doc_id: str) -> None:
        self._put([f"pending:{doc_id}"], [{"type": "pending", "doc_id": doc_id, "since": time.time()}])

    def pending(self) -> list[str]:
        """Documents whose ingest stopped half-way. Without a lock another process may be storing one
        right now, so only those marked longer ago than any store step takes count as stopped."""
        return [str(m["doc_id"]) for m in self._all("pending", ["metadatas"])["metadatas"]
                if time.time() - float(m.get("since") or 0) > STALE_PENDING]  # type: ignore[arg-type]

    def clear_pending(self, doc_id: str) -> None:
        self.records.delete(ids=[f"pending:{doc_id}"])

    def _put_doc(self, doc: dict) -> None:
        self._put([f"doc:{doc['doc_id']}"], [{"type": "doc", "doc_id": doc["doc_id"]}],
                  [json.dumps(doc, default=str)])

    def add_document(self, doc: dict, path: str, size: int, mtime_ns: int) -> None:
        """Make a fully stored document visible: its file, then the document, then the generation."""
        self.add_documents([(doc, path, size, mtime_ns)])

    def add_documents(self, rows: list[tuple[dict, str, int, int]]) -> None:
        """Several at once, in as many requests as one: files, documents, pending marks, generation."""
        if not rows:
            return
        self._put([self._file_id(path) for _, path, _, _ in rows],
                  [{"type": "file", "path": path, "doc_id": doc["doc_id"], "size": size, "mtime_ns": mtime_ns}
                   for doc, path, size, mtime_ns in rows])
        now = time.time()
        self._put([f"doc:{doc['doc_id']}" for doc, *_ in rows], [{"type": "doc", "doc_id": doc["doc_id"]} for doc, *_ in rows],
                  [json.dumps({k: doc.get(k) for k in DOC_FIELDS} | {k: v for k, v in doc.items() if k not in DOC_FIELDS}
                              | {"ingested_at": now}, default=str) for doc, *_ in rows])
        self.records.delete(ids=[f"pending:{doc['doc_id']}" for doc, *_ in rows])
        self.bump()

    def set_council(self, doc_id: str, council: str) -> None:
        doc = self._doc(doc_id)
        if doc is not None:
            self._put_doc(doc | {"council": council})
            self.bump()

    def _files(self) -> list[dict]:
        return self._all("file", ["metadatas"])["metadatas"]  # type: ignore[return-value]

    def orphans(self) -> list[str]:
        pointed = {m["doc_id"] for m in self._files()}
        return [str(m["doc_id"]) for m in self._all("doc", ["metadatas"])["metadatas"] if m["doc_id"] not in pointed]

    def remove_document(self, doc_id: str) -> None:
        """Out of view first (the document's record), then its files."""
        self.records.delete(ids=[f"doc:{doc_id}"])
        files = self.records.get(where={"$and": [{"type": "file"}, {"doc_id": doc_id}]}, include=[])["ids"]
        if files:
            self.records.delete(ids=files)
        self.bump()

    def paths(self) -> list[str]:
        return [str(m["path"]) for m in self._files()]

    def documents(self) -> list[dict]:
        files: dict[str, list[str]] = {}
        for m in sorted(self._files(), key=lambda m: str(m["path"])):
            files.setdefault(str(m["doc_id"]), []).append(str(m["path"]))
        docs = [json.loads(text) for text in self._all("doc", ["documents"])["documents"]]  # type: ignore[union-attr]
        docs.sort(key=lambda d: (d.get("date") is not None, d.get("date") or "", d.get("title") is not None,
                                 d.get("title") or ""))  # as SQLite orders: no value first
        return [d | {"files": files.get(d["doc_id"], [])} for d in docs]
