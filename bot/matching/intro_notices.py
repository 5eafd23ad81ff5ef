"""The notices introduction transitions send: which ones a change causes, and writing them to the outbox.

bot.matching.intros decides what a request may become and stores it; this module only turns a change that
already happened into notices (bot.notices) and records them in the caller's transaction, so a notice
still exists exactly when its change does.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db.models import IntroRequest
from bot.matching import availability
from bot.notices import outbox
from bot.notices.kinds import Notice, NoticeKind, describe
from bot.notices.routing import plan

if TYPE_CHECKING:  # intros imports this module; the view is only a type here
    from bot.matching.intros import IntroView


def for_state(view: IntroView) -> list[Notice]:
    """Who must act on a request that just entered its state: staff to approve, or the contact (staff
    when the contact cannot be reached in chat) to consent."""
    if view.state == "pending_approval":
        return [Notice(NoticeKind.APPROVAL_NEEDED, view)]
    if view.state == "pending_consent":
        return [Notice(NoticeKind.CONSENT_REQUEST if view.reachable_in_chat else NoticeKind.STAFF_HANDLE, view)]
    return []


def for_move(view: IntroView, *, kind: str | None, previous: str, approver: str | None) -> list[Notice]:
    notices = [Notice(kind, view, {"approver": approver})] if kind else []
    if view.state == "pending_consent":
        notices = for_state(view)
    if view.state == "withdrawn" and previous != "pending_consent":
        notices = []  # the contact was never asked, so there is nothing to take back
    return notices


def for_sweep(kind: NoticeKind, view: IntroView, *, paused: bool, limit: int) -> list[Notice]:
    """The reminder or expiry notice; with an expiry that paused the contact, their note saying so."""
    notices = [Notice(kind, view)]
    if paused:
        notices.append(Notice(NoticeKind.PAUSED, view, {"limit": limit}))
    return notices


def record(session: Session, settings: Settings, notices: list[Notice], now: datetime) -> list[Notice]:
    outbox.record(session, settings, notices, now)
    for notice in notices:  # a consent request to a snoozed contact waits for the snooze to end
        if notice.kind in availability.HELD_KINDS:
            until = availability.snoozed_until(session, notice.intro.contact_id, now)
            if until is not None:
                availability.hold(session, session.get(IntroRequest, notice.intro.id), until, now)
    return notices


def plan_lines(session: Session, settings: Settings, notice: Notice) -> list[str]:
    """One line per recipient `notice` would reach; reads only (for `intros sweep --dry-run`)."""
    return [describe(notice.kind, notice.intro, surface=r.surface, target=r.target, reason=r.reason)
            for r in plan(session, settings, notice)]
