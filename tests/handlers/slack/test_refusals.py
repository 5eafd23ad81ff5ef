"""Slack answering `ok: false` (or a response_url refusing) on each posting path: the person gets the
reply another way or a clear message, never silence, and the log gets one line saying what Slack refused."""

from __future__ import annotations

import json
import logging

from tests.handlers.slack.test_match_intros import NEED

QUESTION = "How long can a visiting researcher stay?"


def _lines(caplog, level: int = logging.WARNING) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= level and r.name.startswith("handlers.slack")]


def _tracebacks(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.exc_info]


def _dms(harness, user: str = "U1") -> list[str]:
    return [c.args.get("text", "") for c in harness.slack.calls("chat.postMessage") if c.args.get("channel") == user]


def test_an_answer_whose_blocks_slack_refuses_is_posted_as_plain_text(harness, caplog) -> None:
    harness.slack.error_next("chat.postMessage", "invalid_blocks")
    event = harness.dm(QUESTION)
    harness.settle()
    first, retry = harness.slack.calls("chat.postMessage")
    assert first.args["blocks"] and first.args["thread_ts"] == retry.args["thread_ts"] == event["ts"]
    assert "12 months" in retry.args["text"] and "blocks" not in retry.args
    [line] = _lines(caplog)
    assert "invalid_blocks" in line and "plain text" in line and not _tracebacks(caplog)


def test_a_mention_in_a_channel_the_bot_is_not_in_is_explained_by_dm(harness, caplog) -> None:
    harness.slack.add_channel("COUT", is_member=False)
    harness.event({"type": "app_mention", "channel": "COUT", "user": "U1", "ts": harness.ts(),
                   "text": f"<@UBOT> {QUESTION}"})
    harness.settle()
    [dm] = _dms(harness)
    assert "not a member of that channel" in dm and "/invite" in dm
    [line] = _lines(caplog)
    assert "chat.postMessage" in line and "not_in_channel" in line and not _tracebacks(caplog)


def test_a_private_answer_the_response_url_refuses_is_explained_by_dm(harness, caplog) -> None:
    harness.slack.fail_next("respond/ask", status=404, times=3)  # the response_url has expired
    status, body = harness.command(QUESTION)
    assert status == 200 and "Looking that up" in json.loads(body)["text"]
    harness.settle()
    [dm] = _dms(harness)
    assert "run the command again" in dm
    [line] = _lines(caplog)
    assert "response_url" in line and "expired_url" in line and not _tracebacks(caplog)


def test_a_match_reply_slack_refuses_is_explained_in_the_thread(harness, caplog) -> None:
    harness.slack.error_next("chat.postMessage", "msg_too_long")
    event = harness.dm(f"Can you find me {NEED}?")
    harness.settle()
    refused, explained = harness.slack.calls("chat.postMessage")
    assert refused.args["blocks"] and explained.args["thread_ts"] == event["ts"]
    assert "would not show my reply" in explained.args["text"]
    [line] = _lines(caplog)
    assert "msg_too_long" in line and not _tracebacks(caplog)


def test_ask_a_human_when_the_staff_channel_refuses_says_whom_to_ask(make_harness, caplog) -> None:
    harness = make_harness(staff_channel="CSTAFF")
    harness.slack.add_channel("CSTAFF", is_member=False)
    answer_id = harness.services.assistant.ask(QUESTION, user_ref="slack:U1", surface="slack").answer_id
    assert harness.action("ask_human", answer_id, channel_id="C1")[0] == 200
    harness.settle()
    reply = harness.slack.wait_for("respond/action")[0].args["text"]
    assert "could not reach the collaboration team" in reply and "secretariat" in reply
    assert [line for line in _lines(caplog) if "not_in_channel" in line]
    assert not _tracebacks(caplog)
