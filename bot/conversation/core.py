"""The conversation core: a turn in, a reply out, the same for Slack, Teams and the terminal.

It decides what a turn is (commands.route), applies the person's rate limit, keeps the history
under one rule (history.py) and calls question answering or matching. Surfaces translate their
payloads into a `Turn` and render the `Reply`; they decide nothing of this themselves.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from bot.conversation import replies as r
from bot.conversation.commands import route
from bot.conversation.history import HistoryStore
from bot.conversation.turn import Turn
from bot.errors import BotError, ServiceUnavailable
from bot.ratelimit import RateLimiter

log = logging.getLogger(__name__)

PRUNE_CHANCE = 1 / 200  # now and then an answer also deletes conversations idle for a week
NOTICE_WINDOW = 60.0  # one "slow down" notice per person per minute; later refusals stay silent


@dataclass
class Hooks:
    """Optional callbacks of the surface: `on_working` once the core starts slow work (a status line,
    a typing indicator), `on_delta` with the text as a language model writes it (streaming)."""

    on_working: Callable[[], None] | None = None
    on_delta: Callable[[str], None] | None = None

    def working(self) -> None:
        if self.on_working is not None:
            try:
                self.on_working()
            except Exception as exc:  # noqa: BLE001 - a status line is nice to have, never worth the answer
                log.debug("progress callback failed: %s", exc)


class Conversation:
    def __init__(self, services) -> None:  # noqa: ANN001
        self.services = services
        self.settings = services.settings

    @cached_property
    def history(self) -> HistoryStore:
        return HistoryStore(self.services.sessions)

    @cached_property
    def limiter(self) -> RateLimiter:
        return RateLimiter(self.services.sessions, self.settings.user_rate_per_minute, 60.0)

    @cached_property
    def notices(self) -> RateLimiter:
        return RateLimiter(self.services.sessions, 1, NOTICE_WINDOW)

    def now(self) -> float:
        return self.services.clock.now().timestamp()

    def handle(self, turn: Turn, hooks: Hooks | None = None) -> r.Reply:
        hooks = hooks or Hooks()
        routed = route(turn)
        if routed.command is None:
            return r.ErrorReply(f"Unknown command /{routed.word}. Type “help” for what I can do.")
        if routed.command.limited:
            refused = self._rate_limited(turn)
            if refused is not None:
                return refused
        try:
            return routed.command.run(self, turn, routed.arg, hooks)
        except BotError as exc:
            if isinstance(exc, ServiceUnavailable):
                log.warning("%s turn not served: %s", turn.where.surface, exc.operator_message)
            return r.ErrorReply(exc.message)

    # ----- what commands use ------------------------------------------------------------------
    def answer(self, turn: Turn, question: str, hooks: Hooks) -> r.Reply:
        now = self.now()
        key = turn.where.key
        history = self._history(turn, now)
        hooks.working()
        on_delta = hooks.on_delta if turn.capabilities.streaming else None
        answer = self.services.assistant.ask(question, history, user_ref=turn.who.ref, surface=turn.where.surface,
                                             on_delta=on_delta)
        if turn.history is None:
            self._remember(key, history, question, answer.text, now)
        return r.AnswerReply(answer)

    def reset(self, turn: Turn) -> None:
        self.history.reset(turn.where.key, now=self.now())

    # ----- state shared by every process ------------------------------------------------------
    def _rate_limited(self, turn: Turn) -> r.SlowDown | None:
        now = self.now()
        try:
            wait = self.limiter.hit(turn.who.ref, now=now)
            if not wait:
                return None
            notify = not self.notices.hit(f"notice:{turn.who.ref}", now=now)
        except ServiceUnavailable as exc:  # the database is down: answering matters more than counting
            log.warning("rate limit not checked: %s", exc.operator_message)
            return None
        return r.SlowDown(limit=self.limiter.limit, retry_after=max(5, wait), notify=notify)

    def _history(self, turn: Turn, now: float) -> list:
        try:
            if turn.history is not None:
                return self.history.supplied(turn.where.key, turn.history, now=now)
            return self.history.load(turn.where.key, now=now)
        except ServiceUnavailable as exc:
            log.warning("history not read: %s", exc.operator_message)
            return []

    def _remember(self, key: str, history: list, question: str, answer: str, now: float) -> None:
        try:
            self.history.append(key, history, question, answer, now=now)
            if random.random() < PRUNE_CHANCE:
                self.history.prune(now=now)
        except ServiceUnavailable as exc:
            log.warning("history not saved: %s", exc.operator_message)
