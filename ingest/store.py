"""The Chroma store of chunks: embeddings always passed in, never computed by Chroma.

Several processes share one store (the app serving, `clerk ingest` adding papers, an evaluation).
Chroma's local client keeps the vector index in memory as it was when the client opened, and
caches one client per folder for the life of a process, so a reader never sees another process's
writes and may look up ids that no longer exist ("Error finding id"). So:

- every `open_collection` gets a Chroma system of its own, which reads the store as it is on disk
  at that moment; readers open a new one when the catalogue's generation moves (index/search.py);
- writers change Chroma only inside `Writer.write()`, under an exclusive file lock, and bump the
  catalogue's generation before letting go, so a reader that opens under the shared lock sees
  either all of a write or none of it, and a writer that another process overtook reopens first.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Chroma's import alone is ~1 s: only the functions that open the store pay it
    from chromadb.api.models.Collection import Collection

COLLECTION = "chunks"
LOCK = "store.lock"


def open_collection(db: Path) -> Collection:
    """The chunks collection on a Chroma system of its own: the store as it is now on disk."""
    from chromadb.api import ServerAPI
    from chromadb.api.models.Collection import Collection
    from chromadb.config import Settings, System

    (db / "chroma").mkdir(parents=True, exist_ok=True)
    settings = Settings(anonymized_telemetry=False, allow_reset=False, is_persistent=True,
                        persist_directory=str(db / "chroma"))
    system = System(settings)
    api = system.instance(ServerAPI)
    system.start()
    # embedding_function=None: Chroma's default embedder would try to download a model.
    model = api.get_or_create_collection(COLLECTION, metadata={"hnsw:space": "cosine"})
    return Collection(client=api, model=model, embedding_function=None)


@contextmanager
def locked(db: Path, exclusive: bool) -> Iterator[None]:
    """The store's file lock: exclusive for a change to Chroma, shared for opening a reader."""
    db.mkdir(parents=True, exist_ok=True)
    fd = os.open(db / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)  # closing releases the lock


class Writer:
    """Changes to Chroma, one locked step at a time, each ending in a new catalogue generation.
    Keeps its collection between steps unless another process wrote in between."""

    def __init__(self, db: Path, catalog):
        self.db, self.catalog = db, catalog
        self._collection: Collection | None = None
        self._generation = -1

    @contextmanager
    def write(self) -> Iterator[Collection]:
        with locked(self.db, exclusive=True):
            if self._collection is None or self.catalog.generation() != self._generation:
                self._collection = open_collection(self.db)
            try:
                yield self._collection
            finally:
                self.catalog.bump()
                self._generation = self.catalog.generation()

    def close(self) -> None:
        if self._collection is not None:
            self._collection._client._system.stop()  # free the vector index now, not at the next GC
            self._collection = None

    def read(self) -> Collection:
        """The collection for reads between writes (current as of this writer's last step)."""
        if self._collection is None:
            with locked(self.db, exclusive=False):
                self._collection = open_collection(self.db)
                self._generation = self.catalog.generation()
        return self._collection


def delete_document(collection: Collection, doc_id: str) -> None:
    collection.delete(where={"doc_id": doc_id})


def chunks_of(collection: Collection, doc_ids: list[str]) -> dict:
    """All stored chunks of these documents: ids, documents (text) and metadatas."""
    if not doc_ids:
        return {"ids": [], "documents": [], "metadatas": []}
    where = {"doc_id": doc_ids[0]} if len(doc_ids) == 1 else {"doc_id": {"$in": doc_ids}}
    return collection.get(where=where, include=["documents", "metadatas"])
