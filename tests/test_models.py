"""The table of embedding models (ingest/embed.py): each entry ships offline in a pinned package, reads
what Clerk embeds, and puts its query prefix before questions only. Unit tests: no model is loaded."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import numpy as np
import pytest

from clerk.config import Config
from clerk.ingest import embed

ROOT = Path(__file__).resolve().parent.parent
PINNED = dict(re.findall(r'"([A-Za-z0-9_.-]+)==([^"]+)"', (ROOT / "pyproject.toml").read_text()))


@pytest.mark.parametrize("name", list(embed.MODELS))
def test_every_model_ships_in_a_pinned_package_and_reads_a_whole_chunk(name):
    m = embed.model(name)
    assert m.package in PINNED, f"{m.package} is not pinned in pyproject.toml"
    for spec in (m.weights, m.tokenizer):
        module, _, function = spec.partition(":")
        assert function and importlib.util.find_spec(module) is not None, spec
    assert m.build in embed.BUILDS and m.pooling in ("mean", "cls")
    assert m.window >= Config().model_window  # a header and a chunk, as ingest makes them, are read whole
    assert m.dimension > 0


def test_the_default_model_is_the_first_and_the_configs():
    assert list(embed.MODELS)[0] == embed.DEFAULT_MODEL == Config(db=Path("x")).embed_model


def test_a_model_is_chosen_by_name_and_an_unknown_one_is_refused(monkeypatch):
    monkeypatch.setenv("CLERK_EMBED_MODEL", "all-MiniLM-L6-v2-qint8")
    assert Config().embed_model == Config.from_env().embed_model == "all-MiniLM-L6-v2-qint8"
    with pytest.raises(ValueError, match="unknown embedding model 'bge-large'.*all-MiniLM-L6-v2"):
        Config(embed_model="bge-large")


class Recorder:
    """Stands in for an ONNX encoder: records what it is given."""

    def __init__(self):
        self.seen: list[str] = []

    def encode(self, texts, batch_size=32):
        self.seen += texts
        return np.ones((len(texts), 4), dtype=np.float32) / 2


@pytest.mark.parametrize("prefix", ["", "Represent this sentence for searching relevant passages: "])
def test_questions_carry_the_models_query_prefix_and_passages_do_not(prefix, monkeypatch):
    model = embed.Model("pkg", "m:f", "file", "m:f", 4, 512, pooling="cls", query_prefix=prefix)
    monkeypatch.setitem(embed.MODELS, "test-model", model)
    recorder = Recorder()
    monkeypatch.setitem(embed._encoders, "test-model", recorder)
    embed.embed_query("What is our UASC quota?", "test-model")
    embed.embed_texts(["The quota is 0.07%."], 32, "test-model")
    assert recorder.seen == [prefix + "What is our UASC quota?", "The quota is 0.07%."]


def test_a_bad_model_name_in_the_environment_is_a_usage_error(monkeypatch, tmp_path, capsys):
    from clerk.cli import main

    monkeypatch.setenv("CLERK_EMBED_MODEL", "nope")
    assert main(["sources", "--db", str(tmp_path)]) == 2
    assert "CLERK_EMBED_MODEL: unknown embedding model 'nope'" in capsys.readouterr().err
