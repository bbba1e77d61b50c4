"""`make bench`: ingestion throughput beside the embedding model alone; OCR throughput on scanned
editions of the sample corpus beside its text layer; warm search latency on the sample corpus, on
real Kent papers and on a store scaled to ~100,000 chunks; answer latency; peak memory; cold start
of `clerk ask` and `clerk search` (median of fresh processes) and the app's time to ready with its
first and second answers; the same store on a Chroma server beside the embedded one, two app processes
on that server with 20 users at once, and an upload in one app answered by the other.
(The server sections are evals/bench_server.py; `make bench-scale`, evals/bench_scale.py, grows one server
to a million chunks.)

    python -m clerk.evals.bench [--kent N] [--scale CHUNKS] [--runs N] [--no-ocr]
    python -m clerk.evals.bench --cold-only --db DIR [--runs N]   # start-up alone, on an existing store
    python -m clerk.evals.bench --server-only [--kent N]          # the Chroma server sections alone
    python -m clerk.evals.bench --models-only [--models N]        # the embedding models side by side, N Kent PDFs
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import psutil
import pypdf

from clerk.ingest import Config, ingest_paths
from clerk.ingest.embed import embed_texts
from clerk.ingest.pipeline import build_chunks, embed_header

from .bench_server import bench_server

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


def _package_mb(package: str) -> float:
    from importlib.metadata import files

    return sum(f.locate().stat().st_size for f in files(package) or [] if f.locate().is_file()) / 2**20


def bench_models(files: list[Path], label: str) -> None:
    """Every embedding model of the table on the same papers, side by side: ingestion end to end (text
    layers only: OCR costs every model the same) and the model alone on the same chunks, warm question
    embedding, the memory the model adds (in turn, in one process: the first also loads ONNX Runtime) and
    its package's size. Retrieval quality is `clerk eval`'s."""
    from clerk.ingest.embed import MODELS, embed_query, model, runtime

    texts: list[str] = []
    pages = 0
    base = Config(db=Path(tempfile.mkdtemp(prefix="clerk-bench-models-")), ocr=False)
    for f in files:
        try:
            chunks, meta, n = build_chunks(f, base)
        except Exception:  # noqa: BLE001 - a file that fails, fails for every model
            continue
        pages += n
        texts += ["\n".join(x for x in (embed_header(meta, c.section, base), c.lead, c.text) if x) for c in chunks]
    print(f"\n## Embedding models: {label}, {pages} pages, {len(texts)} chunks (text layers only)")
    # CPU time beside wall time: the machine may be shared, and a model's work is its CPU seconds
    print("| model | package (MiB) | full ingest pages/s | embedding only pages/s | chunks/s (per CPU s) | "
          "question p50 / p95 ms | memory added MiB |\n|---|---|---|---|---|---|---|")
    for name in MODELS:
        rss = psutil.Process().memory_info().rss
        runtime(name)
        embed_texts(["warm up"] * 8, 32, name)
        added = (psutil.Process().memory_info().rss - rss) / 2**20
        cfg = Config(db=Path(tempfile.mkdtemp(prefix="clerk-bench-models-")), ocr=False, embed_model=name)
        t0 = time.perf_counter()
        ingest_paths(files, cfg)
        full = time.perf_counter() - t0
        t1, c1 = time.perf_counter(), time.process_time()
        embed_texts(texts, cfg.embed_batch, name)
        alone, cpu = time.perf_counter() - t1, time.process_time() - c1
        times = []
        for _ in range(3):
            for q in QUERIES:
                t = time.perf_counter()
                embed_query(q, name)
                times.append((time.perf_counter() - t) * 1000)
        times.sort()
        shutil.rmtree(cfg.db, ignore_errors=True)
        print(f"| {name} | {model(name).package} ({_package_mb(model(name).package):.0f}) | {pages / full:.1f} | "
              f"{pages / alone:.1f} | {len(texts) / alone:.1f} ({len(texts) / cpu:.1f}) | {statistics.median(times):.0f} / "
              f"{times[int(len(times) * 0.95) - 1]:.0f} | {added:.0f} |", flush=True)
    shutil.rmtree(base.db, ignore_errors=True)


def bench_ocr(files: list[Path], label: str, dpi: int = 200) -> None:
    """Scanned editions of the same papers (every page an image at `dpi`), ingested with OCR, beside
    their text-layer editions; and how many of the text edition's figures the OCR'd pages keep."""
    from .scans import figure_recall, image_pdf, page_images, read_text

    root = Path(tempfile.mkdtemp(prefix="clerk-bench-ocr-"))
    (root / "scan").mkdir()
    for f in files:
        image_pdf(page_images(f, list(range(1, len(pypdf.PdfReader(str(f)).pages) + 1)), dpi),
                  root / "scan" / f.name, dpi)
    text_cfg, scan_cfg = Config(db=root / "db-text"), Config(db=root / "db-scan")
    embed_texts(["warm up"])
    rows = []
    for name, cfg, paths in (("text layer", text_cfg, files), ("scanned, read by OCR", scan_cfg, [root / "scan"])):
        t0 = time.perf_counter()
        summary = ingest_paths(paths, cfg)
        rows.append((name, summary, time.perf_counter() - t0))
    pages = sum(len(pypdf.PdfReader(str(f)).pages) for f in files)
    ocr = rows[1][1]
    ocr_seconds = sum(r.ocr_seconds for r in ocr.results)
    found = total = 0
    for f in files:
        got = figure_recall(read_text(f, text_cfg), read_text(root / "scan" / f.name, scan_cfg))
        found, total = found + got[0], total + got[1]
    print(f"\n## OCR: {label}, {pages} pages scanned at {dpi} dpi, read at {scan_cfg.ocr_dpi} dpi, "
          f"{scan_cfg.ocr_workers} pages at once")
    print("| edition | seconds | pages/s |\n|---|---|---|")
    for name, _summary, seconds in rows:
        print(f"| {name} (full ingest) | {seconds:.1f} | {pages / seconds:.2f} |")
    print(f"| OCR alone (draw + read) | {ocr_seconds:.1f} | {ocr.ocr_pages / ocr_seconds:.2f} |")
    print(f"figures of the text edition found verbatim in the OCR'd text: {found}/{total} = {found / total:.1%}")


def bench_search(cfg: Config, label: str, first=None) -> None:
    from clerk.index import Searcher

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
    from clerk.assistant.answer import Assistant

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


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_cold_start(cfg: Config, runs: int = 10) -> None:
    """Each command `runs` times, one fresh process each (model, store and index loaded every time),
    alternating so that both meet the same load. CPU time is reported beside wall time because the
    machine is shared: wall time over CPU time shows how much of a run was spent waiting for a core."""
    from clerk.ingest.embed import runtime

    served_by = runtime()  # a first ONNX export, if one is due, happens here and is not timed
    commands = {"ask": ["ask", "What is our UASC quota?"], "search": ["search", "UASC quota"]}
    wall: dict[str, list[float]] = {c: [] for c in commands}
    cpu: dict[str, list[float]] = {c: [] for c in commands}
    load = [os.getloadavg()[0]]
    for _ in range(runs):
        for name, argv in commands.items():
            c, t = _children_cpu(), time.perf_counter()
            subprocess.run([sys.executable, "-m", "clerk.cli", *argv, "--db", str(cfg.db)],
                           check=True, capture_output=True)
            wall[name].append(time.perf_counter() - t)
            cpu[name].append(_children_cpu() - c)
        load.append(os.getloadavg()[0])
    print(f"\n## Cold start ({runs} fresh processes each; load average {min(load):.1f} to {max(load):.1f} "
          f"on {os.cpu_count()} cores; embeddings by {served_by})")
    print("| command | wall median | wall min | wall max | CPU median |\n|---|---|---|---|---|")
    for name in commands:
        print(f"| `clerk {name}` | {statistics.median(wall[name]):.2f} s | {min(wall[name]):.2f} s | "
              f"{max(wall[name]):.2f} s | {statistics.median(cpu[name]):.2f} s |")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_app_ready(cfg: Config) -> None:
    """`clerk chat` from process start until it says it is running (model, store, index loaded and one
    question asked through its own API), then a person's first and second questions."""
    from gradio_client import Client

    port, corpus = _free_port(), Path(tempfile.mkdtemp(prefix="clerk-bench-corpus-"))
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "clerk.cli", "chat", "--port", str(port), "--db", str(cfg.db),
                             "--corpus", str(corpus)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        ready = None
        for line in proc.stdout:  # type: ignore[union-attr]
            if "Clerk is running" in line:
                ready = time.perf_counter() - t0
                break
        if ready is None:
            print("\n## App\nthe app did not start")
            return
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        times = []
        for question in ("What was the children in care placement overspend in 2020/21?", "What is the vacancy rate?"):
            t = time.perf_counter()
            client.predict(question, api_name="/ask")
            times.append(time.perf_counter() - t)
        print(f"\n## App\n`clerk chat` ready {ready:.1f} s after start; a person's first answer after that "
              f"{times[0]:.2f} s, second {times[1]:.2f} s (gradio_client, round trip)")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(corpus, ignore_errors=True)


def bench_scale(source: Config, target: int) -> None:
    """Replicate and perturb the real chunks (numbers shifted, embeddings jittered) to ~target chunks,
    then time warm searches. Embedding 100k chunks would take hours here; the copies reuse vectors."""
    from clerk.ingest.catalog import Catalog
    from clerk.ingest.store import open_collection

    got = open_collection(source).get(include=["documents", "metadatas", "embeddings"])
    docs = {d["doc_id"]: d for d in Catalog(source.db).documents()}
    n = len(got["ids"])
    copies = max(1, target // n)
    cfg = Config(db=Path(tempfile.mkdtemp(prefix="clerk-scale-")))
    collection, catalog = open_collection(cfg), Catalog(cfg.db)
    rng = np.random.default_rng(0)
    base = np.asarray(got["embeddings"], dtype=np.float32)
    t0 = time.perf_counter()
    for r in range(copies):
        shift = lambda m: str((int(m.group()) + r) % 10)  # noqa: E731, B023 - a different figure per copy, used at once
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
    parser.add_argument("--no-ocr", action="store_true", help="skip the OCR benchmark")
    parser.add_argument("--models", type=int, default=20, help="Kent PDFs for the embedding models side by side (0: skip)")
    parser.add_argument("--models-only", action="store_true", help="only the embedding models side by side")
    parser.add_argument("--runs", type=int, default=10, help="fresh processes per command for cold start")
    parser.add_argument("--cold-only", action="store_true", help="only cold start and the app's time to ready")
    parser.add_argument("--db", type=Path, help="an existing store for --cold-only (default: the sample corpus)")
    parser.add_argument("--server-only", action="store_true", help="only the Chroma server beside the embedded store "
                        "(on the sample corpus and, with --kent N, N Kent PDFs)")
    args = parser.parse_args()
    print("# Clerk benchmarks")
    if args.models_only:
        bench_models(sorted(KENT.rglob("*.pdf"))[: args.models], f"{args.models} Kent County Council PDFs")
        return
    if args.server_only:
        sample = bench_ingest(sorted((ROOT / "corpus").glob("*.pdf")), "sample corpus")
        bench_server(sample, "sample corpus", QUERIES)
        if KENT.is_dir() and args.kent:
            kent = bench_ingest(sorted(KENT.rglob("*.pdf"))[: args.kent], f"{args.kent} Kent County Council PDFs")
            bench_server(kent, f"{args.kent} Kent County Council PDFs", QUERIES)
        return
    if args.cold_only:
        cfg = Config(db=args.db) if args.db else bench_ingest(sorted((ROOT / "corpus").glob("*.pdf")), "sample corpus")
        bench_cold_start(cfg, args.runs)
        bench_app_ready(cfg)
        return
    sample = bench_ingest(sorted((ROOT / "corpus").glob("*.pdf")), "sample corpus")
    bench_answers(sample)
    bench_cold_start(sample, args.runs)
    bench_app_ready(sample)
    bench_server(sample, "sample corpus", QUERIES)
    if not args.no_ocr:
        from clerk.ingest.ocr import missing_tools

        if missing_tools():
            print(f"\n## OCR\nskipped: {missing_tools()}")
        else:
            bench_ocr(sorted((ROOT / "corpus").glob("*.pdf")), "sample corpus")
    largest = sample
    if KENT.is_dir() and args.kent:
        largest = bench_ingest(sorted(KENT.rglob("*.pdf"))[: args.kent], f"{args.kent} Kent County Council PDFs")
    if largest is not sample:
        bench_server(largest, f"{args.kent} Kent County Council PDFs", QUERIES)
    if KENT.is_dir() and args.models:
        bench_models(sorted(KENT.rglob("*.pdf"))[: args.models], f"{args.models} Kent County Council PDFs")
    if args.scale:
        bench_scale(largest, args.scale)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak resident memory of this run: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
