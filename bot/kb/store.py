"""The Chroma vector store: embedded (persistent under BOT_DATA_DIR) or a Chroma server."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

from bot.errors import KnowledgeBaseUnavailable

log = logging.getLogger(__name__)

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def make_chroma_client(*, path: Path | None = None, host: str | None = None, port: int = 8000):  # noqa: ANN201
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if host:
            return chromadb.HttpClient(host=host, port=port, settings=chroma_settings)
        assert path is not None
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as exc:  # the client raises plain ValueError/ConnectionError variants
        where = f"Chroma server {host}:{port}" if host else f"Chroma files in {path}"
        raise KnowledgeBaseUnavailable(where, exc) from exc


class ChunkStore:
    """Chunk vectors, text and metadata in one Chroma collection.

    Writes go through the chromadb collection with vectors computed here, so Chroma never
    needs (or downloads) an embedding model of its own. Dense search goes through LangChain's
    Chroma vector store on the same collection.
    """

    def __init__(self, client, collection_name: str, embedder, where: str) -> None:  # noqa: ANN001
        from langchain_chroma import Chroma

        self.where = where
        self.collection_name = collection_name
        self.embedder = embedder
        try:
            self.vectorstore = Chroma(
                client=client,
                collection_name=collection_name,
                embedding_function=embedder,
                # Wider HNSW search than the default: the approximate top-100 lost 6% of the exact one.
                collection_metadata={
                    "hnsw:space": "cosine", "hnsw:construction_ef": 200, "hnsw:M": 32, "hnsw:search_ef": 200,
                    "embedding_model": "all-MiniLM-L6-v2-int8",
                },
            )
            self.collection = self.vectorstore._collection  # the same collection object LangChain created
        except Exception as exc:
            raise KnowledgeBaseUnavailable(where, exc) from exc

    def _guard(self, fn, *args, **kwargs):  # noqa: ANN001, ANN202
        try:
            return fn(*args, **kwargs)
        except KnowledgeBaseUnavailable:
            raise
        except Exception as exc:
            if _is_connection_error(exc):
                raise KnowledgeBaseUnavailable(self.where, exc) from exc
            raise

    def count(self) -> int:
        return self._guard(self.collection.count)

    def upsert(self, ids: Sequence[str], texts: Sequence[str], embeddings, metadatas: Sequence[dict]) -> None:  # noqa: ANN001
        batch = 1000
        for start in range(0, len(ids), batch):
            self._guard(
                self.collection.upsert,
                ids=list(ids[start : start + batch]),
                documents=list(texts[start : start + batch]),
                embeddings=[list(map(float, v)) for v in embeddings[start : start + batch]],
                metadatas=list(metadatas[start : start + batch]),
            )

    def ids_for_sources(self, sources: Sequence[str]) -> list[str]:
        ids: list[str] = []
        for start in range(0, len(sources), 500):
            part = list(sources[start : start + 500])
            where = {"source": part[0]} if len(part) == 1 else {"source": {"$in": part}}
            ids.extend(self._guard(self.collection.get, where=where, include=[])["ids"])
        return ids

    def delete_ids(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), 1000):
            self._guard(self.collection.delete, ids=list(ids[start : start + 1000]))

    def all_chunks(self, page: int = 5000):  # noqa: ANN201
        """Yield (id, text, metadata) for every chunk, paged so 100k chunks stay cheap."""
        offset = 0
        while True:
            got = self._guard(self.collection.get, include=["documents", "metadatas"], limit=page, offset=offset)
            if not got["ids"]:
                return
            yield from zip(got["ids"], got["documents"], got["metadatas"])
            if len(got["ids"]) < page:
                return
            offset += page

    def get_embeddings(self, ids: Sequence[str]) -> dict:
        got = self._guard(self.collection.get, ids=list(ids), include=["embeddings"])
        return dict(zip(got["ids"], got["embeddings"]))

    def dense_search(self, vector, k: int, where: dict | None = None) -> list[tuple[str, float]]:  # noqa: ANN001
        """(chunk id, cosine similarity) of the k nearest chunks.

        Asks the collection for ids and distances only: fusion needs no text here (the snapshot has it),
        and leaving documents and metadata out takes a k=100 search at 100k chunks from ~10 to ~2.5 ms.
        """
        got = self._guard(self.collection.query, query_embeddings=[list(map(float, vector))], n_results=k,
                          where=where, include=["distances"])
        # In the cosine space Chroma returns the distance: similarity = 1 - distance.
        return [(cid, 1.0 - float(distance)) for cid, distance in zip(got["ids"][0], got["distances"][0])]


def _is_connection_error(exc: Exception) -> bool:
    import httpx

    if isinstance(exc, (httpx.TransportError, ConnectionError, TimeoutError)):
        return True
    text = f"{exc.__class__.__name__}: {exc}".lower()
    return any(s in text for s in ("connect", "could not reach", "timed out", "remote end closed"))
