"""Helpers for the Teams tests: a scripted assistant, services around it, activity builders, a card checker."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from bot.clock import ManualClock
from bot.qa.types import Answer, Source, Turn

BOT = {"id": "28:bot-id", "name": "Assistant"}
ANN = {"id": "29:ann", "name": "Ann", "aadObjectId": "aad-ann"}
SERVICE_URL = "https://smba.trafficmanager.net/emea/"  # where Teams' public cloud sends from
LOCAL_SERVICE_URL = "http://127.0.0.1:56150/"  # what the Emulator or the Agents Playground sends in development


@dataclass
class FakeAssistant:
    """Stands in for bot.qa.Assistant: records every call, answers with one cited source."""

    fail_with: Exception | None = None
    text: str | None = None  # the answer's text; default: one sentence about the question
    calls: list[dict] = field(default_factory=list)
    feedback: list[dict] = field(default_factory=list)
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    def ask(self, question: str, history=(), *, user_ref=None, surface="cli", on_delta=None, record=True) -> Answer:  # noqa: ANN001
        self.calls.append({"question": question, "history": list(history), "user_ref": user_ref, "surface": surface})
        if self.fail_with is not None:
            raise self.fail_with
        if not question.strip():
            from bot.errors import InvalidInput

            raise InvalidInput("Please type a question, e.g. “How do researcher exchanges work?”")
        source = Source(n=1, title="Researcher exchange programme", source="exchange-researchers.md", section="Length of the stay")
        return Answer(question=question, text=self.text or f"About “{question}”: between 3 and 12 months [1].", confident=True,
                      sources=[source], answer_id=f"ans-{next(self._ids)}")

    def record_feedback(self, answer_id: str, *, rating: int, user_ref=None, comment=None, surface="slack") -> None:  # noqa: ANN001
        self.feedback.append({"answer_id": answer_id, "rating": rating, "user_ref": user_ref, "surface": surface})


class FakeServices:
    """The parts of bot.services.Services the Teams handlers touch."""

    def __init__(self, settings, assistant: FakeAssistant) -> None:  # noqa: ANN001
        from bot.conversation import Conversation
        from bot.db.session import make_engine, make_session_factory, migrate

        self.settings = settings
        self.assistant = assistant
        self.clock = ManualClock()
        settings.bot_data_dir.mkdir(parents=True, exist_ok=True)
        self.engine = make_engine(settings.resolved_database_url)  # history and rate limits; the health probe
        migrate(self.engine)
        self.sessions = make_session_factory(self.engine)
        self.conversation = Conversation(self)


def history_texts(history: list[Turn]) -> list[tuple[str, str]]:
    return [(t.role, t.text) for t in history]


def message(text: str | None = None, *, conversation: str = "conv-personal", value: Any = None, mention: bool = False,
            expect_replies: bool = True, **extra: Any) -> dict:
    """A Teams message activity as JSON, the way the Bot Connector (or, by default, a local tool) posts it."""
    activity: dict[str, Any] = {
        "type": "message", "id": f"act-{next(_activity_ids)}", "channelId": "msteams", "serviceUrl": LOCAL_SERVICE_URL,
        "from": ANN, "recipient": BOT,
        "conversation": {"id": conversation, "conversationType": "channel" if mention else "personal", "tenantId": "tenant-1"},
    }
    if expect_replies:
        activity["deliveryMode"] = "expectReplies"
    if text is not None:
        activity["text"] = f"<at>{BOT['name']}</at> {text}" if mention else text
    if mention:
        activity["entities"] = [{"type": "mention", "mentioned": BOT, "text": f"<at>{BOT['name']}</at>"}]
    if value is not None:
        activity["value"] = value
    activity.update(extra)
    return activity


def members_added(*members: dict, conversation: str = "conv-personal") -> dict:
    activity = message(conversation=conversation)
    activity["type"] = "conversationUpdate"
    activity["membersAdded"] = list(members)
    return activity


def cards(reply_activities: list[dict]) -> list[dict]:
    return [a["content"] for r in reply_activities if r.get("type") == "message" for a in r.get("attachments") or []]


def texts(reply_activities: list[dict]) -> list[str]:
    return [r["text"] for r in reply_activities if r.get("type") == "message" and r.get("text")]


_activity_ids = itertools.count(1)


# Adaptive Card 1.5 elements and actions these cards may use, with their required properties.
_ELEMENTS = {"TextBlock": ("text",), "RichTextBlock": ("inlines",), "TextRun": ("text",), "ActionSet": ("actions",), "Input.Text": ("id",),
             "Input.ChoiceSet": ("id", "choices"), "Input.Date": ("id",)}
_ACTIONS = {"Action.Submit": (), "Action.OpenUrl": ("url",), "Action.Execute": (), "Action.ShowCard": ("card",)}


def assert_valid_card(card: dict) -> None:
    """A structural check of the Adaptive Card 1.5 schema for the parts our cards use."""
    import json

    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5", card
    assert card["$schema"] == "http://adaptivecards.io/schemas/adaptive-card.json"
    assert json.loads(json.dumps(card)) == card  # plain JSON, nothing the serializer would change

    def check(item: dict, allowed: dict) -> None:
        assert item["type"] in allowed, f"unexpected {item['type']}"
        for prop in allowed[item["type"]]:
            assert item.get(prop) not in (None, "", []), f"{item['type']} without {prop}"
        if item["type"] == "TextRun":
            assert isinstance(item["text"], str)
            if "selectAction" in item:
                check(item["selectAction"], {"Action.OpenUrl": ("url",)})
        for inline in item.get("inlines", []):
            check(inline, {"TextRun": ("text",)})
        for action in item.get("actions", []):
            check(action, _ACTIONS)
        if item["type"] == "Action.Submit":
            assert isinstance(item.get("data"), dict) and item.get("title")
        if item["type"] == "Action.ShowCard":  # an inline card: the same elements and actions, no schema header
            assert item["card"]["type"] == "AdaptiveCard" and item.get("title")
            for element in item["card"]["body"]:
                check(element, _ELEMENTS)
            for action in item["card"].get("actions", []):
                check(action, _ACTIONS)

    for element in card["body"]:
        check(element, _ELEMENTS)
    for action in card.get("actions", []):
        check(action, _ACTIONS)
