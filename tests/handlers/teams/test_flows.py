"""Handler flows in memory, with the SDK's TestAdapter and TestFlow (no HTTP, no core)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import pytest
from microsoft_agents.activity import Activity, ChannelAccount, ConversationAccount, ConversationReference, Entity
from microsoft_agents.testing import TestAdapter, TestFlow

from bot.errors import KnowledgeBaseUnavailable
from handlers.teams import app as teams_app
from handlers.teams.app import create_agent_app
from handlers.teams.feedback import THANKS
from bot.conversation.history import IDLE_RESET, MAX_TURNS
from handlers.teams.history import BoundedMemoryStorage
from handlers.teams.replies import SUGGESTED_QUESTIONS
from handlers.teams.streaming import SEARCHING
from tests.handlers.teams.helpers import ANN, BOT, SERVICE_URL, assert_valid_card, history_texts

Steps = Callable[[TestFlow], TestFlow]


def run_flow(services, steps: Steps, *, conversation_type: str = "personal") -> None:  # noqa: ANN001
    async def scenario() -> None:
        reference = ConversationReference(
            channel_id="msteams",
            service_url=SERVICE_URL,
            user=ChannelAccount(id=ANN["id"], name=ANN["name"], aad_object_id=ANN["aadObjectId"]),
            agent=ChannelAccount(id=BOT["id"], name=BOT["name"]),
            conversation=ConversationAccount(id="conv-1", conversation_type=conversation_type, is_group=conversation_type != "personal"),
        )
        agent = create_agent_app(services.settings, services, typing_indicator=False)
        await steps(TestFlow(TestAdapter(conversation=reference), agent.on_turn)).assert_no_more_replies().start_test()

    asyncio.run(scenario())


def answer_card_about(question: str) -> Callable[[Activity], None]:
    def check(reply: Activity) -> None:
        assert reply.attachments, f"expected a card, got {reply.text!r}"
        card = reply.attachments[0].content
        assert_valid_card(card)
        assert f"About “{question}”" in card["body"][0]["text"]
        assert card["body"][2]["inlines"][1]["text"] == "Researcher exchange programme"

    return check


def searching(reply: Activity) -> None:
    """The status line a personal chat shows while the answer is looked up (streaming.py)."""
    assert reply.type == "typing" and reply.text == SEARCHING, reply.text


def streamed_answer_about(question: str) -> Callable[[Activity], None]:
    def check(reply: Activity) -> None:
        assert reply.type == "message" and not reply.attachments
        assert reply.text.startswith(f"About “{question}”")

    return check


def welcome_card(reply: Activity) -> None:
    card = reply.attachments[0].content
    assert_valid_card(card)
    buttons = [b["actions"][0]["title"] for b in card["body"] if b["type"] == "ActionSet"]
    assert buttons == list(SUGGESTED_QUESTIONS)


def submit(value: dict) -> Activity:
    return Activity(type="message", value=value)


def test_every_handler_module_registers():
    assert {m.__name__.rsplit(".", 1)[-1] for m in teams_app.HANDLER_MODULES} == {"welcome", "feedback", "match", "hygiene", "messages"}
    assert all(callable(getattr(m, "register", None)) for m in teams_app.HANDLER_MODULES)


def test_personal_message_gets_an_answer_and_follow_ups_carry_the_conversation(fake_services, fake_assistant):
    q1, q2 = "How long can a visiting researcher stay?", "and the insurance?"
    run_flow(fake_services, lambda f: f.send(q1).assert_reply(searching).assert_reply(streamed_answer_about(q1))
             .send(q2).assert_reply(searching).assert_reply(streamed_answer_about(q2)))
    first, second = fake_assistant.calls
    assert first == {"question": q1, "history": [], "user_ref": "teams:aad-ann", "surface": "teams"}
    assert history_texts(second["history"]) == [("user", q1), ("assistant", f"About “{q1}”: between 3 and 12 months [1].")]


def test_channel_mention_is_removed_and_other_mentions_keep_their_names(fake_services, fake_assistant):
    mention = Entity(type="mention", mentioned={"id": BOT["id"], "name": BOT["name"]}, text=f"<at>{BOT['name']}</at>")
    activity = Activity(type="message", text=f"<at>{BOT['name']}</at> Can <at>Bo</at> apply &amp; stay?", entities=[mention])
    run_flow(fake_services, lambda f: f.send(activity).assert_reply(answer_card_about("Can Bo apply & stay?")), conversation_type="channel")
    assert fake_assistant.calls[0]["question"] == "Can Bo apply & stay?"


def test_history_is_bounded_and_starts_afresh_after_a_pause_or_on_request(fake_services, fake_assistant):
    clock = fake_services.clock
    fake_services.settings.user_rate_per_minute = 0  # more questions than a minute's limit allows

    def steps(f: TestFlow) -> TestFlow:
        for i in range(MAX_TURNS):  # more questions than the history keeps
            f = f.send(f"question {i}").assert_reply(answer_card_about(f"question {i}"))
        f = f.send("bounded?").assert_reply(answer_card_about("bounded?"))
        f = f.send("new").assert_reply_contains("a new conversation")
        f = f.send("after new").assert_reply(answer_card_about("after new"))
        f = f.send("follow-up").assert_reply(lambda reply: clock.advance(seconds=IDLE_RESET.total_seconds() + 1))
        return f.send("much later").assert_reply(answer_card_about("much later"))

    run_flow(fake_services, steps, conversation_type="groupChat")  # cards: one reply per question
    by_question = {c["question"]: c["history"] for c in fake_assistant.calls}
    assert len(by_question["bounded?"]) == MAX_TURNS
    assert by_question["bounded?"][-2].text == f"question {MAX_TURNS - 1}"
    assert by_question["after new"] == []
    assert history_texts(by_question["follow-up"])[0] == ("user", "after new")
    assert by_question["much later"] == []


def test_feedback_button_stores_the_vote_and_thanks(fake_services, fake_assistant):
    vote = {"verb": "answer_feedback", "answer_id": "ans-7", "rating": -1}
    stale = {"verb": "answer_feedback", "answer_id": "ans-7", "rating": "lots"}
    run_flow(fake_services, lambda f: f.send(submit(vote)).assert_reply(THANKS).send(submit(stale)).assert_reply_contains("out of date"))
    assert fake_assistant.feedback == [{"answer_id": "ans-7", "rating": -1, "user_ref": "teams:aad-ann", "surface": "teams"}]
    assert fake_assistant.calls == []  # a button press is not a question


def test_suggested_question_button_asks_it_on_clients_without_imback(fake_services, fake_assistant):
    question = SUGGESTED_QUESTIONS[0]
    run_flow(fake_services, lambda f: f.send(submit({"verb": "ask", "question": question})).assert_reply(answer_card_about(question)),
             conversation_type="groupChat")
    assert fake_assistant.calls[0]["question"] == question


def test_welcome_when_the_bot_is_added_but_not_when_someone_else_joins(fake_services):
    bot = ChannelAccount(id=BOT["id"], name=BOT["name"])
    someone = ChannelAccount(id="29:bo", name="Bo")
    run_flow(fake_services, lambda f: f.send_conversation_update([bot]).assert_reply(welcome_card)
             .send_conversation_update([someone]).assert_no_more_replies())


@pytest.mark.parametrize("text", ["help", "Hi!", "hej"])
def test_greeting_or_help_shows_the_welcome_card(fake_services, fake_assistant, text):
    run_flow(fake_services, lambda f: f.send(text).assert_reply(welcome_card))
    assert fake_assistant.calls == []


def test_an_empty_mention_gets_the_cores_hint(fake_services):
    run_flow(fake_services, lambda f: f.send(" ").assert_reply_contains("Please type a question"), conversation_type="channel")


def test_core_errors_show_their_message(fake_services, fake_assistant):
    fake_assistant.fail_with = KnowledgeBaseUnavailable("Chroma server 10.0.0.5:8000")
    # In a personal chat the message ends the stream the status line opened.
    run_flow(fake_services, lambda f: f.send("anything").assert_reply(searching)
             .assert_reply("The knowledge base is unavailable; try again shortly."))


def test_unexpected_errors_get_an_apology_with_a_reference_that_is_logged(fake_services, fake_assistant, caplog):
    fake_assistant.fail_with = RuntimeError("password=hunter2 in a stack trace")
    replies: list[str] = []
    with caplog.at_level(logging.ERROR, logger="handlers.teams"):
        run_flow(fake_services, lambda f: f.send("anything").assert_reply(lambda r: replies.append(r.text)),
                 conversation_type="channel")
    (reply,) = replies
    assert reply.startswith("Sorry, something went wrong") and "hunter2" not in reply and "Traceback" not in reply
    ref = reply.rsplit(" ", 1)[-1].rstrip(".")
    assert any(ref in record.getMessage() and record.exc_info for record in caplog.records if record.name == "handlers.teams")


def test_bounded_storage_forgets_the_least_recently_used_conversation():
    from microsoft_agents.hosting.core.state.agent_state import CachedAgentState  # what conversation state stores

    async def scenario() -> dict:
        storage = BoundedMemoryStorage(max_items=2)
        await storage.write({"a": CachedAgentState({"n": 1}), "b": CachedAgentState({"n": 2})})
        await storage.read(["a"], target_cls=CachedAgentState)  # "a" is now the most recently used
        await storage.write({"c": CachedAgentState({"n": 3})})
        items = await storage.read(["a", "b", "c"], target_cls=CachedAgentState)
        return {key: item.state for key, item in items.items()}

    assert asyncio.run(scenario()) == {"a": {"n": 1}, "c": {"n": 3}}
