"""Delivering introduction notices in Teams: in the current chat, or proactively to a stored chat.

A Teams user can be reached proactively once they have written to the bot in a personal chat
(`bot.db.teams_refs` keeps that conversation reference).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from microsoft_agents.activity import Activity, ConversationReference
from microsoft_agents.hosting.core import MessageFactory, TurnContext

from bot.db.teams_refs import load_reference, save_reference
from handlers.teams.common import SURFACE, card_message, log, run_core, user_ref
from handlers.teams.match_cards import accepted_card, consent_card, declined_text
from handlers.teams.service_urls import is_trusted_service_url

if TYPE_CHECKING:
    from bot.matching.intros import IntroView, Notice
    from bot.services import Services


def personal_reference(activity: Activity) -> dict | None:
    """The reference of a personal chat with a known AAD user, as JSON; None for channels and group chats."""
    conversation, sender = activity.conversation, activity.from_property
    if conversation is None or conversation.conversation_type != "personal" or not (sender and sender.aad_object_id):
        return None
    reference = activity.get_conversation_reference().model_dump(mode="json", by_alias=True, exclude_none=True)
    reference.pop("activityId", None)  # proactive messages start a new thread, not a reply
    return reference


class ReferenceRecorder:
    """Stores each user's personal-chat reference, writing only when it changed."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._seen: dict[str, dict] = {}

    async def __call__(self, context: TurnContext, state: Any) -> bool:
        activity = context.activity
        if activity.type == "message":
            reference = personal_reference(activity)
            ref = user_ref(activity)
            if reference is not None and self._seen.get(ref) != reference:
                try:
                    await run_core(save_reference, self.services.sessions, ref, reference, now=self.services.clock.now())
                    self._seen[ref] = reference
                except Exception:  # never block a question because the reference could not be stored
                    log.warning("could not store the Teams conversation reference of %s", ref, exc_info=True)
        return True


async def send_to(context: TurnContext, services: Services, target_ref: str, message: Activity | str) -> bool:
    """Send to `target_ref` ("teams:<aad id>"): here if it is the current user's personal chat, else proactively."""
    if not target_ref.startswith(f"{SURFACE}:"):
        return False
    build = (lambda: MessageFactory.text(message)) if isinstance(message, str) else (lambda: message.model_copy(deep=True))
    if target_ref == user_ref(context.activity) and personal_reference(context.activity) is not None:
        await context.send_activity(build())
        return True
    saved = await run_core(load_reference, services.sessions, target_ref)
    if not saved:
        return False
    # A stored reference was checked when it arrived, but perhaps under another mode (a shared database).
    if not is_trusted_service_url(saved.get("serviceUrl"), production=services.settings.teams_production):
        log.warning("not reaching %s in Teams: the stored serviceUrl is not trusted here", target_ref)
        return False

    delivered: list[bool] = []

    async def deliver(proactive: TurnContext) -> None:
        # Failures are caught here: the adapter's error handler would send its apology to the other person.
        try:
            await proactive.send_activity(build())
            delivered.append(True)
        except Exception:  # an uninstalled app or a deleted chat: the caller falls back to the secretariat
            log.warning("could not reach %s in Teams", target_ref, exc_info=True)

    try:
        continuation = ConversationReference.model_validate(saved).get_continuation_activity()
        continuation.id = None  # a new message in the chat (send to conversation), not a reply to an unknown id
        await context.adapter.continue_conversation_with_claims(context.identity, continuation, deliver)
    except Exception:  # a stored reference the SDK no longer accepts, or no connector for it
        log.warning("could not reach %s in Teams", target_ref, exc_info=True)
    return bool(delivered)


def _secretariat(intro: IntroView, services: Services) -> str:
    log.warning("introduction %s to %s needs the secretariat: the contact is not reachable in Teams", intro.id, intro.contact_id)
    return f"The secretariat ({services.settings.staff_contact}) will pass your request on to {intro.contact_name} and follow up."


async def deliver_request_notices(context: TurnContext, services: Services, notices: Iterable[Notice]) -> str:
    """Send what a new request needs; returns the follow-up line for the requester's confirmation."""
    follow_up = "It is still open; you'll hear back here when they answer."
    for notice in notices:
        intro = notice.intro
        if notice.kind == "approval_needed":
            follow_up = "An ambassador reviews introduction requests first; you'll hear back here."
        elif notice.kind == "consent_request":
            sent = bool(intro.contact_teams_id) and await send_to(
                context, services, f"{SURFACE}:{intro.contact_teams_id}", card_message(consent_card(intro)))
            follow_up = (f"{intro.contact_name} has been asked in Teams; you'll hear back here when they answer."
                         if sent else _secretariat(intro, services))
        elif notice.kind == "staff_handle":
            follow_up = _secretariat(intro, services)
    return follow_up


async def deliver_answer_notices(context: TurnContext, services: Services, notices: Iterable[Notice]) -> None:
    """After the contact accepted or declined: tell both (accepted) or the requester (declined)."""
    for notice in notices:
        intro = notice.intro
        if notice.kind == "accepted":
            await context.send_activity(card_message(accepted_card(intro, for_requester=False)))
            if not await send_to(context, services, intro.requester_ref, card_message(accepted_card(intro, for_requester=True))):
                await context.send_activity(f"I couldn't reach {intro.requester_name} in Teams; the secretariat will let them know.")
        elif notice.kind == "declined":
            await context.send_activity(f"Thanks for answering. {intro.requester_name} gets a polite note; nothing about you is shared.")
            if not await send_to(context, services, intro.requester_ref, declined_text(intro)):
                log.warning("introduction %s declined, but the requester %s is not reachable in Teams", intro.id, intro.requester_ref)
