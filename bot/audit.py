"""The audit log: who changed what and when, from any surface (console, Slack, Teams, the command line).

Changes to documents, erasures and console sign-ins are AuditEntry rows; introduction moves and
profile edits keep their own history (intro_events, profile_changes), read here beside them so one
list shows every change. Actors are chat identities ("slack:U123"), `cli`, or `sweep`/`system`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import AuditEntry, Contact, IntroEvent, ProfileChange


@dataclass
class Change:
    at: datetime
    actor: str
    action: str
    target: str
    detail: str


def record(session: Session, *, actor: str, action: str, target: str | None = None, detail: dict | None = None,
           at: datetime | None = None) -> None:
    """One audit row, in the caller's transaction, so it exists exactly when the change does."""
    session.add(AuditEntry(at=at or datetime.now(timezone.utc), actor=actor[:200], action=action[:60],
                           target=(target or None) and target[:1000], detail=detail or {}))


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _detail(value: dict) -> str:
    return ", ".join(f"{k}: {v}" for k, v in (value or {}).items())


def recent_changes(session: Session, *, limit: int = 200, actor: str | None = None, action: str | None = None) -> list[Change]:
    """The newest changes first; `actor` and `action` filter by substring (action "kb" finds kb.add, kb.remove…)."""
    changes: list[Change] = []
    audit = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if actor:
        audit = audit.where(AuditEntry.actor.contains(actor))
    if action:
        audit = audit.where(AuditEntry.action.contains(action))
    changes += [Change(_aware(a.at), a.actor, a.action, a.target or "", _detail(a.detail)) for a in session.scalars(audit)]
    if not action or "intro" in action:
        events = (select(IntroEvent).where(IntroEvent.actor.notin_(("system",)), IntroEvent.from_state.is_not(None))
                  .order_by(IntroEvent.id.desc()).limit(limit))
        if actor:
            events = events.where(IntroEvent.actor.contains(actor))
        changes += [Change(_aware(e.at), e.actor, f"intro.{e.to_state}", e.request_id,
                           f"from {e.from_state}" + (f"; {e.note}" if e.note else "")) for e in session.scalars(events)]
    if not action or "profile" in action:
        edits = (select(ProfileChange, Contact.name).join(Contact, Contact.id == ProfileChange.contact_id)
                 .order_by(ProfileChange.id.desc()).limit(limit))
        if actor:
            edits = edits.where(ProfileChange.editor.contains(actor))
        changes += [Change(_aware(p.changed_at), p.editor, "profile.edit", name, ", ".join(sorted(p.fields or {})))
                    for p, name in session.execute(edits)]
    changes.sort(key=lambda c: c.at, reverse=True)
    return changes[:limit]
