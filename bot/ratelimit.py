"""Per-person rate limits, counted in the database so every process behind a load balancer agrees."""

from __future__ import annotations

import math
import random

from sqlalchemy.orm import Session, sessionmaker

from bot.db import shared_state

PRUNE_CHANCE = 1 / 200  # now and then a hit also forgets other keys' old hits


class RateLimiter:
    """At most `limit` hits per `window` seconds for each key; `limit <= 0` means no limit."""

    def __init__(self, sessions: sessionmaker[Session], limit: int, window: float = 60.0) -> None:
        self.sessions = sessions
        self.limit = limit
        self.window = window

    def hit(self, key: str, *, now: float) -> int:
        """0 when the hit is allowed (and counted); else whole seconds until `key` may hit again (at least 1)."""
        if self.limit <= 0:
            return 0
        wait = shared_state.hit(self.sessions, key, limit=self.limit, window=self.window, now=now)
        if random.random() < PRUNE_CHANCE:
            shared_state.prune_hits(self.sessions, older_than=now - self.window)
        return 0 if wait == 0 else max(1, math.ceil(wait))
