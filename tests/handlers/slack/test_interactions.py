"""/ask, the message shortcut, the buttons on answers, the feedback modal and App Home, over HTTP."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

from sqlalchemy import select

from bot.db.models import Feedback
from tests.handlers.slack.conftest import block_text, find_block

QUESTION = "How long can a visiting researcher stay?"


def _answer_id(harness, question: str = QUESTION) -> str:
    return harness.services.assistant.ask(question, user_ref="slack:U1", surface="slack").answer_id


def _feedback_rows(harness, count: int = 1, timeout: float = 10.0) -> list[Feedback]:
    deadline = time.monotonic() + timeout
    while True:
        with harness.services.sessions() as session:
            rows = session.scalars(select(Feedback)).all()
        if len(rows) >= count or time.monotonic() > deadline:
            return rows
        time.sleep(0.05)


def test_ask_answers_privately_and_share_posts_in_channel(harness) -> None:
    status, body = harness.command(QUESTION)
    assert status == 200 and json.loads(body) == {"response_type": "ephemeral", "text": "Looking that up…"}
    reply = harness.slack.wait_for("respond/ask", timeout=20)[0].args
    assert reply["response_type"] == "ephemeral" and reply["replace_original"] is True
    assert "12 months" in block_text(reply["blocks"])
    share = find_block(reply["blocks"], "actions")["elements"][0]
    assert share["action_id"] == "share_answer" and share["value"]
    assert not harness.slack.calls("chat.postMessage")

    container = {"type": "message", "message_ts": "1700000001.000200", "channel_id": "C1", "is_ephemeral": True}
    assert harness.action("share_answer", share["value"], container=container,
                          response_url=harness.response_url("share"))[0] == 200
    posted = harness.slack.wait_for("chat.postMessage", timeout=20)[0].args
    assert posted["channel"] == "C1"
    text = block_text(posted["blocks"])
    assert "<@U1> asked" in text and "12 months" in text
    assert [b["action_id"] for b in find_block(posted["blocks"], "actions")["elements"]] == ["ask_human"]
    assert harness.slack.wait_for("respond/share")[0].args["delete_original"] is True


def test_ask_without_a_question_explains_usage(harness) -> None:
    status, body = harness.command("   ")
    assert status == 200 and "/ask How long" in json.loads(body)["text"]
    harness.settle()
    assert not harness.responses("ask")


def test_message_shortcut_answers_the_message_privately(harness) -> None:
    payload = {"type": "message_action", "callback_id": "answer_message", "trigger_id": "1.2.3", "token": "t",
               "action_ts": "1700000000.1", "team": {"id": "T1", "domain": "fake"}, "user": {"id": "U1", "team_id": "T1"},
               "channel": {"id": "C1", "name": "general"}, "response_url": harness.response_url("shortcut"),
               "message": {"type": "message", "user": "U2", "ts": "1700000000.000300", "text": QUESTION}}
    assert harness.send(urlencode({"payload": json.dumps(payload)}))[0] == 200
    replies = harness.slack.wait_for("respond/shortcut", count=2, timeout=20)
    assert "Looking that up" in replies[0].args["text"]
    assert replies[1].args["replace_original"] is True and "12 months" in block_text(replies[1].args["blocks"])


def test_thumbs_up_is_stored(harness_on) -> None:
    harness = harness_on
    answer_id = _answer_id(harness)
    assert harness.action("answer_feedback", f"good:{answer_id}", action_type="feedback_buttons")[0] == 200
    [row] = _feedback_rows(harness)
    assert (row.rating, row.answer_id, row.user_ref) == (1, answer_id, "slack:U1")
    assert row.question == QUESTION and "12 months" in row.answer and row.sources
    assert "Thanks" in harness.slack.wait_for("respond/action")[0].args["text"]


def test_thumbs_down_opens_the_modal_and_stores_the_comment(harness_on) -> None:
    harness = harness_on
    answer_id = _answer_id(harness)
    assert harness.action("answer_feedback", f"bad:{answer_id}", action_type="feedback_buttons")[0] == 200
    opened = harness.slack.wait_for("views.open")[0].args
    view = opened["view"]
    assert opened["trigger_id"] and view["callback_id"] == "feedback_comment"
    assert _feedback_rows(harness)[0].rating == -1
    values = {"reasons": {"value": {"type": "checkboxes", "selected_options": [{"value": "wrong"}]}},
              "comment": {"value": "The deadline moved to 15 March."}}
    assert harness.view("feedback_comment", values, private_metadata=view["private_metadata"])[0] == 200
    deadline = time.monotonic() + 10
    while not _feedback_rows(harness)[0].comment and time.monotonic() < deadline:
        time.sleep(0.05)
    [row] = _feedback_rows(harness)
    assert row.rating == -1 and row.comment == "Wrong or out of date — The deadline moved to 15 March."


def test_ask_a_human_posts_to_the_staff_channel_with_a_link(make_harness) -> None:
    harness = make_harness(staff_channel="CSTAFF", staff_slack_usergroup="S1")
    answer_id = _answer_id(harness)
    harness.slack.add_message("C1", "the answer", user="UBOT", bot_id="BBOT", ts="1700000000.000100")
    assert harness.action("ask_human", answer_id, channel_id="C1")[0] == 200
    posted = harness.slack.wait_for("chat.postMessage", timeout=20)[0].args
    assert posted["channel"] == "CSTAFF"
    text = block_text(posted["blocks"])
    assert "<!subteam^S1>" in text and QUESTION in text
    assert "https://fake.slack.test/archives/C1/p1700000000000100" in text
    assert "in this thread" in harness.slack.wait_for("respond/action")[0].args["text"]


def test_ask_a_human_without_a_staff_channel_names_the_contact(harness) -> None:
    assert harness.action("ask_human", _answer_id(harness))[0] == 200
    assert "secretariat" in harness.slack.wait_for("respond/action")[0].args["text"]
    assert not harness.slack.calls("chat.postMessage")


def test_app_home_shows_the_knowledge_base_and_gaps_only_to_staff(make_harness, database) -> None:
    harness = make_harness(staff_slack_ids="USTAFF", staff_slack_usergroup="S1", **database)  # gaps, group cache
    harness.slack.add_usergroup("S1", ["UGROUP"])
    harness.services.assistant.ask("What is the price of tea in Boston harbour?", surface="slack")
    documents = harness.services.knowledge.stats()["documents"]
    for user in ("U1", "USTAFF", "UGROUP"):
        assert harness.event({"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"})[0] == 200
    published = harness.slack.wait_for("views.publish", count=3, timeout=20)
    views = {c.args["user_id"]: block_text(c.args["view"]["blocks"]) for c in published}
    assert f"*{documents}* documents" in views["U1"] and "/ask" in views["U1"]
    assert "unanswered" not in views["U1"] and "price of tea" not in views["U1"]
    for staff in ("USTAFF", "UGROUP"):
        assert "unanswered" in views[staff] and "price of tea" in views[staff]
