"""The `clerk` command: ingest, sources, search, ask, chat, brief, eval, remove, migrate."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

from clerk.ingest.catalog import has_store
from clerk.config import Config
from clerk.ingest.errors import IngestError, StoreUnavailable

from clerk.assistant.inputs import KINDS, InputError, check_date, check_filters, check_question, check_text


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None, help="store folder (default: $CLERK_DB or .clerk); "
                        "with --chroma, only this process's keyword index and caches")
    parser.add_argument("--chroma", type=_server_url, metavar="URL", help="a running Chroma server holding the "
                        "store, e.g. http://127.0.0.1:8000 (or $CLERK_CHROMA_URL); unset = the folder in --db")


def _checked(check, *args):
    """An argparse type from an inputs check: its message becomes the usage error."""
    def convert(value: str):
        try:
            return check(*args, value)
        except InputError as exc:  # argparse names the flag itself
            raise argparse.ArgumentTypeError(str(exc).removeprefix(f"{args[0]}: " if args else "")) from None
    return convert


def _number(low: int, high: int):
    def convert(value: str) -> int:
        if not re.fullmatch(r"\s*\d{1,9}\s*", value) or not low <= int(value) <= high:
            raise argparse.ArgumentTypeError(f"“{value[:40]}” is not a whole number from {low} to {high}")
        return int(value)
    return convert


def _auth(value: str) -> str:
    user, sep, password = value.partition(":")
    if not sep or not user.strip() or not password:
        raise argparse.ArgumentTypeError("give it as user:password, both parts non-empty")
    return value


def _url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", value):
        raise argparse.ArgumentTypeError(f"“{value[:60]}” is not an http:// or https:// address")
    return value


def _server_url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s/:]+(:\d{1,5})?(/[A-Za-z0-9_-]{3,63})?/?", value):
        raise argparse.ArgumentTypeError(f"“{value[:60]}” is not a server address like http://127.0.0.1:8000 "
                                         "(optionally with a database: http://127.0.0.1:8000/northshire)")
    return value.rstrip("/")


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--council", type=_checked(check_text, "--council"),
                        help="only papers whose council contains this text")
    parser.add_argument("--meeting", type=_checked(check_text, "--meeting"),
                        help="only papers whose meeting/committee contains this text")
    parser.add_argument("--kind", type=str.lower, choices=KINDS, metavar="KIND", help=", ".join(KINDS))
    parser.add_argument("--since", type=_checked(check_date, "--since"), help="papers dated on or after YYYY[-MM[-DD]]")
    parser.add_argument("--until", type=_checked(check_date, "--until"), help="papers dated on or before YYYY[-MM[-DD]]")


def _llm(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--llm-base-url", type=_url, help="OpenAI-compatible server for generative answers, "
                        "e.g. http://127.0.0.1:11434/v1 (or $CLERK_LLM_BASE_URL); unset = extractive")
    parser.add_argument("--llm-model", help="model name on that server (or $CLERK_LLM_MODEL)")
    parser.add_argument("--llm-api-key", help="API key, if the server needs one (or $CLERK_LLM_API_KEY)")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="clerk", description="Answers questions over council committee papers, "
                                "with citations to paper, page and paragraph.")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("ingest", help="add or update papers (PDF, DOCX, HTML, TXT, MD) in the store")
    s.add_argument("paths", nargs="+", type=Path, help="files or folders")
    s.add_argument("--prune", action="store_true", help="remove documents whose files are gone")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.add_argument("--no-ocr", action="store_true", help="do not OCR pages without a text layer (scanned pages); "
                   "a wholly scanned PDF is then reported as having no text layer")
    _db(s)

    s = sub.add_parser("sources", help="list ingested documents")
    s.add_argument("--json", action="store_true")
    _db(s)

    s = sub.add_parser("search", help="ranked passages for a query")
    s.add_argument("query", type=_checked(check_question))
    s.add_argument("--top", type=_number(1, 100), default=5)
    s.add_argument("--json", action="store_true")
    _db(s)
    _filters(s)

    s = sub.add_parser("ask", help="answer a question with citations")
    s.add_argument("question", type=_checked(check_question))
    s.add_argument("--history", type=_checked(check_question), action="append", default=[],
                   help="an earlier question (repeatable), for follow-ups")
    s.add_argument("--json", action="store_true")
    _db(s)
    _filters(s)
    _llm(s)

    s = sub.add_parser("chat", help="start the chat app in the browser")
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    s.add_argument("--port", type=_number(1, 65535), default=7860)
    s.add_argument("--auth", type=_auth, help="user:password required to use the app (use when binding beyond localhost)")
    s.add_argument("--corpus", type=Path, default=Path("corpus"), help="where uploaded papers are saved")
    _db(s)
    _llm(s)

    s = sub.add_parser("brief", help="a cited brief of a meeting's papers (Markdown and Word)")
    s.add_argument("--meeting", help="meeting or committee (text contained in its name or folder)")
    s.add_argument("--date", help="the meeting's date, YYYY[-MM[-DD]]")
    s.add_argument("--council", help="only papers whose council contains this text")
    s.add_argument("--papers", nargs="+", type=Path, help="these papers instead (ingested first if need be)")
    s.add_argument("--out", type=Path, default=Path("brief"), help="writes OUT.md and OUT.docx (default: brief)")
    s.add_argument("--list", action="store_true", help="list the meetings in the store")
    _db(s)

    s = sub.add_parser("eval", help="score retrieval, answers and citations on a question set")
    s.add_argument("questions", nargs="?", type=Path, default=Path("evals/questions.jsonl"),
                   help="JSONL question file (default: the shipped set)")
    s.add_argument("--corpus", type=Path, action="append", help="papers the questions are about (repeatable; "
                   "default: the paths listed in QUESTIONS.corpus beside the file, else corpus/)")
    s.add_argument("--out", type=Path, default=Path("evals/out"), help="report.md, results.jsonl, summary.json, metrics.png")
    s.add_argument("--baseline", action="store_true", help="also run a plain llama-index pipeline, side by side")
    s.add_argument("--check", type=Path, help="thresholds.json: exit 1 when a metric is below its floor")
    s.add_argument("--briefs", action="store_true", help="score meeting briefs on evals/briefs.jsonl instead")
    _db(s)
    _llm(s)
    s = sub.add_parser("remove", help="take papers out of the store (for everyone using it)")
    s.add_argument("papers", nargs="+", help="a paper's doc_id (clerk sources --json) or a file it was ingested from")
    _db(s)

    s = sub.add_parser("migrate", help="copy a whole store: a folder to a Chroma server, a server to a folder "
                       "(a backup), or back (a restore)")
    s.add_argument("source", help="a store folder, or a Chroma server's http:// address")
    s.add_argument("target", help="an empty store folder, or an empty Chroma server's http:// address")
    _db(s)
    return p


def _config(args: argparse.Namespace) -> Config:
    return Config.from_env(db=args.db, chroma_url=getattr(args, "chroma", None),
                           ocr=False if getattr(args, "no_ocr", False) else None,
                           llm_base_url=getattr(args, "llm_base_url", None),
                           llm_model=getattr(args, "llm_model", None), llm_api_key=getattr(args, "llm_api_key", None))


def _filters_of(args: argparse.Namespace):
    return check_filters(args.council, args.meeting, args.kind, args.since, args.until, names=("--since", "--until"))


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # bytes no encoding can name (from a file name) print escaped
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    for name in ("db", "corpus", "out"):  # a folder flag naming a file would fail later, less clearly
        value = getattr(args, name, None)
        if isinstance(value, Path) and value.exists() and not value.is_dir():
            parser.error(f"--{name}: {value} is a file, not a folder")
    try:
        cfg = _config(args)
    except ValueError as exc:  # CLERK_EMBED_MODEL names no model Clerk has
        print(f"clerk {args.command}: CLERK_EMBED_MODEL: {exc}", file=sys.stderr)
        return 2
    if args.command in ("search", "ask", "remove") and not has_store(cfg):
        # a mistyped --db would otherwise make an empty store there and answer from nothing
        print(f"clerk {args.command}: no papers indexed in {cfg.db} (no store there). "
              f"Add some with: clerk ingest PATH --db {cfg.db}", file=sys.stderr)
        return 1
    try:
        return COMMANDS[args.command](args, cfg)
    except InputError as exc:
        parser.error(str(exc))
    except StoreUnavailable as exc:  # the server named is not there: say which and what to do, no traceback
        print(f"clerk {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - a user sees one line; CLERK_DEBUG=1 shows the traceback
        if os.environ.get("CLERK_DEBUG"):
            raise
        print(f"clerk {args.command}: error: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return 1


def cmd_ingest(args: argparse.Namespace, cfg: Config) -> int:
    from clerk.ingest import ingest_paths

    summary = ingest_paths(args.paths, cfg, prune=args.prune, progress=not args.quiet and sys.stderr.isatty())
    if any(r.status in ("added", "updated", "removed") for r in summary.results):
        from clerk.index import Searcher

        # the keyword index is caught up here, once, so the next question need not rebuild it
        Searcher(cfg).refresh()
    for r in summary.results:
        if r.status in ("failed", "skipped", "removed", "duplicate"):
            print(f"{r.status}: {r.path}: {r.message}")
        elif r.message:  # indexed, with something to know (scanned pages that could not be read)
            print(f"{r.status} with a note: {r.path}: {r.message}")
    print(summary.line())
    return 0 if summary.ok else 1


def cmd_sources(args: argparse.Namespace, cfg: Config) -> int:
    from clerk.ingest.catalog import open_catalog

    docs = open_catalog(cfg).documents() if has_store(cfg) else []  # make no store to list
    if args.json:
        print(json.dumps(docs, indent=2, default=str))
        return 0
    if not docs:
        print(f"No papers in {cfg.chroma_url or cfg.db}. Add some with: clerk ingest PATH")
    for d in docs:
        scanned = f" ({len(d['ocr_pages'])} scanned, read by OCR)" if d.get("ocr_pages") else ""
        print(f"{d['date'] or 'undated':<22} {d['council'] or '?':<28} {d['kind'] or '':<12} "
              f"{d['pages'] or '-':>3}p {d['chunks']:>4} chunks  {d['title']}{scanned}")
        for f in d["files"]:
            print(f"{'':<24}{f}")
    return 0


def cmd_search(args: argparse.Namespace, cfg: Config) -> int:
    from clerk.index import Searcher

    result = Searcher(cfg).search(args.query, _filters_of(args), top=args.top)
    if args.json:
        print(json.dumps([p.json() for p in result.passages], indent=2))
    else:
        if result.message:
            print(result.message)
        for p in result.passages:
            scanned = " (scanned page, read by OCR)" if p.ocr else ""
            print(f"{p.rank}. [{p.score:.4f}] {p.title} ({p.council}, {p.date}) p. {p.page_label or p.page or '-'}"
                  f"{scanned} {p.section}")
            print("   " + p.text.replace("\n", "\n   "))
    return 0 if result.passages else 1


def cmd_ask(args: argparse.Namespace, cfg: Config) -> int:
    from clerk.assistant.answer import Assistant

    ans = Assistant(cfg).answer(args.question, history=args.history, filters=_filters_of(args))
    if args.json:
        print(json.dumps(ans.json(), indent=2))
    else:
        if ans.searched_question != args.question:
            print(f"(searched: {ans.searched_question})\n")
        print(ans.markdown())
    return 0


def cmd_chat(args: argparse.Namespace, cfg: Config) -> int:
    from clerk.assistant.app import launch

    launch(cfg, host=args.host, port=args.port, auth=args.auth, corpus=args.corpus)
    return 0


def cmd_brief(args: argparse.Namespace, cfg: Config) -> int:
    from clerk.assistant.brief_note import run_cli

    return run_cli(args, cfg)


def cmd_eval(args: argparse.Namespace, cfg: Config) -> int:
    if args.briefs:
        from clerk.evals.briefs import main as briefs

        out = [] if args.out == Path("evals/out") else ["--out", str(args.out)]
        # its own default folder, and the server when one is named
        return briefs(out, cfg=Config.from_env(db=args.db or Path(".clerk-briefs"), chroma_url=cfg.chroma_url))
    from clerk.evals.run import run_cli

    return run_cli(args, cfg)


def cmd_remove(args: argparse.Namespace, cfg: Config) -> int:
    from clerk.ingest.catalog import open_catalog
    from clerk.ingest.pipeline import remove_document

    docs = open_catalog(cfg).documents()
    status = 0
    for name in args.papers:
        path = str(Path(name).resolve())
        found = [d for d in docs if d["doc_id"] == name or path in d["files"]]
        if not found:
            print(f"clerk remove: {name}: no paper with that doc_id or file in the store "
                  "(clerk sources --json lists them)", file=sys.stderr)
            status = 1
        for d in found:
            remove_document(d["doc_id"], cfg)
            print(f"removed: {d['title'] or d['doc_id']} ({d['chunks']} chunks)")
    return status


def cmd_migrate(args: argparse.Namespace, cfg: Config) -> int:
    from clerk.ingest.migrate import run

    try:
        print(run(args.source, args.target, cfg))
    except IngestError as exc:
        if isinstance(exc, StoreUnavailable):
            raise
        print(f"clerk migrate: {exc}", file=sys.stderr)
        return 1
    return 0


COMMANDS = {"ingest": cmd_ingest, "sources": cmd_sources, "search": cmd_search, "ask": cmd_ask,
            "chat": cmd_chat, "brief": cmd_brief, "eval": cmd_eval, "remove": cmd_remove, "migrate": cmd_migrate}

if __name__ == "__main__":
    sys.exit(main())
