"""The welcome card when the bot is added to a chat or team (help and greetings are the core's: messages.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from handlers.teams.cards import welcome_card
from handlers.teams.common import card_message
from handlers.teams.replies import SUGGESTED_QUESTIONS

if TYPE_CHECKING:
    from bot.services import Services


def register(app: AgentApplication[TurnState], services: Services) -> None:
    card = welcome_card(SUGGESTED_QUESTIONS, staff_contact=services.settings.staff_contact)

    @app.conversation_update("membersAdded")
    async def on_members_added(context: TurnContext, state: TurnState) -> None:
        # Teams also reports people joining a team the bot is in; only the bot's own arrival is greeted.
        bot = context.activity.recipient
        if bot and any(member.id == bot.id for member in context.activity.members_added or []):
            await context.send_activity(card_message(card))
