"""Where Teams can reach people later: conversation references, and the line a requester reads.

A Teams user can be reached proactively once they have written to the bot in a personal chat, and
the staff channel (TEAMS_STAFF_CHANNEL) once the bot has seen a message there; `bot.db.teams_refs`
keeps those references, and handlers/teams/notice_sender.py sends the outbox's notices through them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TurnContext

from bot.db.teams_refs import save_reference
from bot.notices.kinds import NoticeKind
from bot.notices.routing import plan, teams_channel_ref
from handlers.teams.common import log, run_core, user_ref

if TYPE_CHECKING:
    from bot.notices.kinds import Notice
    from bot.services import Services


def personal_reference(activity: Activity) -> dict | None:
    """The reference of a personal chat with a known AAD user, as JSON; None for channels and group chats."""
    conversation, sender = activity.conversation, activity.from_property
    if conversation is None or conversation.conversation_type != "personal" or not (sender and sender.aad_object_id):
        return None
    return _reference(activity)


def _reference(activity: Activity) -> dict:
    reference = activity.get_conversation_reference().model_dump(mode="json", by_alias=True, exclude_none=True)
    reference.pop("activityId", None)  # proactive messages start a new thread, not a reply
    return reference


def staff_channel_reference(activity: Activity, staff_channel: str | None) -> dict | None:
    """The staff channel's reference (a new post in the channel, not a reply in this thread)."""
    conversation = activity.conversation
    if not staff_channel or conversation is None or not conversation.id:
        return None
    channel = staff_channel.split(";", 1)[0]
    if conversation.id.split(";", 1)[0] != channel:
        return None
    reference = _reference(activity)
    reference.setdefault("conversation", {})["id"] = channel
    return reference


class ReferenceRecorder:
    """Stores each user's personal-chat reference and the staff channel's, writing only when it changed."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._seen: dict[str, dict] = {}

    async def __call__(self, context: TurnContext, state: Any) -> bool:
        activity = context.activity
        if activity.type not in ("message", "conversationUpdate"):
            return True
        found = []
        if activity.type == "message" and (personal := personal_reference(activity)) is not None:
            found.append((user_ref(activity), personal))
        staff = staff_channel_reference(activity, self.services.settings.teams_staff_channel)
        if staff is not None:
            found.append((teams_channel_ref(staff["conversation"]["id"]), staff))
        for ref, reference in found:
            if self._seen.get(ref) == reference:
                continue
            try:
                await run_core(save_reference, self.services.sessions, ref, reference, now=self.services.clock.now())
                self._seen[ref] = reference
            except Exception:  # never block a question because the reference could not be stored
                log.warning("could not store the Teams conversation reference of %s", ref, exc_info=True)
        return True


def follow_up_line(services: Services, notices: Iterable[Notice]) -> str:
    """What the requester reads under their confirmation: who is asked where, or that staff take over
    (the same routing the outbox used for the notice; call it off the event loop)."""
    for notice in notices:
        intro = notice.intro
        if notice.kind == NoticeKind.APPROVAL_NEEDED:
            return "An ambassador reviews introduction requests first; you'll hear back here."
        if notice.kind in (NoticeKind.CONSENT_REQUEST, NoticeKind.STAFF_HANDLE):
            with services.sessions() as session:
                (route,) = plan(session, services.settings, notice)
            if notice.kind == NoticeKind.CONSENT_REQUEST and route.reason is None:
                where = "Slack" if route.surface == "slack" else "Teams"
                return f"{intro.contact_name} has been asked in {where}; you'll hear back here when they answer."
            log.info("introduction %s to %s needs the secretariat: %s", intro.id, intro.contact_id, route.reason or "no chat account")
            return f"The secretariat ({services.settings.staff_contact}) will pass your request on to {intro.contact_name} and follow up."
    return "It is still open; you'll hear back here when they answer."
