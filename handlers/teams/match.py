"""Introductions in Teams: "Request introduction" on a match card (matches come from the conversation
core, messages.py) → the same introduction requests as Slack; the contact's Accept/Decline."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.errors import InvalidInput
from bot.matching.profiles import find_contact_id, load_profile
from bot.staff import is_staff_ref
from handlers.teams.common import SURFACE, card_message, run_core, shows_bot_errors, user_ref
from handlers.teams.intro_notices import ReferenceRecorder, follow_up_line
from handlers.teams.match_cards import (
    ACCEPT_VERB,
    DECLINE_VERB,
    MAX_NEED,
    REQUEST_VERB,
    input_ids,
    request_confirmation_card,
)
from handlers.teams.notice_cards import APPROVE_VERB, REJECT_VERB

if TYPE_CHECKING:
    from bot.services import Services

STALE = "That button is out of date; please ask for matches again."
ANSWERED = {True: "Thank you! I am introducing you to {name} now.",
            False: "Thanks for answering. {name} gets a polite note; nothing about you is shared."}


def parse_request(data: Any) -> dict:
    """contact id, reason, offer, need and the card id from the inline form's submission."""
    if not isinstance(data, dict) or not isinstance(data.get("contact_id"), str) or not data["contact_id"]:
        raise InvalidInput(STALE)
    reason_id, offer_id = input_ids(data["contact_id"])
    return {
        "contact_id": data["contact_id"],
        "reason": str(data.get(reason_id) or ""),
        "offer": str(data.get(offer_id) or "") or None,
        "need": str(data.get("need") or "")[:MAX_NEED] or None,
        "card": str(data.get("card") or ""),
    }


def idempotency_key(requester: str, form: dict) -> str:
    """The same card, contact and person give the same key, so a replayed submission asks only once."""
    card = form["card"] or hashlib.sha256(json.dumps(form, sort_keys=True).encode()).hexdigest()[:16]
    return f"{requester}:{form['contact_id']}:{card}"[:200]


def intro_id_of(data: Any) -> str:
    intro_id = data.get("intro_id") if isinstance(data, dict) else None
    if not isinstance(intro_id, str) or not intro_id:
        raise InvalidInput(STALE)
    return intro_id


def requester_identity(services: Services, context: TurnContext) -> tuple[str, str | None]:
    """(name, organisation): from the person's contact profile when they have one, else from Teams."""
    contact_id = find_contact_id(services.sessions, user_ref=user_ref(context.activity))
    if contact_id:
        profile = load_profile(services.sessions, contact_id=contact_id)
        return profile["name"], profile["organization"] or None
    sender = context.activity.from_property
    return (sender.name if sender and sender.name else "A Teams user"), None


def register(app: AgentApplication[TurnState], services: Services) -> None:
    app.before_turn(ReferenceRecorder(services))


    @app.adaptive_card.action_submit(REQUEST_VERB)
    @shows_bot_errors
    async def on_request(context: TurnContext, state: TurnState, data: Any) -> None:
        form = parse_request(data)
        requester = user_ref(context.activity)
        name, org = await run_core(requester_identity, services, context)
        outcome = await run_core(
            services.intros.request, requester_ref=requester, requester_name=name, requester_org=org,
            contact_id=form["contact_id"], reason=form["reason"], offer=form["offer"], need=form["need"],
            idempotency_key=idempotency_key(requester, form), surface=SURFACE,
        )
        follow_up = await run_core(follow_up_line, services, outcome.notices)
        await context.send_activity(card_message(request_confirmation_card(outcome.intro, new=outcome.changed, follow_up=follow_up)))

    def is_staff(context: TurnContext) -> bool:
        return is_staff_ref(services.settings, user_ref(context.activity))

    async def answer(context: TurnContext, data: Any, *, accept: bool) -> None:
        intro_id = intro_id_of(data)
        move = services.intros.accept if accept else services.intros.decline
        outcome = await run_core(move, intro_id, actor_ref=user_ref(context.activity), is_staff=is_staff(context))
        if not outcome.changed:
            await context.send_activity(f"This request was already answered (it is {outcome.intro.state.replace('_', ' ')}).")
            return
        # The notices (the introduction to both, or the note to the requester) go out through the outbox.
        await context.send_activity(ANSWERED[accept].format(name=outcome.intro.requester_name))

    async def review(context: TurnContext, data: Any, *, approve: bool) -> None:
        move = services.intros.approve if approve else services.intros.reject
        ref = user_ref(context.activity)
        outcome = await run_core(move, intro_id_of(data), staff_ref=ref, is_staff=is_staff(context))
        if not outcome.changed:
            await context.send_activity(f"This request was already handled (it is {outcome.intro.state.replace('_', ' ')}).")
            return
        await context.send_activity(f"{'Approved' if approve else 'Rejected'}: {outcome.intro.requester_name} → {outcome.intro.contact_name}.")

    @app.adaptive_card.action_submit(APPROVE_VERB)
    @shows_bot_errors
    async def on_approve(context: TurnContext, state: TurnState, data: Any) -> None:
        await review(context, data, approve=True)

    @app.adaptive_card.action_submit(REJECT_VERB)
    @shows_bot_errors
    async def on_reject(context: TurnContext, state: TurnState, data: Any) -> None:
        await review(context, data, approve=False)

    @app.adaptive_card.action_submit(ACCEPT_VERB)
    @shows_bot_errors
    async def on_accept(context: TurnContext, state: TurnState, data: Any) -> None:
        await answer(context, data, accept=True)

    @app.adaptive_card.action_submit(DECLINE_VERB)
    @shows_bot_errors
    async def on_decline(context: TurnContext, state: TurnState, data: Any) -> None:
        await answer(context, data, accept=False)
