"""State every process behind a load balancer must see alike (bot.db.shared_state, bot.db.events):
handled event ids, rate-limit hits, conversation histories, cached platform values, streamed answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base, utcnow


class ProcessedEvent(Base):
    """Slack retries a delivery; the primary key makes every process handle an event id once."""

    __tablename__ = "processed_events"

    event_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class RateLimitHit(Base):
    """One counted request of a rate-limited key (a person's questions); every process counts here."""

    __tablename__ = "rate_limit_hits"
    __table_args__ = (Index("ix_rate_limit_hits_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(200))
    at: Mapped[float] = mapped_column(Float)  # seconds since the epoch: compared in SQL on every dialect


class ConversationHistory(Base):
    """The recent turns of one conversation (a Teams chat, a terminal session), shared by every process.

    `reset_at` also cuts a history the surface keeps itself (a Slack thread) after "new conversation".
    """

    __tablename__ = "conversation_history"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    turns: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[float] = mapped_column(Float, index=True)
    reset_at: Mapped[float | None] = mapped_column(Float)


class CachedValue(Base):
    """A value fetched from a platform (the staff user group's members), cached for every process."""

    __tablename__ = "cached_values"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON)
    fetched_at: Mapped[float] = mapped_column(Float)


class MessageAnswer(Base):
    """Which answer a message a platform sent holds (Teams' streamed answers): the feedback that arrives
    later names the message, and any process must find the answer it rates."""

    __tablename__ = "message_answers"

    conversation_id: Mapped[str] = mapped_column(String(300), primary_key=True)
    message_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    answer_id: Mapped[str] = mapped_column(String(32), index=True)
    at: Mapped[float] = mapped_column(Float, index=True)  # seconds since the epoch
