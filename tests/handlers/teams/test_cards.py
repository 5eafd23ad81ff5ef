"""Card builders are pure: JSON in, JSON out, no server."""

from __future__ import annotations

import json

from bot.qa.types import Answer, Source
from handlers.teams import cards
from tests.handlers.teams.helpers import assert_valid_card


def _answer(**overrides) -> Answer:  # noqa: ANN003
    values = dict(
        question="How long can a visiting researcher stay?",
        text="A visiting researcher can stay between 3 and 12 months [1]. Funding is separate [2].",
        confident=True,
        sources=[
            Source(n=1, title="Researcher exchange programme", source="exchange-researchers.md", section="Length of the stay"),
            Source(n=2, title="Funding", source="https://example.org/funding", section=""),
        ],
        answer_id="a-1",
    )
    values.update(overrides)
    return Answer(**values)


def _runs(block: dict) -> list[str]:
    return [run["text"] for run in block["inlines"]]


def test_answer_card_has_text_numbered_sources_and_feedback_buttons():
    card = cards.answer_card(_answer())
    assert_valid_card(card)
    assert card["body"][0] == {"type": "TextBlock", "text": _answer().text, "wrap": True}
    assert card["body"][1]["text"] == "Sources"
    first, second = card["body"][2:]
    assert "".join(_runs(first)) == "[1] Researcher exchange programme — Length of the stay (exchange-researchers.md)"
    assert "selectAction" not in first["inlines"][1]  # a local file has nothing to open
    assert second["inlines"][1]["selectAction"] == {"type": "Action.OpenUrl", "url": "https://example.org/funding", "title": "Funding"}
    assert "".join(_runs(second)) == "[2] Funding"  # the URL is the link, not repeated as text
    assert [a["data"] for a in card["actions"]] == [
        {"verb": cards.FEEDBACK_VERB, "answer_id": "a-1", "rating": 1},
        {"verb": cards.FEEDBACK_VERB, "answer_id": "a-1", "rating": -1},
    ]
    assert [a["title"] for a in card["actions"]] == ["👍 Helpful", "👎 Not helpful"]


def test_abstention_without_sources_or_record_has_no_sources_section_or_buttons():
    card = cards.answer_card(_answer(text="I don't know.", confident=False, sources=[], answer_id=None))
    assert_valid_card(card)
    assert [b["text"] for b in card["body"]] == ["I don't know."]
    assert "actions" not in card


def test_titles_and_paths_are_shown_literally_and_control_characters_dropped():
    hostile = "**Bold** [click](https://evil.example) <b>x</b>\x00\x1b{{DATE(2017-02-14T06:08:39Z)}}"
    card = cards.answer_card(_answer(sources=[Source(n=1, title=hostile, source="a_b*c.md", section="_s_")]))
    assert_valid_card(card)
    runs = card["body"][2]["inlines"]
    # TextRuns are never Markdown, so the text needs no escaping, only cleaning.
    assert all(r["type"] == "TextRun" for r in runs)
    assert runs[1]["text"] == "**Bold** [click](https://evil.example) <b>x</b>{{DATE(2017-02-14T06:08:39Z)}}"
    assert _runs(card["body"][2])[2:] == [" — _s_", " (a_b*c.md)"]
    assert "\x00" not in json.dumps(card) and "\\u001b" not in json.dumps(card)


def test_only_web_links_become_clickable():
    card = cards.answer_card(_answer(sources=[Source(n=1, title="T", source="t.md", url="javascript:alert(1)")]))
    assert "selectAction" not in card["body"][2]["inlines"][1]


def test_long_answers_and_many_sources_are_capped():
    many = [Source(n=i, title=f"Doc {i}", source=f"d{i}.md") for i in range(1, 20)]
    card = cards.answer_card(_answer(text="x" * 50_000, sources=many))
    assert_valid_card(card)
    assert len(card["body"][0]["text"]) == cards.MAX_ANSWER_CHARS and card["body"][0]["text"].endswith("…")
    assert len(card["body"]) == 2 + cards.MAX_SOURCES
    assert len(json.dumps(card).encode()) < 28_000  # Teams' message size limit


def test_welcome_card_offers_each_question_as_a_button_that_asks_it():
    questions = ["How long can a visiting researcher stay?", "Who is covered by the agreement?"]
    card = cards.welcome_card(questions, staff_contact="the secretariat")
    assert_valid_card(card)
    buttons = [a for block in card["body"] if block["type"] == "ActionSet" for a in block["actions"]]
    assert [b["title"] for b in buttons] == questions
    for button, question in zip(buttons, questions):
        assert button["data"] == {"verb": cards.ASK_VERB, "question": question, "msteams": {"type": "imBack", "value": question}}
    assert "the secretariat" in json.dumps(card)
