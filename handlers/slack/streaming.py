"""Answers that appear while the language model writes them (chat.startStream/appendStream/stopStream).

Where the workspace refuses streaming, the answer is posted as one ordinary message instead. When
the finished answer differs from what was streamed (citations renumbered, a fallback to quoted
passages), the streamed message is replaced by the finished one.
"""

from __future__ import annotations

import logging
import re

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.chat_stream import ChatStream

from bot.qa.types import Answer
from handlers.slack.blocks import answer_messages, answer_tail_blocks
from handlers.slack.delivery import CONTENT_ERRORS, refusal
from handlers.slack.text import disarm_links, neutralize_mentions, truncate

log = logging.getLogger("handlers.slack")

# Nothing is shown before this many characters, so a bare "NOT_IN_SOURCES" never appears.
HOLD_BACK = 40
BUFFER = 100  # characters per stream call: fewer calls, still a steady flow
TEXT_LIMIT = 3900  # plain-text fallback: well under Slack's 40,000 and readable in one screen


def post_answer(client: WebClient, *, channel: str, thread_ts: str | None, answer: Answer,
                private: bool = False) -> str | None:
    """Post the answer as ordinary message(s); returns the first message's ts.

    When Slack refuses the blocks themselves (invalid_blocks, msg_too_long...), the answer is posted
    once more as plain text, so the person still gets it.
    """
    first = None
    messages = answer_messages(answer, private=private)
    for message in messages:
        try:
            response = client.chat_postMessage(channel=channel, thread_ts=thread_ts, unfurl_links=False,
                                               unfurl_media=False, **message.as_kwargs())
        except SlackApiError as exc:
            refused = refusal(exc)
            if refused is None or refused.error not in CONTENT_ERRORS:
                raise
            log.warning("Slack refused the answer's blocks with %s; posting it as plain text", refused.error)
            response = client.chat_postMessage(channel=channel, thread_ts=thread_ts, unfurl_links=False,
                                               unfurl_media=False, text=truncate(messages[0].text, TEXT_LIMIT))
            return first or response.get("ts")
        first = first or response.get("ts")
    return first


class AnswerStream:
    """Feed it the model's text with `delta`, then hand it the finished answer with `finish`."""

    def __init__(self, client: WebClient, *, channel: str, thread_ts: str, team_id: str | None,
                 user_id: str | None, buffer_size: int = BUFFER) -> None:
        self.client = client
        self.channel, self.thread_ts = channel, thread_ts
        self.team_id, self.user_id = team_id, user_id
        self.buffer_size = buffer_size
        self.raw = ""
        self.sent = 0
        self.stream: ChatStream | None = None
        self.broken = False

    @property
    def started(self) -> bool:
        return self.stream is not None and self.stream.ts is not None

    def delta(self, piece: str) -> None:
        self.raw += piece
        if self.broken or (self.stream is None and len(self.raw.strip()) < HOLD_BACK):
            return
        upto = len(self.raw) - 1 if self.raw.endswith(("<", "]")) else len(self.raw)  # never split "<!…>" or "]("
        pending = self.raw[self.sent:upto]
        if not pending:
            return
        try:
            if self.stream is None:
                self.stream = self.client.chat_stream(
                    channel=self.channel, thread_ts=self.thread_ts, recipient_team_id=self.team_id,
                    recipient_user_id=self.user_id, buffer_size=self.buffer_size)
            self.stream.append(markdown_text=shown(pending))
            self.sent = upto
        except (SlackApiError, SlackClientError) as exc:
            self.broken = True
            log.info("streaming unavailable (%s); the answer will be posted when complete", _error(exc))

    def finish(self, answer: Answer) -> str | None:
        """Complete the message; returns its ts."""
        if not self.started:
            return post_answer(self.client, channel=self.channel, thread_ts=self.thread_ts, answer=answer)
        assert self.stream is not None
        ts = self.stream.ts
        if not self.broken and _same(self.raw, answer.text):
            try:
                self.stream.stop(markdown_text=shown(self.raw[self.sent:]),
                                 blocks=answer_tail_blocks(answer))
                return ts
            except (SlackApiError, SlackClientError) as exc:
                log.info("could not finish the stream (%s); replacing the message", _error(exc))
        elif not self.broken:
            try:
                self.stream.stop()
            except (SlackApiError, SlackClientError) as exc:
                log.info("could not stop the stream (%s)", _error(exc))
        return self._replace(ts, answer)

    def _replace(self, ts: str | None, answer: Answer) -> str | None:
        messages = answer_messages(answer)
        self.client.chat_update(channel=self.channel, ts=ts, **messages[0].as_kwargs())
        for message in messages[1:]:
            self.client.chat_postMessage(channel=self.channel, thread_ts=self.thread_ts, **message.as_kwargs())
        return ts


def shown(markdown: str) -> str:
    """What of the model's text may be streamed: no mention can notify, no link label can hide its address."""
    return neutralize_mentions(disarm_links(markdown))


def _same(streamed: str, final: str) -> bool:
    return re.sub(r"\s+", " ", streamed).strip() == re.sub(r"\s+", " ", final).strip()


def _error(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    return str(response.get("error")) if response is not None else exc.__class__.__name__
