"""The SDK's turn-state storage, in process and bounded.

The follow-up history is not kept here: the conversation core keeps it in the database, so every
`serve-teams` process behind a load balancer continues the same conversation.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from typing import Any

from microsoft_agents.hosting.core import StoreItem
from microsoft_agents.hosting.core.storage import AsyncStorageBase


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
