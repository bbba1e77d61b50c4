"""A conversation as a briefing note: Markdown and Word, each answer with its references as footnotes."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from .answer import Answer
from .plain import lines_as, markdown_text

MARKER = re.compile(r"(\[\^\d+\])")


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
        text = re.sub(r"\[(\d+)\]", lambda m: f"[^{mapping.get(int(m.group(1)), '?')}]", a.answer)  # noqa: B023 - called here
        out.append((a.question, text, notes))
    return out


def _md(text: str) -> str:
    """Paper text escaped for Markdown, Clerk's footnote markers kept."""
    return "".join(p if MARKER.fullmatch(p) else markdown_text(p) for p in MARKER.split(text))


def briefing_markdown(answers: list[Answer], title: str = "Briefing note") -> str:
    """The note as Markdown; the papers' words (and questions typed) are escaped, so a viewer shows
    them as written and makes no link, image or heading of them."""
    lines = [f"# {title}", "", f"Prepared {date.today():%d %B %Y} with Clerk from the committee papers cited.", ""]
    footnotes = []
    for question, text, notes in _footnoted(answers):
        lines += [f"## {markdown_text(' '.join(question.split()))}", "", lines_as(text, _md), ""]
        footnotes += notes
    if footnotes:
        lines += ["---", ""] + [f"[^{i}]: {markdown_text(' '.join(note.split()))}" for i, note in enumerate(footnotes, start=1)]
    return "\n".join(lines) + "\n"


def _xml(text: str) -> str:
    """Word refuses control characters that some papers carry; a paper's text is otherwise kept as
    plain runs, so nothing in it becomes a link or a style."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", " ", text)


def briefing_docx(answers: list[Answer], path: Path, title: str = "Briefing note") -> Path:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph(f"Prepared {date.today():%d %B %Y} with Clerk from the committee papers cited.")
    footnotes = []
    for question, text, notes in _footnoted(answers):
        document.add_heading(_xml(question), level=2)
        for line in text.splitlines():
            if line.strip():
                document.add_paragraph(_xml(re.sub(r"\[\^(\d+)\]", r"[\1]", line)))
        footnotes += notes
    if footnotes:
        document.add_heading("Notes", level=2)
        for i, note in enumerate(footnotes, start=1):
            document.add_paragraph(_xml(f"[{i}] {note}"))
    document.save(str(path))
    return path
