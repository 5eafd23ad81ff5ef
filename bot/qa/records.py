"""What the assistant answered, what it could not answer, and what people thought of it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import AnswerRecord, Feedback, UnansweredQuestion
from bot.db.session import transaction
from bot.errors import InvalidInput, NotFound
from bot.qa.types import Answer, Source


def record_answer(sessions: sessionmaker[Session], answer: Answer, *, user_ref: str | None, surface: str) -> str:
    with transaction(sessions) as session:
        row = AnswerRecord(
            question=answer.question, answer=answer.text, confident=answer.confident, top_score=answer.top_score,
            sources=[{"n": s.n, "title": s.title, "source": s.source, "section": s.section, "score": s.score, "url": s.url,
                      "updated": s.updated, "example": s.example} for s in answer.sources],
            mode=answer.mode, user_ref=user_ref, surface=surface,
        )
        session.add(row)
        session.flush()
        if not answer.confident:
            session.add(UnansweredQuestion(question=answer.question, answer_id=row.id, user_ref=user_ref, surface=surface))
        return row.id


def record_feedback(session: Session, *, answer_id: str, rating: int, user_ref: str | None, comment: str | None, surface: str) -> Feedback:
    """One vote per person and answer: a second click changes the vote instead of adding one.

    IntegrityError when a concurrent vote was inserted after the look-up: the caller's transaction is
    then lost, so the caller retries in a new one (where the look-up finds that vote and updates it)."""
    if rating not in (1, -1):
        raise InvalidInput("rating must be +1 or -1")
    answer = session.get(AnswerRecord, answer_id)
    if answer is None:
        raise NotFound("That answer is no longer on record.")
    existing = session.scalar(select(Feedback).where(Feedback.answer_id == answer_id, Feedback.user_ref == user_ref))
    if existing is None:
        existing = Feedback(answer_id=answer_id, question=answer.question, answer=answer.answer, sources=answer.sources,
                            rating=rating, comment=comment, user_ref=user_ref, surface=surface)
        session.add(existing)
        session.flush()
    else:
        existing.rating = rating
        if comment:
            existing.comment = comment
    return existing


def recent_unanswered(sessions: sessionmaker[Session], *, limit: int = 20) -> list[dict]:
    with sessions() as session:
        rows = session.scalars(select(UnansweredQuestion).order_by(UnansweredQuestion.asked_at.desc()).limit(limit)).all()
        return [{"question": r.question, "asked_at": r.asked_at.isoformat(timespec="seconds"), "surface": r.surface} for r in rows]


def get_answer(sessions: sessionmaker[Session], answer_id: str) -> Answer | None:
    """An earlier answer, read back (to share it in a channel or hand it to a person)."""
    with sessions() as session:
        row = session.get(AnswerRecord, answer_id)
        if row is None:
            return None
        return Answer(
            question=row.question, text=row.answer, confident=row.confident, mode=row.mode, answer_id=row.id,
            top_score=row.top_score,
            sources=[Source(n=int(s.get("n", i + 1)), title=s.get("title", ""), source=s.get("source", ""),
                            section=s.get("section", ""), score=float(s.get("score", 0.0)), url=s.get("url", ""),
                            updated=s.get("updated"), example=bool(s.get("example", False)))
                     for i, s in enumerate(row.sources or [])],
        )
