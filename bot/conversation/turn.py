"""What a surface hands the core: who said what, where, and what the surface can show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.conversation.identity import Requester


@dataclass(frozen=True)
class Capabilities:
    streaming: bool = False  # text can appear while a language model writes it
    buttons: bool = False  # replies may carry buttons (feedback, "Request introduction")


@dataclass(frozen=True)
class Where:
    """The conversation: its surface, channel and thread; `key` names its history."""

    surface: str
    channel: str = ""
    thread: str = ""

    @property
    def key(self) -> str:
        return ":".join(p for p in (self.surface, self.channel, self.thread) if p)


@dataclass(frozen=True)
class Said:
    """One earlier message of a conversation whose history the surface itself keeps (a Slack thread)."""

    role: str  # "user" or "assistant"
    text: str
    at: datetime


@dataclass(frozen=True)
class Turn:
    who: Requester
    where: Where
    text: str
    capabilities: Capabilities = Capabilities()
    command: str | None = None  # a native command of the surface (Slack's /ask, /match), else read from the text
    history: tuple[Said, ...] | None = field(default=None)  # None: the core keeps the history
