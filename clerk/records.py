"""Where a passage stands in the papers: one record for every stage.

A stored chunk's metadata, a search's passage, an answer's citation, the nearest papers named when the
papers don't answer, and the other papers a passage also stands in are all a `Source` (`Passage` and
`Citation` are Sources with more). The JSON printed by `clerk search --json` and `clerk ask --json`
shows each in the fields it always has: `json(keys)` takes them by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any, Self

# what a chunk's metadata holds of its paper, read from the paper's catalogue entry when there is one
# (an ingest that learns a paper's council changes it there, and in every chunk after)
PAPER_FIELDS = ("title", "council", "meeting", "date", "kind")


@dataclass(frozen=True, kw_only=True)
class Source:
    """A paper (its file and catalogue entry) and a place in it."""

    doc_id: str = ""
    chunk_id: str = ""  # the chunk's id in the store, "<doc_id>-00012"; not in its metadata
    file: str = ""  # the file's name
    path: str = ""  # the file as it was ingested
    title: str = ""
    council: str = ""
    meeting: str = ""
    date: str = ""  # as the paper gives it: "2024-03-12", "2020-21", "2020-11-11/2021-03-31"
    kind: str = ""  # the paper's: report, minutes, agenda, service plan, appendix
    page: int | None = None  # physical page, 1-based; None for formats without pages
    page_end: int | None = None
    page_label: str | None = None  # the page number printed on it, where the PDF has one
    section: str = ""  # "3.0 Children in Care > 3.4"
    ocr: bool = False  # from a scanned page, read by OCR

    def source(self) -> Source:
        """Just the reference, without what a Passage or a Citation adds to it."""
        return Source(**{f.name: getattr(self, f.name) for f in fields(Source)})

    def json(self, keys: Iterable[str]) -> dict[str, Any]:
        """These fields by name, in this order: the shape a JSON output has always printed."""
        return {k: getattr(self, k) for k in keys}

    def to_meta(self) -> dict[str, Any]:
        """As a chunk's flat Chroma metadata holds it, as stores always have: no chunk id (it is the
        chunk's id), nothing unknown (Chroma holds no None), and `ocr` only when true."""
        meta = {f.name: getattr(self, f.name) for f in fields(Source) if f.name not in ("chunk_id", "ocr")}
        return {k: v for k, v in meta.items() if v is not None} | ({"ocr": True} if self.ocr else {})

    @classmethod
    def from_meta(cls, meta: Mapping[str, Any], chunk_id: str = "", paper: Mapping[str, Any] | None = None,
                  **more: Any) -> Self:
        """A stored chunk's reference from its metadata; its paper's title, council, meeting, date and
        kind from the paper's catalogue entry when one is given (a title the entry lacks from the chunk).
        `more`: the rest of a Passage or a Citation, or fields to set otherwise."""
        about: dict[str, Any]
        if paper is None:
            about = {k: meta.get(k) or "" for k in PAPER_FIELDS}
        else:
            about = {k: paper.get(k) or "" for k in PAPER_FIELDS}
            about["title"] = about["title"] or meta.get("title", "")
        where: dict[str, Any] = dict(
            doc_id=meta["doc_id"], chunk_id=chunk_id, file=meta.get("file", ""), path=meta.get("path", ""),
            page=meta.get("page"), page_end=meta.get("page_end"), page_label=meta.get("page_label"),
            section=meta.get("section", ""), ocr=bool(meta.get("ocr", False)))
        return cls(**(about | where | more))
