"""State every process behind a load balancer must see alike: rate limits, conversation history, caches.

Times are seconds since the epoch (floats), so SQLite and PostgreSQL compare them the same way.
"""

from __future__ import annotations

import zlib

from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import CachedValue, ConversationHistory, MessageAnswer, RateLimitHit
from bot.db.session import transaction


# ----- rate limits -------------------------------------------------------------------------------
def _lock_key(session: Session, key: str) -> None:
    """Serialise the hits of one key between processes. PostgreSQL: a transaction-scoped advisory lock;
    SQLite: the INSERT that follows takes the database's single write lock before the count is read."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": zlib.crc32(key.encode()) + (1 << 40)})


def hit(sessions: sessionmaker[Session], key: str, *, limit: int, window: float, now: float) -> float:
    """Count a hit for `key` if it is within `limit` per `window` seconds (a sliding window).

    Returns 0.0 when the hit was counted, else the seconds until the key may hit again (refused
    hits are not counted, so someone who keeps trying is not locked out for longer).
    """
    key = key[:200]
    with transaction(sessions) as session:
        _lock_key(session, key)
        row = RateLimitHit(key=key, at=now)
        session.add(row)
        session.flush()
        session.execute(delete(RateLimitHit).where(RateLimitHit.key == key, RateLimitHit.at <= now - window))
        recent = session.scalars(select(RateLimitHit.at).where(RateLimitHit.key == key, RateLimitHit.id != row.id)
                                 .order_by(RateLimitHit.at)).all()
        if len(recent) < limit:
            return 0.0
        session.delete(row)
        return max(0.0, recent[-limit] + window - now)


def prune_hits(sessions: sessionmaker[Session], *, older_than: float) -> int:
    with transaction(sessions) as session:
        return session.execute(delete(RateLimitHit).where(RateLimitHit.at < older_than)).rowcount or 0


def hit_count(sessions: sessionmaker[Session], key: str) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(RateLimitHit).where(RateLimitHit.key == key)) or 0


# ----- conversation history ----------------------------------------------------------------------
def load_conversation(sessions: sessionmaker[Session], key: str) -> ConversationHistory | None:
    with sessions() as session:
        return session.get(ConversationHistory, key[:300])


def save_turns(sessions: sessionmaker[Session], key: str, turns: list[list], *, now: float) -> None:
    """Replace the conversation's turns (insert it when new; two processes creating it at once: one wins,
    the other then updates)."""
    key = key[:300]
    for attempt in range(2):
        try:
            with transaction(sessions) as session:
                row = session.get(ConversationHistory, key)
                if row is None:
                    session.add(ConversationHistory(key=key, turns=turns, updated_at=now))
                else:
                    row.turns, row.updated_at = turns, now
            return
        except IntegrityError:
            if attempt:
                raise


def reset_conversation(sessions: sessionmaker[Session], key: str, *, now: float) -> None:
    key = key[:300]
    with transaction(sessions) as session:
        row = session.get(ConversationHistory, key)
        if row is None:
            session.add(ConversationHistory(key=key, turns=[], updated_at=now, reset_at=now))
        else:
            row.turns, row.updated_at, row.reset_at = [], now, now


def prune_conversations(sessions: sessionmaker[Session], *, older_than: float) -> int:
    with transaction(sessions) as session:
        return session.execute(delete(ConversationHistory).where(ConversationHistory.updated_at < older_than)).rowcount or 0


# ----- cached platform values --------------------------------------------------------------------
def cached(sessions: sessionmaker[Session], key: str, *, max_age: float, now: float) -> tuple[dict | None, dict | None]:
    """(fresh value or None, the last value whatever its age or None)."""
    with sessions() as session:
        row = session.get(CachedValue, key[:300])
        if row is None:
            return None, None
        value = dict(row.value)
        return (value if now - row.fetched_at < max_age else None), value


def store_cached(sessions: sessionmaker[Session], key: str, value: dict, *, now: float) -> None:
    key = key[:300]
    try:
        with transaction(sessions) as session:
            row = session.get(CachedValue, key)
            if row is None:
                session.add(CachedValue(key=key, value=value, fetched_at=now))
            else:
                row.value, row.fetched_at = value, now
    except IntegrityError:  # another process stored it a moment ago: theirs is as fresh
        pass


# ----- which answer a sent message holds ---------------------------------------------------------
MESSAGE_ANSWERS_KEPT = 90 * 24 * 3600.0  # feedback on an answer older than this is not expected


def remember_message_answer(sessions: sessionmaker[Session], conversation_id: str, message_id: str, answer_id: str,
                            *, now: float) -> None:
    """Record that the message holds the answer (again: the same answer); old records go at the same time."""
    key = (conversation_id[:300], message_id[:200])
    for attempt in range(2):
        try:
            with transaction(sessions) as session:
                row = session.get(MessageAnswer, key)
                if row is None:
                    session.add(MessageAnswer(conversation_id=key[0], message_id=key[1], answer_id=answer_id, at=now))
                else:
                    row.answer_id, row.at = answer_id, now
                session.execute(delete(MessageAnswer).where(MessageAnswer.at < now - MESSAGE_ANSWERS_KEPT))
            return
        except IntegrityError:  # another process recorded it at the same moment
            if attempt:
                raise


def message_answer(sessions: sessionmaker[Session], conversation_id: str, message_id: str) -> str | None:
    with sessions() as session:
        row = session.get(MessageAnswer, (conversation_id[:300], message_id[:200]))
        return row.answer_id if row else None
