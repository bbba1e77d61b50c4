"""The app's Brief tab: pick a meeting from the indexed ones, read its brief, download it."""

from __future__ import annotations

import re

import gradio as gr

from clerk.index import Searcher
from clerk.config import Config

from . import downloads
from .brief import build_brief, meetings
from .brief_note import brief_docx, brief_markdown, escape_markdown


def _label(m: dict) -> str:
    return f"{m['date']} · {m['council'] or 'council not known'} · {m['meeting']} ({m['papers']} papers)"


def brief_tab(cfg: Config, searcher: Searcher) -> None:
    """Builds the tab's components inside the caller's gr.Tab."""

    def choices() -> list[tuple[str, str]]:
        # the value is an index into the meetings as listed now; labels are paper metadata (escaped by Gradio)
        return [(_label(m), str(i)) for i, m in enumerate(meetings(searcher.documents()))]

    def refresh():
        return gr.update(choices=choices(), value=None)

    def prepare(choice, progress=gr.Progress()):
        listed = meetings(searcher.documents())
        if choice in (None, "") or not str(choice).isdigit() or int(choice) >= len(listed):
            raise gr.Error("Pick a meeting first.")
        m = listed[int(choice)]

        def step(done: int, total: int, title: str) -> None:
            progress((done, total), desc=f"Reading {title[:60]}")

        brief = build_brief(cfg, m["meeting"], m["date"], documents=searcher.documents(), progress=step,
                            doc_ids=set(m["doc_ids"]))
        text = brief_markdown(brief)
        folder = downloads.folder("clerk-brief-")
        stem = re.sub(r"[^\w\-]+", "-", f"brief-{m['date']}-{m['meeting']}")[:80].strip("-")
        md = folder / f"{stem}.md"
        md.write_text(text, encoding="utf-8")
        docx = brief_docx(brief, folder / f"{stem}.docx")
        status = escape_markdown(f"{len(brief.papers)} papers, {sum(1 for _ in brief.facts())} cited lines, "
                                 f"{len(brief.questions)} questions, in {brief.seconds:.1f} s.")
        # the app's Markdown has no footnotes: each reference on a line of its own
        return status, text.replace("\n[^", "\n\n[^"), [str(md), str(docx)]

    gr.Markdown("Pick a meeting to get a brief of its papers: what each is for, what the meeting is asked to "
                "decide, headline figures, risks, what changed since the previous paper, and questions a "
                "member might ask. Every line is quoted from the papers and cited.")
    with gr.Row():
        meeting = gr.Dropdown(label="Meeting", choices=choices(), value=None, elem_id="brief-meeting", scale=4)
        again = gr.Button("Refresh list", scale=1)
    make = gr.Button("Prepare brief", variant="primary", elem_id="brief-make")
    status = gr.Markdown(elem_id="brief-status")
    files = gr.File(label="Download the brief", file_count="multiple", interactive=False, elem_id="brief-files")
    body = gr.Markdown(elem_id="brief-body", sanitize_html=True)
    again.click(refresh, None, meeting)
    make.click(prepare, meeting, [status, body, files], concurrency_limit=2)
