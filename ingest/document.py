"""The shapes that flow out of ingestion: loaded pages, then chunks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Page:
    """One page of text as lines. Table rows are tab-separated cells; '## ' marks a heading."""

    number: int | None  # physical page, 1-based; None for formats without pages
    label: str | None  # printed page label where the PDF has one
    lines: list[str]
    ocr: bool = False  # read by OCR from an image of the page: it had no text layer


@dataclass
class Loaded:
    pages: list[Page]
    title_hint: str | None = None  # e.g. a PDF's /Title or an HTML <title>


@dataclass
class Chunk:
    text: str  # the quotable text, exactly as stored and cited
    page: int | None
    page_end: int | None
    page_label: str | None
    section: str  # "3.0 Children in Care > 3.4"
    kind: str  # paragraph | list | table
    lead: str = ""  # what a reader needs before the text: table header, list lead-in, previous sentence
    ordinal: int = 0
    ocr: bool = False  # on a page read by OCR
