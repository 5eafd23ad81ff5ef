"""Documents staff added from chat are kept as files under BOT_DATA_DIR/uploads, so a rebuild keeps them."""

from __future__ import annotations

from pathlib import Path

from bot.kb.base import KnowledgeBase
from bot.kb.indexing import SourceFile


def stored_uploads(kb: KnowledgeBase) -> list[SourceFile]:
    return [
        SourceFile(source=doc.source, path=Path(doc.stored_path), root=None, origin=doc.origin, added_by=doc.added_by, url=doc.url)
        for doc in kb.registry().values()
        if doc.origin in {"upload", "url"} and doc.stored_path and Path(doc.stored_path).is_file()
    ]
