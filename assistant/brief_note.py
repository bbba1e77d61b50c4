"""A meeting brief as Markdown and Word, through the briefing note's rendering (references as
footnotes). Paper text is data: in Markdown it is escaped so it never becomes markup or a link."""

from __future__ import annotations

import argparse
import html
import re
import sys
from dataclasses import replace
from pathlib import Path

from clerk.config import Config

from .answer import Answer, Citation
from .brief import Brief, Fact, PaperBrief
from .briefing import briefing_docx, briefing_markdown

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]!|~])")  # (paper text never starts a line: no "#", "-" or ">" there)


def escape_markdown(text: str) -> str:
    """Paper text as inert Markdown: HTML escaped, Markdown punctuation backslashed, and web and
    e-mail addresses broken with an invisible joiner so no viewer turns them into links."""
    text = MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    text = re.sub(r"(?i)(https?|ftp):", "\\1\u200c:", text)
    text = re.sub(r"(?i)\bwww\.", "www\u200c.", text)
    return text.replace("@", "@\u200c")


def _plain(text: str) -> str:
    return text


class _Section:
    """One heading's lines and the citations they carry, checked as an answer is."""

    def __init__(self, heading: str, esc):
        self.heading, self.esc = heading, esc
        self.lines: list[str] = []
        self.cites: dict[int, Citation] = {}

    def quote(self, f: Fact) -> str:
        self.cites[f.citation.n] = f.citation
        return f"“{self.esc(f.text)}” [{f.citation.n}]"

    def answer(self, markdown: bool) -> Answer:
        cites = [_escaped(c) if markdown else c for c in sorted(self.cites.values(), key=lambda c: c.n)]
        # every line is a verbatim quote with its marker, or template words with no figures of their
        # own (build_brief checks the questions; `clerk eval --briefs` checks every line)
        text = "\n".join(self.lines).strip()
        return Answer(question=self.heading, searched_question=self.heading, answer=text, found=True, citations=cites)


def _escaped(c: Citation) -> Citation:
    e = escape_markdown
    return replace(c, quote=e(c.quote), title=e(c.title), council=e(c.council), meeting=e(c.meeting),
                   section=e(c.section), page_label=e(c.page_label) if c.page_label else c.page_label)


def _paper(p: PaperBrief, esc, markdown: bool) -> _Section:
    d = p.doc
    s = _Section(esc(f"{d.get('title') or 'Untitled'} ({d.get('kind') or 'paper'}, {d.get('pages') or '?'} pages)"),
                 esc)
    if p.purpose:
        s.lines += [f"What it is for: {s.quote(p.purpose[0])}", ""]
    for label, facts in (("Asked to decide:", p.recommendations), ("Headline figures:", p.figures),
                         ("Risks and issues flagged:", p.risks)):
        if facts:
            s.lines += [label] + [f"- {s.quote(f)}" for f in facts] + [""]
    if p.changes and p.previous:
        prev = p.previous
        s.lines.append(esc(f"Changed since the previous paper, {prev.get('title')} ({prev.get('date')}):"))
        if markdown:
            s.lines += ["", "| before | now |", "|---|---|"]
            s.lines += [f"| {s.quote(c.before)} | {s.quote(c.now)} |" for c in p.changes]
        else:
            s.lines += [f"- before: {s.quote(c.before)}; now: {s.quote(c.now)}" for c in p.changes]
        s.lines.append("")
    if not s.lines:
        s.lines = ["Nothing in this paper was found to quote as a purpose, decision, figure or risk:"]
    return s


def brief_sections(brief: Brief, markdown: bool) -> list[Answer]:
    """The brief as briefing-note sections: the questions, then a section a paper, markers [n] in place."""
    esc = escape_markdown if markdown else _plain
    out = []
    if brief.questions:
        q = _Section("Questions a member might ask", esc)
        for i, mq in enumerate(brief.questions, start=1):
            q.lines.append(f"{i}. " + mq.text.format(*[q.quote(f) for f in mq.facts]))
        out.append(q.answer(markdown))
    for p in brief.papers:
        out.append(_paper(p, esc, markdown).answer(markdown))
    return out


def title_of(brief: Brief) -> str:
    return f"Brief: {brief.meeting}, {brief.date}" + (f" ({brief.council})" if brief.council else "")


def brief_markdown(brief: Brief) -> str:
    # the briefing note escapes every line and footnote it writes: its sections go in as plain text
    return briefing_markdown(brief_sections(brief, markdown=False), title=escape_markdown(title_of(brief)))


def brief_docx(brief: Brief, path: Path) -> Path:
    return briefing_docx(brief_sections(brief, markdown=False), path, title=title_of(brief))


def run_cli(args: argparse.Namespace, cfg: Config) -> int:
    """`clerk brief`: the meetings in the store (--list), or one meeting's brief as OUT.md and OUT.docx."""
    from tqdm import tqdm

    from clerk.ingest import ingest_paths
    from clerk.ingest.catalog import open_catalog

    from .brief import build_brief, meetings

    if args.list:
        for m in meetings(open_catalog(cfg).documents()):
            print(f"{m['date']:<22} {m['council'] or '?':<28} {m['papers']:>3} papers  {m['meeting']}")
        return 0
    if not (args.papers or args.meeting or args.date):
        print("clerk brief: give --meeting and --date, or --papers (clerk brief --list shows the meetings)")
        return 2
    if args.papers:
        missing = [str(p) for p in args.papers if not p.exists()]
        if missing:
            print(f"clerk brief: no such file: {', '.join(missing)}")
            return 2
        ingest_paths(args.papers, cfg)  # unchanged papers are skipped
    bar = tqdm(total=0, unit="paper", desc="brief", disable=not sys.stderr.isatty())

    def progress(done: int, total: int, title: str) -> None:
        bar.total = total
        bar.n = done
        bar.set_postfix_str(title[:40])
        bar.refresh()

    brief = build_brief(cfg, args.meeting, args.date, args.papers, args.council, progress=progress)
    bar.close()
    if not brief.papers:
        print(f"clerk brief: no papers found for {args.meeting or ''} {args.date or ''} in {cfg.db} "
              "(clerk brief --list shows the meetings)")
        return 1
    md = args.out.with_suffix(".md")
    md.parent.mkdir(parents=True, exist_ok=True)
    md.write_text(brief_markdown(brief), encoding="utf-8")
    docx = brief_docx(brief, args.out.with_suffix(".docx"))
    print(f"{len(brief.papers)} papers, {sum(1 for _ in brief.facts())} cited lines, {len(brief.questions)} questions "
          f"in {brief.seconds:.1f} s: {md}, {docx}")
    return 0
