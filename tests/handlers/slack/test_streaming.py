"""With a language model configured, answers stream into Slack (or arrive whole where streaming fails)."""

from __future__ import annotations

import pytest

from tests.fakes import FakeOpenAIServer
from tests.handlers.slack.conftest import block_text, find_block

REPLY = ("A visiting researcher can stay between 3 and 12 months [1]. Shorter scouting visits of 2 to 8 weeks "
         "are possible when a new collaboration is being prepared [1]. An extension beyond 12 months is not "
         "covered by the programme, so plan the stay within that limit [1].")


@pytest.fixture
def llm():
    with FakeOpenAIServer(replies=lambda request: REPLY, chunks=6) as server:
        yield server


def test_answer_streams_into_the_thread(make_harness, llm) -> None:
    harness = make_harness(llm_model="openai:fake", llm_base_url=llm.url)
    event = harness.dm("How long can a visiting researcher stay?")
    stop = harness.slack.wait_for("chat.stopStream", timeout=20)[0]
    start = harness.slack.calls("chat.startStream")[0].args
    assert start["channel"] == "D1" and start["thread_ts"] == event["ts"]
    assert start["recipient_user_id"] == "U1" and start["recipient_team_id"] == "T1"
    assert harness.slack.calls("chat.appendStream")
    # The cited exchange rules are an example document: the finished answer carries the label the model did
    # not write, so the streamed message is replaced by the final one, with its sources and feedback.
    update = harness.slack.wait_for("chat.update", timeout=20)[0].args
    feedback = find_block(update["blocks"], "context_actions")["elements"][0]
    assert feedback["positive_button"]["value"].startswith("good:")
    assert "*Sources*" in block_text(update["blocks"])
    assert "(example document, not an official rule)" in update["text"] and update["text"].startswith(REPLY.split(" [")[0])
    assert not harness.slack.calls("chat.postMessage") and stop.args.get("blocks") is None
    assert llm.last_request["stream"] is True


def test_falls_back_to_one_message_where_streaming_is_refused(make_harness, llm) -> None:
    harness = make_harness(llm_model="openai:fake", llm_base_url=llm.url)
    harness.slack.error_next("chat.startStream", "not_allowed_token_type")
    harness.dm("How long can a visiting researcher stay?")
    posted = harness.slack.wait_for("chat.postMessage", timeout=20)[0].args
    assert "3 and 12 months" in block_text(posted["blocks"])
    assert not harness.slack.calls("chat.appendStream") and not harness.slack.calls("chat.stopStream")


def test_streamed_text_is_replaced_when_the_final_answer_differs(make_harness) -> None:
    renumbered = REPLY.replace("[1]", "[2]")
    with FakeOpenAIServer(replies=lambda request: renumbered, chunks=6) as llm:
        harness = make_harness(llm_model="openai:fake", llm_base_url=llm.url)
        harness.dm("How long can a visiting researcher stay?")
        update = harness.slack.wait_for("chat.update", timeout=20)[0].args
    assert harness.slack.calls("chat.stopStream")
    text = block_text(update["blocks"])
    assert "[1]" in text and "[2]" not in text.split("*Sources*")[0]
    assert update["ts"] == harness.slack.calls("chat.stopStream")[0].args["ts"]
