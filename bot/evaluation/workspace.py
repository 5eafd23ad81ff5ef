"""A separate, cached knowledge base per evaluation dataset, beside (never inside) the real one."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bot.kb.base import KnowledgeBase
from bot.kb.store import ChunkStore, make_chroma_client


def dataset_knowledge_base(services, *, name: str, fingerprint: str) -> KnowledgeBase:  # noqa: ANN001
    from bot.db.session import make_engine, make_session_factory, migrate

    root = services.settings.bot_data_dir / "eval" / f"{name}-{fingerprint}"
    root.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{(root / 'registry.sqlite3').resolve()}")
    migrate(engine)
    client = make_chroma_client(path=root / "chroma")
    store = ChunkStore(client, "corpus", services.embedder, f"Chroma files in {root}")
    return KnowledgeBase(sessions=make_session_factory(engine), store=store, embedder=services.embedder)


def files_fingerprint(paths: list[Path]) -> str:
    """Changes when any file under `paths` is added, removed or edited, so a stale index is not reused."""
    digest = hashlib.sha256()
    for root in paths:
        files = sorted(p for p in ([root] if root.is_file() else root.rglob("*")) if p.is_file())
        for path in files:
            digest.update(str(path.resolve()).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:12]


def evaluation_assistant(services, kb: KnowledgeBase):  # noqa: ANN001, ANN201
    """The production answerer over an evaluation's own knowledge base: same rules, none of its data."""
    from bot.qa.assistant import Assistant

    return Assistant(settings=services.settings, knowledge=kb, sessions=kb.sessions, chat_model=services.chat_model)
