"""The ONNX runtime gives the torch model's vectors, so stores embedded either way need no re-embedding;
the torch path takes over whenever the ONNX file can't be had. Real model, real export."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from clerk.ingest import embed
from clerk.ingest.onnx_model import OnnxEncoder, export, onnx_file
from clerk.ingest.store import open_collection

QUERIES = ["What is our UASC quota?", "LAC placement overspend 2020/21", "£3.2m", "Total Cost of Service",
           "", "decision 24/00115 " * 120]  # empty, and well past the model's 256 tokens


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """A fresh export, as `make setup` or a first run makes it (export() checks it against torch too)."""
    return export(Path(embed.model_path()), tmp_path_factory.mktemp("onnx") / "minilm.onnx")


@pytest.fixture(scope="module")
def encoder(exported) -> OnnxEncoder:
    return OnnxEncoder(exported, Path(embed.model_path()))


@pytest.fixture(scope="module")
def chunk_texts(corpus_cfg) -> list[str]:
    """A few hundred real texts, as the model meets them: the sample corpus's chunks, with their leads,
    and their sentences (the units an answer embeds)."""
    got = open_collection(corpus_cfg).get(include=["documents", "metadatas"])
    texts = got["documents"] + [f"{m['lead']}\n{t}" for t, m in zip(got["documents"], got["metadatas"]) if m.get("lead")]
    sentences = [s for t in got["documents"] for s in re.split(r"(?<=[.;:])\s+", t) if len(s) > 20]
    texts += sentences[::max(1, len(sentences) // 200)]
    assert len(texts) >= 300
    return texts


def test_onnx_vectors_match_torch_on_real_chunks(encoder, chunk_texts):
    onnx = encoder.encode(chunk_texts)
    torch = np.asarray(embed.torch_vectors(chunk_texts), dtype=np.float32)
    assert onnx.shape == torch.shape == (len(chunk_texts), 384)
    assert np.allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-5)
    assert (onnx * torch).sum(axis=1).min() >= 0.9999


@pytest.mark.parametrize("query", QUERIES)
def test_onnx_query_vector_matches_torch(encoder, query):
    torch = np.asarray(embed.embedder().get_query_embedding(query))
    assert float(encoder.encode([query])[0] @ torch) >= 0.9999


def test_batches_and_order_do_not_change_vectors(encoder, chunk_texts):
    """Texts are sorted by length and padded per batch: each still gets its own vector."""
    texts = chunk_texts[:50]
    together = encoder.encode(texts, batch_size=16)
    alone = np.vstack([encoder.encode([t]) for t in texts])
    assert (together * alone).sum(axis=1).min() >= 0.99999


@pytest.mark.parametrize("case, expected", [
    ("cached export", "onnx"),
    ("CLERK_EMBED=torch", "torch"),
    ("corrupt file", "torch"),
    ("export failed before", "torch"),
])
def test_runtime_choice_and_fallback(case, expected, exported, tmp_path, monkeypatch):
    monkeypatch.setenv("CLERK_CACHE", str(tmp_path))
    monkeypatch.setattr(embed, "_encoders", {})  # a fresh process, as far as the model goes
    target = onnx_file(Path(embed.model_path()))
    target.parent.mkdir(parents=True, exist_ok=True)
    if case == "cached export":
        shutil.copy(exported, target)
    elif case == "CLERK_EMBED=torch":
        monkeypatch.setenv("CLERK_EMBED", "torch")
    elif case == "corrupt file":
        target.write_bytes(b"not an onnx model")
    elif case == "export failed before":
        target.with_suffix(".failed").write_text("RuntimeError: no exporter")
    assert embed.runtime() == expected
    reference = np.asarray(embed.embedder().get_query_embedding(QUERIES[0]))
    assert float(np.asarray(embed.embed_query(QUERIES[0])) @ reference) >= 0.9999
    assert np.allclose(embed.embed_texts(QUERIES[:2]), embed.torch_vectors(QUERIES[:2]), atol=1e-3)


@pytest.mark.parametrize("name", [n for n in embed.MODELS if n != embed.DEFAULT_MODEL])
def test_every_other_model_in_the_table_loads_offline_and_reads_like_minilm(name, chunk_texts):
    """The other builds of MiniLM in the table: loaded from their packages (no hub), close to the fp32
    model on real chunks but not the same vectors, which is why a store records its model."""
    reference = np.asarray(embed.embed_texts(chunk_texts, 32, embed.DEFAULT_MODEL), dtype=np.float32)
    got = np.asarray(embed.embed_texts(chunk_texts, 32, name), dtype=np.float32)
    assert embed.runtime(name) == "onnx" and got.shape == reference.shape
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    agreement = (got * reference).sum(axis=1)
    assert agreement.min() >= 0.95 and np.median(agreement) >= 0.98


def test_the_int8_build_is_made_from_the_export_and_checked(exported, tmp_path):
    from clerk.ingest.onnx_model import quantize

    target = quantize(exported, tmp_path / "q.onnx", Path(embed.model_path()))
    assert target.is_file() and target.stat().st_size < exported.stat().st_size * 0.7  # the word table stays fp32
    assert not list(tmp_path.glob("*.tmp"))
