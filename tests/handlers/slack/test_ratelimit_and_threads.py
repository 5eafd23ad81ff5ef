"""The per-user flood limit and reading a Slack thread as conversation history."""

from __future__ import annotations

import threading

from bot.qa.types import Turn
from bot.ratelimit import SlidingWindowLimiter
from handlers.slack.threads import MAX_TURNS, thread_from_messages


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_sliding_window_allows_limit_per_window_per_key() -> None:
    clock = Clock()
    limiter = SlidingWindowLimiter(3, 60, clock=clock)
    assert [limiter.allow("U1") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("U2") is True
    assert limiter.retry_after("U1") == 60
    clock.now += 30
    assert limiter.allow("U1") is False and limiter.retry_after("U1") == 30
    clock.now += 30.001
    assert limiter.allow("U1") is True and limiter.retry_after("U2") == 0
    assert all(SlidingWindowLimiter(0).allow("x") for _ in range(100))


def test_limiter_is_thread_safe_and_forgets_idle_keys() -> None:
    limiter = SlidingWindowLimiter(50, 60)
    allowed: list[bool] = []
    threads = [threading.Thread(target=lambda: allowed.extend(limiter.allow("U1") for _ in range(20))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert allowed.count(True) == 50
    clock = Clock()
    small = SlidingWindowLimiter(1, 10, clock=clock, max_keys=3)
    for key in "abc":
        small.allow(key)
    clock.now += 11
    small.allow("d")
    assert set(small._hits) == {"d"}


def test_thread_history_maps_people_and_the_bot_and_skips_the_rest() -> None:
    messages = [
        {"ts": "1.0", "user": "U1", "text": "<@UBOT> How long can a visiting researcher stay?"},
        {"ts": "2.0", "user": "UBOT", "bot_id": "BBOT", "text": "Between 3 and 12 months [1]."},
        {"ts": "3.0", "user": "U9", "bot_id": "BOTHER", "text": "I am another bot"},
        {"ts": "4.0", "user": "U2", "subtype": "channel_join", "text": "<@U2> has joined"},
        {"ts": "5.0", "user": "U1", "text": "and the deadline?"},
        {"ts": "6.0", "user": "U1", "text": "later message"},
    ]
    thread = thread_from_messages(messages, before_ts="5.0", bot_user_id="UBOT", bot_id="BBOT")
    assert thread.bot_replied
    assert thread.history == [Turn("user", "How long can a visiting researcher stay?"),
                              Turn("assistant", "Between 3 and 12 months [1].")]
    assert not thread_from_messages(messages[:1], before_ts=None, bot_user_id="UBOT").bot_replied
    many = [{"ts": f"{i}.0", "user": "U1", "text": f"q{i}"} for i in range(1, 30)]
    history = thread_from_messages(many, before_ts=None, bot_user_id="UBOT").history
    assert len(history) == MAX_TURNS and history[-1].text == "q29"
