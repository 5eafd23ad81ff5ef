"""Answers given, the questions left unanswered, the feedback on answers, and the gaps staff resolved."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base, new_id, utcnow


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
