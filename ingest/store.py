"""The Chroma store of chunks: embeddings always passed in, never computed by Chroma.

Two kinds of store, one interface (`open_collection`, `Writer`, `reading`):

- embedded (the default): Chroma's files in `cfg.db`, shared by the processes of one machine;
- a Chroma server (`cfg.chroma_url`, from `--chroma` or CLERK_CHROMA_URL): chunks and catalogue
  (ingest/catalog.py ServerCatalog) live on a `chroma run` server that any number of processes, on
  any machines, read and write over HTTP; `cfg.db` then holds only what a process derives.

Embedded, several processes share one folder (the app serving, `clerk ingest` adding papers, an
evaluation). Chroma's local client keeps the vector index in memory as it was when the client
opened, and caches one client per folder for the life of a process, so a reader never sees another
process's writes and may look up ids that no longer exist ("Error finding id"). So:

- every `open_collection` gets a Chroma system of its own, which reads the store as it is on disk
  at that moment; readers open a new one when the catalogue's generation moves (index/search.py);
- writers change Chroma only inside `Writer.write()`, under an exclusive file lock, and bump the
  catalogue's generation before letting go, so a reader that opens under the shared lock sees
  either all of a write or none of it, and a writer that another process overtook reopens first.

A server answers every request from the store as it is, so its client is opened once per process
and no file lock is taken: writers order their steps so that a reader never sees half of one
(chunks before the catalogue record that makes them visible; see ingest/catalog.py).
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .errors import ModelMismatch, StoreUnavailable

if TYPE_CHECKING:  # Chroma's import alone is ~1 s: only the functions that open the store pay it
    from chromadb.api.models.Collection import Collection

    from clerk.config import Config

COLLECTION = "chunks"
LOCK = "store.lock"
_clients: dict[str, object] = {}
_clients_lock = threading.Lock()


# Stores made before the model was recorded were all made with it.
LEGACY_MODEL = "all-MiniLM-L6-v2"


def describe(cfg: Config) -> str:
    return f"the Chroma server at {cfg.chroma_url}" if cfg.chroma_url else f"the store in {cfg.db}"


def check_model(catalog, cfg: Config, writing: bool, docs: list[dict] | None = None) -> None:
    """Refuse to search or add to a store whose vectors another embedding model made: their
    similarities to this model's vectors mean nothing. A writer records its model in the catalogue;
    a store holding nothing yet takes the model of whoever writes first. `docs`: the catalogue's
    documents, when the caller has just read them."""
    stored = catalog.embed_model()
    if not (catalog.documents() if docs is None else docs) and not catalog.pending():
        if writing and stored != cfg.embed_model:
            catalog.set_embed_model(cfg.embed_model)
        return
    recorded = stored or LEGACY_MODEL
    if recorded != cfg.embed_model:
        raise ModelMismatch(
            f"{describe(cfg)} holds vectors made by the embedding model {recorded}, but this process embeds "
            f"with {cfg.embed_model}: set CLERK_EMBED_MODEL={recorded} to use that store, or ingest into a new "
            f"store (another --db) to use {cfg.embed_model}.")
    if writing and stored is None:
        catalog.set_embed_model(recorded)


def unreachable(url: str, reason: object) -> StoreUnavailable:
    return StoreUnavailable(
        f"cannot reach the Chroma server at {url} ({reason}). Start one with `make serve-chroma` "
        f"(or `chroma run --path DIR --host 127.0.0.1 --port 8000`), check --chroma / CLERK_CHROMA_URL, "
        "or leave both unset to use the local store in --db.")


def _server(url: str):
    """One HTTP client per server per process: a server's answers are always current."""
    with _clients_lock:
        if url not in _clients:
            import chromadb
            from chromadb.config import Settings

            parts = urlsplit(url)
            ssl = parts.scheme == "https"
            host, port = parts.hostname or "127.0.0.1", parts.port or (443 if ssl else 8000)
            database = parts.path.strip("/") or "default_database"  # one server, a database per council
            try:
                if database != "default_database":
                    _ensure_database(host, port, ssl, database)
                _clients[url] = chromadb.HttpClient(host=host, port=port, ssl=ssl, database=database,
                                                    settings=Settings(anonymized_telemetry=False))
            except Exception as exc:  # noqa: BLE001 - refused, timed out, not a Chroma server: all one message
                raise unreachable(url, exc) from None
        return _clients[url]


def _ensure_database(host: str, port: int, ssl: bool, database: str) -> None:
    import chromadb
    from chromadb.config import Settings

    admin = chromadb.AdminClient(Settings(
        chroma_api_impl="chromadb.api.fastapi.FastAPI", chroma_server_host=host, chroma_server_http_port=port,
        chroma_server_ssl_enabled=ssl, anonymized_telemetry=False))
    try:
        admin.get_database(database)
    except Exception:  # noqa: BLE001 - not there yet (or another process is making it right now)
        try:
            admin.create_database(database)
        except Exception:  # noqa: BLE001
            admin.get_database(database)  # made meanwhile by another process, else this raises


def open_collection(cfg: Config, name: str = COLLECTION) -> Collection:
    """A collection of the store: on the server when one is configured, else embedded in cfg.db
    on a Chroma system of its own (the store as it is now on disk)."""
    if cfg.chroma_url:
        client = _server(cfg.chroma_url)
        try:  # embedding_function=None: Chroma's default embedder would try to download a model
            return client.get_or_create_collection(name, metadata={"hnsw:space": "cosine"},  # type: ignore[attr-defined]
                                                   embedding_function=None)
        except Exception as exc:  # noqa: BLE001
            if "connect" in str(exc).lower() or exc.__class__.__name__.startswith("Connect"):
                raise unreachable(cfg.chroma_url, exc) from None
            raise
    return _open_embedded(cfg.db, name)


def _open_embedded(db: Path, name: str) -> Collection:
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
    model = api.get_or_create_collection(name, metadata={"hnsw:space": "cosine"})
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


def reading(cfg: Config) -> AbstractContextManager[None]:
    """Opening a reader: under the shared file lock when embedded; a server needs none."""
    return nullcontext() if cfg.chroma_url else locked(cfg.db, exclusive=False)


class Writer:
    """Changes to Chroma, one locked step at a time, each ending in a new catalogue generation.
    Keeps its collection between steps unless another process wrote in between."""

    def __init__(self, cfg: Config, catalog):
        self.cfg, self.catalog = cfg, catalog
        self._collection: Collection | None = None
        self._generation = -1

    @contextmanager
    def write(self) -> Iterator[Collection]:
        with nullcontext() if self.cfg.chroma_url else locked(self.cfg.db, exclusive=True):
            if self._collection is None or (not self.cfg.chroma_url and self.catalog.generation() != self._generation):
                self._collection = open_collection(self.cfg)
            try:
                yield self._collection
            finally:
                self.catalog.bump()
                self._generation = self.catalog.generation()

    def close(self) -> None:
        if self._collection is not None and not self.cfg.chroma_url:  # a server's client is kept
            self._collection._client._system.stop()  # free the vector index now, not at the next GC
            self._collection = None

    def read(self) -> Collection:
        """The collection for reads between writes (current as of this writer's last step)."""
        if self._collection is None:
            with reading(self.cfg):
                self._collection = open_collection(self.cfg)
                self._generation = self.catalog.generation()
        return self._collection


def delete_document(collection: Collection, doc_id: str) -> None:
    collection.delete(where={"doc_id": doc_id})


def chunks_of(collection: Collection, doc_ids: list[str], vectors: bool = False) -> dict:
    """All stored chunks of these documents: ids, documents (text) and metadatas (and embeddings)."""
    include = ["documents", "metadatas"] + (["embeddings"] if vectors else [])
    if not doc_ids:
        return {"ids": []} | {k: [] for k in include}
    where = {"doc_id": doc_ids[0]} if len(doc_ids) == 1 else {"doc_id": {"$in": doc_ids}}
    return collection.get(where=where, include=include)  # type: ignore[arg-type]
