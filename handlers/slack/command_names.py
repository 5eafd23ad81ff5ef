"""The slash commands' names: `/ask` etc., or `/x-ask` with SLACK_COMMAND_PREFIX=x where `/ask` is taken.

Registration, the manifest and the help texts all take the names from here, so they cannot disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COMMANDS = ("ask", "match", "profile", "kb")
_MENTIONED = re.compile(r"(?<![\w/-])/(" + "|".join(COMMANDS) + r")\b")


def slash(prefix: str, name: str) -> str:
    """`slash("", "ask")` is `/ask`; `slash("x", "ask")` is `/x-ask`."""
    return f"/{prefix}-{name}" if prefix else f"/{name}"


def renamed(text: str, prefix: str) -> str:
    """A help text with each `/ask`, `/match`, `/profile`, `/kb` it mentions under its configured name."""
    return _MENTIONED.sub(lambda m: slash(prefix, m.group(1)), text) if prefix else text


@dataclass(frozen=True)
class CommandNames:
    """The slash commands as this workspace knows them, for every text that names one: `names.kb` is `/kb`
    or `/x-kb`; `names.text(CONSTANT)` renames what a fixed text mentions."""

    prefix: str = ""

    @classmethod
    def of(cls, settings) -> CommandNames:  # noqa: ANN001 - bot.config.Settings
        return cls(settings.slack_command_prefix)

    def __getitem__(self, name: str) -> str:
        return slash(self.prefix, name)

    @property
    def ask(self) -> str:
        return self["ask"]

    @property
    def match(self) -> str:
        return self["match"]

    @property
    def profile(self) -> str:
        return self["profile"]

    @property
    def kb(self) -> str:
        return self["kb"]

    def text(self, text: str) -> str:
        return renamed(text, self.prefix)
