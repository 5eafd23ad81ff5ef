"""What the surfaces see of an introduction request: a plain view, read inside the session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timezone

from sqlalchemy.orm import Session

from bot.db.models import Contact, IntroRequest


@dataclass
class IntroView:
    """What the surfaces need to render a request, without touching the database session."""

    id: str
    state: str
    requester_ref: str
    requester_name: str
    requester_org: str | None
    reason: str
    offer: str | None
    need: str | None
    contact_id: str
    contact_name: str
    contact_org: str | None
    contact_email: str
    contact_slack_id: str | None
    contact_teams_id: str | None
    created_at: str
    expires_at: str | None
    surface: str = "slack"  # where the request was made

    @property
    def reachable_in_chat(self) -> bool:
        """The contact can be asked in Slack or Teams, so only they may answer (see _require_contact)."""
        return bool(self.contact_slack_id or self.contact_teams_id)

    @property
    def requester_slack_id(self) -> str | None:
        return self.requester_ref.split(":", 1)[1] if self.requester_ref.startswith("slack:") else None


def aware(when):  # noqa: ANN001, ANN202
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def view(session: Session, intro: IntroRequest) -> IntroView:
    contact = session.get(Contact, intro.contact_id)
    org = contact.organization.name if contact is not None and contact.organization is not None else None
    return IntroView(
        id=intro.id, state=intro.state, requester_ref=intro.requester_ref, requester_name=intro.requester_name,
        requester_org=intro.requester_org, reason=intro.reason, offer=intro.offer, need=intro.need,
        contact_id=intro.contact_id, contact_name=contact.name if contact else "", contact_org=org,
        contact_email=contact.email if contact else "", contact_slack_id=contact.slack_user_id if contact else None,
        contact_teams_id=contact.teams_user_id if contact else None,
        created_at=aware(intro.created_at).isoformat(timespec="seconds"),
        expires_at=aware(intro.expires_at).isoformat(timespec="seconds") if intro.expires_at else None,
        surface=intro.surface or "slack",
    )
