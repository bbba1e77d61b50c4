"""clerk eval: ask every question through the same API as the app, score it, report it."""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict
from pathlib import Path

from tqdm import tqdm

from clerk.assistant.answer import Assistant
from clerk.ingest import Config, ingest_paths

from .score import score

METRICS = ["hit1", "hit5", "rr", "evidence5", "evidence8", "evidence_recall", "fact_recall", "kept", "exact_all", "not_found_ok",
           "false_not_found", "citation_precision", "citation_coverage"]
LABELS = {"hit1": "hit@1", "hit5": "hit@5", "rr": "MRR", "evidence5": "evidence recall@5",
          "evidence8": "evidence recall@8", "evidence_recall": "evidence recall (facts in passages read)",
          "fact_recall": "fact recall", "kept": "kept (answer / passages read)", "exact_all": "exact-all",
          "not_found_ok": "not-found accuracy", "false_not_found": "false not-found rate",
          "citation_precision": "citation precision", "citation_coverage": "citation coverage"}


def load_questions(path: Path) -> list[dict]:
    """A question file's questions; two with one id would have their results compared as one."""
    questions = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    seen: set[str] = set()
    for q in questions:
        if q["id"] in seen:
            raise ValueError(f"{path}: question id {q['id']!r} is used twice")
        seen.add(q["id"])
    return questions


def corpus_of(questions: Path) -> list[Path]:
    """The papers a question file is about: listed one path a line in a sibling `.corpus` file
    (relative to that file), else the sample corpus."""
    listing = questions.with_suffix(".corpus")
    if not listing.is_file():
        return [Path("corpus")]
    lines = [ln.strip() for ln in listing.read_text(encoding="utf-8").splitlines()]
    return [(listing.parent / ln).resolve() for ln in lines if ln and not ln.startswith("#")]


def mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 4) if present else None


def aggregate(rows: list[dict], key: str) -> dict:
    """Means overall, by question type, and by tag ("tag:multi-part"), so each kind of failure shows."""
    groups = {"overall": rows}
    for qtype in sorted({r["type"] for r in rows}):
        groups[qtype] = [r for r in rows if r["type"] == qtype]
    for tag in sorted({t for r in rows for t in r.get("tags", [])}):
        groups[f"tag:{tag}"] = [r for r in rows if tag in r.get("tags", [])]
    return {name: {m: mean([r[key].get(m) for r in sub]) for m in METRICS} | {"n": len(sub)}
            for name, sub in groups.items()}


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(round(p * (len(values) - 1))))], 1) if values else 0.0


def evaluate(questions: list[dict], corpus: Path | list[Path], cfg: Config, baseline: bool = False,
             progress: bool = False) -> tuple[list[dict], dict]:
    corpora = corpus if isinstance(corpus, list) else [corpus]
    missing = [str(p) for p in corpora if not p.exists()]
    if missing:  # scoring over a store that lacks the papers would measure nothing real
        raise FileNotFoundError(f"papers for the questions not found: {', '.join(missing)}")
    summary = ingest_paths(corpora, cfg)
    assistant = Assistant(cfg)
    assistant.answer("warm up")  # load the model once, so latency is warm
    base = None
    if baseline:
        from .baseline import Baseline

        base = Baseline(corpora)
    rows = []
    for q in tqdm(questions, desc="eval", unit="q", disable=not progress):
        t0 = time.perf_counter()
        ans = assistant.answer(q["question"], history=q.get("history"))
        elapsed = (time.perf_counter() - t0) * 1000
        retrieved = ans.json()["retrieved"]  # as `clerk ask --json` gives them, as the baseline's are given
        s = score(q, ans.answer, ans.found, {c.n: c.quote for c in ans.citations}, retrieved)
        row = {"id": q["id"], "type": q["type"], "tags": q.get("tags", []), "question": q["question"],
               "searched": ans.searched_question,
               "expected": q.get("must_contain", []), "sources": q["sources"], "answer": ans.answer,
               "found": ans.found, "confidence": ans.confidence, "retrieved": [r["file"] for r in retrieved[:5]],
               "timings": ans.timings | {"total_ms": round(elapsed, 1)}, "clerk": asdict(s)}
        if base is not None:
            text, retrieved = base.ask(q["question"])
            row["baseline"] = asdict(score(q, text, True, {}, retrieved))
            row["baseline_retrieved"] = [r["file"] for r in retrieved]
        rows.append(row)
    result = {
        "questions": len(rows), "ingest": summary.line(),
        "clerk": aggregate(rows, "clerk"),
        "latency_ms": {
            name: {"p50": percentile([r["timings"][key] for r in rows], 0.5),
                   "p95": percentile([r["timings"][key] for r in rows], 0.95)}
            for name, key in (("retrieval", "retrieval_ms"), ("answer", "answer_ms"), ("total", "total_ms"))
        },
    }
    if base is not None:
        result["baseline"] = aggregate(rows, "baseline")
    return rows, result


def _fmt(v: float | None) -> str:
    return "–" if v is None else f"{v:.3f}"


def report(rows: list[dict], result: dict) -> str:
    has_base = "baseline" in result
    lines = ["# Clerk evaluation", "", f"{result['questions']} questions. Ingest: {result['ingest']}.", "",
             "## Overall", ""]
    head = "| metric | Clerk |" + (" baseline | difference |" if has_base else "")
    lines += [head, "|---|---|" + ("---|---|" if has_base else "")]
    for m in METRICS:
        c = result["clerk"]["overall"][m]
        row = f"| {LABELS[m]} | {_fmt(c)} |"
        if has_base:
            b = result["baseline"]["overall"][m]
            diff = None if c is None or b is None else c - b
            row += f" {_fmt(b)} | {'–' if diff is None else f'{diff:+.3f}'} |"
        lines.append(row)
    lat = result["latency_ms"]
    lines += ["", f"Latency (warm, per question): retrieval p50 {lat['retrieval']['p50']} ms / p95 "
              f"{lat['retrieval']['p95']} ms; answering p50 {lat['answer']['p50']} ms / p95 {lat['answer']['p95']} ms.",
              "", "## By question type", "",
              "| type or tag | n | hit@1 | hit@5 | MRR | evidence@5 | evidence@8 | evidence read | fact recall | kept | "
              "not-found acc. | false not-found | citation precision |"
              + (" baseline hit@5 | baseline MRR | baseline evidence | baseline fact recall |" if has_base else ""),
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|" + ("---|---|---|---|" if has_base else "")]
    for qtype, m in result["clerk"].items():
        if qtype == "overall":
            continue
        line = (f"| {qtype} | {m['n']} | {_fmt(m['hit1'])} | {_fmt(m['hit5'])} | {_fmt(m['rr'])} | "
                f"{_fmt(m['evidence5'])} | {_fmt(m['evidence8'])} | {_fmt(m['evidence_recall'])} | "
                f"{_fmt(m['fact_recall'])} | {_fmt(m['kept'])} | {_fmt(m['not_found_ok'])} | "
                f"{_fmt(m['false_not_found'])} | {_fmt(m['citation_precision'])} |")
        if has_base:
            b = result["baseline"][qtype]
            line += f" {_fmt(b['hit5'])} | {_fmt(b['rr'])} | {_fmt(b['evidence_recall'])} | {_fmt(b['fact_recall'])} |"
        lines.append(line)
    failures = [r for r in rows if _failed(r["clerk"])]
    lines += ["", f"## Failures ({len(failures)})", ""]
    for r in failures:
        lines += [f"### {r['id']} ({r['type']}): {r['question']}",
                  f"- searched: {r['searched']}" if r["searched"] != r["question"] else "",
                  f"- expected: {', '.join(r['expected']) or 'not found'} (sources: {', '.join(r['sources']) or '-'})",
                  f"- answered ({'found' if r['found'] else 'not found'}): " + r["answer"].replace("\n", " ")[:500],
                  f"- retrieved: {'; '.join(r['retrieved'])}", ""]
    return "\n".join(x for x in lines if x is not None) + "\n"


def _failed(s: dict) -> bool:
    return ((s["fact_recall"] is not None and s["fact_recall"] < 1) or s["not_found_ok"] == 0.0
            or (s["citation_precision"] is not None and s["citation_precision"] < 1) or s["hit5"] == 0.0)


def chart(result: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    types = [t for t in result["clerk"] if t != "overall" and not t.startswith("tag:")]
    metrics = [("hit5", "hit@5"), ("fact_recall", "fact recall")]
    fig, axes = plt.subplots(1, len(metrics), figsize=(12, 4), sharey=True)
    for ax, (m, label) in zip(axes, metrics):
        xs = range(len(types))
        clerk = [result["clerk"][t][m] or 0 for t in types]
        ax.bar([x - 0.2 for x in xs], clerk, width=0.4, label="Clerk")
        if "baseline" in result:
            ax.bar([x + 0.2 for x in xs], [result["baseline"][t][m] or 0 for t in types], width=0.4, label="baseline")
        ax.set_xticks(list(xs), types, rotation=30, ha="right")
        ax.set_title(label)
        ax.set_ylim(0, 1.05)
    axes[0].legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def check(result: dict, thresholds: dict) -> list[str]:
    """Metrics below their floor (or, for rates where lower is better, above their ceiling)."""
    problems = []
    overall = result["clerk"]["overall"]
    for name, floor in thresholds.get("min", {}).items():
        if overall.get(name) is None or overall[name] < floor:
            problems.append(f"{LABELS.get(name, name)} {overall.get(name)} is below the floor {floor}")
    for name, ceiling in thresholds.get("max", {}).items():
        if overall.get(name) is not None and overall[name] > ceiling:
            problems.append(f"{LABELS.get(name, name)} {overall[name]} is above the ceiling {ceiling}")
    return problems


def write(rows: list[dict], result: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    (out / "summary.json").write_text(json.dumps(result, indent=2), "utf-8")
    (out / "report.md").write_text(report(rows, result), "utf-8")
    chart(result, out / "metrics.png")


def run_cli(args: argparse.Namespace, cfg: Config) -> int:
    try:
        rows, result = evaluate(load_questions(args.questions), args.corpus or corpus_of(args.questions), cfg,
                                baseline=args.baseline, progress=True)
    except (FileNotFoundError, ValueError) as exc:
        print(f"clerk eval: {exc}")
        return 2
    write(rows, result, args.out)
    overall = result["clerk"]["overall"]
    print(" ".join(f"{LABELS[m]}={_fmt(overall[m])}" for m in METRICS))
    print(f"report: {args.out / 'report.md'}")
    if args.check:
        problems = check(result, json.loads(args.check.read_text()))
        for p in problems:
            print(f"FAIL: {p}")
        return 1 if problems else 0
    return 0
