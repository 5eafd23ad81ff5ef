"""Every message: one route hands it to the conversation core and renders whatever comes back.

Whether it is a question, a partner request, help or "new conversation" is the core's decision.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from microsoft_agents.hosting.core import AgentApplication, MessageFactory, TurnContext, TurnState

from bot.conversation import Capabilities, Hooks, Turn, Where
from bot.conversation import replies as r
from handlers.teams.cards import ASK_VERB
from handlers.teams.common import SURFACE, requester_of, run_core, shows_bot_errors
from handlers.teams.replies import render
from handlers.teams.streaming import AnswerIds, PersonalStream, streams_here

if TYPE_CHECKING:
    from bot.services import Services

_AT_TAGS = re.compile(r"</?at>", re.I)
CAPABILITIES = Capabilities(streaming=False, buttons=True)


def question_text(text: str | None) -> str:
    """The SDK already removed the bot's own mention; other mentions keep their names, minus the tags."""
    return " ".join(html.unescape(_AT_TAGS.sub("", text or "")).split())


def register(app: AgentApplication[TurnState], services: Services) -> None:
    answer_ids = AnswerIds(services)

    async def converse(context: TurnContext, text: str) -> None:
        conversation = context.activity.conversation
        turn = Turn(requester_of(context.activity), Where(SURFACE, conversation.id if conversation else ""),
                    question_text(text), CAPABILITIES)
        # Personal chats stream (streaming.py); group chats and channels get the card.
        stream = PersonalStream(context, answer_ids) if streams_here(context) else None
        hooks = Hooks(on_working=stream.working) if stream else None
        reply = await run_core(services.conversation.handle, turn, hooks)
        if stream and isinstance(reply, r.AnswerReply):
            await stream.answer(reply.answer)
            return
        activity = render(reply, staff_contact=services.settings.staff_contact)
        if stream and stream.started:
            await stream.finish(activity or MessageFactory.text("Done."))
        elif activity is not None:
            await context.send_activity(activity)

    @app.adaptive_card.action_submit(ASK_VERB)
    @shows_bot_errors
    async def on_ask_button(context: TurnContext, state: TurnState, data: Any) -> None:
        # Teams sends suggested questions as plain messages (imBack); other clients submit them here.
        question = data.get("question") if isinstance(data, dict) else None
        await converse(context, str(question or ""))

    @app.message()
    @shows_bot_errors
    async def on_message(context: TurnContext, state: TurnState) -> None:
        await converse(context, context.activity.text)
