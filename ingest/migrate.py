"""`clerk migrate FROM TO`: copy a whole store (every chunk with its vector, and the catalogue) from
one place to another: an embedded folder to a Chroma server, a server to a folder (a backup that
needs no downtime), or back again (a restore). Nothing is embedded again."""

from __future__ import annotations

import re
import time
from dataclasses import replace
from pathlib import Path

from .catalog import has_store, open_catalog
from clerk.config import Config
from .errors import IngestError
from .store import LEGACY_MODEL, Writer, chunks_of, describe, open_collection

BATCH_DOCS = 20  # documents read at once: a few thousand chunks with their vectors


def store_at(where: str, base: Config) -> Config:
    """The configuration of the store at `where`: an http(s):// address is a Chroma server (this
    process's derived files stay in base.db), anything else a folder holding an embedded store."""
    if re.match(r"https?://", where):
        return replace(base, chroma_url=where.rstrip("/"))
    return replace(base, db=Path(where), chroma_url=None)


def migrate(source: Config, target: Config) -> tuple[int, int]:
    """Copy every paper of `source` into `target`, which must hold none; returns (papers, chunks).
    Each paper's chunks are stored before its catalogue record, as an ingest does, so a copy stopped
    half-way can simply be run again (into a target emptied first, or it refuses)."""
    servers = source.chroma_url or target.chroma_url
    if source.chroma_url == target.chroma_url if servers else source.db.resolve() == target.db.resolve():
        raise IngestError("the source and the target are the same store")
    if not has_store(source):
        raise IngestError(f"no store in {source.db} (nothing ingested there)")
    src_catalog, dst_catalog = open_catalog(source), open_catalog(target)
    have = dst_catalog.documents()
    if have:
        raise IngestError(f"{describe(target)} already holds {len(have)} papers: migrate into an empty store "
                          "(a new folder, or a server started on an empty --path)")
    docs = src_catalog.documents()
    # the vectors are copied, not made again: the copy is of the source's model, whatever this process's
    dst_catalog.set_embed_model(src_catalog.embed_model() or LEGACY_MODEL)
    files = {path: src_catalog.file(path) for d in docs for path in d["files"]}
    src = open_collection(source)
    writer = Writer(target, dst_catalog)
    chunks = 0
    try:
        for i in range(0, len(docs), BATCH_DOCS):
            batch = docs[i:i + BATCH_DOCS]
            got = chunks_of(src, [d["doc_id"] for d in batch], vectors=True)
            with writer.write() as dst:
                for d in batch:
                    dst_catalog.mark_pending(d["doc_id"])
                for j in range(0, len(got["ids"]), 256):
                    dst.upsert(ids=got["ids"][j:j + 256], embeddings=got["embeddings"][j:j + 256],
                               documents=got["documents"][j:j + 256], metadatas=got["metadatas"][j:j + 256])
                rows = []
                for d in batch:
                    for path in d["files"][1:]:  # the other files first: a paper in view has all its files
                        dst_catalog.set_file(path, d["doc_id"], *(files[path] or ("", 0, 0))[1:])
                    first = d["files"][0] if d["files"] else f"{d['doc_id']} (no file recorded)"
                    rows.append(({k: v for k, v in d.items() if k != "files"}, first,
                                 *((files.get(first) or ("", 0, 0))[1:])))
                dst_catalog.add_documents(rows)
            chunks += len(got["ids"])
        stored = open_collection(target).count()
        if stored < chunks:
            raise IngestError(f"{describe(target)} holds {stored} chunks after the copy, not {chunks}")
        return len(docs), chunks
    finally:
        writer.close()
        src_catalog.close()
        dst_catalog.close()


def run(where_from: str, where_to: str, base: Config) -> str:
    """The command's one line of report."""
    started = time.perf_counter()
    source, target = store_at(where_from, base), store_at(where_to, base)
    papers, chunks = migrate(source, target)
    return (f"copied {papers} papers, {chunks} chunks from {describe(source)} to {describe(target)} "
            f"in {time.perf_counter() - started:.1f}s")
