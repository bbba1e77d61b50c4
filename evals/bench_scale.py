"""`make bench-scale`: one Chroma server grown to a million chunks, measured on the way.

Real chunks of the shared papers beside the repository (ingested once, embedded by the model) are copied
and perturbed as the 100k bench
in evals/bench.py does (figures shifted, vectors jittered: no model run for the copies) and loaded
into a real `chroma run` server, together with their catalogue records. At each size: the time to
load, the server's disk and resident memory, and in a fresh searching process (as an app process
is) the time for its keyword index to catch up with the store, its resident memory, and warm
search latency p50/p95. The growth from the first size to the last is given as ratios.

    python -m clerk.evals.bench_scale [--sizes 100000 1000000] [--kent 40] [--source DB]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import psutil

from clerk.ingest import Config, ingest_paths

from .apps import ChromaServer
from .bench import KENT, QUERIES

BATCH = 1000  # chunks an HTTP request carries


def disk(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def source_store(args: argparse.Namespace) -> Config:
    if args.source:
        return Config(db=args.source)
    cfg = Config(db=Path(tempfile.mkdtemp(prefix="clerk-scale-source-")))
    files = sorted(KENT.rglob("*.pdf"))[: args.kent]
    t0 = time.perf_counter()
    summary = ingest_paths(files, cfg)
    print(f"source: {len(files)} shared PDFs ingested in {time.perf_counter() - t0:.0f} s ({summary.line()})", flush=True)
    return cfg


class Loader:
    """Perturbed copies of the source's chunks and catalogue, added to the server one copy at a time."""

    def __init__(self, source: Config, target: Config):
        from clerk.ingest.catalog import open_catalog
        from clerk.ingest.store import open_collection

        self.got = open_collection(source).get(include=["documents", "metadatas", "embeddings"])
        self.docs = [d for d in open_catalog(source).documents()]
        self.base = np.asarray(self.got["embeddings"], dtype=np.float32)
        self.collection, self.catalog = open_collection(target), open_catalog(target)
        self.rng = np.random.default_rng(0)
        self.copies = 0
        self.chunks = 0

    def add_copy(self) -> None:
        r, got = self.copies, self.got
        shift = lambda m: str((int(m.group()) + r) % 10)  # noqa: E731 - a different figure per copy
        vectors = self.base + self.rng.normal(0, 0.02, self.base.shape).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        ids = [f"{cid.rsplit('-', 1)[0]}r{r}-{cid.rsplit('-', 1)[1]}" for cid in got["ids"]]
        metas = [m | {"doc_id": f"{m['doc_id']}r{r}"} for m in got["metadatas"]]
        texts = [re.sub(r"\d", shift, t) for t in got["documents"]]
        for i in range(0, len(ids), BATCH):
            self.collection.add(ids=ids[i:i + BATCH], embeddings=vectors[i:i + BATCH], documents=texts[i:i + BATCH],
                                metadatas=metas[i:i + BATCH])
        # the chunks first, then the records that make them visible, as an ingest does
        self.catalog.add_documents([({k: v for k, v in doc.items() if k != "files"} | {"doc_id": f"{doc['doc_id']}r{r}"},
                                     f"{(doc['files'] or [doc['doc_id']])[0]}#{r}", 0, 0) for doc in self.docs])
        self.copies += 1
        self.chunks += len(ids)


def search_process(cfg: Config, runs: int = 3) -> dict:
    """A fresh process searching the server, as an app process would: its keyword index catches up
    (built from the store the first time, then only the chunks added since), then warm searches."""
    out = subprocess.run([sys.executable, "-m", "clerk.evals.bench_scale", "--searcher", cfg.chroma_url or "",
                          "--db", str(cfg.db), "--runs", str(runs)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def searcher_main(url: str, db: Path, runs: int) -> None:
    from clerk.index import Searcher

    t0 = time.perf_counter()
    s = Searcher(Config(db=db, chroma_url=url))
    s.warming.join()
    s.refresh()  # the keyword index catches up with the store
    caught_up = time.perf_counter() - t0
    s.search("warm up")
    times = []
    for _ in range(runs):
        for q in QUERIES:
            t = time.perf_counter()
            s.search(q)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(json.dumps({"catch_up_s": caught_up, "p50_ms": statistics.median(times),
                      "p95_ms": times[int(len(times) * 0.95) - 1], "queries": len(times),
                      "rss_mib": psutil.Process().memory_info().rss / 2**20,
                      "keyword_disk_mib": disk(db / "keyword") / 2**20}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000], help="chunks at each measure")
    parser.add_argument("--kent", type=int, default=40, help="PDFs of ../shared/papers ingested as the source")
    parser.add_argument("--source", type=Path, help="an existing embedded store to copy instead")
    parser.add_argument("--searcher", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=3, help="rounds of the bench's queries at each size")
    args = parser.parse_args()
    if args.searcher:
        searcher_main(args.searcher, args.db, args.runs)
        return
    source = source_store(args)
    root = Path(tempfile.mkdtemp(prefix="clerk-scale-"))
    server = ChromaServer(root / "chroma")
    try:
        cfg = Config(db=root / "app-local", chroma_url=server.url)
        loader = Loader(source, cfg)
        print(f"source: {len(loader.got['ids'])} real chunks of {len(loader.docs)} papers; server {server.url}, "
              f"{psutil.cpu_count()} cores", flush=True)
        rows = []
        loading = 0.0
        for size in args.sizes:
            t0 = time.perf_counter()
            while loader.chunks < size:
                loader.add_copy()
            loading += time.perf_counter() - t0
            time.sleep(5)  # let the server settle what it writes behind a request
            measured = search_process(cfg, args.runs)
            row = {"chunks": loader.chunks, "papers": loader.copies * len(loader.docs), "load_s": loading,
                   "server_disk_mib": disk(root / "chroma") / 2**20,
                   "server_rss_mib": psutil.Process(server.proc.pid).memory_info().rss / 2**20} | measured
            rows.append(row)
            print(json.dumps(row), flush=True)
        print("\n## Scale on one Chroma server (perturbed copies of real chunks; vectors without the model)")
        print("| chunks | papers | load (cumulative) | server disk | server RSS | app keyword catch-up | "
              "app RSS | app keyword disk | warm search p50 | p95 |\n|---|---|---|---|---|---|---|---|---|---|")
        for r in rows:
            print(f"| {r['chunks']:,} | {r['papers']:,} | {r['load_s']:.0f} s | {r['server_disk_mib']:,.0f} MiB | "
                  f"{r['server_rss_mib']:,.0f} MiB | {r['catch_up_s']:.0f} s | {r['rss_mib']:,.0f} MiB | "
                  f"{r['keyword_disk_mib']:,.0f} MiB | {r['p50_ms']:.0f} ms | {r['p95_ms']:.0f} ms |")
        if len(rows) > 1:
            a, b = rows[0], rows[-1]
            print(f"\ngrowth {a['chunks']:,} → {b['chunks']:,} chunks (x{b['chunks'] / a['chunks']:.1f}): "
                  f"warm search p50 x{b['p50_ms'] / a['p50_ms']:.2f}, p95 x{b['p95_ms'] / a['p95_ms']:.2f}; "
                  f"server disk x{b['server_disk_mib'] / a['server_disk_mib']:.1f}, "
                  f"server RSS x{b['server_rss_mib'] / a['server_rss_mib']:.1f}, app RSS x{b['rss_mib'] / a['rss_mib']:.1f}; "
                  f"load {(b['load_s'] - a['load_s']) / (b['chunks'] - a['chunks']) * 1e6 / 3600:.1f} h per million chunks "
                  f"after the first {a['chunks']:,}")
    finally:
        server.close()
        shutil.rmtree(root, ignore_errors=True)
        if not args.source:
            shutil.rmtree(source.db, ignore_errors=True)


if __name__ == "__main__":
    main()
