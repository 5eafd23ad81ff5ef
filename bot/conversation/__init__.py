"""The conversation core: `Conversation.handle(Turn) -> Reply` for every surface."""

from bot.conversation.core import Conversation, Hooks
from bot.conversation.identity import Requester
from bot.conversation.replies import (
    AnswerReply,
    CommandResult,
    ErrorReply,
    HelpReply,
    MatchesReply,
    NewConversation,
    Reply,
    SlowDown,
)
from bot.conversation.turn import Capabilities, Said, Turn, Where

__all__ = [
    "AnswerReply", "Capabilities", "CommandResult", "Conversation", "ErrorReply", "HelpReply", "Hooks",
    "MatchesReply", "NewConversation", "Reply", "Requester", "Said", "SlowDown", "Turn", "Where",
]
