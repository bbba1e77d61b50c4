"""Ingestion: council papers (PDF, Word, HTML, text) into chunks in a Chroma store.

`Summary` and `ingest_paths` are loaded on first use: the pipeline brings in Chroma, pypdf and
the loaders, which a command that only reads the configuration or the catalogue never needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from clerk.config import Config

if TYPE_CHECKING:
    from .pipeline import Summary, ingest_paths

__all__ = ["Config", "Summary", "ingest_paths"]


def __getattr__(name: str) -> Any:
    if name in ("Summary", "ingest_paths"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
