"""The relational schema: contacts, the knowledge-base registry, answers, feedback, introductions, audit.

Schema changes go through Alembic (bot/db/migrations); never `create_all` on a live database.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def new_id() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    type_annotation_map = {datetime: DateTime(timezone=True)}


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(60))
    region: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(500))

    contacts: Mapped[list[Contact]] = relationship(back_populates="organization")


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), unique=True, index=True)
    title: Mapped[str | None] = mapped_column(String(300))
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    country: Mapped[str | None] = mapped_column(String(60))
    region: Mapped[str] = mapped_column(String(40), index=True)
    expertise: Mapped[list[str]] = mapped_column(JSON, default=list)
    offering: Mapped[list[str]] = mapped_column(JSON, default=list)
    seeking: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    consent: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    slack_user_id: Mapped[str | None] = mapped_column(String(40), index=True)
    teams_user_id: Mapped[str | None] = mapped_column(String(200), index=True)
    orcid: Mapped[str | None] = mapped_column(String(19), index=True)
    last_verified: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Indexed: the matcher's "has anything changed?" check reads max(updated_at) before each match.
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    updated_by: Mapped[str | None] = mapped_column(String(200))
    # A fingerprint of the profile text the stored embedding was computed from.
    profile_hash: Mapped[str | None] = mapped_column(String(64))
    embedding: Mapped[list[float] | None] = mapped_column(JSON)

    organization: Mapped[Organization | None] = relationship(back_populates="contacts")


class ProfileChange(Base):
    __tablename__ = "profile_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    editor: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    fields: Mapped[dict] = mapped_column(JSON, default=dict)


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


class AnswerRecord(Base):
    __tablename__ = "answers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    sources: Mapped[list] = mapped_column(JSON, default=list)
    confident: Mapped[bool] = mapped_column(Boolean)
    top_score: Mapped[float] = mapped_column(Float, default=0.0)
    mode: Mapped[str] = mapped_column(String(20), default="extractive")
    user_ref: Mapped[str | None] = mapped_column(String(200), index=True)
    surface: Mapped[str] = mapped_column(String(20), default="cli")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class UnansweredQuestion(Base):
    __tablename__ = "unanswered_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question: Mapped[str] = mapped_column(Text)
    answer_id: Mapped[str | None] = mapped_column(ForeignKey("answers.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(40), default="no_relevant_source")
    user_ref: Mapped[str | None] = mapped_column(String(200), index=True)
    surface: Mapped[str] = mapped_column(String(20), default="cli")
    asked_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Feedback(Base):
    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("answer_id", "user_ref", name="uq_feedback_answer_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    answer_id: Mapped[str | None] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    sources: Mapped[list] = mapped_column(JSON, default=list)
    rating: Mapped[int] = mapped_column(Integer)  # +1 or -1
    comment: Mapped[str | None] = mapped_column(Text)
    user_ref: Mapped[str | None] = mapped_column(String(200), index=True)
    surface: Mapped[str] = mapped_column(String(20), default="slack")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class MatchFeedback(Base):
    __tablename__ = "match_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    need: Mapped[str] = mapped_column(Text)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int] = mapped_column(Integer)
    user_ref: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IntroRequest(Base):
    __tablename__ = "intro_requests"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    # Double clicks and replayed actions carry the same key, so they cannot create a second request.
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    requester_ref: Mapped[str] = mapped_column(String(200), index=True)  # e.g. "slack:U123"
    requester_name: Mapped[str] = mapped_column(String(200))
    requester_org: Mapped[str | None] = mapped_column(String(300))
    requester_contact_id: Mapped[str | None] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    offer: Mapped[str | None] = mapped_column(Text)
    need: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), index=True)
    surface: Mapped[str] = mapped_column(String(20), default="slack")
    conversation_ref: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    reminder_sent_at: Mapped[datetime | None]
    # Held while the contact is snoozed: no reminder or expiry before then (bot.matching.availability).
    held_until: Mapped[datetime | None]
    follow_up_sent_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(200))
    approved_by: Mapped[str | None] = mapped_column(String(200))
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None]

    events: Mapped[list[IntroEvent]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="IntroEvent.id"
    )


class IntroEvent(Base):
    __tablename__ = "intro_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("intro_requests.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)

    request: Mapped[IntroRequest] = relationship(back_populates="events")


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


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str | None] = mapped_column(String(1000))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


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


class GapResolution(Base):
    """An unanswered or 👎 question that staff marked resolved (usually by a document); it leaves the gap list."""

    __tablename__ = "gap_resolutions"
    __table_args__ = (UniqueConstraint("kind", "row_id", name="uq_gap_resolutions_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))  # unanswered | downvoted
    row_id: Mapped[int] = mapped_column(Integer)  # unanswered_questions.id or feedback.id
    document: Mapped[str | None] = mapped_column(String(1000))  # the source that now answers it
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class ContactAvailability(Base):
    """Whether a contact takes introductions now: a snooze they set, or a pause after requests they left
    unanswered (bot.matching.availability). Kept apart from `contacts`: a snooze is no profile edit."""

    __tablename__ = "contact_availability"

    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True)
    snoozed_until: Mapped[datetime | None] = mapped_column(index=True)
    snoozed_by: Mapped[str | None] = mapped_column(String(200))
    unanswered: Mapped[int] = mapped_column(Integer, default=0)  # expired without an answer since the last answer
    paused_at: Mapped[datetime | None] = mapped_column(index=True)  # set at the third; cleared by an answer or a profile save
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class IntroBlock(Base):
    """Someone a contact does not want to be introduced to: a person (a chat ref "slack:U1", or
    "contact:<id>") or an organisation (its name, lower-cased)."""

    __tablename__ = "intro_blocks"
    __table_args__ = (UniqueConstraint("contact_id", "kind", "value", name="uq_intro_blocks_entry"),
                      Index("ix_intro_blocks_value", "kind", "value"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # person | organisation
    value: Mapped[str] = mapped_column(String(300))
    label: Mapped[str] = mapped_column(String(300), default="")  # as the contact wrote or picked it
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IntroFollowUp(Base):
    """One side's answer to "Did you meet? Was it useful?" after an accepted introduction."""

    __tablename__ = "intro_follow_ups"
    __table_args__ = (UniqueConstraint("intro_id", "side", name="uq_intro_follow_ups_side"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    intro_id: Mapped[str] = mapped_column(ForeignKey("intro_requests.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(20))  # requester | contact
    respondent_ref: Mapped[str] = mapped_column(String(200))
    answer: Mapped[str] = mapped_column(String(20))  # useful | not_useful | not_met
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
