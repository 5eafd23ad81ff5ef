"""The periodic sweep over introduction requests: remind once, then expire, what nobody answered,
and ask both sides of an accepted introduction whether they met. Each change and its notices are
one transaction, written by the same outbox as every other introduction notice."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db.models import IntroEvent, IntroRequest
from bot.db.session import transaction
from bot.matching import availability, intro_notices
from bot.matching.intro_view import aware, view
from bot.notices.kinds import Notice, NoticeKind

if TYPE_CHECKING:  # intros imports this module
    from bot.matching.intros import Introductions


def sweep(intros: Introductions, *, worker: str | None = None) -> list[Notice]:
    """Remind once, then expire, requests nobody answered; each change and its notice are one
    transaction. Safe with several sweepers at once: each request is claimed by a conditional update."""
    worker = worker or uuid.uuid4().hex[:12]
    now = intros.clock.now()
    notices: list[Notice] = []
    with intros.sessions() as session:
        due = session.scalars(select(IntroRequest.id).where(IntroRequest.state == "pending_consent")).all()
    for intro_id in due:
        with transaction(intros.sessions) as session:
            claimed = session.execute(
                update(IntroRequest).where(
                    IntroRequest.id == intro_id, IntroRequest.state == "pending_consent",
                    or_(IntroRequest.claimed_until.is_(None), IntroRequest.claimed_until < now))
                .values(claimed_by=worker, claimed_until=now + timedelta(minutes=5))
                .execution_options(synchronize_session=False)).rowcount
            if not claimed:
                continue
            intro = session.get(IntroRequest, intro_id)
            session.refresh(intro)
            kind = _action(intros.settings, intro, now)
            if kind == NoticeKind.REMINDER:
                intro.reminder_sent_at = now
                # Nobody expires without having been reminded once, even after a long pause.
                if intro.expires_at is not None and aware(intro.expires_at) < now + timedelta(days=1):
                    intro.expires_at = now + timedelta(days=1)
                session.add(IntroEvent(request_id=intro_id, at=now, actor="sweep", from_state="pending_consent",
                                       to_state="pending_consent", note="reminder sent"))
            elif kind == NoticeKind.EXPIRED:
                intro.state = "expired"
                session.add(IntroEvent(request_id=intro_id, at=now, actor="sweep", from_state="pending_consent", to_state="expired"))
            intro.claimed_by, intro.claimed_until, intro.updated_at = None, None, now
            if kind:
                shown = view(session, intro)
                limit = intros.settings.intro_unanswered_limit
                paused = kind == NoticeKind.EXPIRED and availability.count_unanswered(session, intro.contact_id, now, limit)
                notices += intros.record(session, intro_notices.for_sweep(kind, shown, paused=paused, limit=limit), now)
    notices += _follow_ups(intros, now)
    intros.written(notices)
    return notices

def _follow_ups_due(settings: Settings, session: Session, now) -> list[str]:  # noqa: ANN001
    since = now - timedelta(days=settings.intro_follow_up_days)
    return list(session.scalars(select(IntroRequest.id).where(
        IntroRequest.state == "accepted", IntroRequest.follow_up_sent_at.is_(None), IntroRequest.decided_at <= since)
        .order_by(IntroRequest.decided_at)))

def _follow_ups(intros: Introductions, now) -> list[Notice]:  # noqa: ANN001
    """A week (intro_follow_up_days) after an accepted introduction, both sides are asked once whether
    they met and whether it was useful; the conditional update makes it once across sweepers."""
    notices: list[Notice] = []
    with intros.sessions() as session:
        due = _follow_ups_due(intros.settings, session, now)
    for intro_id in due:
        with transaction(intros.sessions) as session:
            claimed = session.execute(update(IntroRequest).where(
                IntroRequest.id == intro_id, IntroRequest.follow_up_sent_at.is_(None))
                .values(follow_up_sent_at=now).execution_options(synchronize_session=False)).rowcount
            if claimed:
                intro = session.get(IntroRequest, intro_id)
                session.refresh(intro)
                notices += intros.record(session, [Notice(NoticeKind.FOLLOW_UP, view(session, intro))], now)
    return notices

def plan(intros: Introductions) -> list[str]:
    """What `sweep` would do now, one line per notice and recipient; reads only."""
    now, lines = intros.clock.now(), []
    with intros.sessions() as session:
        for intro in session.scalars(select(IntroRequest).where(IntroRequest.state == "pending_consent")
                                     .order_by(IntroRequest.created_at)):
            kind = _action(intros.settings, intro, now)
            if kind:
                lines += intro_notices.plan_lines(session, intros.settings, Notice(kind, view(session, intro)))
        for intro_id in _follow_ups_due(intros.settings, session, now):
            notice = Notice(NoticeKind.FOLLOW_UP, view(session, session.get(IntroRequest, intro_id)))
            lines += intro_notices.plan_lines(session, intros.settings, notice)
    return lines

def _action(settings: Settings, intro: IntroRequest, now) -> NoticeKind | None:  # noqa: ANN001
    held = aware(intro.held_until) if intro.held_until else None
    if held is not None and held > now:
        return None  # the contact is snoozed: nothing reaches them, nothing expires
    start = max(aware(intro.created_at), held) if held else aware(intro.created_at)
    if intro.reminder_sent_at is None:  # nobody expires without having been reminded once (a snooze may
        # have held the request past its expiry)
        return NoticeKind.REMINDER if start + timedelta(days=settings.intro_reminder_days) <= now else None
    if intro.expires_at is not None and aware(intro.expires_at) <= now:
        return NoticeKind.EXPIRED
    return None
