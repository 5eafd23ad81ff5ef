"""Handle each delivery of a chat-platform event once, across processes sharing the database."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import ProcessedEvent, utcnow
from bot.db.session import transaction


def claim_event(sessions: sessionmaker[Session], event_id: str, *, now: datetime | None = None) -> bool:
    """Record `event_id` as handled; True when this caller is the first, False for a repeat delivery.

    The primary key decides: of two processes inserting the same id, the database lets one
    commit and gives the other a unique violation.
    """
    try:
        with transaction(sessions) as session:
            session.add(ProcessedEvent(event_id=event_id[:200], received_at=now or utcnow()))
            session.flush()
    except IntegrityError:
        return False
    return True


def prune_events(sessions: sessionmaker[Session], *, older_than: timedelta, now: datetime | None = None) -> int:
    """Forget event ids received more than `older_than` ago (platforms stop retrying after minutes)."""
    cutoff = (now or utcnow()) - older_than
    with transaction(sessions) as session:
        result = session.execute(delete(ProcessedEvent).where(ProcessedEvent.received_at < cutoff))
        return result.rowcount or 0
