"""The welcome card: when the bot is added to a chat or team, and when someone says hello or help."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from handlers.teams.cards import welcome_card
from handlers.teams.common import card_message

if TYPE_CHECKING:
    from bot.services import Services

# Questions the knowledge base answers well; each is one tap away on the welcome card.
SUGGESTED_QUESTIONS = (
    "How long can a visiting researcher stay?",
    "Who is covered by the agreement?",
    "How much is a seed grant for a joint project?",
    "What are the student exchange deadlines?",
)
GREETING = re.compile(r"^\s*(help|hi|hello|hey|hej|start)\s*[.!?]*\s*$", re.I)


def register(app: AgentApplication[TurnState], services: Services) -> None:
    card = welcome_card(SUGGESTED_QUESTIONS, staff_contact=services.settings.staff_contact)

    @app.conversation_update("membersAdded")
    async def on_members_added(context: TurnContext, state: TurnState) -> None:
        # Teams also reports people joining a team the bot is in; only the bot's own arrival is greeted.
        bot = context.activity.recipient
        if bot and any(member.id == bot.id for member in context.activity.members_added or []):
            await context.send_activity(card_message(card))

    @app.message(GREETING)
    async def on_greeting(context: TurnContext, state: TurnState) -> None:
        await context.send_activity(card_message(card))
