"""Clerk: answers questions over UK council committee papers, with citations to paper, page and paragraph.

The public API, in the order the stages run::

    from clerk import Config, ingest_paths, Searcher, Assistant

    cfg = Config(db=Path(".clerk"))
    ingest_paths([Path("papers")], cfg)           # clerk.ingest: papers -> chunks in a Chroma store
    Searcher(cfg).search("children in care budget")  # clerk.index: hybrid search -> citable passages
    answer = Assistant(cfg).answer("What was the overspend?")  # clerk.assistant: an Answer with Citations
    for event in Assistant(cfg).stream("What was the overspend?"):  # Searched, Partial..., then Done(answer)
        ...

The stages live in the folders ingest/, index/, assistant/ and evals/ and import each other as clerk.<stage>;
the command line (clerk.cli) sits above them all. Where a passage stands (paper, page, section) is one record,
`Source` (clerk.records), which a Passage and a Citation extend. Names load on first use, so `import clerk` stays light:
a command that only reads the configuration never loads Chroma, the PDF reader or the model.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from clerk.config import Config
from clerk.records import Source

if TYPE_CHECKING:
    from clerk.assistant.answer import Answer, Assistant, Citation
    from clerk.assistant.events import Done, Partial, Searched
    from clerk.index import Filters, Passage, Searcher, SearchResult
    from clerk.ingest import Summary, ingest_paths

__all__ = ["Answer", "Assistant", "Citation", "Config", "Done", "Filters", "Partial", "Passage", "SearchResult",
           "Searched", "Searcher", "Source", "Summary", "ingest_paths"]

_HOMES = {"ingest_paths": "clerk.ingest", "Summary": "clerk.ingest",
          "Searcher": "clerk.index", "SearchResult": "clerk.index", "Filters": "clerk.index", "Passage": "clerk.index",
          "Assistant": "clerk.assistant.answer", "Answer": "clerk.assistant.answer",
          "Citation": "clerk.assistant.answer", "Searched": "clerk.assistant.events",
          "Partial": "clerk.assistant.events", "Done": "clerk.assistant.events"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'clerk' has no attribute {name!r}")
