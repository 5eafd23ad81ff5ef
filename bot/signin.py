"""Signing in to the staff console: one-time links and the sessions they open.

Only hashes are stored, so a copy of the database opens nobody's session. A link works once and
for 15 minutes; a session ends at logout, after CONSOLE_IDLE_MINUTES without a request, or after
CONSOLE_SESSION_HOURS in any case. The console (handlers/console) checks staff membership again on
every request, so someone removed from the staff lists loses access at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import AuditEntry, ConsoleLink, ConsoleSession
from bot.db.session import transaction
from bot.errors import PermissionDenied

LINK_MINUTES = 15
TOUCH_SECONDS = 60  # last_seen_at is written at most once a minute per session


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Link:
    token: str
    user_ref: str
    expires: datetime


@dataclass(frozen=True)
class SignedIn:
    session_id: str  # the secret the cookie carries
    user_ref: str


def create_link(sessions: sessionmaker[Session], user_ref: str, *, now: datetime, actor: str = "cli") -> Link:
    token = secrets.token_urlsafe(32)
    expires = now + timedelta(minutes=LINK_MINUTES)
    with transaction(sessions) as session:
        session.add(ConsoleLink(token_hash=digest(token), user_ref=user_ref, created_at=now, expires_at=expires))
        session.add(AuditEntry(at=now, actor=actor, action="console.link", target=user_ref, detail={"expires": expires.isoformat()}))
    return Link(token=token, user_ref=user_ref, expires=expires)


def link_owner(sessions: sessionmaker[Session], token: str, *, now: datetime) -> str:
    """Whose valid link this is (read only: the confirmation page shows it before it is used)."""
    with sessions() as session:
        link = session.get(ConsoleLink, digest(token or ""))
        _check_link(link, now)
        return link.user_ref


def _check_link(link: ConsoleLink | None, now: datetime) -> None:
    if link is None:
        raise PermissionDenied("This sign-in link is not valid. Ask for a new one with `python -m bot console link USER_ID`.")
    if link.used_at is not None:
        raise PermissionDenied("This sign-in link has been used already; each link works once. Ask for a new one.")
    if _aware(link.expires_at) <= now:
        raise PermissionDenied(f"This sign-in link has expired (links are valid for {LINK_MINUTES} minutes). Ask for a new one.")


def redeem_link(sessions: sessionmaker[Session], token: str, *, now: datetime, session_hours: float) -> SignedIn:
    """Use the link up (one conditional update, so two tabs cannot both use it) and open a session."""
    key = digest(token or "")
    with transaction(sessions) as session:
        link = session.get(ConsoleLink, key)
        _check_link(link, now)
        used = session.execute(update(ConsoleLink).where(ConsoleLink.token_hash == key, ConsoleLink.used_at.is_(None))
                               .values(used_at=now).execution_options(synchronize_session=False)).rowcount
        if not used:
            raise PermissionDenied("This sign-in link has been used already; each link works once. Ask for a new one.")
        return _open(session, link.user_ref, "link", now, session_hours)


def open_session(sessions: sessionmaker[Session], user_ref: str, *, method: str, now: datetime, session_hours: float) -> SignedIn:
    """A session for someone a sign-in provider (Slack, Entra ID) vouched for."""
    with transaction(sessions) as session:
        return _open(session, user_ref, method, now, session_hours)


def _open(session: Session, user_ref: str, method: str, now: datetime, session_hours: float) -> SignedIn:
    session_id = secrets.token_urlsafe(32)
    session.add(ConsoleSession(id_hash=digest(session_id), user_ref=user_ref, method=method, created_at=now,
                               last_seen_at=now, expires_at=now + timedelta(hours=session_hours)))
    session.add(AuditEntry(at=now, actor=user_ref, action="console.signin", target=None, detail={"method": method}))
    return SignedIn(session_id=session_id, user_ref=user_ref)


def current_user(sessions: sessionmaker[Session], session_id: str, *, now: datetime, idle_minutes: float) -> str | None:
    """The staff ref of a live session (and mark it seen), or None when it ended, expired or idled out."""
    key = digest(session_id or "")
    with transaction(sessions) as session:
        row = session.get(ConsoleSession, key)
        if row is None or row.ended_at is not None or _aware(row.expires_at) <= now:
            return None
        if _aware(row.last_seen_at) + timedelta(minutes=idle_minutes) <= now:
            row.ended_at = now
            return None
        if (now - _aware(row.last_seen_at)).total_seconds() >= TOUCH_SECONDS:
            row.last_seen_at = now
        return row.user_ref


def end_session(sessions: sessionmaker[Session], session_id: str, *, now: datetime) -> None:
    with transaction(sessions) as session:
        row = session.get(ConsoleSession, digest(session_id or ""))
        if row is not None and row.ended_at is None:
            row.ended_at = now
            session.add(AuditEntry(at=now, actor=row.user_ref, action="console.signout", target=None, detail={}))
