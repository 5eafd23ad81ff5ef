"""What happened per day: questions and how they went, introductions and how they ended.

Read for the staff console's overview; counted in Python over the period's rows, so the same code
runs on SQLite and PostgreSQL and a day without activity still shows as a zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import AnswerRecord, Feedback, IntroEvent, IntroRequest

QUESTION_SERIES = ("questions", "answered", "declined", "downvoted")
INTRO_SERIES = ("requested", "accepted", "declined", "expired")


@dataclass
class Day:
    day: date
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Activity:
    days: list[Day]
    questions: dict[str, int]  # totals over the period
    introductions: dict[str, int]


def _day(when: datetime) -> date:
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).astimezone(timezone.utc).date()


def daily_activity(sessions: sessionmaker[Session], *, days: int, now: datetime) -> Activity:
    """The last `days` days up to today (UTC). A question is "answered" when the answer was confident,
    "declined" when the assistant said it did not know or answered only in part."""
    first = now.astimezone(timezone.utc).date() - timedelta(days=days - 1)
    since = datetime.combine(first, datetime.min.time(), tzinfo=timezone.utc)
    series = {first + timedelta(days=i): Day(first + timedelta(days=i), dict.fromkeys(QUESTION_SERIES + tuple(
        f"intro_{s}" for s in INTRO_SERIES), 0)) for i in range(days)}

    def add(when: datetime, name: str) -> None:
        day = series.get(_day(when))
        if day is not None:
            day.counts[name] += 1

    with sessions() as session:
        for created, confident in session.execute(
                select(AnswerRecord.created_at, AnswerRecord.confident).where(AnswerRecord.created_at >= since)):
            add(created, "questions")
            add(created, "answered" if confident else "declined")
        for (created,) in session.execute(select(Feedback.created_at).where(Feedback.rating < 0, Feedback.created_at >= since)):
            add(created, "downvoted")
        for (created,) in session.execute(select(IntroRequest.created_at).where(IntroRequest.created_at >= since)):
            add(created, "intro_requested")
        for at, state in session.execute(select(IntroEvent.at, IntroEvent.to_state).where(
                IntroEvent.at >= since, IntroEvent.to_state.in_(("accepted", "declined", "expired")))):
            add(at, f"intro_{state}")
    ordered = [series[d] for d in sorted(series)]
    return Activity(
        days=ordered,
        questions={s: sum(d.counts[s] for d in ordered) for s in QUESTION_SERIES},
        introductions={s: sum(d.counts[f"intro_{s}"] for d in ordered) for s in INTRO_SERIES},
    )
