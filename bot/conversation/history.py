"""Conversation history and its limits: one rule for every surface.

A follow-up builds on at most MAX_TURNS earlier turns, and a message after IDLE_RESET of silence
starts afresh. Where the surface keeps the history itself (a Slack thread), the core applies the
same limits to what it hands over; elsewhere (Teams, the terminal) the history lives in the
database, so any process behind a load balancer can continue a conversation.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.conversation.turn import Said
from bot.db import shared_state
from bot.qa.types import Turn as HistoryTurn

MAX_TURNS = 12  # six questions and their answers
IDLE_RESET = timedelta(minutes=30)
MAX_TURN_CHARS = 2000  # kept for context only; a long answer need not be kept whole
KEEP_FOR = timedelta(days=7)  # idle conversations are forgotten after this


def recent(turns: list[HistoryTurn], *, last_at: float | None, now: float) -> list[HistoryTurn]:
    if last_at is None or now - last_at > IDLE_RESET.total_seconds():
        return []
    return turns[-MAX_TURNS:]


class HistoryStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def load(self, key: str, *, now: float) -> list[HistoryTurn]:
        row = shared_state.load_conversation(self.sessions, key)
        if row is None:
            return []
        turns = [HistoryTurn(r, str(t)) for r, t in (row.turns or []) if r in ("user", "assistant")]
        return recent(turns, last_at=row.updated_at, now=now)  # a reset already emptied the stored turns

    def supplied(self, key: str, said: tuple[Said, ...], *, now: float) -> list[HistoryTurn]:
        """The surface's own history (a Slack thread) under the same limits, cut at the last reset."""
        row = shared_state.load_conversation(self.sessions, key)
        reset_at = row.reset_at if row is not None else None
        kept = [s for s in said if reset_at is None or s.at.timestamp() > reset_at]
        last_at = max((s.at.timestamp() for s in kept), default=None)
        return recent([HistoryTurn(s.role, s.text) for s in kept], last_at=last_at, now=now)

    def append(self, key: str, history: list[HistoryTurn], question: str, answer: str, *, now: float) -> None:
        turns = [*history, HistoryTurn("user", question), HistoryTurn("assistant", answer)][-MAX_TURNS:]
        shared_state.save_turns(self.sessions, key, [[t.role, t.text[:MAX_TURN_CHARS]] for t in turns], now=now)

    def reset(self, key: str, *, now: float) -> None:
        shared_state.reset_conversation(self.sessions, key, now=now)

    def prune(self, *, now: float) -> int:
        return shared_state.prune_conversations(self.sessions, older_than=now - KEEP_FOR.total_seconds())
