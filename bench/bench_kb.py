"""Knowledge-base benchmark: indexing NFCorpus, and retrieval latency at 10k and 100k chunks.

Measures
  1. Indexing NFCorpus through the real pipeline (bot.evaluation.beir.index_corpus into a fresh
     temporary data dir): from scratch, a no-op re-index, and a re-index with 10% of the documents
     changed; seconds, docs/s, chunks/s, CPU seconds and peak RSS (each phase in its own process).
  2. Retrieval latency p50/p95 of KnowledgeBase.search(query, k=6) on NFCorpus dev queries (warm),
     at 10k and 100k synthetic chunks (see bench/common.py), with embedded Chroma and, with
     --with-server, a Chroma server on the same files; the snapshot load time (registry + all
     chunks read from Chroma + BM25 build) and RSS; a per-step breakdown of the hybrid search;
     and side by side BM25 alone (bm25s, same tokenizer settings as bot/kb/keyword.py) and
     dense-only retrieval through LangChain's default Chroma retriever; and, as prototypes,
     cheaper variants of a few steps timed beside the current code (bot/ is not changed).

Run (from the repository root):
  .venv/bin/python bench/bench_kb.py --with-server          # full run: ~20 min on 2 quiet cores, 30+ min when busy
  .venv/bin/python bench/bench_kb.py --quick                # smoke run, a few minutes
  .venv/bin/python bench/bench_kb.py --chroma-host H --chroma-port P   # an existing Chroma server
Results: printed, and saved to bench/results/kb.json (kb-quick.json for --quick).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import resource
import shutil
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    DEFAULT_DATASET, SYNTHETIC_NOTE, ChromaServer, SyntheticCorpus, load_corpus, load_queries, machine,
    open_kb, peak_rss_mb, run_isolated, save_results, summarize, timed,
)


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


# ----- phase 1: indexing (own process) ------------------------------------------------------
def phase_index(dataset: Path, split: str, root: Path, collection: str, host, port, limit: int | None, vectors_out: Path) -> dict:  # noqa: ANN001
    import numpy as np

    from bot.evaluation.beir import index_corpus, load_beir
    from bot.kb.embedder import MiniLMEmbedder

    data = load_beir(dataset, split)
    if limit:
        data = dataclasses.replace(data, corpus=dict(list(data.corpus.items())[:limit]))
    embedder = MiniLMEmbedder()
    model_ms, _ = timed(embedder.encode, ["warm-up"])
    kb = open_kb(root, collection, embedder, host=host, port=port)
    docs = len(data.corpus)
    out = {"docs": docs, "model_load_s": round(model_ms / 1000, 2)}

    cpu, load = cpu_seconds(), __import__("os").getloadavg()[0]
    ms, _ = timed(index_corpus, kb, data)
    chunks = kb.stats()["chunks"]
    out["scratch"] = {"seconds": round(ms / 1000, 2), "cpu_seconds": round(cpu_seconds() - cpu, 1), "chunks": chunks,
                      "docs_per_s": round(docs / (ms / 1000), 1), "chunks_per_s": round(chunks / (ms / 1000), 1),
                      "load_avg_1m_before": round(load, 2), "peak_rss_mb": peak_rss_mb()}

    noop = [timed(index_corpus, kb, data)[0] / 1000 for _ in range(5)]
    med = sorted(noop)[len(noop) // 2]
    out["noop"] = {"seconds_runs": [round(s, 3) for s in noop], "seconds": round(med, 3),
                   "seconds_per_1000_docs": round(med / docs * 1000, 3)}

    rng = random.Random(3)
    changed = set(rng.sample(sorted(data.corpus), k=docs // 10))
    corpus = {i: (dict(d, text=d["text"] + " This abstract was revised for the benchmark.") if i in changed else d) for i, d in data.corpus.items()}
    cpu = cpu_seconds()
    ms, _ = timed(index_corpus, kb, dataclasses.replace(data, corpus=corpus))
    out["changed_10pct"] = {"docs_changed": len(changed), "seconds": round(ms / 1000, 2), "cpu_seconds": round(cpu_seconds() - cpu, 1),
                            "chunks_after": kb.stats()["chunks"], "chroma_count_after": kb.store.count()}
    got = kb.store.collection.get(include=["embeddings"], limit=5000)  # real vectors for the synthetic corpus
    np.save(vectors_out, np.asarray(got["embeddings"], dtype=np.float32))
    return out


# ----- phase 2: synthetic chunks (own process) ----------------------------------------------
def phase_build(dataset: Path, root: Path, collection: str, host, port, start: int, size: int, vectors: Path) -> dict:  # noqa: ANN001
    import numpy as np

    from bot.kb.embedder import MiniLMEmbedder

    kb = open_kb(root, collection, MiniLMEmbedder(), host=host, port=port)
    return SyntheticCorpus(load_corpus(dataset), np.load(vectors), seed=start).add(kb, size - start, start=start)


# ----- phase 3: retrieval latency (own process) ---------------------------------------------
def breakdown(kb, queries: list[str]) -> dict:  # noqa: ANN001
    """The steps of KnowledgeBase.search, timed one by one (same calls, same order)."""
    from bot.kb.retrieval import fuse, keyword_candidates

    snap, w, parts = kb.snapshot(), kb.weights, defaultdict(list)
    depth = min(w.depth, len(snap.ids))
    for q in queries:
        ms, vec = timed(kb.embedder.encode, [q])
        parts["embed query"].append(ms)
        ms, got = timed(kb.store.dense_search, vec[0], k=depth)
        parts["Chroma dense_search k=100"].append(ms)
        dense = {snap.position[c]: s for c, s in got if c in snap.position}
        ms, scores = timed(snap.keyword.scores, q)
        parts["BM25 scores (all chunks)"].append(ms)
        ms, ranked = timed(keyword_candidates, scores, depth)
        parts["keyword_candidates"].append(ms)
        missing = [p for p in ranked if p not in dense]
        ms, _ = timed(kb._fill_dense, snap, dense, missing, vec[0])
        parts["_fill_dense (Chroma get embeddings)"].append(ms)
        parts["keyword-only candidates filled"].append(len(missing))
        ms, _ = timed(fuse, snap, dense, scores, k=6, weights=w, keyword_ranked=ranked, dense_ranked=list(dense))
        parts["fuse"].append(ms)
    return {name: (summarize(v) if "filled" not in name else {"mean": round(sum(v) / len(v), 1)}) for name, v in parts.items()}


def prototypes(kb, queries: list[str]) -> dict:  # noqa: ANN001
    """Cheaper variants of steps of search and of the snapshot load, timed beside the current code (bot/ unchanged)."""
    import bm25s
    from sqlalchemy import select

    from bot.db.models import Document
    from bot.db.session import transaction
    from bot.kb.base import _bump_version
    from bot.kb.retrieval import keyword_text

    snap, store, out = kb.snapshot(), kb.store, {}
    vecs = kb.embedder.encode(queries)
    ms = lambda fn: summarize([timed(fn, i)[0] for i in range(len(queries))])  # noqa: E731
    out["store.dense_search k=100 (as in bot/)"] = ms(lambda i: store.dense_search(vecs[i], k=100))
    out["collection.query k=100, ids+distances only"] = ms(
        lambda i: store.collection.query(query_embeddings=[vecs[i].tolist()], n_results=100, include=["distances"]))
    with kb.sessions() as session:
        out["registry read, ORM objects (now) s"] = round(timed(kb.registry)[0] / 1000, 2)
        out["registry read, (source, content_hash) rows (proposed) s"] = round(
            timed(lambda: dict(session.execute(select(Document.source, Document.content_hash)).all()))[0] / 1000, 2)
    out["all_chunks read, page 25000 s"] = round(timed(lambda: sum(1 for _ in store.all_chunks(page=25000)))[0] / 1000, 2)
    tok_ms, tokens = timed(snap.keyword._tokenize, [keyword_text(t, m) for t, m in zip(snap.texts, snap.metadatas)])
    out["BM25 build: tokenize + stem s"] = round(tok_ms / 1000, 2)
    out["BM25 build: bm25s index s"] = round(timed(bm25s.BM25(k1=1.2, b=0.75).index, tokens, show_progress=False)[0] / 1000, 2)
    with transaction(kb.sessions) as session:  # any add/update/remove bumps the version ...
        _bump_version(session)
    kb._checked_at = 0.0  # ... and every process notices within refresh_seconds
    out["first search after a KB change (full snapshot rebuild) s"] = round(timed(kb.search, queries[0], k=6)[0] / 1000, 2)
    return out


def phase_measure(dataset: Path, root: Path, collection: str, host, port, n_queries: int) -> dict:  # noqa: ANN001
    import bm25s
    import Stemmer
    from langchain_chroma import Chroma

    from bot.kb.embedder import MiniLMEmbedder
    from bot.kb.retrieval import Snapshot, keyword_text
    from bot.kb.store import make_chroma_client

    embedder = MiniLMEmbedder()
    embedder.encode(["warm-up"])  # model load is not part of the snapshot load
    kb = open_kb(root, collection, embedder, host=host, port=port)
    queries = load_queries(dataset)
    warm, timed_q = queries[:5], (queries * 2)[5 : 5 + n_queries]
    out = {"chunks": kb.store.count(), "queries": len(timed_q)}
    ms, snap = timed(kb.snapshot)
    out["snapshot_load_s"] = round(ms / 1000, 2)
    reg_ms, _ = timed(kb.registry)
    read_ms, rows = timed(lambda: list(kb.store.all_chunks()))
    build_ms, _ = timed(Snapshot.build, 0, rows)
    out["snapshot_parts_s"] = {"registry read": round(reg_ms / 1000, 2), "Chroma all_chunks read": round(read_ms / 1000, 2),
                               "BM25 build": round(build_ms / 1000, 2)}
    out["rss_after_snapshot_mb"] = peak_rss_mb()
    del rows

    for q in warm:
        kb.search(q, k=6)
    out["hybrid"] = summarize([timed(kb.search, q, k=6)[0] for q in timed_q])
    out["hybrid_category_filter"] = summarize([timed(kb.search, q, k=6, category="synthetic")[0] for q in timed_q[:50]])
    out["breakdown"] = breakdown(kb, timed_q[:100])
    out["prototypes"] = prototypes(kb, timed_q[:50])

    stemmer = Stemmer.Stemmer("english")
    texts = [keyword_text(t, m) for t, m in zip(snap.texts, snap.metadatas)]
    start = time.perf_counter()
    bm25 = bm25s.BM25(k1=1.2, b=0.75)
    bm25.index(bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False), show_progress=False)
    out["bm25_alone_build_s"] = round(time.perf_counter() - start, 2)

    def bm25_search(q: str):  # noqa: ANN202
        tokens = bm25s.tokenize(q, stopwords="en", stemmer=stemmer, return_ids=False, show_progress=False)
        return bm25.retrieve(tokens, k=6, show_progress=False, n_threads=0)

    for q in warm:
        bm25_search(q)
    out["bm25_alone"] = summarize([timed(bm25_search, q)[0] for q in timed_q])

    client = make_chroma_client(path=root / "chroma", host=host, port=port)
    retriever = Chroma(client=client, collection_name=collection, embedding_function=embedder).as_retriever(search_kwargs={"k": 6})
    for q in warm:
        retriever.invoke(q)
    out["dense_langchain"] = summarize([timed(retriever.invoke, q)[0] for q in timed_q])
    return out


# ----- driver -------------------------------------------------------------------------------
def row(label: str, m: dict) -> str:
    return (f"| {m['chunks']:,} | {label} | {m['hybrid']['p50_ms']} / {m['hybrid']['p95_ms']} | "
            f"{m['bm25_alone']['p50_ms']} / {m['bm25_alone']['p95_ms']} | {m['dense_langchain']['p50_ms']} / {m['dense_langchain']['p95_ms']} | "
            f"{m['snapshot_load_s']} | {m['peak_rss_mb']:.0f}{' + server ' + format(m['server_peak_rss_mb'], '.0f') if 'server_peak_rss_mb' in m else ''} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--quick", action="store_true", help="smoke run: 300 documents, 2k/5k chunks, 30 queries")
    ap.add_argument("--chroma-host", help="use this Chroma server instead of embedded Chroma")
    ap.add_argument("--chroma-port", type=int, default=8000)
    ap.add_argument("--with-server", action="store_true", help="also measure retrieval through a Chroma server started here")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--keep", action="store_true", help="keep the temporary data dir")
    args = ap.parse_args()
    sizes = (2_000, 5_000) if args.quick else (10_000, 100_000)
    n_queries = 30 if args.quick else args.queries
    host, port = args.chroma_host, args.chroma_port
    suffix = f"-{uuid.uuid4().hex[:8]}" if host else ""  # our own collections on a shared server
    coll_index, coll_synth = f"bench-nfcorpus{suffix}", f"bench-synthetic{suffix}"
    tmp = Path(tempfile.mkdtemp(prefix="bench-kb-"))
    backend = f"server {host}:{port}" if host else "embedded"
    results: dict = {"command": " ".join([".venv/bin/python", *sys.argv]), "machine": machine(), "synthetic": SYNTHETIC_NOTE,
                     "backend": backend, "retrieval": {}}
    print(f"temporary data in {tmp}; {results['machine']}", flush=True)
    try:
        vectors = tmp / "nfcorpus-vectors.npy"
        idx = run_isolated(phase_index, args.dataset, args.split, tmp / "nfcorpus", coll_index, host, port, 300 if args.quick else None, vectors)
        results["indexing"] = idx
        print(f"indexing: {idx}", flush=True)
        have = 0
        for size in sizes:
            res = results["retrieval"][str(size)] = {}
            res["build"] = run_isolated(phase_build, args.dataset, tmp / "synthetic", coll_synth, host, port, have, size, vectors)
            have = size
            print(f"{size:,} chunks: built {res['build']}", flush=True)
            res[backend] = run_isolated(phase_measure, args.dataset, tmp / "synthetic", coll_synth, host, port, n_queries)
            print(f"  {backend}: {res[backend]}", flush=True)
            if args.with_server and not host:
                with ChromaServer(tmp / "synthetic" / "chroma") as server:
                    m = run_isolated(phase_measure, args.dataset, tmp / "synthetic", coll_synth, server.host, server.port, n_queries)
                    m.update(server.memory_mb())
                res["server (chroma run, same files)"] = m
                print(f"  server: {m}", flush=True)
    finally:
        if host:  # leave nothing behind on someone else's server
            import chromadb

            client = chromadb.HttpClient(host=host, port=port)
            for name in (coll_index, coll_synth):
                try:
                    client.delete_collection(name)
                except Exception:  # noqa: BLE001
                    pass
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    path = save_results("kb-quick" if args.quick else "kb", results)

    s, n, c = idx["scratch"], idx["noop"], idx["changed_10pct"]
    print(f"\nIndexing {idx['docs']:,} docs -> {s['chunks']:,} chunks: {s['seconds']} s ({s['docs_per_s']} docs/s, "
          f"{s['chunks_per_s']} chunks/s, {s['cpu_seconds']} CPU s); no-op {n['seconds']} s ({n['seconds_per_1000_docs']} s/1k docs); "
          f"10% changed {c['seconds']} s; peak RSS {s['peak_rss_mb']:.0f} MB")
    print("\n| chunks | Chroma | hybrid KB.search p50 / p95 ms | BM25 alone p50 / p95 ms | dense LangChain p50 / p95 ms | snapshot load s | peak RSS MB |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for size, res in results["retrieval"].items():
        for label, m in res.items():
            if label != "build":
                print(row(label, m))
    for label, m in results["retrieval"][str(sizes[-1])].items():
        if label != "build":
            print(f"\nat {sizes[-1]:,} chunks, {label}: " + "; ".join(f"{k}: {v.get('p50_ms', v) if isinstance(v, dict) else v}"
                                                              for k, v in m["prototypes"].items()))
    print(f"\n{SYNTHETIC_NOTE}\nsaved {path}")


if __name__ == "__main__":
    main()
