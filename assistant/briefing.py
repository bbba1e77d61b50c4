"""A conversation as a briefing note: Markdown and Word, each answer with its references as footnotes."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from .answer import Answer


def _footnoted(answers: list[Answer]) -> list[tuple[str, str, list[str]]]:
    """(question, answer text with [n] renumbered as running footnotes, footnote texts)."""
    out, n = [], 0
    for a in answers:
        mapping = {}
        notes = []
        for c in a.citations:
            n += 1
            mapping[c.n] = n
            notes.append(f"{c.reference()}. Quote: “{c.quote}”")
        text = re.sub(r"\[(\d+)\]", lambda m: f"[^{mapping.get(int(m.group(1)), '?')}]", a.answer)
        out.append((a.question, text, notes))
    return out


def briefing_markdown(answers: list[Answer], title: str = "Briefing note") -> str:
    lines = [f"# {title}", "", f"Prepared {date.today():%d %B %Y} with Clerk from the committee papers cited.", ""]
    footnotes = []
    for question, text, notes in _footnoted(answers):
        lines += [f"## {question}", "", text, ""]
        footnotes += notes
    if footnotes:
        lines += ["---", ""] + [f"[^{i}]: {note}" for i, note in enumerate(footnotes, start=1)]
    return "\n".join(lines) + "\n"


def briefing_docx(answers: list[Answer], path: Path, title: str = "Briefing note") -> Path:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph(f"Prepared {date.today():%d %B %Y} with Clerk from the committee papers cited.")
    footnotes = []
    for question, text, notes in _footnoted(answers):
        document.add_heading(question, level=2)
        for line in text.splitlines():
            if line.strip():
                document.add_paragraph(re.sub(r"\[\^(\d+)\]", r"[\1]", line))
        footnotes += notes
    if footnotes:
        document.add_heading("Notes", level=2)
        for i, note in enumerate(footnotes, start=1):
            document.add_paragraph(f"[{i}] {note}")
    document.save(str(path))
    return path
