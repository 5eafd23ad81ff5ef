"""Block Kit builders and Slack text rules, without any server."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from bot.qa.types import Answer, Source
from handlers.slack import blocks as b
from handlers.slack.text import escape, from_slack, neutralize_mentions, split_text, to_mrkdwn, truncate
from tests.handlers.slack.conftest import block_text, find_block
from handlers.slack.command_names import CommandNames


def _answer(text: str = "Stays last 3 to 12 months [1]. Apply by 1 March [2].", **kw) -> Answer:
    sources = [Source(1, "Researcher exchange", "exchange-researchers.md", section="Length of the stay"),
               Source(2, "Calls & deadlines", "https://example.org/calls?a=1&b=2", section="Deadlines")]
    return Answer(question="How long?", text=text, confident=True, sources=sources, answer_id="abc123", **kw)


def test_escaping_keeps_document_text_from_pinging_or_linking() -> None:
    assert escape("a & b <!channel> <@U1> > c") == "a &amp; b &lt;!channel&gt; &lt;@U1&gt; &gt; c"
    rendered = block_text(b.answer_text_blocks(_answer("Tell <!channel> & <@U1> about <https://x|this>")))
    assert "<!channel>" not in rendered and "&lt;!channel&gt;" in rendered and "&amp;" in rendered
    assert neutralize_mentions("hi <!here> <@U1> <#C1> <https://x>") == "hi <\u200b!here> <\u200b@U1> <\u200b#C1> <https://x>"


def test_markdown_becomes_mrkdwn_and_citations_link_to_their_source() -> None:
    text = to_mrkdwn("## Deadlines\n**Two** rounds, *each* year [2]; see [the call](https://example.org/c) [1].\n- one\n- two",
                     links={2: "https://example.org/x"})
    assert text.splitlines()[0] == "*Deadlines*"
    assert "*Two* rounds, _each_ year <https://example.org/x|[2]>;" in text
    assert "<https://example.org/c|the call> [1]." in text
    assert text.splitlines()[-2:] == ["• one", "• two"]


def test_sources_are_numbered_links_or_title_and_path() -> None:
    text = block_text(b.sources_blocks(_answer().sources))
    assert "[1] *Researcher exchange* — Length of the stay · `exchange-researchers.md`" in text
    assert "[2] <https://example.org/calls?a=1&amp;b=2|Calls &amp; deadlines> — Deadlines" in text


def test_answer_message_carries_feedback_and_actions() -> None:
    [message] = b.answer_messages(_answer())
    feedback = find_block(message.blocks, "context_actions")["elements"][0]
    assert feedback["action_id"] == b.FEEDBACK_ACTION
    assert (feedback["positive_button"]["value"], feedback["negative_button"]["value"]) == ("good:abc123", "bad:abc123")
    assert [e["action_id"] for e in find_block(message.blocks, "actions")["elements"]] == [b.ASK_HUMAN_ACTION]
    [private] = b.answer_messages(_answer(), private=True)
    assert [e["action_id"] for e in find_block(private.blocks, "actions")["elements"]] == [b.SHARE_ACTION, b.ASK_HUMAN_ACTION]
    assert "3 to 12 months" in message.text
    assert b.feedback_blocks(None) == []


def test_long_answers_split_within_slack_limits() -> None:
    paragraph = ("The visiting researcher keeps their salary & gets a stipend. " * 40).strip()
    text = "\n\n".join([paragraph] * 80)
    messages = b.answer_messages(_answer(text))
    assert len(messages) >= 2
    for message in messages:
        assert len(message.blocks) <= 50
        for block in message.blocks:
            assert len((block.get("text") or {}).get("text", "")) <= 3000
        assert len({blk.get("block_id") for blk in message.blocks if blk.get("block_id")}) == \
            len([blk for blk in message.blocks if blk.get("block_id")])
    assert find_block(messages[-1].blocks, "context_actions")
    assert not any(blk["type"] == "context_actions" for m in messages[:-1] for blk in m.blocks)
    rebuilt = " ".join(block_text([blk for m in messages for blk in m.blocks if blk["block_id"].startswith("answer_")]).split())
    assert rebuilt.count("&amp;") == 80 * 40


def test_split_never_cuts_an_escape_or_a_link() -> None:
    text = "x" * 2990 + " &amp; <https://example.org/very/long|a link title> tail"
    pieces = split_text(text, 3000)
    assert all(len(p) <= 3000 for p in pieces)
    assert pieces[0].endswith("&amp;") and pieces[1].startswith("<https://example.org/very/long|a link title>")
    giant = "y" * 2997 + "&amp;" + "z" * 10
    first, second = split_text(giant, 3000)
    assert first == "y" * 2997 and second.startswith("&amp;")
    assert truncate("abcdef", 4) == "abc…" and truncate("abc", 4) == "abc"


def test_questions_are_read_without_slack_markup() -> None:
    text = "<@UBOT> what about <https://example.org|this page> for <@U2|maria> in <#C1|general> &amp; &lt;b&gt;?"
    assert from_slack(text, bot_user_id="UBOT") == "what about this page for @maria in #general & <b>?"


def test_feedback_modal_round_trip() -> None:
    view = b.feedback_modal("abc123", channel="C1", thread_ts="1.2")
    assert view["callback_id"] == b.FEEDBACK_VIEW
    assert json.loads(view["private_metadata"]) == {"answer_id": "abc123", "channel": "C1", "thread_ts": "1.2"}
    values = {"reasons": {"value": {"type": "checkboxes", "selected_options": [{"value": "wrong"}, {"value": "other"}]}},
              "comment": {"value": {"type": "plain_text_input", "value": "  old numbers "}}}
    assert b.feedback_comment(values) == "Wrong or out of date; Something else — old numbers"
    assert b.feedback_comment({"reasons": {"value": {"selected_options": []}}, "comment": {"value": {"value": None}}}) is None


def test_home_view_for_people_and_for_staff() -> None:
    stats = {"documents": 12, "chunks": 240, "last_indexed": datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)}
    person = b.home_view(stats, names=CommandNames())
    text = block_text(person["blocks"])
    assert person["type"] == "home" and "*12* documents in *240* passages" in text
    assert "<!date^" in text and "2026-11-20 09:30 UTC" in text and "unanswered" not in text
    staff = b.home_view(stats, names=CommandNames(), unanswered=[{"question": "Is <b> & c?", "asked_at": "2026-11-21T10:00:00", "surface": "slack"}],
                        commands=["/kb gaps"])
    text = block_text(staff["blocks"])
    assert "unanswered" in text and "Is &lt;b&gt; &amp; c?" in text and "`/kb gaps`" in text
    assert "empty" in block_text(b.home_view({"documents": 0, "chunks": 0, "last_indexed": None}, names=CommandNames())["blocks"])
    as_text = block_text(b.home_view({**stats, "last_indexed": "2026-11-20T09:30:00+00:00"}, names=CommandNames())["blocks"])
    assert f"<!date^{int(stats['last_indexed'].timestamp())}^" in as_text
    many = b.home_view(stats, names=CommandNames(), unanswered=[{"question": f"q{i}"} for i in range(200)])
    assert len(many["blocks"]) <= 100


def test_escalation_message_links_the_conversation() -> None:
    message = b.escalation_message(user_id="U1", question="Is <this> ok?", answer="Yes [1].",
                                   permalink="https://x.slack.com/archives/C1/p1?a=1&b=2", channel_id="C1", usergroup="S1")
    text = block_text(message.blocks)
    assert text.startswith("<!subteam^S1> <@U1>") and "Is &lt;this&gt; ok?" in text
    assert "<https://x.slack.com/archives/C1/p1?a=1&amp;b=2|Open the conversation>" in text
    private = b.escalation_message(user_id="U1", question="q", answer="a", permalink=None, channel_id="C1")
    assert "privately in <#C1>" in block_text(private.blocks)
