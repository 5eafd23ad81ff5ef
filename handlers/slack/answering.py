"""The one path from a question asked in Slack to a posted answer.

Events, the assistant pane, /ask and the message shortcut all come through `Questions`, so the
flood limit, the status, the history and the rendering are the same everywhere.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from weakref import WeakKeyDictionary

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.qa.types import Answer, Turn
from bot.ratelimit import SlidingWindowLimiter
from handlers.slack.blocks import LOADING_MESSAGES, THINKING, answer_messages, plain
from handlers.slack.streaming import AnswerStream, post_answer
from handlers.slack.text import truncate

log = logging.getLogger("handlers.slack")

_SHARED: WeakKeyDictionary = WeakKeyDictionary()


def questions_for(services) -> Questions:  # noqa: ANN001
    """The `Questions` of these services: every surface of an app shares one flood limit."""
    if services not in _SHARED:
        _SHARED[services] = Questions(services)
    return _SHARED[services]


class Questions:
    def __init__(self, services) -> None:  # noqa: ANN001
        self.services = services
        settings = services.settings
        self.limiter = SlidingWindowLimiter(settings.user_rate_per_minute, 60.0)
        self._notices = SlidingWindowLimiter(1, 60.0)  # one flood notice per person per minute

    @property
    def streaming(self) -> bool:
        return bool(self.services.settings.llm_model)

    def flood_notice(self, user: str) -> str | None:
        """None when `user` may ask now; otherwise the notice to show (None again if just shown)."""
        if self.limiter.allow(user):
            return None
        wait = max(5, int(self.limiter.retry_after(user) + 0.999))
        if not self._notices.allow(user):
            return ""
        return (f"You are asking faster than I can answer well (at most {self.limiter.limit} questions a minute). "
                f"Please wait about {wait} seconds and ask again.")

    def ask(self, question: str, history: list[Turn], *, user: str,
            on_delta: Callable[[str], None] | None = None) -> Answer:
        return self.services.assistant.ask(question, history, user_ref=f"slack:{user}", surface="slack",
                                           on_delta=on_delta)

    # ----- in a thread (DM, mention, follow-up, assistant pane) -------------------------------
    def answer_in_thread(self, client: WebClient, *, channel: str, thread_ts: str, user: str, question: str,
                         history: list[Turn], team_id: str | None = None,
                         set_status: Callable[..., object] | None = None,
                         set_title: Callable[..., object] | None = None) -> str | None:
        """Answer `question` in the thread; returns the answer message's ts (None if refused)."""
        notice = self.flood_notice(user)
        if notice is not None:
            if notice:
                _best_effort(client.chat_postEphemeral, channel=channel, user=user, thread_ts=thread_ts,
                             **plain(notice).as_kwargs())
            return None
        if set_title is not None and not history:
            _best_effort(set_title, truncate(question, 60))
        if set_status is not None:
            _best_effort(set_status, status=THINKING, loading_messages=LOADING_MESSAGES)
        if not self.streaming:
            return post_answer(client, channel=channel, thread_ts=thread_ts, answer=self.ask(question, history, user=user))
        stream = AnswerStream(client, channel=channel, thread_ts=thread_ts, team_id=team_id, user_id=user)
        answer = self.ask(question, history, user=user, on_delta=stream.delta)
        return stream.finish(answer)

    # ----- privately (/ask, the message shortcut) ----------------------------------------------
    def answer_privately(self, respond: Callable[..., object], *, user: str, question: str,
                         progress_shown: bool) -> None:
        """Reply through the response_url, visible only to the asker, with a "Share in channel" button."""
        notice = self.flood_notice(user)
        if notice is not None:
            respond(response_type="ephemeral", replace_original=progress_shown,
                    **plain(notice or "Please wait a minute before asking again.").as_kwargs())
            return
        if not progress_shown:
            respond(response_type="ephemeral", **plain("Looking that up…").as_kwargs())
        answer = self.ask(question, [], user=user)
        for i, message in enumerate(answer_messages(answer, private=True)):
            respond(response_type="ephemeral", replace_original=(i == 0), unfurl_links=False, **message.as_kwargs())


def _best_effort(call: Callable[..., object], *args, **kwargs) -> None:  # noqa: ANN002, ANN003
    """Status, titles and notices are nice to have: a refusal must not stop the answer."""
    try:
        call(*args, **kwargs)
    except (SlackApiError, SlackClientError) as exc:
        log.debug("optional Slack call failed: %s", exc)
