"""Where each recipient of a notice is reached: on the platform where they are known, else the staff
channel (Slack's STAFF_CHANNEL, or TEAMS_STAFF_CHANNEL) with the reason, so a person can pass it on."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db.teams_refs import TeamsConversation
from bot.notices.kinds import RECIPIENTS, Notice, NoticeKind, Recipient

SLACK, TEAMS, NOWHERE = "slack", "teams", "none"
TEAMS_CHANNEL_PREFIX = "teams-channel:"


@dataclass(frozen=True)
class Route:
    recipient: Recipient
    surface: str
    target: str
    reason: str | None = None


def teams_channel_ref(conversation_id: str) -> str:
    """The key under which the staff channel's conversation reference is kept."""
    return TEAMS_CHANNEL_PREFIX + conversation_id.split(";", 1)[0]


def staff_route(settings: Settings, recipient: Recipient = Recipient.STAFF, reason: str | None = None) -> Route:
    if settings.staff_channel:
        return Route(recipient, SLACK, settings.staff_channel, reason)
    if settings.teams_staff_channel:
        return Route(recipient, TEAMS, teams_channel_ref(settings.teams_staff_channel), reason)
    return Route(recipient, NOWHERE, "", (reason + "; " if reason else "") + "no staff channel is configured "
                 "(set STAFF_CHANNEL for Slack or TEAMS_STAFF_CHANNEL for Teams)")


def _teams_reachable(session: Session, user_ref: str) -> bool:
    return session.get(TeamsConversation, user_ref) is not None


def person_route(session: Session, settings: Settings, recipient: Recipient, ref: str | None, name: str) -> Route:
    """A person known as "slack:U…" or "teams:<aad id>"; staff when neither platform can reach them."""
    if ref and ref.startswith("slack:"):
        return Route(recipient, SLACK, ref.split(":", 1)[1])
    if ref and ref.startswith("teams:"):
        if _teams_reachable(session, ref):
            return Route(recipient, TEAMS, ref)
        return staff_route(settings, recipient, f"{name} uses Teams but has not chatted with the assistant yet")
    return staff_route(settings, recipient, f"{name} has no Slack or Teams account known to the assistant")


def _contact(session: Session, settings: Settings, notice: Notice) -> Route:
    """A contact known on both platforms is reached where the request was made, if the bot can reach them there."""
    intro = notice.intro
    refs = {SLACK: f"slack:{intro.contact_slack_id}" if intro.contact_slack_id else None,
            TEAMS: f"teams:{intro.contact_teams_id}" if intro.contact_teams_id else None}
    order = [TEAMS, SLACK] if intro.surface == TEAMS else [SLACK, TEAMS]
    known = [refs[s] for s in order if refs[s]]
    for ref in known:
        route = person_route(session, settings, Recipient.CONTACT, ref, intro.contact_name)
        if route.reason is None:
            return route
    return person_route(session, settings, Recipient.CONTACT, known[0] if known else None, intro.contact_name)


def plan(session: Session, settings: Settings, notice: Notice) -> list[Route]:
    """One route per recipient; an accepted introduction with both on Slack is one group conversation."""
    intro = notice.intro
    if notice.kind in (NoticeKind.ACCEPTED, NoticeKind.FOLLOW_UP) and intro.contact_slack_id and intro.requester_slack_id:
        return [Route(Recipient.GROUP, SLACK, f"{intro.requester_slack_id},{intro.contact_slack_id}")]
    routes = []
    for recipient in RECIPIENTS[notice.kind]:
        if recipient is Recipient.STAFF:
            routes.append(staff_route(settings))
        elif recipient is Recipient.CONTACT:
            routes.append(_contact(session, settings, notice))
        else:
            routes.append(person_route(session, settings, recipient, intro.requester_ref, intro.requester_name))
    return routes
