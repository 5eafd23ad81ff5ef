"""/ask: a private answer with sources and a "Share in channel" button."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext, Respond

from handlers.slack.command_names import renamed, slash
from handlers.slack.conversation import converse_privately
from handlers.slack.lazy import lazy_runner
from handlers.slack.text import from_slack

USAGE = "Ask me about the collaboration, e.g. `/ask How long can a visiting researcher stay?`"
WORKING = "Looking that up…"


def register(app: App, services) -> None:  # noqa: ANN001
    run = lazy_runner(services)
    prefix = services.settings.slack_command_prefix
    usage = renamed(USAGE, prefix)

    def acknowledge_ask(ack: Ack, command: dict) -> None:
        ack(response_type="ephemeral", text=WORKING if command.get("text", "").strip() else usage)

    def answer_ask(command: dict, respond: Respond, context: BoltContext) -> None:
        question = from_slack(command.get("text", ""))
        if question:
            converse_privately(services, context, respond, command="ask", text=question,
                               channel=command.get("channel_id", ""), progress_shown=True)

    app.command(slash(prefix, "ask"))(ack=acknowledge_ask, lazy=[run(answer_ask)])
