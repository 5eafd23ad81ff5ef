"""What people asked that the assistant could not answer (or answered badly): staff's to-do list.

Near-duplicates ("deadline for student exchange?" / "when do students apply?") are grouped by
meaning, so each gap counts once with the number of times it was asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import Feedback, UnansweredQuestion


@dataclass
class Gap:
    question: str  # the most recent wording
    count: int
    unanswered: int
    downvoted: int
    last_asked: datetime
    variants: list[str]


def find_gaps(sessions: sessionmaker[Session], embedder, *, days: int = 30, limit: int = 15, similarity: float = 0.78, now: datetime | None = None) -> list[Gap]:  # noqa: ANN001
    since = (now or datetime.now(timezone.utc)) - timedelta(days=days)
    with sessions() as session:
        asked = [(q.question, q.asked_at, "unanswered") for q in session.scalars(
            select(UnansweredQuestion).where(UnansweredQuestion.asked_at >= since).order_by(UnansweredQuestion.asked_at.desc()).limit(2000))]
        asked += [(f.question, f.created_at, "downvoted") for f in session.scalars(
            select(Feedback).where(Feedback.rating < 0, Feedback.created_at >= since).order_by(Feedback.created_at.desc()).limit(2000))]
    if not asked:
        return []
    asked.sort(key=lambda row: _aware(row[1]), reverse=True)
    vectors = embedder.encode([q for q, _, _ in asked])
    groups: list[tuple[np.ndarray, Gap]] = []
    for (question, when, why), vec in zip(asked, vectors):
        best = max(range(len(groups)), key=lambda i: float(groups[i][0] @ vec), default=None)
        if best is not None and float(groups[best][0] @ vec) >= similarity:
            gap = groups[best][1]
            gap.count += 1
            gap.unanswered += why == "unanswered"
            gap.downvoted += why == "downvoted"
            if question not in gap.variants and len(gap.variants) < 5:
                gap.variants.append(question)
        else:
            groups.append((vec, Gap(question=question, count=1, unanswered=int(why == "unanswered"),
                                    downvoted=int(why == "downvoted"), last_asked=_aware(when), variants=[question])))
    gaps = [g for _, g in groups]
    gaps.sort(key=lambda g: (-g.count, -g.last_asked.timestamp()))
    return gaps[:limit]


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
