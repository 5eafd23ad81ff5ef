"""/ask: a private answer with sources and a "Share in channel" button."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond

from handlers.slack.answering import questions_for
from handlers.slack.lazy import lazy_runner
from handlers.slack.text import from_slack

USAGE = "Ask me about the collaboration, e.g. `/ask How long can a visiting researcher stay?`"
WORKING = "Looking that up…"


def register(app: App, services) -> None:  # noqa: ANN001
    questions = questions_for(services)
    run = lazy_runner(services)

    def acknowledge_ask(ack: Ack, command: dict) -> None:
        ack(response_type="ephemeral", text=WORKING if command.get("text", "").strip() else USAGE)

    def answer_ask(command: dict, respond: Respond) -> None:
        question = from_slack(command.get("text", ""))
        if question:
            questions.answer_privately(respond, user=command["user_id"], question=question, progress_shown=True)

    app.command("/ask")(ack=acknowledge_ask, lazy=[run(answer_ask)])
