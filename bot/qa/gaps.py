"""What people asked that the assistant could not answer (or answered badly): staff's to-do list.

Near-duplicates ("deadline for student exchange?" / "when do students apply?") are grouped by
meaning, so each gap counts once with the number of times it was asked. Staff mark a gap resolved
(usually by the document that now answers it); its questions then leave the list, and the same
question asked again afterwards is a new gap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import Feedback, GapResolution, UnansweredQuestion
from bot.db.session import transaction
from bot.errors import InvalidInput

KINDS = ("unanswered", "downvoted")


@dataclass
class Gap:
    question: str  # the most recent wording
    count: int
    unanswered: int
    downvoted: int
    last_asked: datetime
    variants: list[str]
    rows: list[tuple[str, int]] = field(default_factory=list)  # ("unanswered" | "downvoted", row id) of each asking
    surfaces: list[str] = field(default_factory=list)  # where it was asked (slack, teams, cli)
    exchanges: list[dict] = field(default_factory=list)  # up to 5: the question, what the assistant said, the 👎 comment


def find_gaps(sessions: sessionmaker[Session], embedder, *, days: int = 30, limit: int = 15, similarity: float = 0.78, now: datetime | None = None) -> list[Gap]:  # noqa: ANN001
    since = (now or datetime.now(timezone.utc)) - timedelta(days=days)
    with sessions() as session:
        resolved = {(kind, row_id) for kind, row_id in session.execute(select(GapResolution.kind, GapResolution.row_id))}
        asked = [(q.question, q.asked_at, "unanswered", q.id, q.surface, {"reason": q.reason}) for q in session.scalars(
            select(UnansweredQuestion).where(UnansweredQuestion.asked_at >= since).order_by(UnansweredQuestion.asked_at.desc()).limit(2000))]
        asked += [(f.question, f.created_at, "downvoted", f.id, f.surface, {"answer": f.answer, "comment": f.comment})
                  for f in session.scalars(select(Feedback).where(Feedback.rating < 0, Feedback.created_at >= since)
                                           .order_by(Feedback.created_at.desc()).limit(2000))]
    asked = [row for row in asked if (row[2], row[3]) not in resolved]
    if not asked:
        return []
    asked.sort(key=lambda row: _aware(row[1]), reverse=True)
    vectors = embedder.encode([q for q, *_ in asked])
    groups: list[tuple[np.ndarray, Gap]] = []
    for (question, when, why, row_id, surface, said), vec in zip(asked, vectors):
        best = max(range(len(groups)), key=lambda i: float(groups[i][0] @ vec), default=None)
        if best is not None and float(groups[best][0] @ vec) >= similarity:
            gap = groups[best][1]
            gap.count += 1
            gap.unanswered += why == "unanswered"
            gap.downvoted += why == "downvoted"
            if question not in gap.variants and len(gap.variants) < 5:
                gap.variants.append(question)
        else:
            gap = Gap(question=question, count=1, unanswered=int(why == "unanswered"),
                      downvoted=int(why == "downvoted"), last_asked=_aware(when), variants=[question])
            groups.append((vec, gap))
        gap.rows.append((why, row_id))
        if len(gap.exchanges) < 5:
            gap.exchanges.append({"question": question, "asked": _aware(when), "surface": surface, "kind": why, **said})
        if surface and surface not in gap.surfaces:
            gap.surfaces.append(surface)
    gaps = [g for _, g in groups]
    gaps.sort(key=lambda g: (-g.count, -g.last_asked.timestamp()))
    return gaps[:limit]


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def resolve_gap(sessions: sessionmaker[Session], rows: list[tuple[str, int]], *, actor: str,
                document: str | None = None, now: datetime | None = None) -> int:
    """Mark these askings resolved (by `document`, when given), with an audit entry; returns how many were new."""
    from bot.audit import record

    rows = [(kind, int(row_id)) for kind, row_id in rows]
    if not rows or any(kind not in KINDS for kind, _ in rows):
        raise InvalidInput("Nothing to resolve: the gap's questions were not given.")
    now = now or datetime.now(timezone.utc)
    with transaction(sessions) as session:
        done = {(kind, row_id) for kind, row_id in session.execute(select(GapResolution.kind, GapResolution.row_id))}
        new = [(kind, row_id) for kind, row_id in dict.fromkeys(rows) if (kind, row_id) not in done]
        for kind, row_id in new:
            session.add(GapResolution(kind=kind, row_id=row_id, document=(document or None) and document[:1000],
                                      actor=actor[:200], at=now))
        if new:
            record(session, actor=actor, action="gap.resolve", target=document, detail={"questions": len(new)}, at=now)
    return len(new)
