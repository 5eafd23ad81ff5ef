"""The agent messaging experience (manifest `agent_view`): the conversation lives in the Messages tab.

Opening that tab (`app_home_opened` with tab "messages") replaces `assistant_thread_started`: the app
sets its suggested prompts for the DM, without a thread_ts (Slack ignores the call for an agent app if
one is given). `app_context_changed` replaces `assistant_thread_context_changed`; like that listener
it only notes what the person is looking at, since answers come from the knowledge base, not from the
channel in view. Messages themselves are DMs like any other (conversation.py).
"""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient

from handlers.slack.blocks import SUGGESTED_PROMPTS
from handlers.slack.conversation import acknowledge
from handlers.slack.lazy import lazy_runner

log = logging.getLogger(__name__)


def messages_tab(event: dict) -> bool:
    return event.get("tab") == "messages"


def register(app: App, services) -> None:  # noqa: ANN001
    run = lazy_runner(services)

    def suggest_prompts(event: dict, client: WebClient) -> None:
        client.assistant_threads_setSuggestedPrompts(channel_id=event["channel"], prompts=SUGGESTED_PROMPTS,
                                                     title="Try asking")

    def note_context(event: dict) -> None:  # no Slack call, no database: fine on the request's thread
        entities = event.get("context", {}).get("entities", [])
        log.debug("app context changed: %s", [entity.get("type") for entity in entities])

    app.event("app_home_opened", matchers=[messages_tab])(ack=acknowledge, lazy=[run(suggest_prompts)])
    app.event("app_context_changed")(note_context)
