"""The contact directory: organisations, the contacts in them, their profile edits, and ratings of matches."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.models.base import Base, new_id, utcnow


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


class MatchFeedback(Base):
    __tablename__ = "match_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    need: Mapped[str] = mapped_column(Text)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int] = mapped_column(Integer)
    user_ref: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
