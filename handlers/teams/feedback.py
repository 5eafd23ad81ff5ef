"""👍/👎 on an answer card, and Teams' own feedback loop under a streamed answer: both stored with the
core's record_feedback, like Slack's."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from microsoft_agents.activity import Activity, ActivityTypes, InvokeResponse
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.errors import InvalidInput
from handlers.teams.cards import FEEDBACK_VERB
from handlers.teams.common import SURFACE, run_core, shows_bot_errors, user_ref
from handlers.teams.streaming import AnswerIds

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger("handlers.teams")

THANKS = "Thanks for the feedback!"
REACTIONS = {"like": 1, "dislike": -1}


def parse_feedback(data: Any) -> tuple[str, int]:
    """(answer id, +1/-1) from the button's data; anything else is a stale or forged button."""
    try:
        answer_id, rating = str(data["answer_id"]), int(data["rating"])
    except (KeyError, TypeError, ValueError):
        raise InvalidInput("That feedback button is out of date; please use the buttons under a newer answer.") from None
    if not answer_id or rating not in (1, -1):
        raise InvalidInput("That feedback button is out of date; please use the buttons under a newer answer.")
    return answer_id, rating


def parse_feedback_loop(value: Any) -> tuple[int, str | None] | None:
    """(+1/-1, the typed comment) from a feedback-loop invoke's value; None when it is not one."""
    if not isinstance(value, dict) or value.get("actionName") != "feedback":
        return None
    action = value.get("actionValue") if isinstance(value.get("actionValue"), dict) else {}
    rating = REACTIONS.get(action.get("reaction"))
    if rating is None:
        return None
    try:  # Teams sends the form as a JSON string: {"feedbackText": "..."}
        form = json.loads(action.get("feedback") or "{}")
    except (TypeError, ValueError):
        form = {}
    comment = form.get("feedbackText") if isinstance(form, dict) else None
    return rating, comment if isinstance(comment, str) and comment.strip() else None


def register(app: AgentApplication[TurnState], services: Services) -> None:
    answer_ids = AnswerIds(services)

    @app.invoke("message/submitAction")
    async def on_feedback_loop(context: TurnContext, state: TurnState) -> None:
        activity = context.activity
        parsed = parse_feedback_loop(activity.value)
        conversation_id = activity.conversation.id if activity.conversation else ""
        answer_id = await run_core(answer_ids.get, conversation_id, activity.reply_to_id or "")
        if parsed is None or answer_id is None:
            # Teams shows nothing for an invoke either way; a message no answer is known for (older than the
            # records are kept, or not an answer) is logged, not shown as an error.
            log.warning("Teams feedback not recorded: %s", "not a feedback action" if parsed is None else "unknown message")
            status = 400 if parsed is None else 200
        else:
            rating, comment = parsed
            await run_core(services.assistant.record_feedback, answer_id, rating=rating, comment=comment,
                           user_ref=user_ref(activity), surface=SURFACE)
            status = 200
        await context.send_activity(Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=status)))

    @app.adaptive_card.action_submit(FEEDBACK_VERB)
    @shows_bot_errors
    async def on_feedback(context: TurnContext, state: TurnState, data: Any) -> None:
        answer_id, rating = parse_feedback(data)
        await run_core(
            services.assistant.record_feedback, answer_id, rating=rating, user_ref=user_ref(context.activity), surface=SURFACE
        )
        await context.send_activity(THANKS)
