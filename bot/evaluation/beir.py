"""Retrieval evaluation on BEIR-layout data: nDCG@10, Recall@10 and MRR@10.

The corpus goes through the same pipeline as the knowledge folder (chunking, embedding, Chroma,
BM25, fusion); documents are ranked by their best chunk (max pooling).
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.errors import InvalidInput
from bot.kb.base import KnowledgeBase, PreparedDocument, content_hash
from bot.kb.chunking import chunk_markdown
from bot.kb.retrieval import FusionWeights


@dataclass
class BeirData:
    corpus: dict[str, dict]
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]
    fingerprint: str


def load_beir(directory: Path, split: str) -> BeirData:
    corpus_file, queries_file, qrels_file = directory / "corpus.jsonl", directory / "queries.jsonl", directory / "qrels" / f"{split}.tsv"
    for f in (corpus_file, queries_file, qrels_file):
        if not f.is_file():
            raise InvalidInput(f"{f} is missing; a BEIR dataset has corpus.jsonl, queries.jsonl and qrels/{split}.tsv")
    digest = hashlib.sha256()
    corpus: dict[str, dict] = {}
    with corpus_file.open("rb") as fh:
        for line_no, raw in enumerate(fh, 1):
            digest.update(raw)
            if not raw.strip():
                continue
            try:
                row = json.loads(raw)
                corpus[str(row["_id"])] = {"title": row.get("title") or "", "text": row.get("text") or ""}
            except (ValueError, KeyError) as exc:
                raise InvalidInput(f"{corpus_file}:{line_no}: not a corpus record ({exc})") from exc
    queries = {}
    with queries_file.open(encoding="utf-8") as fh:
        for raw in fh:
            if raw.strip():
                row = json.loads(raw)
                queries[str(row["_id"])] = row["text"]
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    with qrels_file.open(encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter="\t")
        for row in reader:
            if len(row) < 3 or row[0] == "query-id":
                continue
            if int(row[2]) > 0:
                qrels[row[0]][row[1]] = int(row[2])
    queries = {q: t for q, t in queries.items() if q in qrels}
    return BeirData(corpus=corpus, queries=queries, qrels=dict(qrels), fingerprint=digest.hexdigest()[:16])


def index_corpus(kb: KnowledgeBase, data: BeirData, *, batch: int = 256, progress: Callable[[int, int], None] | None = None) -> int:
    """Index the corpus (incrementally: an unchanged corpus costs one registry read)."""
    known = {s: d.content_hash for s, d in kb.registry().items()}
    pending: list[PreparedDocument] = []
    ids = list(data.corpus)
    for n, doc_id in enumerate(ids, 1):
        doc = data.corpus[doc_id]
        raw = f"{doc['title']}\n\n{doc['text']}".encode()
        doc_hash = content_hash(raw)
        if known.get(doc_id) != doc_hash:
            chunks = chunk_markdown(doc["text"] or doc["title"], title=doc["title"])
            pending.append(PreparedDocument(source=doc_id, doc_hash=doc_hash, title=doc["title"], chunks=chunks,
                                            size_bytes=len(raw), origin="dataset"))
        if len(pending) >= batch or n == len(ids):
            kb.write_documents(pending, actor="eval")
            pending = []
            if progress:
                progress(n, len(ids))
    return len(ids)


def evaluate(kb: KnowledgeBase, data: BeirData, *, weights: FusionWeights | None = None, mode: str = "hybrid", k: int = 10) -> dict:
    started = time.perf_counter()
    w = weights or kb.weights
    if mode == "dense":
        w = FusionWeights.dense_only(w.depth)
    elif mode == "bm25":
        w = FusionWeights.keyword_only(w.depth)
    totals = {"ndcg@10": 0.0, "recall@10": 0.0, "mrr@10": 0.0}
    for qid, text in data.queries.items():
        ranked = rank_documents(kb, text, w, k=k)
        scores = score_ranking(ranked, data.qrels[qid], k=k)
        for key in totals:
            totals[key] += scores[key]
    n = max(len(data.queries), 1)
    result = {key: round(value / n, 4) for key, value in totals.items()}
    result.update(queries=len(data.queries), seconds=round(time.perf_counter() - started, 2))
    return result


def rank_documents(kb: KnowledgeBase, query: str, weights: FusionWeights, *, k: int) -> list[str]:
    hits = kb.search(query, k=weights.depth, weights=weights)
    ranked: list[str] = []
    for hit in hits:  # hits are sorted; the first chunk of a document is its best
        if hit.source not in ranked:
            ranked.append(hit.source)
        if len(ranked) == k:
            break
    return ranked


def score_ranking(ranked: list[str], relevant: dict[str, int], *, k: int = 10) -> dict[str, float]:
    dcg = sum((2 ** relevant.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    hits = [d for d in ranked[:k] if d in relevant]
    first = next((i for i, d in enumerate(ranked[:k]) if d in relevant), None)
    return {
        "ndcg@10": dcg / idcg if idcg else 0.0,
        "recall@10": len(hits) / len(relevant) if relevant else 0.0,
        "mrr@10": 1.0 / (first + 1) if first is not None else 0.0,
    }
