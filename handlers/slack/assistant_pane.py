"""The assistant pane (Agents & AI Apps): the greeting and suggested prompts when a thread opens.

Messages in the pane are conversational messages like any other DM (conversation.py).
"""

from __future__ import annotations

from slack_bolt import App, Assistant, SaveThreadContext, SetSuggestedPrompts
from slack_sdk import WebClient

from handlers.slack.blocks import GREETING, SUGGESTED_PROMPTS, plain
from handlers.slack.conversation import acknowledge
from handlers.slack.lazy import lazy_runner


def build_assistant(services) -> Assistant:  # noqa: ANN001
    run = lazy_runner(services)
    assistant = Assistant()

    def greet(event: dict, client: WebClient, set_suggested_prompts: SetSuggestedPrompts) -> None:
        thread = event["assistant_thread"]
        client.chat_postMessage(channel=thread["channel_id"], thread_ts=thread["thread_ts"], **plain(GREETING).as_kwargs())
        set_suggested_prompts(prompts=SUGGESTED_PROMPTS, title="Try asking")

    def remember_context(payload: dict, save_thread_context: SaveThreadContext) -> None:
        save_thread_context(payload["assistant_thread"]["context"])

    assistant.thread_started(lazy=[run(greet)])(acknowledge)
    assistant.thread_context_changed(lazy=[run(remember_context)])(acknowledge)
    return assistant


def register(app: App, services) -> None:  # noqa: ANN001
    app.use(build_assistant(services))
