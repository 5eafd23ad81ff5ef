"""The outbox: notices are rows written in the transaction of the change that causes them, then
delivered by whoever runs `deliver_due` (the worker), with retries and exponential backoff.

Each row is claimed just before it is sent (FOR UPDATE SKIP LOCKED on PostgreSQL; on SQLite one
UPDATE, which takes the write lock first), so several workers never send the same row, and a claim
only has to outlast one send. A worker that dies mid-send leaves its claim to expire; the next
attempt is flagged `interrupted`, and the sender looks for the earlier message before sending again.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db.models import OutboxNotice
from bot.db.session import transaction
from bot.notices.kinds import Delivery, Notice, NoticeKind, Recipient
from bot.notices.routing import NOWHERE, Route, person_route, plan, staff_route
from bot.notices.sender import NoticeSender, SendResult

log = logging.getLogger("bot.notices")

INTERRUPTED = "interrupted: the worker stopped while sending"


def notice_key(intro_id: str, kind: str, recipient: str) -> str:
    return f"{intro_id}:{kind}:{recipient}"


def record(session: Session, settings: Settings, notices: Iterable[Notice], now: datetime) -> list[OutboxNotice]:
    """Add the rows for `notices` to the caller's transaction (one per recipient); a key already there is kept."""
    rows = []
    for notice in notices:
        for route in plan(session, settings, notice):
            key = notice_key(notice.intro.id, notice.kind, route.recipient)
            if session.scalar(select(OutboxNotice.id).where(OutboxNotice.key == key)) is None:
                rows.append(_row(key, notice.kind, notice.intro, notice.extra, route, now))
    session.add_all(rows)
    return rows


def record_for_person(session: Session, settings: Settings, *, key: str, kind: NoticeKind, person_ref: str,
                      data: dict, now: datetime) -> None:
    """A notice about something other than an introduction (a finished job), for the person who asked."""
    route = person_route(session, settings, Recipient.REQUESTER, person_ref, person_ref)
    if session.scalar(select(OutboxNotice.id).where(OutboxNotice.key == key)) is None:
        session.add(_row(key, kind, None, {}, route, now, data=data))


def _row(key: str, kind: str, intro, extra: dict, route: Route, now: datetime, data: dict | None = None) -> OutboxNotice:  # noqa: ANN001
    nowhere = route.surface == NOWHERE
    if nowhere:
        log.warning("notice %s has nobody to go to: %s", key, route.reason)
    return OutboxNotice(
        key=key, kind=str(kind), intro_id=intro.id if intro else None, recipient=str(route.recipient), surface=route.surface,
        target=route.target, reason=route.reason,
        payload={"intro": asdict(intro) if intro else None, "extra": dict(extra), "data": dict(data or {})},
        state="failed" if nowhere else "pending", attempts=0, next_attempt_at=now, created_at=now,
        last_error=route.reason if nowhere else None)


def to_delivery(row: OutboxNotice) -> Delivery:
    from bot.matching.intros import IntroView

    intro = row.payload.get("intro")
    return Delivery(key=row.key, kind=NoticeKind(row.kind), recipient=Recipient(row.recipient), surface=row.surface,
                    target=row.target, intro=IntroView(**intro) if intro else None, reason=row.reason,
                    extra=dict(row.payload.get("extra") or {}), interrupted=row.last_error == INTERRUPTED,
                    data=dict(row.payload.get("data") or {}))


class Outbox:
    def __init__(self, *, settings: Settings, sessions: sessionmaker[Session], clock) -> None:  # noqa: ANN001
        self.settings, self.sessions, self.clock = settings, sessions, clock
        self._listeners: list[Callable[[], None]] = []

    # ----- writing ---------------------------------------------------------------------------
    def on_written(self, listener: Callable[[], None]) -> None:
        """Called after a transaction that wrote notices committed (the job queue wakes a worker)."""
        self._listeners.append(listener)

    def written(self) -> None:
        for listener in self._listeners:
            try:
                listener()
            except Exception:  # noqa: BLE001 - the rows are safe; the periodic delivery picks them up
                log.warning("could not wake the notice delivery", exc_info=True)

    # ----- delivering -------------------------------------------------------------------------
    def deliver_due(self, senders: Mapping[str, NoticeSender], *, limit: int = 50) -> dict[str, int]:
        """Send what is due on the surfaces in `senders`; returns counts by outcome."""
        worker = uuid.uuid4().hex[:16]
        counts: Counter[str] = Counter()
        for _ in range(limit):
            row = self._claim(list(senders), worker)
            if row is None:
                break
            delivery = to_delivery(row)
            try:
                result = senders[row.surface].send(delivery)
            except Exception as exc:  # noqa: BLE001 - a sender bug must not lose the notice: retry it
                log.exception("sending notice %s failed", row.key)
                result = SendResult.retry(f"{type(exc).__name__}: {exc}")
            counts[self._settle(row.id, worker, result)] += 1
        return dict(counts)

    def _claim(self, surfaces: list[str], worker: str) -> OutboxNotice | None:
        now = self.clock.now()
        lease = now + timedelta(seconds=self.settings.outbox_claim_seconds)
        due = select(OutboxNotice.id).where(
            OutboxNotice.state == "pending", OutboxNotice.next_attempt_at <= now, OutboxNotice.surface.in_(surfaces),
            or_(OutboxNotice.claimed_until.is_(None), OutboxNotice.claimed_until < now),
        ).order_by(OutboxNotice.id).limit(1)
        with transaction(self.sessions) as session:
            if session.get_bind().dialect.name == "postgresql":
                ids = list(session.scalars(due.with_for_update(skip_locked=True)))
                if not ids:
                    return None
                claim = OutboxNotice.id.in_(ids)
            else:  # one statement: SQLite takes the write lock before it reads, so two claimers queue up
                claim = OutboxNotice.id.in_(due.scalar_subquery())
            session.execute(update(OutboxNotice).where(claim).values(
                # SET sees the old values: a row still claimed by someone else was interrupted mid-send.
                last_error=func.coalesce(
                    _case_interrupted(), OutboxNotice.last_error),
                claimed_by=worker, claimed_until=lease, attempts=OutboxNotice.attempts + 1,
            ).execution_options(synchronize_session=False))
            return session.scalar(select(OutboxNotice).where(OutboxNotice.claimed_by == worker))

    def _settle(self, row_id: int, worker: str, result: SendResult) -> str:
        now = self.clock.now()
        with transaction(self.sessions) as session:
            row = session.get(OutboxNotice, row_id)
            if row is None or row.claimed_by != worker:
                return "lost"  # the lease ran out mid-send; whoever holds it now decides
            row.claimed_by, row.claimed_until = None, None
            if result.status == "sent":
                row.state, row.platform_ref, row.delivered_at, row.last_error = "delivered", result.detail[:300], now, None
                return "sent"
            row.last_error = result.detail[:2000]
            if result.status == "retry" and row.attempts < self.settings.outbox_max_attempts:
                row.next_attempt_at = now + self._backoff(row.attempts)
                log.info("notice %s: attempt %d failed (%s); retrying at %s", row.key, row.attempts, result.detail, row.next_attempt_at)
                return "retry"
            why = result.detail if result.status == "unreachable" else f"not delivered after {row.attempts} attempts ({result.detail})"
            return self._reroute(session, row, why, now)

    def _reroute(self, session: Session, row: OutboxNotice, why: str, now: datetime) -> str:
        """The person cannot be reached there: staff get it with the reason, unless it was for staff."""
        route = staff_route(self.settings, Recipient(row.recipient), why)
        if row.reason or Recipient(row.recipient) is Recipient.STAFF or route.surface == NOWHERE:
            row.state = "failed"
            log.error("notice %s could not be delivered: %s", row.key, why)
            return "failed"
        row.state = "rerouted"
        session.add(_row(row.key + ":staff", row.kind, to_delivery(row).intro, row.payload.get("extra") or {}, route, now,
                         data=row.payload.get("data")))
        return "rerouted"

    def _backoff(self, attempts: int) -> timedelta:
        base = self.settings.outbox_retry_seconds * (2 ** max(0, attempts - 1))
        delay = min(base, self.settings.outbox_max_retry_seconds)
        return timedelta(seconds=delay * (1 + random.random() * 0.1))  # jitter: failed rows spread out

    # ----- reading ------------------------------------------------------------------------------
    def next_due(self, surfaces: Iterable[str]) -> datetime | None:
        """When the next pending row can be tried: its retry time, or when a dead worker's claim runs out."""
        with self.sessions() as session:
            rows = session.execute(select(OutboxNotice.next_attempt_at, OutboxNotice.claimed_until).where(
                OutboxNotice.state == "pending", OutboxNotice.surface.in_(list(surfaces)))
                .order_by(OutboxNotice.next_attempt_at).limit(200)).all()
        times = [_aware(max(_aware(due), _aware(claim)) if claim else due) for due, claim in rows]
        return min(times, default=None)

    def counts(self) -> dict[str, int]:
        with self.sessions() as session:
            return dict(session.execute(select(OutboxNotice.state, func.count()).group_by(OutboxNotice.state)).all())


def _case_interrupted():  # noqa: ANN202
    from sqlalchemy import case, literal

    return case((OutboxNotice.claimed_by.is_not(None), literal(INTERRUPTED)), else_=None)


def _aware(when: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything here is UTC."""
    from datetime import timezone

    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
