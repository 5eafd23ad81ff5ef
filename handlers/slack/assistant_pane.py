"""The assistant pane (Agents & AI Apps) and every other thread in the bot's DMs, via Bolt's `Assistant`."""

from __future__ import annotations

from slack_bolt import App, Assistant, BoltContext, SaveThreadContext, SetStatus, SetSuggestedPrompts, SetTitle
from slack_sdk import WebClient

from handlers.slack.answering import questions_for
from handlers.slack.blocks import GREETING, SUGGESTED_PROMPTS, plain
from handlers.slack.lazy import lazy_runner
from handlers.slack.match_commands import add_to_assistant
from handlers.slack.events import acknowledge, from_a_person
from handlers.slack.text import from_slack
from handlers.slack.threads import read_thread


def build_assistant(services) -> Assistant:  # noqa: ANN001
    questions = questions_for(services)
    run = lazy_runner(services)
    assistant = Assistant()

    def greet(event: dict, client: WebClient, set_suggested_prompts: SetSuggestedPrompts) -> None:
        thread = event["assistant_thread"]
        client.chat_postMessage(channel=thread["channel_id"], thread_ts=thread["thread_ts"], **plain(GREETING).as_kwargs())
        set_suggested_prompts(prompts=SUGGESTED_PROMPTS, title="Try asking")

    def remember_context(payload: dict, save_thread_context: SaveThreadContext) -> None:
        save_thread_context(payload["assistant_thread"]["context"])

    def answer_in_pane(event: dict, client: WebClient, context: BoltContext, set_status: SetStatus,
                       set_title: SetTitle) -> None:
        thread = read_thread(client, channel=event["channel"], thread_ts=event["thread_ts"], before_ts=event["ts"],
                             bot_user_id=context.bot_user_id, bot_id=context.bot_id)
        history = [t for t in thread.history if t.text != from_slack(GREETING)]
        questions.answer_in_thread(
            client, channel=event["channel"], thread_ts=event["thread_ts"], user=event["user"], team_id=context.team_id,
            question=from_slack(event["text"], bot_user_id=context.bot_user_id), history=history,
            set_status=set_status, set_title=set_title)

    assistant.thread_started(lazy=[run(greet)])(acknowledge)
    assistant.thread_context_changed(lazy=[run(remember_context)])(acknowledge)
    add_to_assistant(assistant, services)  # partner requests go to matching first
    assistant.user_message(matchers=[from_a_person], lazy=[run(answer_in_pane)])(acknowledge)
    return assistant


def register(app: App, services) -> None:  # noqa: ANN001
    app.use(build_assistant(services))
