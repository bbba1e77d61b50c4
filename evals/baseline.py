"""A plain llama-index pipeline to measure Clerk against: default SentenceSplitter, VectorStoreIndex
over Chroma, dense only, the same embedding model, top 5; its answer is the top chunk."""

from __future__ import annotations

import tempfile
from pathlib import Path

import chromadb
import pypdf
from chromadb.config import Settings

from clerk.ingest.embed import embedder
from clerk.ingest.loaders import SUPPORTED, read_text


class Baseline:
    def __init__(self, corpus: Path | list[Path], top_k: int = 5):
        from llama_index.core import Document, StorageContext, VectorStoreIndex
        from llama_index.core.node_parser import SentenceSplitter
        from llama_index.vector_stores.chroma import ChromaVectorStore

        docs = []
        roots = corpus if isinstance(corpus, list) else [corpus]
        files = [f for r in roots for f in ([r] if r.is_file() else sorted(r.rglob("*")))]
        for f in (p for p in files if p.suffix.lower() in SUPPORTED):
            if f.suffix.lower() == ".pdf":
                for i, page in enumerate(pypdf.PdfReader(str(f)).pages, start=1):
                    docs.append(Document(text=page.extract_text() or "", metadata={"file_name": f.name, "page": i}))
            else:
                docs.append(Document(text=read_text(f), metadata={"file_name": f.name}))
        self._dir = tempfile.TemporaryDirectory(prefix="clerk-baseline-")
        client = chromadb.PersistentClient(path=self._dir.name, settings=Settings(anonymized_telemetry=False))
        store = ChromaVectorStore(chroma_collection=client.get_or_create_collection("baseline", embedding_function=None))
        index = VectorStoreIndex.from_documents(
            docs, storage_context=StorageContext.from_defaults(vector_store=store), embed_model=embedder(),
            transformations=[SentenceSplitter()],
        )
        self.retriever = index.as_retriever(similarity_top_k=top_k)

    def ask(self, question: str) -> tuple[str, list[dict]]:
        """(answer = the top chunk's text, ranked retrieved files)."""
        nodes = self.retriever.retrieve(question)
        retrieved = [{"file": n.node.metadata.get("file_name", ""), "page": n.node.metadata.get("page"),
                      "score": n.score} for n in nodes]
        return (nodes[0].node.get_content() if nodes else ""), retrieved
