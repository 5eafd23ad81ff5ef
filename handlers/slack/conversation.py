"""Every conversational message: one listener per kind of delivery, one function calling the core.

Mentions, direct messages, replies in the bot's threads and the assistant pane all become a core
`Turn`; the core decides whether it is a question, a partner request, help or a reset, and
replies.render shows whatever it returns. /ask, /match and the message shortcut reach the same
core with their command named, and get the reply privately.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.conversation import Capabilities, Requester, Turn, Where
from handlers.slack.blocks import GREETING, LOADING_MESSAGES, THINKING
from handlers.slack.command_names import CommandNames
from handlers.slack.lazy import lazy_runner
from handlers.slack.replies import InThread, Privately, _best_effort, render
from handlers.slack.streaming import AnswerStream
from handlers.slack.text import from_slack, mentions, truncate
from handlers.slack.threads import read_thread

_PERSON_SUBTYPES = (None, "thread_broadcast")


def attach_requester(context: BoltContext, next: Callable[[], None]) -> None:  # noqa: A002 - Bolt's name
    """Who is asking, built once per request; listeners read `context["requester"]`."""
    if context.user_id:
        context["requester"] = Requester.slack(context.user_id)
    next()


def requester(context: BoltContext) -> Requester:
    return context.get("requester") or Requester.slack(context.user_id or "")


def acknowledge() -> None:
    """Events are acknowledged as soon as they match; the work happens in the lazy listener."""


def from_a_person(event: dict) -> bool:
    return bool(event.get("user")) and not event.get("bot_id") and event.get("subtype") in _PERSON_SUBTYPES \
        and bool((event.get("text") or "").strip())


def mention_in_channel(event: dict) -> bool:
    return from_a_person(event) and not str(event.get("channel", "")).startswith("D")


def in_conversation(event: dict, context: BoltContext) -> bool:
    """A direct message (new or in a DM thread, the assistant pane included), or a reply in a channel
    thread that does not mention the bot (a mention arrives as app_mention)."""
    if not from_a_person(event):
        return False
    if event.get("channel_type") == "im":
        return True
    return (event.get("channel_type") in ("channel", "group", "mpim") and bool(event.get("thread_ts"))
            and event.get("thread_ts") != event.get("ts") and not mentions(event.get("text", ""), context.bot_user_id))


def capabilities(services) -> Capabilities:  # noqa: ANN001
    return Capabilities(streaming=bool(services.settings.llm_model), buttons=True)


def register(app: App, services) -> None:  # noqa: ANN001
    run = lazy_runner(services)
    core = services.conversation

    def converse(event: dict, client: WebClient, context: BoltContext, set_status: Callable | None = None,
                 set_title: Callable | None = None) -> None:
        channel, thread_ts = event["channel"], event.get("thread_ts") or event["ts"]
        history: tuple = ()
        if event.get("thread_ts"):
            thread = read_thread(client, channel=channel, thread_ts=thread_ts, before_ts=event["ts"],
                                 bot_user_id=context.bot_user_id, bot_id=context.bot_id)
            if event.get("type") == "message" and event.get("channel_type") != "im" and not thread.bot_replied:
                return  # a reply in a channel thread the bot is not part of
            history = tuple(s for s in thread.history if s.text != from_slack(GREETING))
        question = from_slack(event["text"], bot_user_id=context.bot_user_id)
        turn = Turn(requester(context), Where("slack", channel, thread_ts), question, capabilities(services),
                    history=history)
        stream = None
        if turn.capabilities.streaming:
            stream = AnswerStream(client, channel=channel, thread_ts=thread_ts, team_id=context.team_id,
                                  user_id=context.user_id)

        def working() -> None:
            if set_title is not None and not history:
                _best_effort(set_title, truncate(question, 60))
            if set_status is not None:
                _best_effort(set_status, status=THINKING, loading_messages=LOADING_MESSAGES)

        from bot.conversation import Hooks

        reply = core.handle(turn, Hooks(on_working=working, on_delta=stream.delta if stream else None))
        render(reply, InThread(client, channel, thread_ts, context.user_id or "", in_channel=not channel.startswith("D"),
                               stream=stream, names=CommandNames.of(services.settings)))

    app.event("app_mention", matchers=[mention_in_channel])(ack=acknowledge, lazy=[run(converse)])
    app.event("message", matchers=[in_conversation])(ack=acknowledge, lazy=[run(converse)])


def converse_privately(services, context: BoltContext, respond: Callable[..., object], *, command: str,  # noqa: ANN001
                       text: str, channel: str = "", progress_shown: bool) -> None:
    """/ask, /match and the shortcut: the same core, the reply through the response_url."""
    from handlers.slack.blocks import plain

    if not progress_shown:
        respond(response_type="ephemeral", **plain("Looking that up…").as_kwargs())
    turn = Turn(requester(context), Where("slack", channel), text, capabilities(services), command=command, history=())
    render(services.conversation.handle(turn), Privately(respond, replace=True, names=CommandNames.of(services.settings)))
