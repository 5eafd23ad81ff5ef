"""Rate limits and history in the database: the same answers from any process, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.conversation import Said
from bot.conversation.history import IDLE_RESET, MAX_TURNS, HistoryStore
from bot.db import shared_state
from bot.db.session import make_engine, make_session_factory, migrate
from bot.qa.types import Turn
from bot.ratelimit import RateLimiter
from tests.processes import race


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def sessions(url):
    engine = make_engine(url)
    migrate(engine)
    yield make_session_factory(engine)
    engine.dispose()


def test_sliding_window_counts_allowed_hits_only(sessions):
    limiter = RateLimiter(sessions, 3, 60)
    assert [limiter.hit("slack:U1", now=1000.0 + i) for i in range(4)] == [0, 0, 0, 57]
    assert limiter.hit("slack:U2", now=1003.0) == 0  # per key
    assert limiter.hit("slack:U1", now=1030.0) == 30  # a refused hit is not counted, so the wait shrinks
    assert limiter.hit("slack:U1", now=1060.5) == 0  # the first hit left the window
    assert shared_state.hit_count(sessions, "slack:U1") == 3
    assert all(RateLimiter(sessions, 0).hit("x", now=1.0) == 0 for _ in range(5))


def _hit_twenty(url, start, results):  # noqa: ANN001
    engine = make_engine(url)
    limiter = RateLimiter(make_session_factory(engine), 25, 60)
    start.wait()
    results.put(sum(limiter.hit("teams:aad-1", now=5000.0) == 0 for _ in range(20)))
    engine.dispose()


def test_two_processes_hitting_at_once_share_one_limit(sessions, url):
    assert sum(race(_hit_twenty, url)) == 25  # 40 tries, 25 allowed: neither process counted alone


def test_history_keeps_the_last_turns_and_resets_after_a_pause_or_on_request(sessions):
    store = HistoryStore(sessions)
    history: list[Turn] = []
    for i in range(MAX_TURNS):
        store.append("teams:c1", history, f"q{i}", f"a{i}", now=100.0 + i)
        history = store.load("teams:c1", now=100.0 + i)
    assert len(history) == MAX_TURNS and history[-2] == Turn("user", f"q{MAX_TURNS - 1}")
    assert HistoryStore(sessions).load("teams:c1", now=200.0) == history  # another process sees the same
    assert store.load("teams:c1", now=112.0 + IDLE_RESET.total_seconds()) == []
    store.reset("teams:c1", now=300.0)
    assert store.load("teams:c1", now=301.0) == []


def test_a_history_the_surface_keeps_gets_the_same_limits_and_reset(sessions):
    store = HistoryStore(sessions)
    at = lambda s: datetime.fromtimestamp(s, timezone.utc)  # noqa: E731
    said = tuple(Said("user" if i % 2 == 0 else "assistant", f"m{i}", at(1000.0 + i)) for i in range(20))
    kept = store.supplied("slack:C1:1.0", said, now=1030.0)
    assert len(kept) == MAX_TURNS and kept[-1].text == "m19"
    assert store.supplied("slack:C1:1.0", said, now=1020.0 + IDLE_RESET.total_seconds()) == []
    store.reset("slack:C1:1.0", now=1025.0)
    later = (*said, Said("user", "after the reset", at(1026.0)))
    assert [t.text for t in store.supplied("slack:C1:1.0", later, now=1027.0)] == ["after the reset"]
