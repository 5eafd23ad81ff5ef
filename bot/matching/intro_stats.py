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
