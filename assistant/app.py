"""The chat app (Gradio): ask, read cited passages, filter, manage papers, download a briefing, brief a meeting."""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
from datetime import datetime
from pathlib import Path

import gradio as gr

from clerk.index import Filters
from clerk.config import MAX_FILE_MB, Config
from clerk.ingest.loaders import SUPPORTED
from clerk.ingest.pipeline import ingest_paths, remove_document

from .answer import OCR_NOTE, Answer, Assistant, Citation
from . import downloads
from .brief_app import brief_tab
from .briefing import briefing_docx, briefing_markdown
from .events import Done, Partial
from .inputs import InputError, check_filters, check_question
from .plain import html_text, lines_as

EXAMPLES = [
    "What is our UASC quota under the National Transfer Scheme?",
    "What was the children in care placement overspend in 2020/21?",
    "What was Torbay's social worker vacancy rate?",
    "What is the Total Cost of Service in the 2018/19 service plan?",
]
UPLOAD_TYPES = sorted(SUPPORTED - {".markdown", ".htm"})
MAX_UPLOAD_MB = MAX_FILE_MB
CSS = "mark {background: #ffe58a;} .passage {white-space: pre-wrap; max-height: 420px; overflow-y: auto;}"


log = logging.getLogger(__name__)
_esc = html_text  # paper text, file names and anything typed: shown as the characters, never as markup


def render_answer(ans: Answer) -> str:
    """The answer as Markdown whose only markup is Clerk's: emphasis on its own labels, list bullets."""
    lines = []
    if ans.searched_question != ans.question:
        lines.append(f"*Searched for:* {_esc(ans.searched_question)}\n")
    lines.append(lines_as(ans.answer, _esc))
    heading, items = ans.sources()
    if items:
        lines.append(f"\n**{heading}**\n")
        lines += [lines_as(item, _esc) + "  " for item in items]  # two spaces: a Markdown line break
    return "\n".join(lines)


def render_citation(c: Citation) -> str:
    """The cited passage with the quoted span highlighted, its details, and a link to the page."""
    passage = html.escape(c.passage)
    quote = html.escape(c.quote)
    if quote and quote in passage:
        passage = passage.replace(quote, f"<mark>{quote}</mark>", 1)
    link = ""
    if c.path and Path(c.path).exists():
        anchor = f"#page={c.page}" if c.page else ""
        link = f'<p><a href="/gradio_api/file={html.escape(c.path, quote=True)}{anchor}" target="_blank">Open the paper</a></p>'
    meta = " · ".join(html.escape(x) for x in [c.council, c.meeting, c.date] if x)
    page = f"p. {html.escape(str(c.page_label or c.page))}" if c.page else "no page numbers"
    page += html.escape(OCR_NOTE) if c.ocr else ""
    return (f'<div id="source-panel"><h3>[{c.n}] {html.escape(c.title)}</h3><p>{meta}<br>{page}'
            f'{" · section " + html.escape(c.section) if c.section else ""}</p>'
            f'<div class="passage">{passage}</div>{link}</div>')


def _safe_name(name: str) -> str:
    stem = re.sub(r"[^\w.\- ]+", "_", Path(name).name).strip(" .") or "upload"
    return stem[:150]


def build_app(cfg: Config, corpus: Path) -> gr.Blocks:
    assistant = Assistant(cfg)
    assistant.searcher.warm()  # model, store, keyword index and a first search: loaded before the app is ready
    uploads = (corpus / "uploads").resolve()

    def councils() -> list[str]:
        return assistant.councils()

    def council_choices():  # on page load, after any login: the page itself names no council
        return gr.update(choices=[""] + councils())

    def papers_table() -> list[list]:
        return [[d["title"], d["council"], d["meeting"], d["date"], d["kind"], d["pages"], d["chunks"],
                 datetime.fromtimestamp(d["ingested_at"]).strftime("%Y-%m-%d %H:%M") if d["ingested_at"] else "",
                 ", ".join(Path(f).name for f in d["files"]), d["doc_id"]] for d in assistant.searcher.documents()]

    def filters_of(council, meeting, kind, since, until) -> Filters:
        return check_filters(council, meeting, kind, since, until)

    def describe(council, meeting, kind, since, until) -> str:
        try:
            return f"**Searching:** {_esc(filters_of(council, meeting, kind, since, until).describe())}"
        except InputError as exc:
            return f"**Filters not used:** {_esc(str(exc))}"

    def respond(message, chat, answers, council, meeting, kind, since, until):
        """Answer in the conversation; input that can't be used, and any failure, gets a reply there
        saying why, and the conversation stays."""
        chat, answers = list(chat or []), list(answers or [])
        try:
            message = check_question(message)
            filters = filters_of(council, meeting, kind, since, until)
        except InputError as exc:
            shown = message if isinstance(message, str) and len(message) <= 1000 else "(question not shown)"
            chat += [{"role": "user", "content": _esc(shown or "(empty question)")},
                     {"role": "assistant", "content": _esc(str(exc))}]
            yield chat, answers, gr.update(), gr.update()
            return
        chat += [{"role": "user", "content": _esc(message or "(empty question)")},
                 {"role": "assistant", "content": "…"}]
        yield chat, answers, gr.update(), ""
        history = [a.searched_question for a in answers]
        final = None
        try:
            for event in assistant.stream(message, history, filters):
                match event:
                    case Partial(text):
                        chat[-1]["content"] = lines_as(text, _esc)
                        yield chat, answers, gr.update(), ""
                    case Done(answer):
                        final = answer
        except Exception as exc:  # noqa: BLE001 - the reader gets a sentence, the log the traceback
            log.exception("answering %r failed", message)
            chat[-1]["content"] = _esc(f"Clerk could not answer this ({exc.__class__.__name__}). "
                                       "Nothing was changed; please ask again.")
            yield chat, answers, gr.update(), ""
            return
        chat[-1]["content"] = render_answer(final)
        answers = answers + [final]
        choices = [f"[{c.n}] {c.title}, p. {c.page_label or c.page or '-'}{OCR_NOTE if c.ocr else ''}"
                   for c in final.citations]
        yield chat, answers, gr.update(choices=choices, value=None), ""

    def show_source(choice, answers):
        if not choice or not answers:
            return ""
        n = int(choice[1:choice.index("]")])
        for c in answers[-1].citations:
            if c.n == n:
                return render_citation(c)
        return ""

    def download(answers):
        if not answers:
            raise gr.Error("Ask a question first: the briefing note is made from the conversation.")
        folder = downloads.folder("clerk-briefing-")
        md = folder / "briefing-note.md"
        md.write_text(briefing_markdown(answers), encoding="utf-8")
        return [str(md), str(briefing_docx(answers, folder / "briefing-note.docx"))]

    def add_papers(files, progress=gr.Progress()):
        if not files:
            return "No files chosen.", papers_table()
        uploads.mkdir(parents=True, exist_ok=True)
        saved, lines = [], []
        for f in files:
            src = Path(f if isinstance(f, str) else f.name)
            name = _safe_name(src.name)
            if Path(name).suffix.lower() not in SUPPORTED:
                lines.append(f"✗ {_esc(name)}: unsupported file type (use {', '.join(UPLOAD_TYPES)})")
                continue
            if src.stat().st_size > MAX_UPLOAD_MB * 1024 * 1024:
                lines.append(f"✗ {_esc(name)}: over the {MAX_UPLOAD_MB} MB limit")
                continue
            dest = (uploads / name).resolve()
            if dest.parent != uploads:  # never write outside the uploads folder
                lines.append(f"✗ {_esc(name)}: refused file name")
                continue
            shutil.copyfile(src, dest)
            saved.append(dest)
        for i, path in enumerate(saved):
            progress((i, len(saved)), desc=f"Indexing {path.name}")
            for r in ingest_paths([path], cfg).results:
                mark = "✗" if r.status == "failed" else "✓"
                lines.append(f"{mark} {_esc(Path(r.path).name)}: {r.status}{' - ' + _esc(r.message) if r.message else ''}"
                             f"{f' ({r.chunks} chunks)' if r.chunks else ''}")
                if r.status == "failed":
                    path.unlink(missing_ok=True)
        return "\n".join(f"- {ln}" for ln in lines), papers_table()

    def select_paper(evt: gr.SelectData):
        row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        rows = papers_table()
        if row is None or row >= len(rows):
            return None, "Select a paper in the table first.", gr.update(visible=False)
        return rows[row][-1], f"Selected: {_esc(rows[row][0])}. Press *Remove selected paper* to take it out.", \
            gr.update(visible=False)

    def confirm_remove(doc_id):
        """Removing is for everyone using the store: say which paper, and ask first."""
        docs = {d["doc_id"]: d for d in assistant.searcher.documents()}
        if not doc_id or doc_id not in docs:
            return "Select a paper in the table first.", gr.update(visible=False)
        d = docs[doc_id]
        return (f"Remove **{_esc(d['title'] or doc_id)}** ({d['chunks']} passages) from the index for everyone "
                "using it? Uploaded copies are deleted too.", gr.update(visible=True))

    def remove_paper(doc_id):
        if not doc_id:
            return "Select a paper in the table first.", papers_table(), gr.update(visible=False), None, gr.update()
        files = remove_document(doc_id, cfg)
        for f in files:
            if Path(f).resolve().parent == uploads:
                Path(f).unlink(missing_ok=True)
        return (f"Removed {len(files)} file(s) from the index.", papers_table(), gr.update(visible=False), None,
                council_choices())

    def cancel_remove():
        return "Nothing was removed.", gr.update(visible=False)

    def ask_api(question: str, history: list[str] | None = None, council: str = "", meeting: str = "",
                kind: str = "", since: str = "", until: str = "") -> str:
        """Answer a question from the papers, with citations: the JSON of `clerk ask --json`.
        (A string, because gradio_client would take the citations' "path" fields for files to download.)
        Input that can't be used is refused with a message saying why."""
        try:
            if history is not None and not (isinstance(history, list) and all(isinstance(h, str) for h in history)):
                raise InputError("history: give a list of earlier questions, as text.")
            question = check_question(question if isinstance(question, str) else None)
            history = [check_question(h) for h in history or []]
            filters = filters_of(*(v if isinstance(v, str) else None for v in (council, meeting, kind, since, until)))
            return json.dumps(assistant.answer(question, history, filters).json())
        except InputError as exc:
            raise gr.Error(str(exc)) from None
        except Exception as exc:  # noqa: BLE001 - the client gets a sentence, the log the traceback
            log.exception("/ask failed for %r", question)
            raise gr.Error(f"Clerk could not answer this ({exc.__class__.__name__}); please ask again.") from None

    # Gradio's own copies of served files are cleared hourly too, for the same reason as downloads.py
    with gr.Blocks(title="Clerk: council papers assistant", delete_cache=(3600, 3600)) as app:
        gr.api(ask_api, api_name="ask", concurrency_limit=4)
        gr.Markdown("# Clerk\nAsk about the committee papers. Every answer cites the paper, page and paragraph; "
                    "if the papers don't say, Clerk says so.")
        answers = gr.State([])
        with gr.Tab("Ask"):
            with gr.Row():
                with gr.Column(scale=3):
                    chat = gr.Chatbot(label="Conversation", height=520, sanitize_html=True, latex_delimiters=[],
                                      placeholder="Try one of the example questions below.", elem_id="chat")
                    box = gr.Textbox(label="Your question", placeholder="e.g. What is our UASC quota?",
                                     elem_id="question")
                    with gr.Row():
                        ask = gr.Button("Ask", variant="primary", elem_id="ask")
                        brief = gr.Button("Download briefing note", elem_id="briefing")
                    gr.Examples(EXAMPLES, inputs=box)
                    files = gr.File(label="Briefing note", file_count="multiple", interactive=False, elem_id="briefing-files")
                with gr.Column(scale=2):
                    refs = gr.Radio(label="References in the last answer (click to read)", choices=[],
                                    elem_id="references")
                    source = gr.HTML(elem_id="source")
                    with gr.Accordion("Filters", open=False):
                        council = gr.Dropdown(label="Council", choices=[""], value="", allow_custom_value=True)
                        meeting = gr.Textbox(label="Meeting or committee contains")
                        kind = gr.Dropdown(label="Kind", choices=["", "report", "minutes", "agenda", "service plan",
                                                                  "appendix"], value="")
                        since = gr.Textbox(label="From (YYYY-MM-DD)")
                        until = gr.Textbox(label="To (YYYY-MM-DD)")
                    active = gr.Markdown("**Searching:** all papers", elem_id="active-filters")
        with gr.Tab("Brief"):
            brief_tab(cfg, assistant.searcher)
        with gr.Tab("Papers"):
            table = gr.Dataframe(headers=["Title", "Council", "Meeting", "Date", "Kind", "Pages", "Chunks", "Ingested",
                                          "Files", "Id"], value=papers_table, interactive=False, wrap=True, elem_id="papers")
            selected = gr.State(None)
            remove = gr.Button("Remove selected paper", elem_id="remove-paper")
            with gr.Row(visible=False) as confirm_row:
                confirm = gr.Button("Yes, remove it", variant="stop", elem_id="confirm-remove")
                cancel = gr.Button("Cancel", elem_id="cancel-remove")
            upload = gr.File(label=f"Add papers ({', '.join(UPLOAD_TYPES)}; up to {MAX_UPLOAD_MB} MB each)",
                             file_count="multiple", file_types=UPLOAD_TYPES, elem_id="upload")
            add = gr.Button("Add papers", variant="primary", elem_id="add-papers")
            status = gr.Markdown(elem_id="upload-status")

        ui = {"api_visibility": "private"}  # the API is /ask; the page's own events are not documented
        filter_inputs = [council, meeting, kind, since, until]
        for comp in filter_inputs:
            comp.change(describe, filter_inputs, active, **ui)
        inputs = [box, chat, answers] + filter_inputs
        outputs = [chat, answers, refs, box]
        box.submit(respond, inputs, outputs, concurrency_limit=4, **ui)
        ask.click(respond, inputs, outputs, concurrency_limit=4, **ui)
        refs.change(show_source, [refs, answers], source, **ui)
        brief.click(download, answers, files, **ui)
        add.click(add_papers, upload, [status, table], concurrency_limit=1, **ui).then(
            council_choices, None, council, **ui)
        table.select(select_paper, None, [selected, status, confirm_row], **ui)
        remove.click(confirm_remove, selected, [status, confirm_row], **ui)
        confirm.click(remove_paper, selected, [status, table, confirm_row, selected, council], **ui)
        cancel.click(cancel_remove, None, [status, confirm_row], **ui)
        app.load(council_choices, None, council, **ui)
    return app


def launch(cfg: Config, host: str = "127.0.0.1", port: int = 7860, auth: str | None = None,
           corpus: Path = Path("corpus"), block: bool = True) -> gr.Blocks:
    app = build_app(cfg, corpus)
    credentials = tuple(auth.split(":", 1)) if auth else None
    app.queue(default_concurrency_limit=4, max_size=64)
    # no FastAPI schema at /openapi.json: it is served before any login
    app.launch(server_name=host, server_port=port, auth=credentials, allowed_paths=[str(corpus.resolve())],
               prevent_thread_lock=True, max_file_size=f"{MAX_UPLOAD_MB}mb", quiet=True, css=CSS,
               app_kwargs={"openapi_url": None, "docs_url": None, "redoc_url": None})
    _first_request(host, port, credentials)
    if block:
        print(f"Clerk is running at http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
        app.block_thread()
    return app


def _first_request(host: str, port: int, credentials: tuple | None) -> None:
    """Gradio sets up its request handling on the first request (about a second) and the composer
    its caches on the first answer: one question asked here, so a person's first is as quick as the rest."""
    try:
        from gradio_client import Client

        local = "127.0.0.1" if host in ("0.0.0.0", "") else host
        Client(f"http://{local}:{port}/", auth=credentials, verbose=False).predict(EXAMPLES[0], api_name="/ask")
    except Exception:  # noqa: BLE001 - a slower first answer, not a reason to stop the app
        import logging

        logging.getLogger(__name__).warning("warm-up question failed", exc_info=True)
