"""Reading a Slack thread as conversation history (the core applies the limits; tests/conversation)."""

from __future__ import annotations

from handlers.slack.threads import thread_from_messages


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
    assert [(s.role, s.text, s.at.timestamp()) for s in thread.history] == [
        ("user", "How long can a visiting researcher stay?", 1.0), ("assistant", "Between 3 and 12 months [1].", 2.0)]
    assert not thread_from_messages(messages[:1], before_ts=None, bot_user_id="UBOT").bot_replied
