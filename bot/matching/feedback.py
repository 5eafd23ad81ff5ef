"""Feedback on suggested matches, kept to learn which suggestions people found useful."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Contact, MatchFeedback
from bot.errors import InvalidInput, NotFound

MAX_NEED_CHARS = 1000


def record_match_feedback(*, session: Session, need: str, contact_id: str, rating: int,
                          user_ref: str | None) -> MatchFeedback:
    """One vote per person, need and suggested contact: a second click changes the vote."""
    if rating not in (1, -1):
        raise InvalidInput("rating must be +1 or -1")
    need = " ".join(need.split())[:MAX_NEED_CHARS]
    if session.get(Contact, contact_id) is None:
        raise NotFound("That contact is no longer in the directory.")
    existing = session.scalar(select(MatchFeedback).where(
        MatchFeedback.need == need, MatchFeedback.contact_id == contact_id, MatchFeedback.user_ref == user_ref)
        .limit(1)) if user_ref else None
    if existing is not None:
        existing.rating = rating
        return existing
    feedback = MatchFeedback(need=need, contact_id=contact_id, rating=rating, user_ref=user_ref)
    session.add(feedback)
    return feedback
