"""How the re-index of the knowledge folder is going, for every process to read: whichever worker runs it
(`/kb reindex`, the console's button) writes its progress into the shared cached values."""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from bot.db import shared_state

KEY = "kb:reindex:status"
WRITE_EVERY_SECONDS = 1.0  # progress is written at most this often (and at the start and the end)


def write(sessions: sessionmaker[Session], **status) -> None:  # noqa: ANN003
    shared_state.store_cached(sessions, KEY, {**status, "at": time.time()}, now=time.time())


def read(sessions: sessionmaker[Session]) -> dict | None:
    """{"state": "running" | "finished" | "failed", "done", "total", "current", "actor", "summary"?, "at"} or None."""
    _, last = shared_state.cached(sessions, KEY, max_age=0, now=time.time())
    return last


def recorder(sessions: sessionmaker[Session], actor: str) -> Callable[[int, int, str], None]:
    """A `progress(done, total, source)` callback for index_paths that writes the status now and then."""
    last = [0.0]

    def progress(done: int, total: int, current: str) -> None:
        now = time.monotonic()
        if done == 0 or done >= total or now - last[0] >= WRITE_EVERY_SECONDS:
            last[0] = now
            write(sessions, state="running", done=done, total=total, current=current, actor=actor)

    return progress
