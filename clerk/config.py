"""One frozen configuration, passed explicitly to every stage."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


# the largest paper ingested, and so the largest the app accepts as an upload
MAX_FILE_MB = 50


def _default_db() -> Path:
    return Path(os.environ.get("CLERK_DB", ".clerk"))


def _default_model() -> str:
    return os.environ.get("CLERK_EMBED_MODEL") or "all-MiniLM-L6-v2"


@dataclass(frozen=True)
class Config:
    db: Path = field(default_factory=_default_db)
    # A running `chroma run` server holding the chunks and the catalogue for every process that names
    # it; unset = the embedded store in `db`. With a server, `db` holds only what this process derives
    # (the keyword index, the OCR page cache, locks).
    chroma_url: str | None = None
    # Embedding model, by its name in clerk.ingest.embed.MODELS (env CLERK_EMBED_MODEL); a store records the
    # model that made its vectors and refuses another. The models read 256 word pieces; everything we embed must fit.
    embed_model: str = field(default_factory=_default_model)
    model_window: int = 256
    header_tokens: int = 56  # room kept for the contextual header embedded with each chunk
    chunk_tokens: int = 190  # target size of a chunk's own text
    embed_batch: int = 32
    max_file_mb: float = MAX_FILE_MB
    # OCR of PDF pages without a text layer (ingest/ocr.py): drawn at `ocr_dpi`, `ocr_workers` pages at once.
    # A file with more such pages than `ocr_page_limit` is named and its scanned pages left unread.
    ocr: bool = True
    ocr_dpi: int = 200
    ocr_page_limit: int = 100
    ocr_workers: int = 2
    # Retrieval
    top_k: int = 6
    answer_passages: int = 16  # passages the answerer reads for the whole question
    part_passages: int = 3  # and for each part of a question with several, searched alone
    paper_searches: int = 2  # the best few papers are searched again alone,
    paper_passages: int = 3  # for this many more of their passages
    candidates: int = 40  # per retriever, before fusion
    paper_share: int = 4  # of the passages one search returns, at most this many from one paper before others
    rrf_k: int = 60
    reranker: str | None = None  # path to a local cross-encoder model, if a user has one
    named_papers: int = 3  # papers a question names (index/refs.py) whose passages are a third ranking
    named_paper_floor: float = 0.6  # how firmly a paper must be named to count
    continued_passages: int = 12  # of the passages read, the best few have a list or table cut at their end joined up
    outcome_minutes: int = 3  # when an outcome is asked, the best few passages of minutes read on to a vote
    # Answering: the composer's signals (assistant/signals.py) and how many units it quotes
    answer_weights: tuple[tuple[str, float], ...] = (
        ("meaning", 0.45), ("terms", 0.35), ("figure", 0.2), ("named", 0.10), ("decided", 0.08), ("office", 0.2),
        ("paper", 0.1), ("section", 0.2), ("numbered", 0.4), ("row", 0.08), ("listing", 0.15), ("rank", 0.05))
    answer_margin: float = 0.3  # a unit is quoted while it is within this of the best
    answer_figure_margin: float = 0.1  # a unit giving the figure asked for leads when within this of the best
    answer_tie: float = 0.05  # another paper's unit this close to the lead is quoted too: either may be the answer
    answer_part_share: float = 0.6  # each part of a question gets its best unit when it scores this share of the lead's
    answer_part_near: float = 0.1  # of a part's units this close to its best, one beside the lead is taken
    answer_units: int = 8  # units quoted, two more for a list, a comparison or several parts
    answer_embed_units: int = 40  # units embedded for meaning, after a lexical pass over all
    # P(the papers answer) from assistant/calibration.json: at or above `answer_threshold` the answer
    # is quoted; from `closest_threshold` it is given as the closest the papers come; below, not found
    # 0.3 does best by both kinds of question among the development questions written apart from the tuning;
    # over all of them (most answered by rules tuned on them, so answered more surely) 0.4 does, and declines
    # too many new questions the papers do answer
    answer_threshold: float = 0.325  # printed by `make calibrate`: still answers 94% of the answerable dev questions
    closest_threshold: float = 0.05
    # Generative answers: any OpenAI-compatible server; unset = extractive only
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout: float = 120.0

    def __post_init__(self) -> None:
        from clerk.ingest.embed import model  # the table alone: no model is loaded

        model(self.embed_model)  # an unknown name is refused here, naming the known ones

    @classmethod
    def from_env(cls, **overrides: object) -> "Config":
        """Defaults, then CLERK_* environment variables, then explicit overrides (None = unset)."""
        env = {
            "reranker": os.environ.get("CLERK_RERANKER"),
            "chroma_url": os.environ.get("CLERK_CHROMA_URL") or None,
            "llm_base_url": os.environ.get("CLERK_LLM_BASE_URL"),
            "llm_model": os.environ.get("CLERK_LLM_MODEL"),
            "llm_api_key": os.environ.get("CLERK_LLM_API_KEY"),
        }
        values = {k: v for k, v in env.items() if v is not None} | {k: v for k, v in overrides.items() if v is not None}
        if "db" in values:
            values["db"] = Path(values["db"])  # type: ignore[arg-type]
        return cls(**values)  # type: ignore[arg-type]
