"""The knowledge base's registry of indexed documents, and the version every process watches."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base, utcnow


class Document(Base):
    """The registry of indexed documents: the source of truth for what the index should hold."""

    __tablename__ = "documents"

    source: Mapped[str] = mapped_column(String(1000), primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    category: Mapped[str | None] = mapped_column(String(60))
    updated: Mapped[str | None] = mapped_column(String(40))
    url: Mapped[str | None] = mapped_column(String(2000))
    content_hash: Mapped[str] = mapped_column(String(64))
    chunk_count: Mapped[int] = mapped_column(Integer, default=0)
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    origin: Mapped[str] = mapped_column(String(20), default="folder")  # folder | upload | url | dataset
    root: Mapped[str | None] = mapped_column(String(1000))
    stored_path: Mapped[str | None] = mapped_column(String(1000))
    added_by: Mapped[str | None] = mapped_column(String(200))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    indexed_at: Mapped[datetime] = mapped_column(default=utcnow)
    example: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # illustrative, not a rule


class KnowledgeState(Base):
    """A single row whose version changes whenever the index changes, so every process can refresh."""

    __tablename__ = "kb_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
