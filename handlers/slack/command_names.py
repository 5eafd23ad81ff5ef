"""The slash commands' names: `/ask` etc., or `/x-ask` with SLACK_COMMAND_PREFIX=x where `/ask` is taken.

Registration, the manifest and the help texts all take the names from here, so they cannot disagree.
"""

from __future__ import annotations

import re

COMMANDS = ("ask", "match", "profile", "kb")
_MENTIONED = re.compile(r"(?<![\w/-])/(" + "|".join(COMMANDS) + r")\b")


def slash(prefix: str, name: str) -> str:
    """`slash("", "ask")` is `/ask`; `slash("x", "ask")` is `/x-ask`."""
    return f"/{prefix}-{name}" if prefix else f"/{name}"


def renamed(text: str, prefix: str) -> str:
    """A help text with each `/ask`, `/match`, `/profile`, `/kb` it mentions under its configured name."""
    return _MENTIONED.sub(lambda m: slash(prefix, m.group(1)), text) if prefix else text
