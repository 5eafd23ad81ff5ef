"""Conversation memory for follow-up questions: a bounded history of Turns per conversation.

The history lives in the SDK's conversation state, so a persistent `Storage` (Cosmos DB,
Blob) can replace the in-process one without touching the handlers.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from datetime import datetime, timedelta
from typing import Any

from microsoft_agents.hosting.core import StoreItem, TurnState
from microsoft_agents.hosting.core.storage import AsyncStorageBase

from bot.qa.types import Turn

MAX_TURNS = 12  # six questions and answers, as in `python -m bot chat`
IDLE_RESET = timedelta(minutes=30)  # a question asked after a long pause starts afresh
MAX_TURN_CHARS = 2000  # answers are kept for context only; long ones need not be kept whole
_KEY = "qa_history"


class BoundedMemoryStorage(AsyncStorageBase):
    """In-process storage that forgets the least recently used entries beyond `max_items`,
    so a long-running server's memory stays flat however many chats it sees."""

    def __init__(self, max_items: int = 5000) -> None:
        self.max_items = max_items
        self._items: OrderedDict[str, Any] = OrderedDict()

    async def _read_item(self, key: str, *, target_cls: type[StoreItem], **kwargs: Any) -> tuple[str | None, StoreItem | None]:
        if key not in self._items:
            return None, None
        self._items.move_to_end(key)
        # Copies on the way in and out: the SDK's state objects are mutated in place during a turn.
        return key, target_cls.from_json_to_store_item(copy.deepcopy(self._items[key]))

    async def _write_item(self, key: str, value: StoreItem) -> None:
        self._items[key] = copy.deepcopy(value.store_item_to_json())
        self._items.move_to_end(key)
        while len(self._items) > self.max_items:
            self._items.popitem(last=False)

    async def _delete_item(self, key: str) -> None:
        self._items.pop(key, None)


def load_history(state: TurnState, now: datetime) -> list[Turn]:
    saved = state.conversation.get_value(_KEY)
    if not isinstance(saved, dict) or now.timestamp() - float(saved.get("at", 0)) > IDLE_RESET.total_seconds():
        return []
    turns = []
    for item in saved.get("turns", []):
        if isinstance(item, list) and len(item) == 2 and item[0] in ("user", "assistant"):
            turns.append(Turn(item[0], str(item[1])))
    return turns


def remember(state: TurnState, history: list[Turn], question: str, answer_text: str, now: datetime) -> None:
    turns = [*history, Turn("user", question), Turn("assistant", answer_text)][-MAX_TURNS:]
    state.conversation.set_value(_KEY, {"at": now.timestamp(), "turns": [[t.role, t.text[:MAX_TURN_CHARS]] for t in turns]})


def forget(state: TurnState) -> None:
    state.conversation.delete_value(_KEY)
