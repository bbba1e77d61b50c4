"""A store changed by another process while this one reads it: asks keep working, answer from the
store as it then is, and never cite a paper removed before the question was asked.

Real parts only: a second Python process (tests/store_worker.py, and the `clerk` command itself)
changes the same store through its own Chroma client; this process asks through the Assistant
(and the app's /ask) with the real embedding model.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest

from clerk.ingest import Config
from clerk.ingest.catalog import Catalog
from clerk.ingest.pipeline import content_id
from clerk.ingest.store import open_collection

from .conftest import CORPUS, ROOT, record

WARDS = ["Ashgrove", "Bramblewick", "Coldmere", "Dunhallow", "Elmsworth", "Fernbury"]


def paper_text(i: int, version: int) -> str:
    """A small made-up paper with one figure that differs by paper and by version."""
    ward = WARDS[i]
    return (f"Exampleshire Borough Council\nGrounds Maintenance Committee\n{ward} Ward Tree Survey\n\n"
            f"1. Summary\n1.1 The {ward} ward tree survey counted {oaks(i, version)} oak trees in the parks.\n"
            f"1.2 The {ward} survey was carried out by the parks team over the summer.\n")


def oaks(i: int, version: int) -> int:
    return 1000 + 100 * i + version


def question(i: int) -> str:
    return f"How many oak trees did the {WARDS[i]} ward tree survey count?"


class Worker:
    """The other process, changing the store on command."""

    def __init__(self, db: Path):
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.store_worker", str(db)], cwd=ROOT, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def do(self, **cmd) -> dict:
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        out = json.loads(self.proc.stdout.readline())
        assert out["ok"], out
        return out

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def doc_ids(db: Path) -> set[str]:
    catalog = Catalog(db)
    try:
        return {d["doc_id"] for d in catalog.documents()}
    finally:
        catalog.close()


def assert_store_consistent(db: Path) -> None:
    """No duplicate, nothing half-stored: the catalogue's chunk counts (what `clerk sources` shows)
    equal Chroma's, paper by paper, and the keyword index holds exactly Chroma's chunks."""
    from clerk.index import Searcher

    sources = subprocess.run([sys.executable, "-m", "clerk.cli", "sources", "--json", "--db", str(db)],
                             cwd=ROOT, capture_output=True, text=True, check=True)
    listed = {d["doc_id"]: d["chunks"] for d in json.loads(sources.stdout)}
    ids = open_collection(Config(db=db)).get(include=[])["ids"]
    assert len(ids) == len(set(ids))
    in_chroma = Counter(i.rsplit("-", 1)[0] for i in ids)
    assert dict(in_chroma) == listed
    searcher = Searcher(Config(db=db))
    searcher.refresh()
    assert sorted(searcher.keyword.ids) == sorted(ids)


@pytest.fixture
def store(tmp_path):
    db, papers = tmp_path / "db", tmp_path / "papers"
    papers.mkdir()
    worker = Worker(db)
    yield db, papers, worker
    worker.close()


def test_assistant_follows_ingest_replace_and_remove_by_the_clerk_command(store):
    """The issue's case: a reader open before `clerk ingest` runs elsewhere; then replace and --prune."""
    from clerk.assistant.answer import Assistant

    db, papers, _ = store
    pdf = sorted(CORPUS.glob("*Torbay*.pdf"))[0]
    shutil.copy(pdf, papers / pdf.name)
    clerk = [sys.executable, "-m", "clerk.cli"]
    subprocess.run(clerk + ["ingest", str(papers), "--db", str(db), "--quiet"], cwd=ROOT, check=True,
                   capture_output=True)
    assistant = Assistant(Config(db=db))
    assert "46%" in assistant.answer("What was the social worker vacancy rate?").answer
    (papers / "survey.txt").write_text(paper_text(0, 1))
    subprocess.run(clerk + ["ingest", str(papers), "--db", str(db), "--quiet"], cwd=ROOT, check=True,
                   capture_output=True)
    assert str(oaks(0, 1)) in assistant.answer(question(0)).answer
    assert "46%" in assistant.answer("What was the social worker vacancy rate?").answer  # asked before: no error
    (papers / "survey.txt").write_text(paper_text(0, 2))  # replaced
    (papers / pdf.name).unlink()
    subprocess.run(clerk + ["ingest", str(papers), "--db", str(db), "--quiet", "--prune"], cwd=ROOT, check=True,
                   capture_output=True)
    answer = assistant.answer(question(0))
    assert str(oaks(0, 2)) in answer.answer and str(oaks(0, 1)) not in answer.answer
    vacancy = assistant.answer("What was the social worker vacancy rate?")
    assert all(c.doc_id in doc_ids(db) for c in vacancy.citations) and "46%" not in vacancy.answer
    record("clerk command changes", changes=3, failures=0)
    assert_store_consistent(db)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_interleavings_of_changes_and_questions_across_two_processes(store, seed):
    """Property-style: a random sequence of ingest, replace and remove in the other process while
    this one asks in a loop. Every ask succeeds; no answer cites a paper that was gone before the
    question was asked, nor a version replaced before then; the store ends consistent."""
    from clerk.assistant.answer import Assistant

    db, papers, worker = store
    rng = random.Random(seed)
    version: dict[int, int] = {}
    figures: dict[str, tuple[int, int]] = {}  # doc id -> (paper, version) of every text stored
    worker.do(op="ingest", paths=[str(papers)])  # an empty store first
    assistant = Assistant(Config(db=db))
    failures: list[str] = []
    done = threading.Event()
    asked = Counter()
    # the store after each change: an ask that spans changes may answer from any state it overlapped
    states: list[set[str]] = [doc_ids(db)]

    def ask_loop() -> None:
        pick = random.Random(seed + 100)
        k = 0
        while not done.is_set() or k < 2:
            i = pick.randrange(3)
            first = len(states) - 1
            before = doc_ids(db)
            try:
                ans = assistant.answer(question(i))
            except Exception as exc:  # noqa: BLE001 - any error at all is a failure of the property
                failures.append(f"{question(i)}: {exc.__class__.__name__}: {exc}")
                return
            after = doc_ids(db)
            during = before | after | set().union(*states[first:])
            for c in ans.citations:
                if c.doc_id not in during:
                    failures.append(f"cited {c.doc_id} ({c.file}), in the store at no time during the ask")
            current = {figures[d] for d in during if d in figures and figures[d][0] == i}
            stale = {f for f in figures.values() if f[0] == i} - current
            if any(str(oaks(*f)) in ans.answer for f in stale):
                failures.append(f"{question(i)} answered from a version gone before it was asked: {ans.answer}")
            steady = before == after and len(states) - 1 == first  # no change while it was asked
            asked["figure checked"] += bool(steady and current)
            if steady and current and not any(str(oaks(*f)) in ans.answer for f in current):
                failures.append(f"{question(i)} not answered from the paper in the store: {ans.answer}")
            asked["asks"] += 1
            asked["answered"] += ans.found
            k += 1
            done.wait(0.05)  # leave the other process some of the two cores

    changes = 0
    reader = threading.Thread(target=ask_loop)
    reader.start()
    try:
        for _ in range(8):
            i = rng.randrange(3)
            path = papers / f"ward-{i}.txt"
            op = rng.choice(["ingest", "replace", "remove", "remove-by-id"] if path.exists() else ["ingest"])
            if op in ("ingest", "replace"):
                version[i] = version.get(i, 0) + 1
                path.write_text(paper_text(i, version[i]))
                figures[content_id(path.read_bytes())] = (i, version[i])
                worker.do(op="ingest", paths=[str(papers)], prune=True)
            elif op == "remove":
                path.unlink()
                worker.do(op="ingest", paths=[str(papers)], prune=True)
            else:
                catalog = Catalog(db)
                ids = [d["doc_id"] for d in catalog.documents() if any(f.endswith(path.name) for f in d["files"])]
                catalog.close()
                path.unlink()
                for doc_id in ids:
                    worker.do(op="remove", doc_id=doc_id)
            states.append(doc_ids(db))
            changes += 1
    finally:
        done.set()
        reader.join(timeout=300)
    record("interleaving", seed=seed, changes=changes, asks=asked["asks"], answered=asked["answered"],
           figure_checked=asked["figure checked"],
           failures=len(failures))
    assert not failures, failures
    assert asked["asks"] >= 2
    for i in range(3):  # afterwards: each paper answered from its current version, or not at all
        ans = assistant.answer(question(i))
        cited = {c.doc_id for c in ans.citations}
        assert cited <= doc_ids(db)
        if (papers / f"ward-{i}.txt").exists() and ans.found:
            assert str(oaks(i, version[i])) in ans.answer
    assert_store_consistent(db)
