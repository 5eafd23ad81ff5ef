"""A separate, cached knowledge base per evaluation dataset, beside (never inside) the real one."""

from __future__ import annotations

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
