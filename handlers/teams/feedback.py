"""👍/👎 on an answer card: stored with the core's record_feedback, like Slack's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.errors import InvalidInput
from handlers.teams.cards import FEEDBACK_VERB
from handlers.teams.common import SURFACE, run_core, shows_bot_errors, user_ref

if TYPE_CHECKING:
    from bot.services import Services

THANKS = "Thanks for the feedback!"


def parse_feedback(data: Any) -> tuple[str, int]:
    """(answer id, +1/-1) from the button's data; anything else is a stale or forged button."""
    try:
        answer_id, rating = str(data["answer_id"]), int(data["rating"])
    except (KeyError, TypeError, ValueError):
        raise InvalidInput("That feedback button is out of date; please use the buttons under a newer answer.") from None
    if not answer_id or rating not in (1, -1):
        raise InvalidInput("That feedback button is out of date; please use the buttons under a newer answer.")
    return answer_id, rating


def register(app: AgentApplication[TurnState], services: Services) -> None:
    @app.adaptive_card.action_submit(FEEDBACK_VERB)
    @shows_bot_errors
    async def on_feedback(context: TurnContext, state: TurnState, data: Any) -> None:
        answer_id, rating = parse_feedback(data)
        await run_core(
            services.assistant.record_feedback, answer_id, rating=rating, user_ref=user_ref(context.activity), surface=SURFACE
        )
        await context.send_activity(THANKS)
