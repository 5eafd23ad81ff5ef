"""The Slack renderer: one function per kind of reply the conversation core returns.

A reply goes to a `Target`: a thread (DM, mention, assistant pane) or a private response
(/ask, /match, the message shortcut). Block Kit itself is built in blocks.py and match_blocks.py.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import singledispatch

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.conversation import replies as r
from handlers.slack import match_blocks as mb
from handlers.slack.blocks import Message, answer_messages, help_message, plain
from handlers.slack.command_names import CommandNames
from handlers.slack.delivery import checked
from handlers.slack.streaming import AnswerStream, post_answer

log = logging.getLogger("handlers.slack")

PROFILE_HINT = "Use `/profile` to edit it."  # under the workspace's name for /profile (CommandNames)


class Target:
    names: CommandNames  # the slash commands as this workspace knows them, for the texts that name them

    def say(self, message: Message) -> None:
        """Visible where the person asked."""
        raise NotImplementedError

    def whisper(self, message: Message) -> None:
        """Visible to the person only."""
        raise NotImplementedError

    def answer(self, reply: r.AnswerReply) -> None:
        raise NotImplementedError


@dataclass
class InThread(Target):
    client: WebClient
    channel: str
    thread_ts: str
    user: str
    in_channel: bool  # a channel thread: matches are shown to the asker only
    stream: AnswerStream | None = None
    names: CommandNames = field(kw_only=True)

    def say(self, message: Message) -> None:
        self.client.chat_postMessage(channel=self.channel, thread_ts=self.thread_ts, **message.as_kwargs())

    def whisper(self, message: Message) -> None:
        _best_effort(self.client.chat_postEphemeral, channel=self.channel, user=self.user, thread_ts=self.thread_ts,
                     **message.as_kwargs())

    def answer(self, reply: r.AnswerReply) -> None:
        if self.stream is not None:
            self.stream.finish(reply.answer)
        else:
            post_answer(self.client, channel=self.channel, thread_ts=self.thread_ts, answer=reply.answer)


@dataclass
class Privately(Target):
    """Through a response_url; `replace` when a "Looking that up…" note is there to be replaced.

    A response_url that refuses the reply raises NotDelivered (delivery.py), so the error handler
    tells the person by DM instead of leaving them with "Looking that up…"."""

    respond: Callable[..., object]
    replace: bool
    names: CommandNames = field(kw_only=True)

    def __post_init__(self) -> None:
        self.respond = checked(self.respond)

    def say(self, message: Message) -> None:
        self.whisper(message)

    def whisper(self, message: Message) -> None:
        self.respond(response_type="ephemeral", replace_original=self.replace, **message.as_kwargs())

    def answer(self, reply: r.AnswerReply) -> None:
        for i, message in enumerate(answer_messages(reply.answer, private=True)):
            self.respond(response_type="ephemeral", replace_original=self.replace and i == 0, unfurl_links=False,
                         **message.as_kwargs())


@singledispatch
def render(reply: object, target: Target) -> None:
    raise TypeError(f"no Slack renderer for {type(reply).__name__}")


@render.register
def _(reply: r.AnswerReply, target: Target) -> None:
    target.answer(reply)


@render.register
def _(reply: r.MatchesReply, target: Target) -> None:
    message = mb.match_message(reply.need, reply.matches, note=reply.note)
    if isinstance(target, InThread) and target.in_channel:
        target.whisper(message)  # who someone is looking for is theirs to share
    else:
        target.say(message)


@render.register
def _(reply: r.HelpReply, target: Target) -> None:
    target.say(help_message(reply, target.names))


@render.register
def _(reply: r.CommandResult, target: Target) -> None:
    hint = target.names.text(PROFILE_HINT)
    text = f"{reply.text}\n{hint}" if reply.command == "profile" and reply.data else reply.text
    if reply.command == "profile":
        target.whisper(plain(text))
    else:
        target.say(plain(text))


@render.register
def _(reply: r.SlowDown, target: Target) -> None:
    if reply.notify:
        target.whisper(plain(reply.text))
    elif isinstance(target, Privately):
        target.whisper(plain("Please wait a minute before asking again."))


@render.register
def _(reply: r.NewConversation, target: Target) -> None:
    target.say(plain(reply.text))


@render.register
def _(reply: r.ErrorReply, target: Target) -> None:
    target.say(plain(reply.message))


def _best_effort(call: Callable[..., object], *args, **kwargs) -> None:  # noqa: ANN002, ANN003
    """Status lines, titles and notices are nice to have: a refusal must not stop the answer."""
    try:
        call(*args, **kwargs)
    except (SlackApiError, SlackClientError) as exc:
        log.debug("optional Slack call failed: %s", exc)
