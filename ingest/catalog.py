"""The catalogue of ingested documents and the files that hold them (SQLite beside Chroma).

A document is visible only once its row is here: rows are written after all its chunks are
stored, so an ingest killed half-way leaves nothing half-written in view, and the `pending`
table tells the next run which chunks to clear.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

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


class Catalog:
    def __init__(self, db: Path):
        db.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(str(db / "catalog.sqlite"), timeout=30, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.executescript(SCHEMA)

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
        row = {k: doc.get(k) for k in DOC_FIELDS}
        row["ingested_at"] = time.time()
        extra = {k: v for k, v in doc.items() if k not in DOC_FIELDS}
        with self.conn:
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

    # Pages read by OCR, by the file's content and the reading (OCR version and resolution): OCR is
    # slow, so a page is read once, even when a new pipeline version re-ingests its file.
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
