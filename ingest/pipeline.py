"""ingest_paths: files -> documents -> chunks -> Chroma, incrementally and crash-safely."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from tqdm import tqdm

from . import blocks as blocks_mod
from .catalog import Catalog, ServerCatalog, open_catalog
from .chunk import chunk_blocks
from clerk.config import Config
from clerk.records import Source
from .document import Chunk
from .embed import count_tokens, embed_texts, truncate_tokens
from .errors import IngestError
from .loaders import SUPPORTED, load
from .metadata import SIDECAR, date_range, initials, resolve
from .ocr import OcrJob, page_list, reading
from .store import Writer, check_model, delete_document

# Bump when loading or chunking changes what is stored: every document is then re-ingested once.
PIPELINE_VERSION = "34"
STATUSES = ("added", "updated", "unchanged", "duplicate", "removed", "failed", "skipped")


@dataclass
class FileResult:
    path: str
    status: str
    message: str = ""
    doc_id: str | None = None
    chunks: int = 0
    ocr_read: int = 0  # pages read by OCR in this run
    ocr_recalled: int = 0  # pages read by OCR before, taken from the catalogue
    ocr_seconds: float = 0.0


@dataclass
class Summary:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def counts(self) -> Counter:
        return Counter(r.status for r in self.results)

    @property
    def chunks(self) -> int:
        return sum(r.chunks for r in self.results if r.status in ("added", "updated"))

    @property
    def ok(self) -> bool:
        return not any(r.status == "failed" for r in self.results)

    @property
    def ocr_pages(self) -> int:
        return sum(r.ocr_read for r in self.results)

    def line(self) -> str:
        c = self.counts
        parts = [f"{c.get(s, 0)} {s}" for s in STATUSES if s != "skipped" or c.get(s)]
        line = ", ".join(parts) + f"; {self.chunks} chunks embedded in {self.seconds:.1f}s"
        recalled = sum(r.ocr_recalled for r in self.results)
        if self.ocr_pages or recalled:
            seconds = sum(r.ocr_seconds for r in self.results)
            line += f"; {self.ocr_pages} scanned pages read by OCR in {seconds:.1f}s"
            line += f", {recalled} more remembered from an earlier run" if recalled else ""
        return line


def content_id(data: bytes) -> str:
    """Same bytes, same id; a new pipeline version gives new ids, so old chunks are replaced."""
    return hashlib.sha256(PIPELINE_VERSION.encode() + b"\0" + data).hexdigest()[:20]


# a folder's own notes (README.md, MANIFEST.tsv, LICENSE): they describe the papers beside them, and quoted as an
# answer a row of their file list ("file: council = ...; date = ...") reads as a fact no paper states
FOLDER_NOTES = frozenset({"readme", "manifest", "license", "licence", "changelog", "contributing"})


def discover(paths: list[Path]) -> tuple[list[Path], list[FileResult]]:
    """Files to ingest, and results for what was named but cannot be (missing, or skipped in a folder).
    A file named on its own is ingested whatever it is called; in a folder, the folder's notes are not papers."""
    files: list[Path] = []
    notes: list[FileResult] = []
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if not f.is_file() or any(part.startswith(".") for part in f.relative_to(p).parts):
                    continue
                if f.name == SIDECAR or f.suffix.lower() == ".py":
                    continue
                if f.stem.lower() in FOLDER_NOTES:
                    notes.append(FileResult(str(f), "skipped", "a folder's notes about its papers, not a paper "
                                                               "(name the file itself to ingest it)"))
                elif f.suffix.lower() in SUPPORTED:
                    files.append(f)
                else:
                    notes.append(FileResult(str(f), "skipped", f"unsupported file type '{f.suffix or f.name}'"))
        elif p.is_file():
            files.append(p)
        else:
            notes.append(FileResult(str(p), "failed", "no such file or folder"))
    return files, notes


def ocr_job(cfg: Config, **kw) -> OcrJob:
    return OcrJob(enabled=cfg.ocr, dpi=cfg.ocr_dpi, page_limit=cfg.ocr_page_limit, workers=cfg.ocr_workers, **kw)


def build_chunks(path: Path, cfg: Config, ocr: OcrJob | None = None) -> tuple[list[Chunk], dict, int]:
    """Load, clean and chunk one file; returns chunks, metadata and page count. A chunk from a page
    read by OCR says so (`ocr`), and so does the document's metadata (`ocr_pages`)."""
    loaded = load(path, cfg.max_file_mb, ocr if ocr is not None else ocr_job(cfg))
    blocks = blocks_mod.parse(loaded.pages)
    text = "\n".join(b.text or " ".join(" ".join(r) for r in b.rows) for b in blocks)
    meta = resolve(path, text, loaded.title_hint)
    chunks = chunk_blocks(blocks, lambda texts: count_tokens(texts, cfg.embed_model), cfg.chunk_tokens)
    if not chunks:
        raise IngestError("no text found in the file")
    scanned = sorted(p.number for p in loaded.pages if p.ocr and p.number is not None)
    for c in chunks:
        if c.page is not None and any(c.page <= n <= (c.page_end or c.page) for n in scanned):
            c.ocr = True
    if scanned:
        meta["ocr_pages"] = scanned
    pages = sum(1 for p in loaded.pages if p.number is not None)
    return chunks, meta, pages


def ocr_notes(job: OcrJob) -> str:
    """What a user should know of the scanned pages of a file that was indexed."""
    notes = []
    if job.not_read and job.wanted:
        notes.append(f"{page_list(job.wanted)} without a text layer not read: {job.not_read}")
    if job.unreadable:
        notes.append(f"{page_list(job.unreadable)} without a text layer: OCR found no readable text "
                     "(a picture or noise?), not indexed")
    return "; ".join(notes)


def embed_header(meta: dict, section: str, cfg: Config) -> str:
    fields = [meta.get("title"), meta.get("council"), meta.get("meeting"), meta.get("date"), section]
    return truncate_tokens(" | ".join(str(f) for f in fields if f), cfg.header_tokens, cfg.embed_model)


def _prepare(doc_id: str, path: Path, chunks: list[Chunk], meta: dict, cfg: Config) -> dict:
    """Ids, texts, metadata and embeddings of a file's chunks: the slow part, done before the lock."""
    start, end = date_range(meta.get("date"))
    paper = Source(doc_id=doc_id, file=path.name, path=str(path), title=meta.get("title", path.stem),
                   council=meta.get("council", ""), meeting=meta.get("meeting", ""), date=meta.get("date", ""),
                   kind=meta.get("kind", ""))
    ids, texts, metas, to_embed = [], [], [], []
    for c in chunks:
        where = replace(paper, page=c.page, page_end=c.page_end, page_label=c.page_label, section=c.section, ocr=c.ocr)
        more = {"date_start": start, "date_end": end, "chunk_kind": c.kind, "lead": c.lead, "ordinal": c.ordinal}
        metas.append(where.to_meta() | {k: v for k, v in more.items() if v is not None})
        ids.append(f"{doc_id}-{c.ordinal:05d}")
        texts.append(c.text)
        to_embed.append("\n".join(x for x in (embed_header(meta, c.section, cfg), c.lead, c.text) if x))
    vectors = [v for i in range(0, len(ids), 256) for v in embed_texts(to_embed[i:i + 256], cfg.embed_batch, cfg.embed_model)]
    return {"ids": ids, "embeddings": vectors, "documents": texts, "metadatas": metas}


def _store(collection, prepared: dict) -> None:
    for i in range(0, len(prepared["ids"]), 256):
        collection.upsert(**{k: v[i:i + 256] for k, v in prepared.items()})


def ingest_paths(paths: list[Path], cfg: Config, prune: bool = False, progress: bool = False) -> Summary:
    started = time.perf_counter()
    catalog = open_catalog(cfg)
    store = Writer(cfg, catalog)
    try:
        check_model(catalog, cfg, writing=True)
        if catalog.pending():
            with store.write() as collection:
                for doc_id in catalog.pending():  # chunks of a document whose ingest was killed
                    delete_document(collection, doc_id)
                    catalog.clear_pending(doc_id)
        files, results = discover(paths)
        bar = tqdm(files, unit="file", disable=not progress, desc="ingest")
        read: set[str] = set()  # contents of the files read in this run, whose OCR'd pages are kept
        for path in bar:
            ocr_done = sum(r.ocr_read for r in results)
            bar.set_postfix_str(path.name[:40] + (f"; {ocr_done} OCR pages" if ocr_done else ""))

            def ocr_progress(done: int, todo: int, name: str = path.name[:40], before: int = ocr_done) -> None:
                bar.set_postfix_str(f"{name}: OCR page {done}/{todo}; {before + done} OCR pages")

            results.append(_ingest_file(path, catalog, store, cfg, ocr_progress, read))
        with store.write() as collection:
            if prune:  # only under the paths named: a store may hold files of other folders and machines
                named = [str(p.resolve()) for p in paths]
                for key in catalog.paths():
                    if not Path(key).exists() and any(key == n or key.startswith(n.rstrip("/") + "/") for n in named):
                        catalog.remove_file(key)
                        results.append(FileResult(key, "removed", "file no longer exists"))
            for doc_id in catalog.orphans():  # replaced by a changed file, or pruned
                delete_document(collection, doc_id)
                catalog.remove_document(doc_id)
            _council_from_neighbours(catalog, collection)
            catalog.prune_ocr(read)
    finally:
        store.close()
        catalog.close()
    return Summary(results, time.perf_counter() - started)


def _ingest_file(path: Path, catalog: Catalog | ServerCatalog, store: Writer, cfg: Config,
                 ocr_progress=None, read: set[str] | None = None) -> FileResult:
    key = str(path.resolve())
    job: OcrJob | None = None
    try:
        stat = path.stat()
        prev = catalog.file(key)
        # same size and time, and stored by this pipeline version: no need to read it again
        if prev and prev[1:] == (stat.st_size, stat.st_mtime_ns) and catalog.has_document(prev[0], PIPELINE_VERSION):
            return FileResult(key, "unchanged", doc_id=prev[0])
        if stat.st_size > cfg.max_file_mb * 1024 * 1024:
            raise IngestError(f"file is {stat.st_size / 1024 / 1024:.1f} MB, over the {cfg.max_file_mb:g} MB limit")
        data = path.read_bytes()
        doc_id = content_id(data)
        if catalog.has_document(doc_id):
            catalog.set_file(key, doc_id, stat.st_size, stat.st_mtime_ns)
            if prev and prev[0] == doc_id:
                return FileResult(key, "unchanged", doc_id=doc_id)
            return FileResult(key, "duplicate", "same content as a paper already indexed; recorded as another file",
                              doc_id=doc_id)
        sha = hashlib.sha256(data).hexdigest()
        if read is not None:
            read.add(sha)
        how = reading(cfg.ocr_dpi)
        job = ocr_job(cfg, progress=ocr_progress, recall=lambda n: catalog.ocr_page(sha, how, n),
                      remember=lambda n, lines: catalog.set_ocr_page(sha, how, n, lines))
        chunks, meta, pages = build_chunks(path, cfg, job)
        prepared = _prepare(doc_id, path, chunks, meta, cfg)
        start, end = date_range(meta.get("date"))
        doc = meta | {"doc_id": doc_id, "pages": pages, "chunks": len(chunks), "date_start": start, "date_end": end,
                      "pipeline": PIPELINE_VERSION, "sha256": sha}
        with store.write() as collection:  # another process may have stored the same bytes meanwhile
            if not catalog.has_document(doc_id):
                catalog.mark_pending(doc_id)
                _store(collection, prepared)
            catalog.add_document(doc, key, stat.st_size, stat.st_mtime_ns)
        return _with_ocr(FileResult(key, "updated" if prev else "added", ocr_notes(job), doc_id=doc_id,
                                    chunks=len(chunks)), job)
    except IngestError as exc:
        return _with_ocr(FileResult(key, "failed", str(exc)), job)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
        return _with_ocr(FileResult(key, "failed", f"unexpected error: {exc.__class__.__name__}: {exc}"), job)


def _with_ocr(result: FileResult, job: OcrJob | None) -> FileResult:
    if job is not None:
        result.ocr_read, result.ocr_recalled, result.ocr_seconds = len(job.read), len(job.recalled), job.seconds
    return result


NEIGHBOUR_PASSES = 4


def _council_from_neighbours(catalog: Catalog | ServerCatalog, collection) -> None:
    """A paper that never names its council (an appendix, a decision record), or names one only once
    in passing, takes the council that most papers in its folder (else the folder above) name
    firmly, when more than half of them agree. Only firm namings vote, so guesses do not spread.
    A paper that firmly names another council (a report on the Northshire and Eastport partnership naming
    Eastport Council more often than Northshire County Council) takes its folder's council only when it
    names that council too (or its initials, "NCC") and three quarters of at least five papers there
    agree, or when nine tenths of at least ten agree. Every paper is
    looked at on every run, so a run stopped before this step is made good by the next, and papers
    added later can settle their folder's earlier ones. A council stated in metadata.json stays."""
    # a paper settled by its neighbours votes as they do in the next pass, so passes go on until none changes
    # (at most a few): one pass left what a second run of `clerk ingest` would then change
    for _ in range(NEIGHBOUR_PASSES):
        docs = catalog.documents()
        firm = [d for d in docs if d["council"] and d.get("council_mentions", 0) >= 2]
        changed = False
        for doc in docs:
            if doc.get("council_stated"):
                continue
            own_is_firm = doc["council"] and doc.get("council_mentions", 0) >= 2
            council = _folder_council(doc, firm, strict=bool(own_is_firm))
            if not council or council == doc["council"]:
                continue
            ids = collection.get(where={"doc_id": doc["doc_id"]}, include=[])["ids"]
            if ids:
                collection.update(ids=ids, metadatas=[{"council": council}] * len(ids))
            catalog.set_council(doc["doc_id"], council)
            changed = True
        if not changed:
            return


def _folder_council(doc: dict, firm: list[dict], strict: bool) -> str | None:
    """The council that the firmly-named papers beside this one agree on, looking in its folder,
    then the folder above: more than half of them and at least two; when strict (the paper names
    a council of its own firmly), three quarters of at least five if the paper names it too, in
    full or by initials ("NCC"), else nine tenths of at least ten."""
    for up in (1, 2):
        folders = {str(Path(f).parents[up - 1]) for f in doc["files"]}
        named = [d["council"] for d in firm if d["doc_id"] != doc["doc_id"]
                 and any(str(Path(f).parents[up - 1]) in folders for f in d["files"])]
        council = max(set(named), key=named.count) if named else None
        agree = named.count(council)
        names_it = council in doc.get("councils_named", []) or initials(council or "") in doc.get("acronyms", [])
        if strict and names_it and agree >= 0.75 * len(named) and agree >= 5:
            return council
        if strict and agree >= 0.9 * len(named) and agree >= 10:
            return council
        if not strict and council and agree > len(named) / 2 and agree >= 2:
            return council
    return None


def remove_document(doc_id: str, cfg: Config) -> list[str]:
    """Take a document out of the store and the catalogue; returns the files it was recorded under."""
    catalog = open_catalog(cfg)
    store = Writer(cfg, catalog)
    try:
        with store.write() as collection:
            files = [d["files"] for d in catalog.documents() if d["doc_id"] == doc_id]
            # out of view first, so no reader cites it; marked, so a run stopped here is finished later
            catalog.mark_pending(doc_id)
            catalog.remove_document(doc_id)
            delete_document(collection, doc_id)
            catalog.clear_pending(doc_id)
        return files[0] if files else []
    finally:
        store.close()
        catalog.close()
