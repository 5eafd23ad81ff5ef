"""Questions in DMs, channels, threads and the assistant pane, end to end over HTTP."""

from __future__ import annotations

import re

from tests.handlers.slack.conftest import block_text, find_block


def test_dm_is_answered_in_its_thread_with_sources_and_feedback(harness_on) -> None:
    harness = harness_on
    event = harness.dm("How long can a visiting researcher stay?")
    call = harness.slack.wait_for("chat.postMessage", timeout=20)[0]
    assert call.args["channel"] == "D1" and call.args["thread_ts"] == event["ts"]
    blocks = call.args["blocks"]
    text = block_text(blocks)
    assert "12 months" in text and "*Sources*" in text
    assert "exchange-researchers.md" in text or "<http" in text
    feedback = find_block(blocks, "context_actions")["elements"][0]
    assert feedback["type"] == "feedback_buttons"
    assert feedback["positive_button"]["value"].startswith("good:")
    buttons = find_block(blocks, "actions")["elements"]
    assert [b["action_id"] for b in buttons] == ["ask_human"]
    assert "12 months" in call.args["text"]  # the fallback text carries the answer too
    # the shipped exchange rules are an example: the answer and its source line say so
    assert "(example document, not an official rule)" in text and "_updated 2026-11-20 · example document" in text


def test_mention_in_channel_answers_in_thread_with_status(harness) -> None:
    ts = harness.ts()
    status, _ = harness.event({"type": "app_mention", "channel": "C1", "user": "U1", "ts": ts,
                               "text": "<@UBOT> What are the application deadlines for researcher exchange?"})
    assert status == 200
    call = harness.slack.wait_for("chat.postMessage", timeout=20)[0]
    assert call.args["channel"] == "C1" and call.args["thread_ts"] == ts
    assert "1 March" in block_text(call.args["blocks"])
    status_call = harness.slack.calls("assistant.threads.setStatus")[0]
    assert status_call.args["thread_ts"] == ts and status_call.args["status"]
    methods = [c.method for c in harness.slack.calls()]
    assert methods.index("assistant.threads.setStatus") < methods.index("chat.postMessage")


def test_follow_up_in_thread_uses_the_thread_without_a_mention(harness) -> None:
    slack = harness.slack
    root = slack.add_message("C1", "<@UBOT> How long can a visiting researcher stay?", user="U1")
    slack.add_message("C1", "A visiting researcher can stay between 3 and 12 months [1].", user="UBOT",
                      bot_id="BBOT", thread_ts=root["ts"])
    follow_up = {"type": "message", "channel": "C1", "channel_type": "channel", "user": "U1",
                 "text": "and what is the application deadline?", "ts": harness.ts(), "thread_ts": root["ts"]}
    slack.add_message("C1", follow_up["text"], user="U1", ts=follow_up["ts"], thread_ts=root["ts"])
    assert harness.event(follow_up)[0] == 200
    call = slack.wait_for("chat.postMessage", timeout=20)[0]
    assert call.args["thread_ts"] == root["ts"]
    text = block_text(call.args["blocks"])
    assert "1 March" in text and "1 October" in text
    replies = slack.calls("conversations.replies")[0]
    assert replies.args["ts"] == root["ts"]


def test_replies_in_threads_the_bot_is_not_part_of_are_ignored(harness) -> None:
    slack = harness.slack
    root = slack.add_message("C1", "lunch anyone?", user="U2")
    reply = {"type": "message", "channel": "C1", "channel_type": "channel", "user": "U1",
             "text": "what is the application deadline?", "ts": harness.ts(), "thread_ts": root["ts"]}
    assert harness.event(reply)[0] == 200
    slack.wait_for("conversations.replies")
    harness.settle()
    assert not slack.calls("chat.postMessage")
    # a mention inside a thread arrives as app_mention and as message: only the mention answers
    mention = dict(reply, ts=harness.ts(), text="<@UBOT> what is the application deadline?")
    assert harness.event(mention)[0] == 200
    assert harness.event(dict(mention, type="app_mention"))[0] == 200
    slack.wait_for("chat.postMessage", timeout=20)
    harness.settle()
    assert len(slack.calls("chat.postMessage")) == 1


def test_assistant_pane_greets_suggests_prompts_and_answers_with_status_and_title(harness) -> None:
    slack = harness.slack
    root = slack.add_message("D1", "", user="UBOT", bot_id="BBOT", subtype="assistant_app_thread")
    started = {"type": "assistant_thread_started", "assistant_thread": {
        "user_id": "U1", "context": {"channel_id": "C9", "team_id": "T1", "enterprise_id": None},
        "channel_id": "D1", "thread_ts": root["ts"]}, "event_ts": harness.ts()}
    assert harness.event(started)[0] == 200
    prompts = slack.wait_for("assistant.threads.setSuggestedPrompts")[0]
    assert [p["title"] for p in prompts.args["prompts"]] == [
        "What does the agreement cover?", "How do researcher exchanges work?", "Find me a partner in Massachusetts"]
    greeting = slack.wait_for("chat.postMessage")[0]
    assert greeting.args["thread_ts"] == root["ts"]

    question = harness.dm("How long can a visiting researcher stay?", thread_ts=root["ts"])
    slack.add_message("D1", question["text"], user="U1", ts=question["ts"], thread_ts=root["ts"])
    answer = slack.wait_for("chat.postMessage", count=2, timeout=20)[1]
    assert answer.args["thread_ts"] == root["ts"] and "12 months" in block_text(answer.args["blocks"])
    assert slack.calls("assistant.threads.setStatus")[0].args["thread_ts"] == root["ts"]
    title = slack.calls("assistant.threads.setTitle")[0]
    assert title.args["title"].startswith("How long can a visiting researcher")


def test_own_and_other_bots_messages_are_ignored(harness) -> None:
    harness.dm("How long can a visiting researcher stay?", user="UBOT", bot_id="BBOT")
    harness.dm("How long can a visiting researcher stay?", user="U7", bot_id="B777")
    harness.dm("How long can a visiting researcher stay?", subtype="bot_message", bot_id="B777", user="U8")
    harness.settle()
    assert not harness.slack.calls("chat.postMessage")


def test_flooding_gets_one_polite_notice(make_harness, database) -> None:
    harness = make_harness(user_rate_per_minute=2, **database)  # the hits are counted in the database
    for _ in range(4):
        harness.dm("What is the stipend?")
    notice = harness.slack.wait_for("chat.postEphemeral", timeout=20)[0]
    assert notice.args["user"] == "U1" and "faster" in notice.args["text"]
    harness.slack.wait_for("chat.postMessage", count=2, timeout=20)
    harness.settle()
    assert len(harness.slack.calls("chat.postMessage")) == 2
    assert len(harness.slack.calls("chat.postEphemeral")) == 1


def test_a_failure_gives_an_apology_with_a_reference_and_logs_it(harness, caplog, monkeypatch) -> None:
    def explode(*args, **kwargs):
        raise RuntimeError("connection string postgres://hunter2@db leaked")

    monkeypatch.setattr(harness.services.assistant, "ask", explode)
    event = harness.dm("How long can a visiting researcher stay?")
    call = harness.slack.wait_for("chat.postMessage", timeout=20)[0]
    text = call.args["text"]
    assert call.args["thread_ts"] == event["ts"]
    reference = re.search(r"reference ([0-9A-F]{8})", text).group(1)
    assert "hunter2" not in text and "Traceback" not in text and "RuntimeError" not in text
    logged = [r for r in caplog.records if reference in r.getMessage()]
    assert logged and logged[0].exc_info is not None


def test_a_bad_question_is_explained(make_harness) -> None:
    harness = make_harness(max_question_chars=20)
    harness.dm("How long can a visiting researcher stay in Massachusetts?")
    text = harness.slack.wait_for("chat.postMessage", timeout=20)[0].args["text"]
    assert "characters" in text and "reference" not in text


def test_rate_limited_post_is_retried_after_retry_after(harness) -> None:
    harness.slack.fail_next("chat.postMessage", status=429, retry_after=0)
    harness.dm("How long can a visiting researcher stay?")
    calls = harness.slack.wait_for("chat.postMessage", count=2, timeout=60)
    assert "12 months" in block_text(calls[1].args["blocks"])
    assert harness.slack.messages["D1"][-1]["thread_ts"]


def test_server_errors_from_slack_are_retried_until_the_answer_lands(harness) -> None:
    harness.slack.fail_next("chat.postMessage", status=500, times=2)
    event = harness.dm("How long can a visiting researcher stay?")
    calls = harness.slack.wait_for("chat.postMessage", count=3, timeout=30)
    assert "12 months" in block_text(calls[2].args["blocks"]) and calls[2].args["thread_ts"] == event["ts"]
    assert [m["thread_ts"] for m in harness.slack.messages["D1"]] == [event["ts"]]  # posted once


def test_persistent_server_errors_are_logged_and_the_app_keeps_serving(harness, caplog) -> None:
    # Three tries each for the answer, for the apology in the thread and for the apology by DM: all refused.
    harness.slack.fail_next("chat.postMessage", status=500, times=9)
    harness.dm("How long can a visiting researcher stay?")
    harness.settle()
    assert len(harness.slack.calls("chat.postMessage")) == 9
    refused = [r for r in caplog.records if r.getMessage().startswith("Slack refused")]
    assert len(refused) == 1 and refused[0].levelname == "ERROR" and not refused[0].exc_info
    assert "chat.postMessage with internal_error" in refused[0].getMessage()
    assert any(r.levelname == "WARNING" and "not even by DM" in r.getMessage() for r in caplog.records)
    assert not harness.slack.messages["D1"]

    event = harness.dm("What is the application deadline for researchers?")
    call = harness.slack.wait_for("chat.postMessage", count=10, timeout=30)[9]
    assert call.args["thread_ts"] == event["ts"] and "1 March" in block_text(call.args["blocks"])
    assert harness.get("/healthz")[0] == 200
