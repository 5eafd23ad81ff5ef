"""Hybrid retrieval: dense vectors (Chroma) and BM25 keywords, fused by weighted reciprocal rank."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bot.kb.keyword import KeywordIndex


@dataclass
class Hit:
    chunk_id: str
    text: str
    metadata: dict
    score: float  # fused score, comparable within one query
    dense: float = 0.0  # cosine similarity of the query to the chunk
    keyword: float = 0.0  # BM25 score
    dense_rank: int | None = None
    keyword_rank: int | None = None

    @property
    def source(self) -> str:
        return self.metadata.get("source", "")

    @property
    def title(self) -> str:
        return self.metadata.get("title", "")

    @property
    def section(self) -> str:
        return self.metadata.get("section", "")


@dataclass
class FusionWeights:
    dense: float = 1.0
    keyword: float = 1.0
    rrf_k: int = 60
    depth: int = 100  # candidates taken from each side before fusion


@dataclass
class Snapshot:
    """The chunks the registry says are current, with a BM25 index over them."""

    version: int
    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    metadatas: list[dict] = field(default_factory=list)
    keyword: KeywordIndex | None = None
    position: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, version: int, rows: list[tuple[str, str, dict]]) -> "Snapshot":
        snap = cls(version=version)
        for chunk_id, text, meta in rows:
            snap.position[chunk_id] = len(snap.ids)
            snap.ids.append(chunk_id)
            snap.texts.append(text)
            snap.metadatas.append(meta)
        snap.keyword = KeywordIndex()
        snap.keyword.build([keyword_text(t, m) for t, m in zip(snap.texts, snap.metadatas)])
        return snap


def keyword_text(text: str, meta: dict) -> str:
    # The title and section name what a passage is about; counting them gives BM25 a field weight.
    title = meta.get("title", "")
    section = meta.get("section", "")
    return f"{title}\n{section}\n{text}"


def embedding_text(text: str, meta: dict) -> str:
    head = " — ".join(p for p in (meta.get("title", ""), meta.get("section", "")) if p)
    return f"{head}\n{text}" if head else text


def fuse(
    snapshot: Snapshot,
    dense: list[tuple[str, float]],
    keyword_scores: np.ndarray,
    *,
    k: int,
    weights: FusionWeights,
    allowed: np.ndarray | None = None,
) -> list[Hit]:
    """Weighted reciprocal-rank fusion of the dense and keyword rankings."""
    fused: dict[int, Hit] = {}
    for rank, (chunk_id, sim) in enumerate(dense, 1):
        pos = snapshot.position.get(chunk_id)
        if pos is None:  # a chunk the registry does not (or no longer) count as current
            continue
        hit = _hit(snapshot, pos, fused)
        hit.dense, hit.dense_rank = sim, rank
        hit.score += weights.dense / (weights.rrf_k + rank)
    if keyword_scores.size:
        scores = keyword_scores if allowed is None else np.where(allowed, keyword_scores, 0.0)
        depth = min(weights.depth, int(np.count_nonzero(scores)))
        if depth:
            top = np.argpartition(-scores, depth - 1)[:depth]
            top = top[np.argsort(-scores[top], kind="stable")]
            for rank, pos in enumerate(top.tolist(), 1):
                hit = _hit(snapshot, pos, fused)
                hit.keyword, hit.keyword_rank = float(scores[pos]), rank
                hit.score += weights.keyword / (weights.rrf_k + rank)
    return sorted(fused.values(), key=lambda h: -h.score)[:k]


def _hit(snapshot: Snapshot, pos: int, fused: dict[int, Hit]) -> Hit:
    hit = fused.get(pos)
    if hit is None:
        hit = Hit(chunk_id=snapshot.ids[pos], text=snapshot.texts[pos], metadata=snapshot.metadatas[pos], score=0.0)
        fused[pos] = hit
    return hit
