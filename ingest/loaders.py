"""Files to pages of lines, one loader a format. Tables become tab-separated rows, headings '## '."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .document import Loaded, Page
from .errors import IngestError
from .ocr import OcrJob
from .pdf import load_pdf

TEXT_TYPES = {".txt", ".md", ".markdown"}
HTML_TYPES = {".html", ".htm"}
SUPPORTED = TEXT_TYPES | HTML_TYPES | {".pdf", ".docx"}
BLOCK_TAGS = ["p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "section", "article",
              "blockquote", "pre", "dt", "dd", "table", "ul", "ol", "header", "footer"]


def load(path: Path, max_mb: float, ocr: OcrJob | None = None) -> Loaded:
    """Read any supported file; raise IngestError with a plain reason when it can't be used.
    `ocr` says whether and how a PDF's pages without a text layer are read, and records what was."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError(f"unsupported file type '{suffix or path.name}' (supported: {', '.join(sorted(SUPPORTED))})")
    size = path.stat().st_size
    if size == 0:
        raise IngestError("empty file (0 bytes)")
    if size > max_mb * 1024 * 1024:
        raise IngestError(f"file is {size / 1024 / 1024:.1f} MB, over the {max_mb:g} MB limit")
    if suffix == ".pdf":
        loaded = load_pdf(path, ocr)
    elif suffix == ".docx":
        loaded = load_docx(path)
    elif suffix in HTML_TYPES:
        loaded = load_html(read_text(path))
    else:
        loaded = load_markdown(read_text(path))
    if not any(ln.strip() for p in loaded.pages for ln in p.lines):
        raise IngestError("no text found in the file")
    return loaded


def read_text(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise IngestError("binary content in a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError("unknown text encoding (save the file as UTF-8)")
    return str(best)


def load_markdown(text: str) -> Loaded:
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if re.match(r"^#{1,6}\s", stripped):
            lines.append("## " + stripped.lstrip("#").strip())
        elif stripped.startswith("|") and stripped.endswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if not all(re.fullmatch(r":?-{2,}:?", c) for c in cells):
                lines.append("\t".join(cells))
        else:
            lines.append(line)
    return Loaded(pages=[Page(None, None, lines)])


def load_html(html: str) -> Loaded:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    for tag in soup(["script", "style", "noscript", "nav", "template", "head"]):
        tag.decompose()
    for tr in soup.find_all("tr"):
        cells = [c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])]
        tr.replace_with("\n" + "\t".join(cells) + "\n")
    for level in range(1, 7):
        for h in soup.find_all(f"h{level}"):
            h.replace_with("\n## " + h.get_text(" ", strip=True) + "\n")
    for li in soup.find_all("li"):
        li.insert_before("\n• ")
    for tag in soup.find_all(BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text("")
    lines = [re.sub(r"[ \r\f\v]+", " ", ln).strip(" ") for ln in text.split("\n")]
    return Loaded(pages=[Page(None, None, lines)], title_hint=title)


def load_docx(path: Path) -> Loaded:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(f"corrupt or unreadable Word file ({exc})") from exc
    lines: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            style = (item.style.name or "").lower() if item.style is not None else ""
            text = item.text.strip()
            if not text:
                lines.append("")
            elif style.startswith("heading") or style == "title":
                lines += ["## " + text, ""]
            elif "list" in style:
                lines.append("• " + text)
            else:
                lines += [text, ""]
        elif isinstance(item, Table):
            for row in item.rows:
                lines.append("\t".join(c.text.strip() for c in row.cells))
            lines.append("")
    title = document.core_properties.title or None
    return Loaded(pages=[Page(None, None, lines)], title_hint=title)
