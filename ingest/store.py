"""The Chroma store of chunks: embeddings always passed in, never computed by Chroma."""

from __future__ import annotations

from pathlib import Path

import chromadb
from chromadb.config import Settings

COLLECTION = "chunks"


def open_collection(db: Path):
    client = chromadb.PersistentClient(
        path=str(db / "chroma"), settings=Settings(anonymized_telemetry=False, allow_reset=False)
    )
    # embedding_function=None: Chroma's default embedder would try to download a model.
    return client.get_or_create_collection(
        COLLECTION, embedding_function=None, metadata={"hnsw:space": "cosine"}
    )


def delete_document(collection, doc_id: str) -> None:
    collection.delete(where={"doc_id": doc_id})


def chunks_of(collection, doc_ids: list[str]) -> dict:
    """All stored chunks of these documents: ids, documents (text) and metadatas."""
    if not doc_ids:
        return {"ids": [], "documents": [], "metadatas": []}
    where = {"doc_id": doc_ids[0]} if len(doc_ids) == 1 else {"doc_id": {"$in": doc_ids}}
    return collection.get(where=where, include=["documents", "metadatas"])
