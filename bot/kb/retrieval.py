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
    """Convex fusion of z-normalised scores: alpha * dense + (1 - alpha) * keyword.

    Tuned on the NFCorpus dev split (`python -m bot eval retrieval`, 2026-12-02): alpha 0.6 is best
    (nDCG@10 0.3374 at depth 200; 0.55: 0.3334, 0.65: 0.3355), ahead of reciprocal-rank fusion (0.330).
    """

    dense: float = 0.6
    keyword: float = 0.4
    depth: int = 200  # candidates taken from each side before fusion (NFCorpus dev: 100 gives 0.3356)

    @classmethod
    def dense_only(cls, depth: int = 100) -> "FusionWeights":
        return cls(dense=1.0, keyword=0.0, depth=depth)

    @classmethod
    def keyword_only(cls, depth: int = 100) -> "FusionWeights":
        return cls(dense=0.0, keyword=1.0, depth=depth)


@dataclass
class Snapshot:
    """The chunks the registry says are current, with a BM25 index over them."""

    version: int
    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    metadatas: list[dict] = field(default_factory=list)
    keyword: KeywordIndex | None = None
    position: dict[str, int] = field(default_factory=dict)
    categories: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))
    _headings: dict[str, str] | None = field(default=None, repr=False, compare=False)

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
        snap.categories = np.array([m.get("category") or "" for m in snap.metadatas], dtype=object)
        return snap

    def headings(self, source: str) -> str:
        """Every section heading of one document, joined (built once per snapshot, on first use)."""
        if getattr(self, "_headings", None) is None:  # a snapshot saved before this field existed has none
            by_source: dict[str, list[str]] = {}
            for meta in self.metadatas:
                sections = by_source.setdefault(meta.get("source", ""), [])
                if meta.get("section") and meta["section"] not in sections:
                    sections.append(meta["section"])
            self._headings = {s: " · ".join(v) for s, v in by_source.items()}
        return self._headings.get(source, "")

    def category_mask(self, category: str) -> np.ndarray:
        return self.categories == category


def keyword_text(text: str, meta: dict) -> str:
    # The title and section name what a passage is about; counting them gives BM25 a field weight.
    title = meta.get("title", "")
    section = meta.get("section", "")
    return f"{title}\n{section}\n{text}"


def embedding_text(text: str, meta: dict) -> str:
    head = " — ".join(p for p in (meta.get("title", ""), meta.get("section", "")) if p)
    return f"{head}\n{text}" if head else text


def keyword_candidates(scores: np.ndarray, depth: int, allowed: np.ndarray | None = None) -> list[int]:
    """Positions of the best-scoring chunks by BM25, best first."""
    if not scores.size:
        return []
    if allowed is not None:
        scores = np.where(allowed, scores, 0.0)
    depth = min(depth, int(np.count_nonzero(scores)))
    if not depth:
        return []
    top = np.argpartition(-scores, depth - 1)[:depth]
    return top[np.argsort(-scores[top], kind="stable")].tolist()


def fuse(
    snapshot: Snapshot,
    dense: dict[int, float],
    keyword_scores: np.ndarray,
    *,
    k: int,
    weights: FusionWeights,
    keyword_ranked: list[int],
    dense_ranked: list[int],
) -> list[Hit]:
    """Fuse the candidates of both sides; `dense` holds the cosine similarity of every candidate."""
    candidates = list(dict.fromkeys(dense_ranked + keyword_ranked))
    if not candidates:
        return []
    d = np.array([dense.get(p, 0.0) for p in candidates], dtype=np.float64)
    b = np.array([float(keyword_scores[p]) if keyword_scores.size else 0.0 for p in candidates], dtype=np.float64)
    fused = weights.dense * _z(d) + weights.keyword * _z(b)
    d_rank = {p: r for r, p in enumerate(dense_ranked, 1)}
    k_rank = {p: r for r, p in enumerate(keyword_ranked, 1)}
    hits = [
        Hit(chunk_id=snapshot.ids[p], text=snapshot.texts[p], metadata=snapshot.metadatas[p], score=float(f),
            dense=float(dv), keyword=float(bv), dense_rank=d_rank.get(p), keyword_rank=k_rank.get(p))
        for p, f, dv, bv in zip(candidates, fused, d, b)
    ]
    hits.sort(key=lambda h: -h.score)
    return hits[:k]


def _z(values: np.ndarray) -> np.ndarray:
    """z-normalise within one query's candidates, so the two score scales become comparable."""
    std = values.std()
    return (values - values.mean()) / std if std > 1e-9 else np.zeros_like(values)
