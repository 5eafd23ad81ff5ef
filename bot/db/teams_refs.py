"""Teams conversation references: where the bot can reach a Teams user later (consent requests, answers).

A user's reference is stored when they message the bot in a personal chat; the Teams surface
uses it to send proactive messages. The values are plain JSON, so this module needs no SDK.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from bot.db.models import Base, utcnow
from bot.db.session import transaction


class TeamsConversation(Base):
    __tablename__ = "teams_conversations"

    user_ref: Mapped[str] = mapped_column(String(200), primary_key=True)  # "teams:<AAD object id>"
    reference: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


def save_reference(sessions: sessionmaker[Session], user_ref: str, reference: dict, *, now: datetime | None = None) -> None:
    """Insert or replace the user's reference (the newest personal chat wins)."""
    with transaction(sessions) as session:
        row = session.get(TeamsConversation, user_ref)
        if row is None:
            session.add(TeamsConversation(user_ref=user_ref, reference=reference, updated_at=now or utcnow()))
        else:
            row.reference, row.updated_at = reference, now or utcnow()


def load_reference(sessions: sessionmaker[Session], user_ref: str) -> dict | None:
    with sessions() as session:
        row = session.get(TeamsConversation, user_ref)
        return dict(row.reference) if row is not None else None
