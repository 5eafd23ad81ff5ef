"""A Slack thread as conversation history for the core (which applies the limits every surface shares)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.conversation import Said
from handlers.slack.text import from_slack

log = logging.getLogger("handlers.slack")

_MAX_PAGES = 5
_PERSON_SUBTYPES = {None, "thread_broadcast", "file_share"}


@dataclass
class Thread:
    history: list[Said] = field(default_factory=list)
    bot_replied: bool = False  # the bot has already answered in this thread


def read_thread(client: WebClient, *, channel: str, thread_ts: str, before_ts: str | None,
                bot_user_id: str | None, bot_id: str | None = None) -> Thread:
    """The messages before `before_ts`, and whether the bot took part.

    An unreadable thread (missing scope, deleted root) reads as empty: the question is still answered.
    """
    messages: list[dict] = []
    cursor = None
    for _ in range(_MAX_PAGES):
        try:
            page = client.conversations_replies(channel=channel, ts=thread_ts, limit=200, cursor=cursor)
        except SlackApiError as exc:
            log.warning("could not read thread %s in %s: %s", thread_ts, channel, exc.response.get("error"))
            break
        messages += page.get("messages") or []
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not (page.get("has_more") and cursor):
            break
    return thread_from_messages(messages, before_ts=before_ts, bot_user_id=bot_user_id, bot_id=bot_id)


def thread_from_messages(messages: list[dict], *, before_ts: str | None, bot_user_id: str | None,
                         bot_id: str | None = None) -> Thread:
    thread = Thread()
    for m in sorted(messages, key=lambda m: float(m.get("ts", 0))):
        ours = (bot_user_id and m.get("user") == bot_user_id) or (bot_id and m.get("bot_id") == bot_id)
        thread.bot_replied |= bool(ours)
        if before_ts is not None and float(m.get("ts", 0)) >= float(before_ts):
            continue
        text = from_slack(m.get("text") or "", bot_user_id=bot_user_id)
        if not text:
            continue
        at = datetime.fromtimestamp(float(m.get("ts", 0)), timezone.utc)
        if ours:
            thread.history.append(Said("assistant", text, at))
        elif not m.get("bot_id") and m.get("subtype") in _PERSON_SUBTYPES:
            thread.history.append(Said("user", text, at))
    return thread
