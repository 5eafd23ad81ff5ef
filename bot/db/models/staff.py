"""The staff console's sign-in links and sessions, and the audit log of changes made from any surface."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base, utcnow


class ConsoleLink(Base):
    """A one-time sign-in link to the staff console (`python -m bot console link`): only its hash is kept."""

    __tablename__ = "console_links"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_ref: Mapped[str] = mapped_column(String(200))  # "slack:U123" or "teams:<AAD object id>"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class ConsoleSession(Base):
    """A signed-in staff member in the console; the cookie carries the id, this row its hash and clocks."""

    __tablename__ = "console_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_ref: Mapped[str] = mapped_column(String(200), index=True)
    method: Mapped[str] = mapped_column(String(20))  # link | slack | entra
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]  # the absolute end; the idle timeout is counted from last_seen_at
    ended_at: Mapped[datetime | None]


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str | None] = mapped_column(String(1000))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
