"""Incremental indexing of folders and files into the knowledge base."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.kb.base import KnowledgeBase, PreparedDocument, content_hash
from bot.kb.chunking import chunk_markdown
from bot.kb.limits import fit
from bot.kb.loaders import SUPPORTED_SUFFIXES, LoaderError, load_bytes

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclass
class IndexReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[dict] = field(default_factory=list)
    chunks: int = 0
    seconds: float = 0.0
    examples_skipped: list[str] = field(default_factory=list)  # illustrative documents left out (production)

    def as_dict(self) -> dict:
        return {
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged, "removed": self.removed,
            "failed": self.failed, "chunks": self.chunks, "seconds": round(self.seconds, 3),
        }

    def summary(self) -> str:
        text = (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, {self.removed} removed, "
            f"{len(self.failed)} failed; {self.chunks} chunks in the index ({self.seconds:.1f} s)"
        )
        if self.examples_skipped:
            text += (f"; {len(self.examples_skipped)} example documents left out (INDEX_EXAMPLES=true includes them)")
        return text


@dataclass
class SourceFile:
    source: str  # path relative to the indexed folder (posix), or a URL
    path: Path | None
    root: str | None
    # For staff uploads and fetched pages: kept across a rebuild, which empties the registry.
    origin: str = "folder"
    added_by: str | None = None
    url: str | None = None


def discover(paths: Iterable[Path], knowledge_dir: Path) -> tuple[list[SourceFile], list[tuple[str, str]], list[dict]]:
    """Files to index, the folders scanned whole as (base, prefix), and paths that do not exist."""
    files: list[SourceFile] = []
    roots: list[tuple[str, str]] = []
    missing: list[dict] = []
    kdir = knowledge_dir.resolve()
    for raw in paths:
        path = raw.resolve()
        if not path.exists():
            missing.append({"path": str(raw), "error": "no such file or folder"})
            continue
        # Inside the knowledge folder, sources stay relative to it, so any sub-path gives the same names.
        base = kdir if path == kdir or kdir in path.parents else (path if path.is_dir() else path.parent)
        if path.is_dir():
            roots.append((str(base), path.relative_to(base).as_posix() if path != base else ""))
            candidates = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            candidates = [p for p in candidates if not any(part.startswith(".") for part in p.relative_to(path).parts)]
        else:
            candidates = [path]
        files.extend(SourceFile(source=p.relative_to(base).as_posix(), path=p, root=str(base)) for p in candidates)
    return files, roots, missing


def prepare(
    *, source: str, data: bytes, name: str, origin: str, root: str | None = None,
    stored_path: str | None = None, added_by: str | None = None, defaults: dict | None = None,
) -> PreparedDocument:
    """Load and chunk one document; raises LoaderError when its content cannot be used."""
    loaded = load_bytes(data, name)
    defaults = defaults or {}
    chunks = chunk_markdown(loaded.text, title=loaded.title)
    if not chunks:
        raise LoaderError("no text to index after cleaning")
    return fit(PreparedDocument(
        source=source, doc_hash=content_hash(data), title=loaded.title, chunks=chunks,
        category=loaded.category or defaults.get("category"), updated=loaded.updated or defaults.get("updated"),
        url=loaded.url or defaults.get("url"), size_bytes=len(data), origin=origin, root=root,
        stored_path=stored_path, added_by=added_by, example=loaded.example,
    ))


def index_paths(
    kb: KnowledgeBase,
    paths: list[Path],
    *,
    knowledge_dir: Path,
    uploads: list[SourceFile] | None = None,
    rebuild: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    actor: str = "index_docs",
    batch_size: int = 32,
    include_examples: bool = True,
) -> IndexReport:
    started = time.perf_counter()
    report = IndexReport()
    files, roots, missing = discover(paths, knowledge_dir)
    report.failed.extend(missing)
    if rebuild:
        kb.reset(actor=actor)
    registry = kb.registry()
    kb.collect_garbage()  # converge after an interrupted run
    seen: set[str] = set()
    batch: list[PreparedDocument] = []

    def flush() -> None:
        kb.write_documents(batch, actor=actor)
        for doc in batch:
            outcome = "updated" if doc.source in registry else "added"
            setattr(report, outcome, getattr(report, outcome) + 1)
        batch.clear()

    work = [(f, "folder") for f in files] + [(u, "upload") for u in (uploads or [])]
    for done, (item, origin) in enumerate(work):
        if progress:
            progress(done, len(work), item.source)
        if item.source in seen:
            continue
        seen.add(item.source)
        existing = registry.get(item.source)
        shown = item.source if origin == "folder" else str(item.path)
        try:
            data = item.path.read_bytes()
            if existing is not None and existing.content_hash == content_hash(data):
                if existing.example and not include_examples:
                    report.examples_skipped.append(item.source)
                    if kb.remove_document(item.source, actor=actor):
                        report.removed += 1
                    continue
                report.unchanged += 1
                continue
            doc = prepare(
                source=item.source, data=data, name=item.path.name, origin=item.origin if origin == "upload" else origin,
                root=item.root if origin == "folder" else None,
                stored_path=str(item.path) if origin == "upload" else None,
                added_by=(existing.added_by if existing else None) or item.added_by or actor,
                defaults={"url": item.url, "category": "uploaded"} if origin == "upload" else None,
            )
        except LoaderError as exc:
            report.failed.append({"path": shown, "error": str(exc)})
            continue
        except OSError as exc:
            report.failed.append({"path": shown, "error": f"cannot read the file: {exc.strerror or exc}"})
            continue
        if doc.example and not include_examples:
            report.examples_skipped.append(item.source)
            if existing is not None and kb.remove_document(item.source, actor=actor):
                report.removed += 1
            continue
        batch.append(doc)
        if len(batch) >= batch_size:
            flush()
    flush()
    if progress:
        progress(len(work), len(work), "")
    # Documents that disappeared from a folder scanned whole leave the index too.
    for source, doc in registry.items():
        if source in seen or doc.origin != "folder":
            continue
        if any(doc.root == base and (not prefix or source.startswith(prefix + "/")) for base, prefix in roots):
            if kb.remove_document(source, actor=actor):
                report.removed += 1
    report.chunks = sum(d.chunk_count for d in kb.registry().values())
    report.seconds = time.perf_counter() - started
    return report
