"""The Teams renderer: one function per kind of reply the conversation core returns, to an activity.

Adaptive Cards themselves are built in cards.py and match_cards.py.
"""

from __future__ import annotations

import uuid
from functools import singledispatch

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import MessageFactory

from bot.conversation import replies as r
from handlers.teams.cards import answer_card, welcome_card
from handlers.teams.common import card_message
from handlers.teams.hygiene_cards import profile_card
from handlers.teams.match_cards import match_card

# Questions the knowledge base answers well; each is one tap away on the welcome (help) card.
SUGGESTED_QUESTIONS = (
    "How long can a visiting researcher stay?",
    "Who is covered by the agreement?",
    "How much is a seed grant for a joint project?",
    "What are the student exchange deadlines?",
)


@singledispatch
def render(reply: object, *, staff_contact: str) -> Activity | None:
    raise TypeError(f"no Teams renderer for {type(reply).__name__}")


@render.register
def _(reply: r.AnswerReply, *, staff_contact: str) -> Activity:
    return card_message(answer_card(reply.answer))


@render.register
def _(reply: r.MatchesReply, *, staff_contact: str) -> Activity:
    return card_message(match_card(reply.need, reply.matches, card_id=uuid.uuid4().hex, note=reply.note))


@render.register
def _(reply: r.HelpReply, *, staff_contact: str) -> Activity:
    return card_message(welcome_card(SUGGESTED_QUESTIONS, staff_contact=staff_contact,
                                     commands=[(c.usage, c.summary) for c in reply.commands]))


@render.register
def _(reply: r.CommandResult, *, staff_contact: str) -> Activity:
    if reply.command == "profile" and reply.data.get("id"):  # with the snooze and the list to change
        return card_message(profile_card(reply.data, reply.text))
    return MessageFactory.text(reply.text)


@render.register
def _(reply: r.SlowDown, *, staff_contact: str) -> Activity | None:
    return MessageFactory.text(reply.text) if reply.notify else None


@render.register
def _(reply: r.NewConversation, *, staff_contact: str) -> Activity:
    return MessageFactory.text(reply.text)


@render.register
def _(reply: r.ErrorReply, *, staff_contact: str) -> Activity:
    return MessageFactory.text(reply.message)
