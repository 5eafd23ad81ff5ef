"""Questions: a personal-chat message or a channel @mention gets a grounded answer card."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from handlers.teams.cards import ASK_VERB, answer_card
from handlers.teams.common import SURFACE, card_message, run_core, shows_bot_errors, user_ref
from handlers.teams.history import forget, load_history, remember

if TYPE_CHECKING:
    from bot.services import Services

_AT_TAGS = re.compile(r"</?at>", re.I)
NEW_CONVERSATION = re.compile(r"^\s*(new|reset|start over)\s*[.!]*\s*$", re.I)


def question_text(text: str | None) -> str:
    """The SDK already removed the bot's own mention; other mentions keep their names, minus the tags."""
    return " ".join(html.unescape(_AT_TAGS.sub("", text or "")).split())


def register(app: AgentApplication[TurnState], services: Services) -> None:
    async def answer(context: TurnContext, state: TurnState, question: str) -> None:
        now = services.clock.now()
        history = load_history(state, now)
        result = await run_core(
            services.assistant.ask, question, history, user_ref=user_ref(context.activity), surface=SURFACE
        )
        remember(state, history, question, result.text, now)
        await context.send_activity(card_message(answer_card(result)))

    @app.message(NEW_CONVERSATION)
    async def on_new_conversation(context: TurnContext, state: TurnState) -> None:
        forget(state)
        await context.send_activity("OK, a new conversation: my next answer won't build on the earlier questions.")

    @app.adaptive_card.action_submit(ASK_VERB)
    @shows_bot_errors
    async def on_ask_button(context: TurnContext, state: TurnState, data: Any) -> None:
        # Teams sends suggested questions as plain messages (imBack); other clients submit them here.
        question = data.get("question") if isinstance(data, dict) else None
        await answer(context, state, question_text(str(question or "")))

    @app.message()
    @shows_bot_errors
    async def on_message(context: TurnContext, state: TurnState) -> None:
        # An empty question (a bare @mention, an unknown card button) gets the core's own hint.
        await answer(context, state, question_text(context.activity.text))
