"""What the core answers a turn with. Each surface has one renderer per kind (see the README)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.matching.matcher import Match
from bot.qa.types import Answer


@dataclass(frozen=True)
class AnswerReply:
    answer: Answer


@dataclass(frozen=True)
class MatchesReply:
    need: str
    matches: list[Match]
    note: str | None = None  # why the list is empty or holds only near matches


@dataclass(frozen=True)
class CommandHelp:
    name: str  # "match"
    usage: str  # "match NEED"
    summary: str


@dataclass(frozen=True)
class HelpReply:
    intro: str
    commands: tuple[CommandHelp, ...]


@dataclass(frozen=True)
class CommandResult:
    """A command's outcome as plain text (a usage hint, a profile summary)."""

    command: str
    text: str
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SlowDown:
    """The rate limit refused the turn. `notify` is False when the person was told a moment ago."""

    limit: int
    retry_after: int
    notify: bool

    @property
    def text(self) -> str:
        return (f"You are asking faster than I can answer well (at most {self.limit} questions a minute). "
                f"Please wait about {self.retry_after} seconds and ask again.")


@dataclass(frozen=True)
class NewConversation:
    text: str = "OK, a new conversation: my next answer won't build on the earlier questions."


@dataclass(frozen=True)
class ErrorReply:
    """Something the person can act on (an empty or too long question, a store that is down)."""

    message: str


Reply = AnswerReply | MatchesReply | HelpReply | CommandResult | SlowDown | NewConversation | ErrorReply
