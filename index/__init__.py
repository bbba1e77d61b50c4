"""Retrieval: hybrid dense + keyword search over the store, with filters, as citable passages."""

from .search import Filters, Passage, Searcher, SearchResult

__all__ = ["Filters", "Passage", "SearchResult", "Searcher"]
