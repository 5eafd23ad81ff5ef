"""The knowledge base: a document registry (database), chunk vectors (Chroma) and a BM25 index.

Consistency rule: the registry row of a document names the content hash whose chunks are
current. New chunks are written before the row changes and old ones deleted after, so a crash
at any point leaves either the old or the new version visible, never a mix; chunks that no row
points at are invisible to search and removed by the next indexing run.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass

import numpy as np

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import AuditEntry, Document, KnowledgeState, utcnow
from bot.db.session import transaction
from bot.kb.chunking import Chunk
from bot.kb.retrieval import FusionWeights, Hit, Snapshot, embedding_text, fuse, keyword_candidates
from bot.kb.snapshot_cache import SnapshotCache, fingerprint
from bot.kb.store import ChunkStore

log = logging.getLogger(__name__)

# Bump when chunking or embedding changes, so every document is re-indexed once.
PIPELINE_VERSION = "7"  # 3: table rows with headers, dates from every format, the example mark; 4: PDF tables, Markdown soft breaks, row-number columns; 5: tables chunked apart from prose; 6: wrapped text lines starting with a number rejoin their sentence; 7: HTML paragraphs wrapped in the source read as one line


@dataclass
class PreparedDocument:
    """A loaded, chunked document ready to be written."""

    source: str
    doc_hash: str
    title: str
    chunks: list[Chunk]
    category: str | None = None
    updated: str | None = None
    url: str | None = None
    size_bytes: int = 0
    origin: str = "folder"
    root: str | None = None
    stored_path: str | None = None
    added_by: str | None = None
    example: bool = False


@dataclass
class DocumentInfo:
    source: str
    title: str
    category: str | None
    updated: str | None
    url: str | None
    chunks: int
    size_bytes: int
    origin: str
    added_by: str | None
    indexed_at: str
    example: bool = False


def content_hash(data: bytes) -> str:
    return hashlib.sha256(PIPELINE_VERSION.encode() + b"\0" + data).hexdigest()


def chunk_id(source: str, doc_hash: str, index: int) -> str:
    return f"{hashlib.sha1(source.encode()).hexdigest()[:16]}-{doc_hash[:16]}-{index:05d}"


class KnowledgeBase:
    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        store: ChunkStore,
        embedder,  # noqa: ANN001
        weights: FusionWeights | None = None,
        refresh_seconds: float = 2.0,
        cache: SnapshotCache | None = None,
    ) -> None:
        self.sessions = sessions
        self.store = store
        self.embedder = embedder
        self.weights = weights or FusionWeights()
        self.refresh_seconds = refresh_seconds
        self._snapshot: Snapshot | None = None
        self._cache = cache
        self._checked_at = 0.0
        self._lock = threading.Lock()

    # ----- registry -------------------------------------------------------------------------
    def registry(self) -> dict[str, Document]:
        with self.sessions() as session:
            return {d.source: d for d in session.scalars(select(Document))}

    def list_documents(self) -> list[DocumentInfo]:
        with self.sessions() as session:
            docs = session.scalars(select(Document).order_by(Document.category, Document.source)).all()
        return [
            DocumentInfo(
                source=d.source, title=d.title, category=d.category, updated=d.updated, url=d.url,
                chunks=d.chunk_count, size_bytes=d.size_bytes, origin=d.origin, added_by=d.added_by,
                indexed_at=d.indexed_at.isoformat(timespec="seconds") if d.indexed_at else "",
                example=bool(d.example),
            )
            for d in docs
        ]

    def version(self) -> int:
        with self.sessions() as session:
            state = session.get(KnowledgeState, 1)
            return state.version if state else 0

    def stats(self) -> dict:
        docs = self.list_documents()
        newest = max((d.indexed_at for d in docs), default=None)
        return {"documents": len(docs), "chunks": sum(d.chunks for d in docs), "last_indexed": newest}

    # ----- writing --------------------------------------------------------------------------
    def write_documents(self, docs: list[PreparedDocument], *, actor: str = "index_docs") -> None:
        """Replace these documents' chunks with new ones, crash-safely, in one batch."""
        if not docs:
            return
        ids: list[str] = []
        texts: list[str] = []
        metas: list[dict] = []
        for doc in docs:
            base_meta = {
                "source": doc.source, "title": doc.title, "category": doc.category or "",
                "updated": doc.updated or "", "url": doc.url or "", "doc_hash": doc.doc_hash,
                "example": bool(doc.example),
            }
            for c in doc.chunks:
                ids.append(chunk_id(doc.source, doc.doc_hash, c.index))
                texts.append(c.text)
                metas.append(dict(base_meta, section=c.section, chunk=c.index))
        vectors = self.embedder.encode([embedding_text(t, m) for t, m in zip(texts, metas)])
        self.store.upsert(ids, texts, vectors, metas)  # 1. new chunks, invisible until the registry points at them
        with transaction(self.sessions) as session:  # 2. the registry switches to them
            for doc in docs:
                row = session.get(Document, doc.source)
                action = "kb.update" if row else "kb.add"
                if row is None:
                    row = Document(source=doc.source, added_by=doc.added_by or actor, added_at=utcnow())
                    session.add(row)
                row.title, row.category, row.updated, row.url = doc.title, doc.category, doc.updated, doc.url
                row.content_hash, row.chunk_count, row.size_bytes = doc.doc_hash, len(doc.chunks), doc.size_bytes
                row.origin, row.root, row.stored_path, row.indexed_at = doc.origin, doc.root, doc.stored_path, utcnow()
                row.example = bool(doc.example)
                session.add(AuditEntry(actor=actor, action=action, target=doc.source, detail={"chunks": len(doc.chunks)}))
            _bump_version(session)
        self._checked_at = 0.0  # this process sees its own change at once
        keep = set(ids)
        stale = [i for i in self.store.ids_for_sources([d.source for d in docs]) if i not in keep]
        self.store.delete_ids(stale)  # 3. old chunks go

    def remove_document(self, source: str, *, actor: str = "index_docs") -> bool:
        with transaction(self.sessions) as session:
            doc = session.get(Document, source)
            if doc is None:
                return False
            session.delete(doc)
            session.add(AuditEntry(actor=actor, action="kb.remove", target=source, detail={}))
            _bump_version(session)
        self._checked_at = 0.0
        self.store.delete_ids(self.store.ids_for_sources([source]))
        return True

    def collect_garbage(self) -> int:
        """Delete chunks that no registry row points at (left over by an interrupted run)."""
        current = {s: d.content_hash for s, d in self.registry().items()}
        orphans = [cid for cid, _, meta in self.store.all_chunks() if current.get(meta.get("source")) != meta.get("doc_hash")]
        self.store.delete_ids(orphans)
        return len(orphans)

    def reset(self, *, actor: str = "index_docs") -> None:
        with transaction(self.sessions) as session:
            session.execute(delete(Document))
            session.add(AuditEntry(actor=actor, action="kb.rebuild", target=None, detail={}))
            _bump_version(session)
        self._checked_at = 0.0
        self.store.delete_ids([cid for cid, _, _ in self.store.all_chunks()])

    # ----- searching ------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        now = time.monotonic()
        snap = self._snapshot
        if snap is not None and now - self._checked_at < self.refresh_seconds:
            return snap
        version = self.version()
        with self._lock:
            self._checked_at = time.monotonic()
            if self._snapshot is None or self._snapshot.version != version:
                self._snapshot = self._load_snapshot(version)
            return self._snapshot

    def _load_snapshot(self, version: int) -> Snapshot:
        with self.sessions() as session:
            current = {source: digest for source, digest in session.execute(select(Document.source, Document.content_hash))}
        key = None
        if self._cache is not None:
            key = fingerprint(self.store.collection_name, list(current.items()), self.store.count())
            cached = self._cache.load(key)
            if cached is not None:
                cached.version = version
                log.info("knowledge base loaded from its cache: %d chunks (version %d)", len(cached.ids), version)
                return cached
        rows = [
            (cid, text, meta)
            for cid, text, meta in self.store.all_chunks()
            if current.get(meta.get("source")) == meta.get("doc_hash")
        ]
        snap = Snapshot.build(version, rows)
        log.info("knowledge base loaded: %d chunks (version %d)", len(rows), version)
        if key is not None:
            self._cache.save(key, snap)
        return snap

    def search(self, query: str, *, k: int = 6, category: str | None = None, weights: FusionWeights | None = None) -> list[Hit]:
        snap = self.snapshot()
        if not snap.ids:
            return []
        w = weights or self.weights
        vector = self.embedder.encode([query])[0]
        depth = min(w.depth, len(snap.ids))
        dense: dict[int, float] = {}
        dense_ranked: list[int] = []
        allowed = snap.category_mask(category) if category else None
        if w.dense > 0:
            # Chroma's metadata filter scans every row (about 1 s at 100k chunks); searching wider
            # and filtering on the snapshot's category column costs a few milliseconds instead.
            wide = min(len(snap.ids), depth * (5 if category else 1))
            for cid, sim in self.store.dense_search(vector, k=wide):
                pos = snap.position.get(cid)
                if pos is not None and (allowed is None or allowed[pos]):  # only chunks the registry counts as current
                    dense[pos] = sim
                    dense_ranked.append(pos)
                    if len(dense_ranked) == depth:
                        break
        keyword_scores = snap.keyword.scores(query) if w.keyword > 0 else np.zeros(0, dtype=np.float32)
        keyword_ranked = keyword_candidates(keyword_scores, depth, allowed)
        self._fill_dense(snap, dense, [p for p in keyword_ranked if p not in dense], vector)
        return fuse(snap, dense, keyword_scores, k=k, weights=w, keyword_ranked=keyword_ranked, dense_ranked=dense_ranked)

    def _fill_dense(self, snap: Snapshot, dense: dict[int, float], missing: list[int], vector) -> None:  # noqa: ANN001
        """Keyword-only candidates get their cosine similarity too, so fusion sees both scores."""
        if not missing:
            return
        got = self.store.get_embeddings([snap.ids[p] for p in missing])
        for p in missing:
            emb = got.get(snap.ids[p])
            if emb is not None:
                dense[p] = float(np.dot(emb, vector))


def _bump_version(session: Session) -> None:
    state = session.get(KnowledgeState, 1)
    if state is None:
        session.add(KnowledgeState(id=1, version=1, updated_at=utcnow()))
    else:
        session.execute(update(KnowledgeState).where(KnowledgeState.id == 1).values(version=KnowledgeState.version + 1, updated_at=utcnow()))
