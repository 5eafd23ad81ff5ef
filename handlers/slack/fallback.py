"""Registered after every surface: whatever no listener claimed is still acknowledged.

Slack counts an unanswered delivery as a failure (and retries it); an unknown command gets a
pointer to what does work.
"""

from __future__ import annotations

import re

from slack_bolt import Ack, App

from handlers.slack.command_names import slash

ANYTHING = re.compile(".*")


def register(app: App, services) -> None:  # noqa: ANN001
    ask = slash(services.settings.slack_command_prefix, "ask")

    def unknown_command(ack: Ack, command: dict) -> None:
        ack(response_type="ephemeral",
            text=f"I can't do `{command.get('command', '')}` yet. Try `{ask}` followed by your question, "
                 "or send me a direct message.")

    def acknowledge(ack: Ack) -> None:
        ack()

    app.command(ANYTHING)(unknown_command)
    app.event(ANYTHING)(acknowledge)
    app.action(ANYTHING)(acknowledge)
    app.view(ANYTHING)(acknowledge)
    app.shortcut(ANYTHING)(acknowledge)
