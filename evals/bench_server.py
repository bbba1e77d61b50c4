"""`make bench`'s Chroma server sections (`python -m clerk.evals.bench --server-only` runs them alone): the
embedded store beside the same store on a `chroma run` server, two app processes on that server with 20
users at once, and an upload in one app answered by the other."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from clerk.ingest import Config, ingest_paths

WARDS = ["Ashgrove", "Bramblewick", "Coldmere", "Dunhallow", "Elmsworth", "Fernbury", "Gorsedale", "Hollinford",
         "Ivybridge Vale", "Juniper Heath", "Kestrelmoor", "Larkspur", "Millbrook", "Nettlecombe", "Oakhanger",
         "Pennywell", "Quarrybank", "Rookwood", "Sedgefold", "Thornleigh"]


def _ward_paper(i: int) -> tuple[str, str, str]:
    """A made-up paper, its question and the figure only it holds."""
    ward, figure = WARDS[i], str(4100 + 37 * i)  # no figure that reads as a year
    text = (f"Northshire County Council\nHighways Committee\n{ward} Ward Streetlight Survey\n\n1. Summary\n"
            f"1.1 The {ward} ward streetlight survey counted {figure} streetlights on adopted roads.\n")
    return text, f"How many streetlights did the {ward} ward streetlight survey count?", figure


def _p95(times: list[float]) -> float:
    times = sorted(times)
    return times[max(0, int(len(times) * 0.95) - 1)]


def bench_server(cfg: Config, label: str, queries: list[str], bursts: int = 3) -> None:
    """The embedded store beside the same store on a real `chroma run` server (copied by `clerk migrate`):
    warm search, alternating; then two `clerk chat` processes on the server, 20 users at once, and an
    upload in one app timed until the other answers from it."""
    from clerk.index import Searcher
    from clerk.ingest.migrate import migrate

    from .apps import CHROMIUM, Browser, ChromaServer, cites, paper_pdf, start_apps

    root = Path(tempfile.mkdtemp(prefix="clerk-bench-server-"))
    server = ChromaServer(root / "chroma")
    apps = []
    try:
        remote = Config(db=root / "local", chroma_url=server.url)
        migrate(cfg, remote)
        searchers = {"embedded": Searcher(cfg), "server": Searcher(remote)}
        times: dict[str, list[float]] = {k: [] for k in searchers}
        for s in searchers.values():
            s.search("warm up")
        for _ in range(5):
            for q in queries:
                for name, s in searchers.items():
                    t = time.perf_counter()
                    s.search(q)
                    times[name].append((time.perf_counter() - t) * 1000)
        print(f"\n## Chroma server beside the embedded store ({label}, one machine, {os.cpu_count()} cores)")
        print("| store | warm search p50 | p95 |\n|---|---|---|")
        for name, t in times.items():
            print(f"| {name} | {statistics.median(t):.0f} ms | {_p95(t):.0f} ms |")
        e, r = times["embedded"], times["server"]
        print(f"server / embedded: p50 x{statistics.median(r) / statistics.median(e):.2f}, p95 x{_p95(r) / _p95(e):.2f} "
              f"({len(e)} searches each)")

        papers = root / "wards"
        papers.mkdir()
        for i in range(len(WARDS)):
            (papers / f"ward-{i:02d}.txt").write_text(_ward_paper(i)[0])
        ingest_paths([papers], remote)
        apps = start_apps(server.url, root)
        latencies: list[float] = []
        wrong: list[str] = []

        def user(i: int, barrier: threading.Barrier) -> None:
            _, question, figure = _ward_paper(i)
            others = {_ward_paper(j)[2] for j in range(len(WARDS)) if j != i}
            app = apps[i % len(apps)]
            app.connect()  # the user's page is open before the burst; only the answer is timed
            barrier.wait()
            t = time.perf_counter()
            ans = app.ask(question)
            latencies.append(time.perf_counter() - t)
            first = ans["answer"].split("\n")[0]
            if ans["searched_question"] != question or figure not in first or others & set(re.findall(r"\d{4}", first)):
                wrong.append(f"{WARDS[i]}: {first[:100]}")

        for app in apps:  # one question each first: a person's first answer is not the bench's
            app.ask(_ward_paper(0)[1])
        for _ in range(bursts):
            barrier = threading.Barrier(len(WARDS))
            threads = [threading.Thread(target=user, args=(i, barrier)) for i in range(len(WARDS))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        print(f"\n## Two app processes, one Chroma server: {len(WARDS)} users at once, {bursts} times "
              f"(each asks about a paper of its own)")
        print(f"answers correct and their own: {len(latencies) - len(wrong)}/{len(latencies)}; "
              f"latency p50 {statistics.median(latencies):.2f} s, p95 {_p95(latencies):.2f} s, max {max(latencies):.2f} s")
        for w in wrong:
            print(f"- wrong: {w}")

        question, figure = "How much does the Northshire concessionary bus pass scheme cost each year?", "£4,321,000"
        pdf = paper_pdf(root / "Northshire bus pass review.pdf", [
            "Northshire County Council concessionary bus pass review.",
            f"The Northshire concessionary bus pass scheme costs {figure} each year."])
        how = "through the first app's page in Chromium" if Path(CHROMIUM).exists() else "by `clerk ingest` (no Chromium)"
        t0 = time.perf_counter()
        if Path(CHROMIUM).exists():
            browser = Browser(apps[0].url)
            t0 = time.perf_counter()
            browser.upload(pdf)
            browser.close()
        else:
            subprocess.run([sys.executable, "-m", "clerk.cli", "ingest", str(pdf), "--quiet", "--db",
                            str(root / "cli-local"), "--chroma", server.url], check=True, capture_output=True)
        indexed = time.perf_counter()
        while True:
            ans = apps[1].ask(question)
            if figure in ans["answer"] and cites(ans, "bus pass"):
                break
            if time.perf_counter() - indexed > 120:
                print("the other app did not answer from the upload within 120 s")
                return
            time.sleep(0.1)
        done = time.perf_counter()
        print(f"\nupload {how}: indexed in {indexed - t0:.1f} s; answered by the other app {done - indexed:.1f} s later; "
              f"{done - t0:.1f} s from upload to answerable elsewhere")
    finally:
        for app in apps:
            app.close()
        server.close()
        shutil.rmtree(root, ignore_errors=True)
