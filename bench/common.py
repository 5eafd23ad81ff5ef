"""Shared helpers for the benchmarks: statistics, RSS, isolated phases, a Chroma server, a synthetic corpus.

The synthetic corpus stands in for a large knowledge base that would take ~40 min to embed on
2 cores: chunk texts are sentences sampled from the NFCorpus corpus (realistic BM25 vocabulary)
and vectors are real MiniLM embeddings of NFCorpus chunks plus Gaussian noise, renormalised.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import platform
import re
import resource
import socket
import statistics
import subprocess
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
VENV_BIN = ROOT / ".venv" / "bin"
DEFAULT_DATASET = Path("/work/shared/eval/nfcorpus-dev")
NOISE_SIGMA = 0.03  # per dimension; |noise| ~ 0.6, cosine to the base vector ~ 0.86
SYNTHETIC_NOTE = (
    "synthetic chunks: texts are NFCorpus sentences sampled at random (400-1,900 characters per chunk), "
    f"vectors are real MiniLM embeddings of NFCorpus chunks plus Gaussian noise (sigma {NOISE_SIGMA} per "
    "dimension), renormalised; registry rows (one document per 2 chunks) are bulk-inserted"
)


# ----- statistics and resources -------------------------------------------------------------
def summarize(ms: list[float]) -> dict:
    """p50/p95/mean of latencies in milliseconds."""
    arr = np.asarray(ms, dtype=np.float64)
    if not arr.size:
        return {"n": 0}
    return {"n": int(arr.size), "p50_ms": round(float(np.percentile(arr, 50)), 2),
            "p95_ms": round(float(np.percentile(arr, 95)), 2), "mean_ms": round(float(arr.mean()), 2)}


def timed(fn, *args, **kwargs) -> tuple[float, object]:  # noqa: ANN001
    """(milliseconds, result) of one call."""
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return (time.perf_counter() - start) * 1000.0, out


def peak_rss_mb() -> float:
    """Peak resident set size of this process (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def _call_with_rss(fn, args, kwargs):  # noqa: ANN001, ANN202
    result = fn(*args, **kwargs)
    result["peak_rss_mb"] = peak_rss_mb()
    result["load_avg_1m_at_end"] = round(os.getloadavg()[0], 2)  # other work on the machine skews timings
    return result


def run_isolated(fn, *args, **kwargs) -> dict:  # noqa: ANN001
    """Run fn(*args) in a fresh (spawned) process so its peak RSS and caches are its own."""
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        return pool.submit(_call_with_rss, fn, args, kwargs).result()


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()
                if line.startswith("Model name")), platform.processor())
    import chromadb

    commit = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True).stdout.strip()
    return {"git": commit, "cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
            "python": platform.python_version(), "chromadb": chromadb.__version__,
            "date_utc": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "load_avg_at_start": os.getloadavg()}


def save_results(name: str, payload: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


# ----- a Chroma server ----------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ChromaServer:
    """`chroma run` on a persistence folder, started and stopped by us (by pid)."""

    def __init__(self, path: Path, port: int | None = None) -> None:
        self.path, self.port, self.host = Path(path), port or free_port(), "127.0.0.1"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "ChromaServer":
        import httpx

        self.log = open(self.path.parent / f"chroma-server-{self.port}.log", "wb")  # noqa: SIM115
        cmd = [str(VENV_BIN / "chroma"), "run", "--path", str(self.path), "--host", self.host, "--port", str(self.port)]
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chroma run exited with {self.proc.returncode}; see {self.log.name}")
            try:
                if httpx.get(f"http://{self.host}:{self.port}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("chroma run did not answer within 120 s")

    def memory_mb(self) -> dict:
        """Current and peak RSS of the server process (VmRSS, VmHWM)."""
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        get = lambda key: round(int(re.search(rf"^{key}:\s+(\d+)", status, re.M).group(1)) / 1024, 1)  # noqa: E731
        return {"server_rss_mb": get("VmRSS"), "server_peak_rss_mb": get("VmHWM")}

    def __exit__(self, *exc) -> None:  # noqa: ANN002
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


# ----- data ---------------------------------------------------------------------------------
def load_corpus(dataset: Path) -> list[dict]:
    with (dataset / "corpus.jsonl").open(encoding="utf-8") as fh:
        return [{"id": str(r["_id"]), "title": r.get("title") or "", "text": r.get("text") or ""} for r in map(json.loads, fh) if r]


def load_queries(dataset: Path) -> list[str]:
    with (dataset / "queries.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


def open_kb(root: Path, collection: str, embedder, *, host: str | None = None, port: int = 8000):  # noqa: ANN001, ANN201
    """A KnowledgeBase with its registry in root/registry.sqlite3 and chunks in Chroma (embedded or a server),
    built like bot.evaluation.workspace.dataset_knowledge_base."""
    from bot.db.session import make_engine, make_session_factory, migrate
    from bot.kb.base import KnowledgeBase
    from bot.kb.store import ChunkStore, make_chroma_client

    root.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{(root / 'registry.sqlite3').resolve()}")
    migrate(engine)
    client = make_chroma_client(path=root / "chroma", host=host, port=port)
    store = ChunkStore(client, collection, embedder, f"Chroma at {host}:{port}" if host else f"Chroma files in {root}")
    return KnowledgeBase(sessions=make_session_factory(engine), store=store, embedder=embedder)


def real_vectors(embedder, corpus: list[dict], n: int = 2000, seed: int = 7) -> np.ndarray:  # noqa: ANN001
    """Real MiniLM embeddings of n NFCorpus documents (title + start of the abstract)."""
    rng = np.random.default_rng(seed)
    picked = rng.choice(len(corpus), size=min(n, len(corpus)), replace=False)
    return embedder.encode([f"{corpus[i]['title']}\n{corpus[i]['text'][:1500]}" for i in picked])


class SyntheticCorpus:
    """Chunk texts from NFCorpus sentences and noisy copies of real vectors."""

    def __init__(self, corpus: list[dict], base_vectors: np.ndarray, seed: int = 11) -> None:
        self.sentences = [s.strip() for d in corpus for s in re.split(r"(?<=[.!?])\s+", d["text"]) if len(s.strip()) > 20]
        self.titles = [d["title"] for d in corpus if d["title"]]
        self.base = np.asarray(base_vectors, dtype=np.float32)
        self.rng = np.random.default_rng(seed)

    def text(self) -> str:
        target, parts, size = int(self.rng.integers(400, 1900)), [], 0
        while size < target:
            s = self.sentences[int(self.rng.integers(len(self.sentences)))]
            parts.append(s)
            size += len(s) + 1
        return " ".join(parts)[:1990]

    def vectors(self, n: int) -> np.ndarray:
        v = self.base[self.rng.integers(len(self.base), size=n)] + self.rng.normal(0, NOISE_SIGMA, (n, self.base.shape[1])).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    def add(self, kb, n_chunks: int, *, start: int = 0, category: str = "synthetic", batch: int = 5000) -> dict:  # noqa: ANN001
        """Write n_chunks synthetic chunks (2 per document) with ChunkStore.upsert plus the matching registry rows."""
        from sqlalchemy import insert

        from bot.db.models import Document, utcnow
        from bot.db.session import transaction
        from bot.kb.base import _bump_version, chunk_id

        assert start % 2 == 0 and batch % 2 == 0, "documents (2 chunks each) must not straddle batches"
        started = time.perf_counter()
        for lo in range(start, start + n_chunks, batch):
            hi = min(lo + batch, start + n_chunks)
            ids, texts, metas, docs = [], [], [], {}
            for c in range(lo, hi):
                d = c // 2
                source = f"synthetic/{d:07d}"
                if source not in docs:
                    title = self.titles[int(self.rng.integers(len(self.titles)))]
                    docs[source] = {"source": source, "title": title[:500], "category": category,
                                    "content_hash": hashlib.sha256(source.encode()).hexdigest(), "chunk_count": 0,
                                    "size_bytes": 0, "origin": "dataset", "added_by": "bench", "added_at": utcnow(), "indexed_at": utcnow()}
                doc = docs[source]
                text = self.text()
                metas.append({"source": source, "title": doc["title"], "category": category, "updated": "", "url": "",
                              "doc_hash": doc["content_hash"], "section": "", "chunk": c % 2})
                ids.append(chunk_id(source, doc["content_hash"], c % 2))
                texts.append(text)
                doc["chunk_count"] += 1
                doc["size_bytes"] += len(text)
            kb.store.upsert(ids, texts, self.vectors(len(ids)), metas)
            with transaction(kb.sessions) as session:
                session.execute(insert(Document), list(docs.values()))
                _bump_version(session)
        return {"chunks_added": n_chunks, "seconds": round(time.perf_counter() - started, 2)}
