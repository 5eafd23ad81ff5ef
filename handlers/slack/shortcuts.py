"""The message shortcut "Answer with sources": a private answer to the question in a message."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext, Respond

from handlers.slack.conversation import converse_privately
from handlers.slack.lazy import lazy_runner
from handlers.slack.text import from_slack

ANSWER_MESSAGE = "answer_message"


def register(app: App, services) -> None:  # noqa: ANN001
    run = lazy_runner(services)

    def acknowledge(ack: Ack) -> None:
        ack()

    def answer_message(shortcut: dict, respond: Respond, context: BoltContext) -> None:
        message = shortcut.get("message") or {}
        question = from_slack(message.get("text") or "", bot_user_id=context.bot_user_id)
        if not question:
            respond(response_type="ephemeral", text="That message has no text I can answer.")
            return
        converse_privately(services, context, respond, command="ask", text=question,
                           channel=(shortcut.get("channel") or {}).get("id", ""), progress_shown=False)

    app.shortcut(ANSWER_MESSAGE)(ack=acknowledge, lazy=[run(answer_message)])
