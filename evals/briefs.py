"""Evaluation of meeting briefs: recall of what a clerk expects (the recommendations and headline
figures listed in evals/briefs.jsonl, written from the papers) and the precision of every
citation (its quote stands verbatim in the cited chunk, on the cited page, and every figure of the
line citing it stands in its quotes).

    python -m clerk.evals.briefs [evals/briefs.jsonl] [--db DIR] [--out DIR]   (or: clerk eval --briefs)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from clerk.assistant.brief import Brief, build_brief
from clerk.assistant.brief_note import brief_sections
from clerk.assistant.verify import MARKER, unsupported_figures
from clerk.ingest import Config, ingest_paths
from clerk.ingest.catalog import open_catalog
from clerk.ingest.store import open_collection

TARGET_RECALL = 0.8


def norm(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip().lower()


def _files(doc_files: dict[str, list[str]], doc_id: str) -> set[str]:
    return {Path(f).name for f in doc_files.get(doc_id, [])}


def recall(brief: Brief, expected: list[dict], doc_files: dict[str, list[str]]) -> tuple[float, list[dict]]:
    """Share of expected items the brief quotes from the expected paper: a recommendation among the
    paper's decisions, a figure anywhere in its lines, a change as a side-by-side of both values."""
    by_kind: dict[str, list] = {"recommendation": [], "figure": [], "change": []}
    for p in brief.papers:
        by_kind["recommendation"] += p.recommendations
        by_kind["figure"] += p.purpose + p.recommendations + p.figures + p.risks
        by_kind["change"] += [(c.now, c.before) for c in p.changes]
    missed = []
    for item in expected:
        want = norm(item["text"])
        if item["kind"] == "change":
            ok = any(want in norm(now.text) and norm(item["previous"]) in norm(before.text)
                     and item["file"] in _files(doc_files, now.citation.doc_id) for now, before in by_kind["change"])
        else:
            ok = any(want in norm(f.text) and item["file"] in _files(doc_files, f.citation.doc_id)
                     for f in by_kind[item["kind"]])
        if not ok:
            missed.append(item)
    return (1 - len(missed) / len(expected)) if expected else 1.0, missed


def precision(brief: Brief, collection) -> tuple[float, list[str]]:
    """Every citation of the rendered brief checked against the store and the line that cites it."""
    sections = brief_sections(brief, markdown=False)
    cites = {c.n: c for s in sections for c in s.citations}
    got = collection.get(ids=sorted({c.chunk_id for c in cites.values()}), include=["documents", "metadatas"])
    stored = {cid: (text, meta) for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"])}
    bad: dict[int, str] = {}
    for n, c in cites.items():
        text, meta = stored.get(c.chunk_id, ("", {}))
        heading = meta.get("section", "").split(" > ")[-1].strip()
        if c.quote not in f"{meta.get('lead', '')}\n{text}" and c.quote != heading:
            bad[n] = f"[{n}] quote not in the cited chunk: {c.quote[:80]}"
        elif meta.get("page") != c.page:
            bad[n] = f"[{n}] page {c.page} is not the chunk's page {meta.get('page')}"
    for s in sections:
        for line in s.answer.split("\n"):
            numbers = [int(m) for m in MARKER.findall(line)]
            if not numbers:
                if re.search(r"\d", re.sub(r"^\d+\.\s", "", line)) and not line.rstrip().endswith(":"):
                    bad[-len(bad) - 1] = f"a figure with no citation: {line[:80]}"
                continue
            missing = unsupported_figures(re.sub(r"^\s*\d+\.\s", "", line), [cites[n].quote for n in numbers])
            for n in numbers:
                if missing:
                    bad.setdefault(n, f"[{n}] figures {sorted(missing)} not in the quotes cited: {line[:80]}")
    total = len(cites) + sum(1 for k in bad if k < 0)
    return (1 - len(bad) / total) if total else 1.0, list(bad.values())


def evaluate(path: Path, cfg: Config, progress: bool = False) -> list[dict]:
    rows = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    corpora = sorted({(path.parent / c).resolve() for r in rows for c in r["corpus"]})
    missing = [str(c) for c in corpora if not c.exists()]
    if missing:
        raise FileNotFoundError(f"papers for the briefs not found: {', '.join(missing)}")
    ingest_paths(corpora, cfg, progress=progress)
    docs = open_catalog(cfg).documents()
    doc_files = {d["doc_id"]: d["files"] for d in docs}
    collection = open_collection(cfg)
    out = []
    for r in rows:
        brief = build_brief(cfg, r["meeting"], r["date"], council=r.get("council"), documents=docs)
        rec, missed = recall(brief, r["expected"], doc_files)
        prec, wrong = precision(brief, collection)
        out.append({"id": r["id"], "papers": len(brief.papers), "expected": len(r["expected"]),
                    "recall": round(rec, 3), "citation_precision": round(prec, 3), "seconds": brief.seconds,
                    "citations": sum(1 for _ in brief.facts()), "questions": len(brief.questions),
                    "missed": missed, "wrong": wrong})
    return out


def report(rows: list[dict]) -> str:
    lines = ["# Meeting briefs", "", "| meeting | papers | expected | recall | citation precision | seconds |",
             "|---|---|---|---|---|---|"]
    lines += [f"| {r['id']} | {r['papers']} | {r['expected']} | {r['recall']:.3f} | {r['citation_precision']:.3f} | "
              f"{r['seconds']} |" for r in rows]
    for r in rows:
        if r["missed"] or r["wrong"]:
            lines += ["", f"## {r['id']}", ""]
            lines += [f"- missed {m['kind']}: {m['text']} ({m['file']})" for m in r["missed"]]
            lines += [f"- wrong citation: {w}" for w in r["wrong"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None, cfg: Config | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m clerk.evals.briefs")
    ap.add_argument("briefs", nargs="?", type=Path, default=Path("evals/briefs.jsonl"))
    ap.add_argument("--db", type=Path, default=Path(".clerk-briefs"))
    ap.add_argument("--out", type=Path, default=Path("evals/out-briefs"))
    args = ap.parse_args(argv)
    cfg = cfg or Config.from_env(db=args.db)
    try:
        rows = evaluate(args.briefs, cfg, progress=sys.stderr.isatty())
    except FileNotFoundError as exc:
        print(f"brief eval: {exc}")
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    text = report(rows)
    (args.out / "report.md").write_text(text, "utf-8")
    print(text)
    ok = all(r["recall"] >= TARGET_RECALL and r["citation_precision"] == 1.0 for r in rows)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
