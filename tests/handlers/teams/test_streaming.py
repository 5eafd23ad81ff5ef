"""Personal chats stream the answer in pieces with Teams citations, the AI label and the feedback loop; the
feedback loop's invoke records a rating, also on another process or after a restart (the message's answer
is in the database); channels keep the card. In memory, with the SDK's TestAdapter."""

from __future__ import annotations

from microsoft_agents.activity import Activity

from handlers.teams.streaming import MAX_PIECES, PIECE_CHARS, SEARCHING, pieces
from tests.handlers.teams.helpers import FakeServices
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


LONG = ("A visiting researcher can stay between 3 and 12 months [1]. Shorter scouting visits of 2 to 8 weeks are "
        "possible when a new collaboration is being prepared [1]. An extension beyond 12 months is not covered by the "
        "programme, but the host institution may apply for a bridge grant [1]. Applications are read twice a year, "
        "in March and in October, by the joint secretariat [1]. Travel is booked by the host [1].")


def test_pieces_are_whole_sentences_that_join_to_the_text():
    parts = pieces(LONG)
    assert "".join(parts) == LONG and 2 <= len(parts) <= MAX_PIECES
    assert all(len(p) >= PIECE_CHARS and p.rstrip().endswith(".") for p in parts[:-1])
    assert pieces("Short [1].") == ["Short [1]."]
    assert pieces("") == []
    assert len(pieces(" ".join(["One sentence here that is long enough to be a piece."] * 40))) == MAX_PIECES


def test_a_long_answer_streams_in_pieces_after_the_status_line(fake_services, fake_assistant):
    fake_assistant.text = LONG
    seen: list[Activity] = []

    def informative(reply: Activity) -> None:
        assert reply.type == "typing" and reply.text == SEARCHING
        seen.append(reply)

    def update_or_final(reply: Activity) -> None:
        seen.append(reply)

    def steps(f):  # noqa: ANN001, ANN202
        f = f.send(QUESTION).assert_reply(informative)
        for _ in range(len(pieces(LONG))):
            f = f.assert_reply(update_or_final)
        return f

    run_flow(fake_services, steps)
    updates, final = seen[1:-1], seen[-1]
    assert len(updates) == len(pieces(LONG)) - 1 >= 1
    for update in updates:
        assert update.type == "typing" and entity(update, "streaminfo")["streamType"] == "streaming"
    texts = [u.text for u in updates]
    assert all(LONG.startswith(t) for t in texts) and texts == sorted(texts, key=len) and len(set(texts)) == len(texts)
    assert final.type == "message" and final.text == LONG and entity(final, "streaminfo")["streamType"] == "final"
    assert entity(final, "https://schema.org/Message")["citation"][0]["position"] == 1


def test_feedback_on_a_streamed_answer_is_recorded_by_another_process_and_after_a_restart(fake_services, fake_assistant):
    sent: list[str] = []

    def keep(reply: Activity) -> None:
        if reply.type == "message":
            sent.append(reply.id)

    run_flow(fake_services, lambda f: f.send(QUESTION).assert_reply(keep).assert_reply(keep))
    (message_id,) = sent

    def ok(reply: Activity) -> None:
        assert reply.type == "invokeResponse" and reply.value.status == 200

    def rate(reaction: str):  # noqa: ANN202
        return Activity(type="invoke", name="message/submitAction", reply_to_id=message_id,
                        value={"actionName": "feedback", "actionValue": {"reaction": reaction}})

    # Another process: its own engine and agent on the same database.
    other = FakeServices(fake_services.settings, fake_assistant)
    run_flow(other, lambda f: f.send(rate("like")).assert_reply(ok))
    # This process restarted: a new agent; nothing of the first one's memory is left.
    run_flow(fake_services, lambda f: f.send(rate("dislike")).assert_reply(ok))
    assert [(f["answer_id"], f["rating"]) for f in fake_assistant.feedback] == [("ans-1", 1), ("ans-1", -1)]
