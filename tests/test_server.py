"""One store on a real Chroma server (`chroma run` on loopback) shared by several processes: two
`clerk chat` apps in working folders of their own, and `clerk ingest` from a third; moving a store
between a folder and a server; a server that is not there.

The apps are real processes answering through their real /ask API with the real embedding model;
a paper is uploaded and removed through a real browser on one app and asked about on the other.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from clerk.evals.apps import CHROMIUM, CLERK, App, Browser, cites, free_port, paper_pdf, start_apps
from clerk.ingest import Config, ingest_paths
from clerk.ingest.catalog import open_catalog
from clerk.ingest.store import open_collection

from .conftest import CORPUS, server_cfg

FIGURE = "£4,321,000"
QUESTION = "How much does the Northshire concessionary bus pass scheme cost each year?"


@pytest.fixture(scope="module")
def apps(chroma_server, tmp_path_factory):
    root = tmp_path_factory.mktemp("two-apps")
    cfg = server_cfg(chroma_server, root / "ingest-local")
    papers = root / "papers"
    papers.mkdir()
    for pdf in sorted(CORPUS.glob("*.pdf"))[:2]:
        shutil.copy(pdf, papers / pdf.name)
    assert ingest_paths([papers], cfg).ok
    pair = start_apps(cfg.chroma_url, root)
    try:
        yield cfg, pair, root
    finally:
        for app in pair:
            app.close()


def until(check, seconds: float = 120.0):
    """Poll until `check()` is truthy; no timing is asserted (the bench times propagation)."""
    deadline = time.monotonic() + seconds
    while True:
        got = check()
        if got or time.monotonic() > deadline:
            return got
        time.sleep(0.5)


def assert_consistent(cfg: Config) -> None:
    """Nothing lost or duplicated: the catalogue's chunk counts equal the server's, paper by paper."""
    listed = {d["doc_id"]: d["chunks"] for d in open_catalog(cfg).documents()}
    ids = open_collection(cfg).get(include=[])["ids"]
    assert len(ids) == len(set(ids))
    assert dict(Counter(i.rsplit("-", 1)[0] for i in ids)) == listed


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")
def test_a_paper_uploaded_in_one_app_is_answered_by_the_other_and_once_removed_never_cited(apps, tmp_path):
    cfg, (a, b), _ = apps
    pdf = paper_pdf(tmp_path / "Northshire bus pass review.pdf", [
        "Northshire County Council concessionary bus pass review.",
        f"The Northshire concessionary bus pass scheme costs {FIGURE} each year."])
    assert not cites(b.ask(QUESTION), "bus pass")
    browser = Browser(a.url)
    try:
        browser.upload(pdf)
        answered = until(lambda: (ans := b.ask(QUESTION)) and FIGURE in ans["answer"] and cites(ans, "bus pass"))
        assert answered, "the other app never answered from the uploaded paper"
        browser.remove("bus pass review")
    finally:
        browser.close()
    for _ in range(5):  # at once and on every question after: the other app never cites it again
        ans = b.ask(QUESTION)
        assert not cites(ans, "bus pass") and FIGURE not in ans["answer"], ans
    assert_consistent(cfg)


def test_cli_ingest_while_both_apps_serve_is_answered_by_both(apps):
    cfg, pair, root = apps
    papers = root / "more"
    papers.mkdir()
    (papers / "northshire-library-hours.txt").write_text(
        "Northshire County Council\nCommunities Committee\nLibrary opening hours\n\n"
        "1. Summary\n1.1 From April the Eastbrook library will open for 47 hours each week.\n")
    asking = threading.Event()
    errors: list[str] = []

    def keep_asking(app: App) -> None:  # both apps serve questions throughout the ingest
        while not asking.is_set():
            try:
                app.ask("What is the vacancy rate?")
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(f"{app.url}: {exc}")

    threads = [threading.Thread(target=keep_asking, args=(app,)) for app in pair]
    for t in threads:
        t.start()
    try:
        done = subprocess.run([CLERK, "ingest", str(papers), "--db", str(root / "cli-local"), "--quiet",
                               "--chroma", cfg.chroma_url], capture_output=True, text=True, timeout=600)
    finally:
        asking.set()
        for t in threads:
            t.join(timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not errors, errors
    for app in pair:
        ans = until(lambda app=app: (got := app.ask("How many hours each week will the Eastbrook library open?"))
                    and "47" in got["answer"] and got)
        assert ans and cites(ans, "library"), ans
    assert_consistent(cfg)


def test_migrate_a_folder_to_a_server_and_back(corpus_cfg, chroma_server, tmp_path):
    from clerk.index import Searcher

    target = server_cfg(chroma_server, tmp_path / "local")
    moved = subprocess.run([CLERK, "migrate", str(corpus_cfg.db), target.chroma_url, "--db", str(tmp_path / "local")],
                           capture_output=True, text=True)
    assert moved.returncode == 0 and "copied 5 papers" in moved.stdout, moved.stdout + moved.stderr
    assert open_collection(target).count() == open_collection(corpus_cfg).count()
    for query in ("UASC quota", "vacancy rate", "Total Cost of Service 2018/19"):
        here, there = Searcher(corpus_cfg).search(query), Searcher(target).search(query)
        assert [p.chunk_id for p in here.passages] == [p.chunk_id for p in there.passages]
        assert [p.title for p in here.passages] == [p.title for p in there.passages]
    again = subprocess.run([CLERK, "migrate", str(corpus_cfg.db), target.chroma_url], capture_output=True, text=True)
    assert again.returncode == 1 and "already holds 5 papers" in again.stderr and "Traceback" not in again.stderr
    backup = tmp_path / "backup"
    back = subprocess.run([CLERK, "migrate", target.chroma_url, str(backup), "--db", str(tmp_path / "local")],
                          capture_output=True, text=True)
    assert back.returncode == 0, back.stderr
    assert [d["doc_id"] for d in open_catalog(Config(db=backup)).documents()] == \
        [d["doc_id"] for d in open_catalog(corpus_cfg).documents()]
    # the vectors moved with the model that made them: the server's catalogue and the backup's name it
    assert open_catalog(target).embed_model() == open_catalog(Config(db=backup)).embed_model() == corpus_cfg.embed_model


@pytest.mark.parametrize("argv", [["search", "vacancy rate"], ["ask", "What is the vacancy rate?"], ["sources"],
                                  ["ingest", str(CORPUS)], ["remove", "abc"]])
def test_a_server_that_is_not_there_is_named_with_what_to_do(argv, tmp_path):
    url = f"http://127.0.0.1:{free_port()}"
    got = subprocess.run([CLERK, *argv, "--db", str(tmp_path), "--chroma", url], capture_output=True, text=True,
                         timeout=120)
    assert got.returncode == 1
    assert url in got.stderr and "make serve-chroma" in got.stderr and "Traceback" not in got.stderr, got.stderr


def test_a_malformed_server_address_is_refused():
    got = subprocess.run([CLERK, "search", "x", "--chroma", "127.0.0.1:8000"], capture_output=True, text=True)
    assert got.returncode == 2 and "--chroma" in got.stderr and "http://127.0.0.1:8000" in got.stderr
