"""Introduction requests and their history and follow-ups, and what contacts set about them (a snooze or
pause, and who not to be introduced to)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.models.base import Base, new_id, utcnow


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
