"""Teams: the follow-up answer, "Decline, and don't introduce me again", and the profile card's snooze
and list. Every submission is checked in the core: the card's data says what, never who."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.errors import InvalidInput
from bot.matching import follow_ups
from bot.matching.preferences import snooze_end
from bot.matching.profiles import find_contact_id
from handlers.teams.common import run_core, shows_bot_errors, user_ref
from handlers.teams.hygiene_cards import BLOCK_DECLINE_VERB, BLOCKS_VERB, FOLLOW_UP_VERB, SNOOZE_VERB, THANKS, lines
from handlers.teams.match import STALE, intro_id_of

if TYPE_CHECKING:
    from bot.services import Services


def _field(data: Any, name: str) -> str:
    value = data.get(name) if isinstance(data, dict) else None
    if value is not None and not isinstance(value, str):
        raise InvalidInput(STALE)
    return value or ""


def register(app: AgentApplication[TurnState], services: Services) -> None:
    def is_staff(context: TurnContext) -> bool:
        return user_ref(context.activity).split(":", 1)[1] in services.settings.staff_teams

    def own(context: TurnContext) -> str | None:
        return find_contact_id(services.sessions, user_ref=user_ref(context.activity))

    @app.adaptive_card.action_submit(FOLLOW_UP_VERB)
    @shows_bot_errors
    async def on_follow_up(context: TurnContext, state: TurnState, data: Any) -> None:
        answer = _field(data, "answer")
        await run_core(follow_ups.answer, services.sessions, intro_id_of(data), respondent_ref=user_ref(context.activity),
                       answer=answer, now=services.clock.now())
        await context.send_activity(THANKS.format(label=follow_ups.ANSWER_LABELS[answer].lower()))

    @app.adaptive_card.action_submit(BLOCK_DECLINE_VERB)
    @shows_bot_errors
    async def on_block_decline(context: TurnContext, state: TurnState, data: Any) -> None:
        outcome = await run_core(services.preferences.block_requester, intro_id_of(data),
                                 actor_ref=user_ref(context.activity), is_staff=is_staff(context))
        if not outcome.changed:
            await context.send_activity(f"This request was already answered (it is {outcome.intro.state.replace('_', ' ')}); "
                                        "they are on your list now all the same.")
            return
        await context.send_activity(f"Declined. {outcome.intro.requester_name} gets a polite note and will not be "
                                    "introduced to you again; nothing about your list is shared.")

    @app.adaptive_card.action_submit(SNOOZE_VERB)
    @shows_bot_errors
    async def on_snooze(context: TurnContext, state: TurnState, data: Any) -> None:
        choice = _field(data, "snooze") or "keep"
        if choice == "keep":
            await context.send_activity("Nothing changed: your snooze stays as it is.")
            return
        until = snooze_end(choice, _field(data, "snooze_until"), services.clock.now())
        mine = await run_core(own, context)
        await run_core(services.preferences.snooze, _field(data, "contact_id"), until=until,
                       actor_ref=user_ref(context.activity), is_staff=False, actor_contact_id=mine)
        await context.send_activity(f"Snoozed until {until.date().isoformat()}: you are not suggested until then, and "
                                    "requests already sent wait for you." if until else
                                    "You are not snoozed: you can be suggested and introduced again.")

    @app.adaptive_card.action_submit(BLOCKS_VERB)
    @shows_bot_errors
    async def on_blocks(context: TurnContext, state: TurnState, data: Any) -> None:
        kept = [v for v in _field(data, "block_keep").split(",") if v.strip()]
        mine = await run_core(own, context)
        result = await run_core(services.preferences.set_blocks, _field(data, "contact_id"),
                                people=kept + lines(_field(data, "block_people")),
                                organisations=lines(_field(data, "block_orgs")), actor_ref=user_ref(context.activity),
                                is_staff=False, actor_contact_id=mine)
        count = len(result["people"]) + len(result["organisations"])
        await context.send_activity(f"Saved: {count} on your list. Nobody is told they are on it." if count else
                                    "Saved: your list is empty.")
