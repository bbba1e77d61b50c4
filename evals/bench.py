"""`make bench`: ingestion throughput beside the embedding model alone, and warm search latency.

Runs over the sample corpus and, when ../shared/papers/kent is present, the real Kent papers.
    python -m evals.bench [--kent N]   (N: how many Kent PDFs; default 40)
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import psutil

from ingest import Config, ingest_paths
from ingest.embed import embed_texts
from ingest.pipeline import build_chunks, embed_header

ROOT = Path(__file__).resolve().parent.parent
KENT = ROOT.parent / "shared" / "papers" / "kent"
QUERIES = ["UASC quota", "agency social workers spend", "children in care placement overspend 2020/21",
           "Total Cost of Service", "vacancy rate", "high needs block deficit", "home to school transport",
           "capital programme", "treasury management strategy", "adult social care overspend"]


def bench_ingest(files: list[Path], label: str) -> None:
    cfg = Config(db=Path(tempfile.mkdtemp(prefix="clerk-bench-")))
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
    print(f"| stage | seconds | chunks/s | pages/s |\n|---|---|---|---|")
    print(f"| full ingest | {total:.1f} | {len(texts) / total:.1f} | {pages / total:.1f} |")
    print(f"| embedding only | {embed_only:.1f} | {len(texts) / embed_only:.1f} | {pages / embed_only:.1f} |")
    print(f"overhead ratio (full / embedding only): {total / embed_only:.2f}")
    bench_search(cfg, label)


def bench_search(cfg: Config, label: str) -> None:
    from index import Searcher

    s = Searcher(cfg)
    s.search("warm up")
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kent", type=int, default=40, help="how many Kent PDFs to ingest")
    args = parser.parse_args()
    print("# Clerk benchmarks")
    bench_ingest(sorted((ROOT / "corpus").glob("*.pdf")), "sample corpus")
    if KENT.is_dir() and args.kent:
        bench_ingest(sorted(KENT.rglob("*.pdf"))[: args.kent], f"{args.kent} Kent County Council PDFs")


if __name__ == "__main__":
    main()
