"""Questions that arrive as events: @mentions in channels, direct messages, follow-ups in threads.

Direct-message threads (including the assistant pane) are handled in assistant_pane.py.
"""

from __future__ import annotations

from slack_bolt import App, BoltContext, SetStatus
from slack_sdk import WebClient

from handlers.slack.answering import questions_for
from handlers.slack.lazy import lazy_runner
from handlers.slack.text import from_slack, mentions
from handlers.slack.threads import read_thread

_PERSON_SUBTYPES = (None, "thread_broadcast")


def acknowledge() -> None:
    """Events are acknowledged as soon as they match; the work happens in the lazy listener."""


def from_a_person(event: dict) -> bool:
    return bool(event.get("user")) and not event.get("bot_id") and event.get("subtype") in _PERSON_SUBTYPES \
        and bool((event.get("text") or "").strip())


def mention_in_channel(event: dict) -> bool:
    return from_a_person(event) and not str(event.get("channel", "")).startswith("D")


def direct_message(event: dict) -> bool:
    """A new conversation in the DM; replies in DM threads go to the assistant pane's listener."""
    return event.get("channel_type") == "im" and from_a_person(event) and not event.get("thread_ts")


def reply_in_channel_thread(event: dict, context: BoltContext) -> bool:
    """A reply in a channel thread that does not mention the bot (a mention arrives as app_mention)."""
    return (event.get("channel_type") in ("channel", "group", "mpim") and from_a_person(event)
            and bool(event.get("thread_ts")) and event.get("thread_ts") != event.get("ts")
            and not mentions(event.get("text", ""), context.bot_user_id))


def register(app: App, services) -> None:  # noqa: ANN001
    questions = questions_for(services)
    run = lazy_runner(services)

    def answer_mention(event: dict, client: WebClient, context: BoltContext,
                       set_status: SetStatus | None) -> None:
        thread_ts = event.get("thread_ts") or event["ts"]
        history: list = []
        if event.get("thread_ts"):
            history = read_thread(client, channel=event["channel"], thread_ts=thread_ts, before_ts=event["ts"],
                                  bot_user_id=context.bot_user_id, bot_id=context.bot_id).history
        questions.answer_in_thread(
            client, channel=event["channel"], thread_ts=thread_ts, user=event["user"], team_id=context.team_id,
            question=from_slack(event["text"], bot_user_id=context.bot_user_id), history=history,
            set_status=set_status)

    def answer_direct_message(event: dict, client: WebClient, context: BoltContext,
                              set_status: SetStatus | None) -> None:
        questions.answer_in_thread(
            client, channel=event["channel"], thread_ts=event["ts"], user=event["user"], team_id=context.team_id,
            question=from_slack(event["text"], bot_user_id=context.bot_user_id), history=[], set_status=set_status)

    def answer_thread_reply(event: dict, client: WebClient, context: BoltContext,
                            set_status: SetStatus | None) -> None:
        thread = read_thread(client, channel=event["channel"], thread_ts=event["thread_ts"], before_ts=event["ts"],
                             bot_user_id=context.bot_user_id, bot_id=context.bot_id)
        if not thread.bot_replied:  # only threads the bot is already part of
            return
        questions.answer_in_thread(
            client, channel=event["channel"], thread_ts=event["thread_ts"], user=event["user"],
            team_id=context.team_id, question=from_slack(event["text"], bot_user_id=context.bot_user_id),
            history=thread.history, set_status=set_status)

    app.event("app_mention", matchers=[mention_in_channel])(ack=acknowledge, lazy=[run(answer_mention)])
    app.event("message", matchers=[direct_message])(ack=acknowledge, lazy=[run(answer_direct_message)])
    app.event("message", matchers=[reply_in_channel_thread])(ack=acknowledge, lazy=[run(answer_thread_reply)])
