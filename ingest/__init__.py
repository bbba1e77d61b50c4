"""Ingestion: council papers (PDF, Word, HTML, text) into chunks in a Chroma store."""

from .config import Config
from .pipeline import Summary, ingest_paths

__all__ = ["Config", "Summary", "ingest_paths"]
