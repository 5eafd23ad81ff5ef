"""Personal chats stream the answer with Teams citations, the AI label and the feedback loop; the
feedback loop's invoke records a rating; channels keep the card. In memory, with the SDK's TestAdapter."""

from __future__ import annotations

from microsoft_agents.activity import Activity

from handlers.teams.streaming import SEARCHING
from tests.handlers.teams.test_flows import answer_card_about, run_flow

QUESTION = "How long can a visiting researcher stay?"


def entity(activity: Activity, kind: str) -> dict:
    found = [e.model_dump(by_alias=True, exclude_none=True) for e in activity.entities or [] if e.type == kind]
    assert found, f"no {kind} entity in {activity.entities}"
    return found[0]


def test_a_personal_question_is_streamed_with_citations_the_ai_label_and_the_feedback_loop(fake_services):
    final: list[Activity] = []

    def informative(reply: Activity) -> None:
        assert reply.type == "typing" and reply.text == SEARCHING
        assert entity(reply, "streaminfo")["streamType"] == "informative"

    def answer(reply: Activity) -> None:
        assert reply.type == "message" and reply.text == f"About “{QUESTION}”: between 3 and 12 months [1]."
        assert not reply.attachments  # the text itself, not a card
        assert entity(reply, "streaminfo")["streamType"] == "final"
        message = entity(reply, "https://schema.org/Message")
        assert message["additionalType"] == ["AIGeneratedContent"]
        (citation,) = message["citation"]
        assert citation["position"] == 1 and citation["appearance"]["name"] == "Researcher exchange programme"
        assert reply.channel_data["feedbackLoop"] == {"type": "default"}
        final.append(reply)

    run_flow(fake_services, lambda f: f.send(QUESTION).assert_reply(informative).assert_reply(answer))
    assert final


def test_the_feedback_loop_records_the_rating_and_comment_for_the_streamed_answer(fake_services, fake_assistant):
    # The invoke names the streamed message; its id is known once the answer was sent.
    invoke = Activity(type="invoke", name="message/submitAction", value={
        "actionName": "feedback", "actionValue": {"reaction": "dislike", "feedback": '{"feedbackText": "too short"}'}})

    def keep(reply: Activity) -> None:
        if reply.type == "message":
            invoke.reply_to_id = reply.id

    def ok(reply: Activity) -> None:
        assert reply.type == "invokeResponse" and reply.value.status == 200

    def steps(f):  # noqa: ANN001, ANN202
        f = f.send(QUESTION).assert_reply(keep).assert_reply(keep)
        return f.send(invoke).assert_reply(ok)

    run_flow(fake_services, steps)
    assert fake_assistant.feedback == [{"answer_id": "ans-1", "rating": -1, "user_ref": "teams:aad-ann", "surface": "teams"}]


def test_a_channel_question_still_gets_the_answer_card(fake_services):
    run_flow(fake_services, lambda f: f.send(QUESTION).assert_reply(answer_card_about(QUESTION)), conversation_type="channel")


def test_feedback_loop_values_that_are_not_a_like_or_dislike_are_not_ratings():
    from handlers.teams.feedback import parse_feedback_loop

    assert parse_feedback_loop({"actionName": "feedback", "actionValue": {"reaction": "like", "feedback": "not json"}}) == (1, None)
    assert parse_feedback_loop({"actionName": "feedback", "actionValue": {"reaction": "love"}}) is None
    assert parse_feedback_loop({"actionName": "other", "actionValue": {"reaction": "like"}}) is None
    assert parse_feedback_loop("feedback") is None


def test_a_feedback_invoke_for_a_message_this_process_did_not_send_records_nothing(fake_services, fake_assistant):
    invoke = Activity(type="invoke", name="message/submitAction", reply_to_id="unknown-message",
                      value={"actionName": "feedback", "actionValue": {"reaction": "like"}})
    def ok(reply: Activity) -> None:
        assert reply.type == "invokeResponse" and reply.value.status == 200

    run_flow(fake_services, lambda f: f.send(invoke).assert_reply(ok))
    assert fake_assistant.feedback == []
