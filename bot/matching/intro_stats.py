"""Introductions per organisation, for staff: the requests its people sent and how they went, and
the requests its people received. One function for the CLI, Slack's App Home and the staff console."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Contact, IntroFollowUp, IntroRequest, Organization

NO_ORGANISATION = "(no organisation)"


@dataclass(frozen=True)
class OrgStats:
    organisation: str
    sent: int = 0  # requests made by its people
    accepted: int = 0  # of those, accepted (also when they have met since)
    declined: int = 0
    expired: int = 0
    useful: int = 0  # of those, reported useful by either side after the follow-up
    received: int = 0  # requests made to its people

    def as_dict(self) -> dict:
        return asdict(self)


def intro_stats_by_organisation(*, session: Session, since: datetime | None = None) -> list[OrgStats]:
    """Per organisation, busiest first; `since` counts only requests made from then on."""
    query = (select(IntroRequest.id, IntroRequest.requester_org, IntroRequest.state, Organization.name)
             .outerjoin(Contact, Contact.id == IntroRequest.contact_id)
             .outerjoin(Organization, Organization.id == Contact.organization_id))
    if since is not None:
        query = query.where(IntroRequest.created_at >= since)
    rows = session.execute(query).all()
    useful = set(session.scalars(select(IntroFollowUp.intro_id).where(IntroFollowUp.answer == "useful")))
    counts: dict[str, dict[str, int]] = {}

    def add(org: str | None, field: str) -> None:
        entry = counts.setdefault((org or "").strip() or NO_ORGANISATION, {})
        entry[field] = entry.get(field, 0) + 1

    for intro_id, requester_org, state, contact_org in rows:
        add(requester_org, "sent")
        if state in ("accepted", "met"):
            add(requester_org, "accepted")
        elif state in ("declined", "expired"):
            add(requester_org, state)
        if intro_id in useful:
            add(requester_org, "useful")
        add(contact_org, "received")
    stats = [OrgStats(organisation=org, **fields) for org, fields in counts.items()]
    return sorted(stats, key=lambda s: (-(s.sent + s.received), s.organisation.lower()))


@dataclass(frozen=True)
class ContactSignal:
    """What requesters reported after meeting a contact, and the rate matching nudges by."""

    contact_id: str
    name: str
    organisation: str
    met: int
    useful: int
    rate: float

    def as_dict(self) -> dict:
        return asdict(self)


def contact_signals(*, session: Session, limit: int = 50) -> list[ContactSignal]:
    """The contacts with follow-up answers, the most answered first (staff only: the contacts never see it)."""
    from bot.matching.follow_ups import useful_counts, useful_rate

    counts = useful_counts(session)
    if not counts:
        return []
    rows = session.execute(select(Contact.id, Contact.name, Organization.name)
                           .outerjoin(Organization, Organization.id == Contact.organization_id)
                           .where(Contact.id.in_(list(counts)))).all()
    signals = [ContactSignal(contact_id=cid, name=name, organisation=org or "", met=counts[cid][1], useful=counts[cid][0],
                             rate=round(useful_rate(*counts[cid]), 3)) for cid, name, org in rows]
    return sorted(signals, key=lambda s: (-s.met, -s.rate, s.name))[:limit]
