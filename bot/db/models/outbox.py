"""The outbox: notices written with the change that causes them, delivered later by a worker (bot.notices)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base, utcnow


class OutboxNotice(Base):
    """A notice waiting for, or past, delivery: written in the transaction of the change that causes it
    (bot.notices), sent by a worker, marked delivered only once the platform accepted it."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Stable per notice and recipient: writing it twice is a no-op, and platforms see it to dedupe.
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    intro_id: Mapped[str | None] = mapped_column(ForeignKey("intro_requests.id", ondelete="CASCADE"), index=True)
    recipient: Mapped[str] = mapped_column(String(20))  # contact | requester | staff | group
    surface: Mapped[str] = mapped_column(String(20))  # slack | teams | none (nobody to tell)
    target: Mapped[str] = mapped_column(String(300))  # Slack user/channel id, Teams user ref or channel
    reason: Mapped[str | None] = mapped_column(Text)  # why this went to staff instead of the person
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(20), default="pending")  # pending | delivered | rerouted | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    platform_ref: Mapped[str | None] = mapped_column(String(300))  # Slack "channel/ts", Teams activity id
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]
