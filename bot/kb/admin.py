"""What staff do to the knowledge base from chat: add a file or a page, list, remove, re-index.

Uploaded files and fetched pages are kept under BOT_DATA_DIR/uploads, so a rebuild from
scratch still has them. Every change is written to the audit log with who made it.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from bot.config import Settings
from bot.errors import InvalidInput, NotFound
from bot.kb import reindex_status
from bot.kb.base import DocumentInfo, KnowledgeBase, content_hash
from bot.kb.fetching import fetch_url
from bot.kb.indexing import IndexReport, index_paths, prepare
from bot.kb.loaders import LoaderError
from bot.kb.uploads import stored_uploads

log = logging.getLogger(__name__)


@dataclass
class Added:
    source: str
    title: str
    chunks: int
    duplicate_of: str | None = None  # the same content is already indexed under this source
    updated: bool = False


def safe_name(name: str) -> str:
    base = Path(name or "document").name
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" ._") or "document"
    return base[:120]


class KnowledgeAdmin:
    def __init__(self, *, settings: Settings, knowledge: KnowledgeBase) -> None:
        self.settings = settings
        self.knowledge = knowledge

    # ----- adding ---------------------------------------------------------------------------
    def add_bytes(self, data: bytes, name: str, *, actor: str, source: str | None = None, origin: str = "upload", url: str | None = None) -> Added:
        """Index an uploaded file (or a fetched page) and keep a copy of it."""
        if len(data) > self.settings.max_upload_bytes:
            raise InvalidInput(f"The file is too large ({len(data) / 1e6:.1f} MB); the limit is {self.settings.max_upload_bytes / 1e6:.0f} MB.")
        name = safe_name(name)
        source = source or f"uploads/{name}"
        doc_hash = content_hash(data)
        registry = self.knowledge.registry()
        for existing in registry.values():
            if existing.content_hash == doc_hash:
                return Added(source=existing.source, title=existing.title, chunks=existing.chunk_count, duplicate_of=existing.source)
        folder = self.settings.uploads_dir
        folder.mkdir(parents=True, exist_ok=True)
        stored = folder / f"{hashlib.sha1(source.encode()).hexdigest()[:12]}-{name}"
        try:
            doc = prepare(source=source, data=data, name=name, origin=origin, stored_path=str(stored), added_by=actor,
                          defaults={"url": url, "category": "uploaded"})
        except LoaderError as exc:
            raise InvalidInput(f"I could not index {name}: {exc}.") from exc
        tmp = stored.with_suffix(stored.suffix + ".part")
        tmp.write_bytes(data)
        tmp.replace(stored)  # the copy exists whole or not at all
        self.knowledge.write_documents([doc], actor=actor)
        return Added(source=source, title=doc.title, chunks=len(doc.chunks), updated=source in registry)

    def add_url(self, url: str, *, actor: str) -> Added:
        s = self.settings
        data, final_url, name = fetch_url(url, max_bytes=s.max_upload_bytes, allowlist=s.url_allowlist,
                                          deadline_seconds=s.kb_fetch_deadline_seconds)
        return self.add_bytes(data, name, actor=actor, source=final_url, origin="url", url=final_url)

    # ----- listing, removing, re-indexing ---------------------------------------------------
    def list(self) -> list[DocumentInfo]:
        return self.knowledge.list_documents()

    def remove(self, source: str, *, actor: str) -> DocumentInfo:
        source = source.strip().strip("`<>")
        info = next((d for d in self.knowledge.list_documents() if d.source == source), None)
        if info is None:
            raise NotFound(f"No document with source `{source}`.")  # each surface says where the sources are listed
        stored = self.knowledge.registry()[source].stored_path
        self.knowledge.remove_document(source, actor=actor)
        if stored and Path(stored).is_file() and Path(stored).resolve().is_relative_to(self.settings.uploads_dir.resolve()):
            Path(stored).unlink()
        return info

    def reindex(self, *, actor: str, progress=None) -> IndexReport:  # noqa: ANN001
        """Re-index the knowledge folder; how far it got is readable by every process (bot.kb.reindex_status)."""
        kdir = self.settings.knowledge_dir
        sessions = self.knowledge.sessions
        record = reindex_status.recorder(sessions, actor)

        def both(done: int, total: int, current: str) -> None:
            record(done, total, current)
            if progress:
                progress(done, total, current)

        reindex_status.write(sessions, state="running", done=0, total=0, current="", actor=actor)
        try:
            report = index_paths(self.knowledge, [kdir], knowledge_dir=kdir, uploads=stored_uploads(self.knowledge),
                                 progress=both, actor=actor, include_examples=self.settings.include_examples)
        except BaseException as exc:
            reindex_status.write(sessions, state="failed", done=0, total=0, current="", actor=actor,
                                 summary=getattr(exc, "message", None) or exc.__class__.__name__)
            raise
        reindex_status.write(sessions, state="finished", done=report.added + report.updated + report.unchanged,
                             total=report.added + report.updated + report.unchanged, current="", actor=actor,
                             summary=report.summary(), failed=len(report.failed))
        return report
