"""`make bench`: ingestion throughput beside the embedding model alone; warm search latency on the
sample corpus, on real Kent papers and on a store scaled to ~100,000 chunks; answer latency;
peak memory; cold start of `clerk ask`.

    python -m evals.bench [--kent N] [--scale CHUNKS]
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import psutil

from ingest import Config, ingest_paths
from ingest.embed import embed_texts
from ingest.pipeline import build_chunks, embed_header

ROOT = Path(__file__).resolve().parent.parent
KENT = ROOT.parent / "shared" / "papers" / "kent"
QUERIES = ["UASC quota", "agency social workers spend", "children in care placement overspend 2020/21",
           "Total Cost of Service", "vacancy rate", "high needs block deficit", "home to school transport",
           "capital programme", "treasury management strategy", "adult social care overspend"]


def bench_ingest(files: list[Path], label: str) -> Config:
    cfg = Config(db=Path(tempfile.mkdtemp(prefix="clerk-bench-")))
    embed_texts(["warm up"])  # model loading is cold start, measured on its own below
    t0 = time.perf_counter()
    summary = ingest_paths(files, cfg)
    total = time.perf_counter() - t0
    pages = 0
    texts: list[str] = []
    for f in files:  # the same chunks again, to time the embedding model alone on them
        try:
            chunks, meta, n = build_chunks(f, cfg)
        except Exception:  # noqa: BLE001 - failures are already counted in the summary
            continue
        pages += n
        texts += ["\n".join(x for x in (embed_header(meta, c.section, cfg), c.lead, c.text) if x) for c in chunks]
    t1 = time.perf_counter()
    embed_texts(texts, cfg.embed_batch)
    embed_only = time.perf_counter() - t1
    print(f"\n## Ingestion: {label}")
    print(f"{len(files)} files, {pages} pages, {len(texts)} chunks; {summary.line()}")
    print("| stage | seconds | chunks/s | pages/s |\n|---|---|---|---|")
    print(f"| full ingest | {total:.1f} | {len(texts) / total:.1f} | {pages / total:.1f} |")
    print(f"| embedding only | {embed_only:.1f} | {len(texts) / embed_only:.1f} | {pages / embed_only:.1f} |")
    print(f"overhead ratio (full / embedding only): {total / embed_only:.2f}")
    bench_search(cfg, label)
    return cfg


def bench_search(cfg: Config, label: str, first=None) -> None:
    from index import Searcher

    s = Searcher(cfg)
    s.search("warm up")
    if first:
        first()
    times = []
    for _ in range(3):
        for q in QUERIES:
            t = time.perf_counter()
            s.search(q)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    rss = psutil.Process().memory_info().rss / 2**20
    print(f"search ({label}, warm, {len(times)} queries): p50 {statistics.median(times):.0f} ms, "
          f"p95 {p95:.0f} ms; resident memory {rss:.0f} MiB")


def bench_answers(cfg: Config) -> None:
    from assistant.answer import Assistant

    from .run import load_questions

    assistant = Assistant(cfg)
    assistant.answer("warm up")
    times = []
    # each question once, in the order of the shipped set: no answer is timed twice
    for q in load_questions(Path(__file__).with_name("questions.jsonl")) + [{"question": q} for q in QUERIES]:
        t = time.perf_counter()
        assistant.answer(q["question"], history=q.get("history"))
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(f"\n## Answers (extractive, warm, retrieval included, {len(times)} distinct questions)\n"
          f"p50 {statistics.median(times):.0f} ms, p95 {times[int(len(times) * 0.95) - 1]:.0f} ms")


def bench_cold_start(cfg: Config) -> None:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "assistant.cli", "ask", "What is our UASC quota?", "--db", str(cfg.db)],
                   check=True, capture_output=True)
    print(f"\n## Cold start\n`clerk ask` in a new process, model load included: {time.perf_counter() - t:.1f} s")


def bench_scale(source: Config, target: int) -> None:
    """Replicate and perturb the real chunks (numbers shifted, embeddings jittered) to ~target chunks,
    then time warm searches. Embedding 100k chunks would take hours here; the copies reuse vectors."""
    from ingest.catalog import Catalog
    from ingest.store import open_collection

    got = open_collection(source.db).get(include=["documents", "metadatas", "embeddings"])
    docs = {d["doc_id"]: d for d in Catalog(source.db).documents()}
    n = len(got["ids"])
    copies = max(1, target // n)
    cfg = Config(db=Path(tempfile.mkdtemp(prefix="clerk-scale-")))
    collection, catalog = open_collection(cfg.db), Catalog(cfg.db)
    rng = np.random.default_rng(0)
    base = np.asarray(got["embeddings"], dtype=np.float32)
    t0 = time.perf_counter()
    for r in range(copies):
        shift = lambda m: str((int(m.group()) + r) % 10)  # noqa: E731 - a different figure per copy
        vectors = base + rng.normal(0, 0.02, base.shape).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        ids = [f"{cid.rsplit('-', 1)[0]}r{r}-{cid.rsplit('-', 1)[1]}" for cid in got["ids"]]
        metas = [m | {"doc_id": f"{m['doc_id']}r{r}"} for m in got["metadatas"]]
        texts = [re.sub(r"\d", shift, t) for t in got["documents"]]
        for i in range(0, n, 2000):
            collection.add(ids=ids[i:i + 2000], embeddings=vectors[i:i + 2000].tolist(), documents=texts[i:i + 2000],
                           metadatas=metas[i:i + 2000])
        for doc_id, doc in docs.items():
            fields = {k: v for k, v in doc.items() if k != "files"} | {"doc_id": f"{doc_id}r{r}"}
            catalog.add_document(fields, f"{(doc['files'] or [doc_id])[0]}#{r}", 0, 0)
    print(f"\n## Search at scale\n{copies * n} chunks ({copies} perturbed copies of {n} real ones) stored in "
          f"{time.perf_counter() - t0:.0f} s")
    t0 = time.perf_counter()
    bench_search(cfg, f"{copies * n} chunks", first=lambda: print(
        f"keyword index built in {time.perf_counter() - t0:.0f} s"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kent", type=int, default=40, help="how many Kent PDFs to ingest")
    parser.add_argument("--scale", type=int, default=100_000, help="chunks in the scaled store (0: skip)")
    args = parser.parse_args()
    print("# Clerk benchmarks")
    sample = bench_ingest(sorted((ROOT / "corpus").glob("*.pdf")), "sample corpus")
    bench_answers(sample)
    bench_cold_start(sample)
    largest = sample
    if KENT.is_dir() and args.kent:
        largest = bench_ingest(sorted(KENT.rglob("*.pdf"))[: args.kent], f"{args.kent} Kent County Council PDFs")
    if args.scale:
        bench_scale(largest, args.scale)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak resident memory of this run: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
