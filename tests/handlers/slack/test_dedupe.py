"""Each event id is handled once: in one process, across threads, and across processes sharing a database."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.db.events import claim_event, prune_events
from bot.db.models import ProcessedEvent, utcnow
from bot.db.session import make_engine, make_session_factory, migrate
from tests.fakes import event_body, post
from tests.handlers.slack.conftest import SECRET
from tests.processes import race

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'events.sqlite3'}"
    return request.getfixturevalue("postgres_url")


def _sessions(url: str, *, migrated: bool = False):
    engine = make_engine(url)
    if not migrated:
        migrate(engine)
    return make_session_factory(engine)


def test_first_claim_wins_and_old_ids_are_pruned(database_url) -> None:
    sessions = _sessions(database_url)
    assert claim_event(sessions, "Ev1") is True
    assert claim_event(sessions, "Ev1") is False
    assert claim_event(sessions, "Ev2", now=utcnow() - timedelta(days=3)) is True
    assert prune_events(sessions, older_than=timedelta(days=1)) == 1
    with sessions() as session:
        assert session.scalars(select(ProcessedEvent.event_id)).all() == ["Ev1"]
    assert claim_event(sessions, "Ev2") is True  # forgotten ids can be claimed again


def test_racing_threads_with_separate_engines_claim_each_id_once(database_url) -> None:
    ids = [f"EvRace{i}" for i in range(20)]
    factories = [_sessions(database_url, migrated=i > 0) for i in range(4)]  # one engine per "process"
    wins: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(factories) * 2)

    def worker(sessions) -> None:  # noqa: ANN001
        barrier.wait()
        for event_id in ids:
            if claim_event(sessions, event_id):
                with lock:
                    wins.append(event_id)

    threads = [threading.Thread(target=worker, args=(f,)) for f in factories for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == sorted(ids)


def _claim_all(url: str, ids: list[str], start, results) -> None:  # noqa: ANN001
    sessions = _sessions(url, migrated=True)
    start.wait()
    results.put([i for i in ids if claim_event(sessions, i)])


@pytest.mark.postgres
def test_two_processes_claim_each_id_once(postgres_url) -> None:
    _sessions(postgres_url)
    ids = [f"EvProc{i}" for i in range(50)]
    won = race(_claim_all, postgres_url, ids, timeout=60)
    assert sorted(won[0] + won[1]) == sorted(ids)


@pytest.mark.postgres
def test_two_servers_sharing_a_database_answer_a_retried_event_once(make_harness, postgres_url) -> None:
    from bot.services import build_services
    from handlers.slack.app import create_app
    from handlers.slack.http_server import health_check, make_http_server, run_in_thread, stop_http_server, wsgi_app

    first = make_harness(database_url=postgres_url)
    services = build_services(first.services.settings)
    app = create_app(first.services.settings, services)
    server = make_http_server(wsgi_app(app, health_check(services, "http")), host="127.0.0.1", port=0)
    thread = run_in_thread(server)
    try:
        body = event_body({"type": "app_mention", "channel": "C1", "user": "U1", "ts": first.ts(),
                           "text": "<@UBOT> How long can a visiting researcher stay?"}, event_id="EvTwoServers")
        second_url = f"http://127.0.0.1:{server.effective_port}/slack/events"
        statuses: list[int] = []
        senders = [threading.Thread(target=lambda url=url: statuses.append(post(url, body, SECRET)[0]))
                   for url in (first.url, second_url)]
        for s in senders:
            s.start()
        for s in senders:
            s.join()
        assert statuses == [200, 200]
        first.slack.wait_for("chat.postMessage", timeout=20)
        first.settle()
        assert len(first.slack.calls("chat.postMessage")) == 1
        with services.sessions() as session:
            assert session.scalar(select(func.count()).select_from(ProcessedEvent)) == 1
    finally:
        app.listener_runner.listener_executor.shutdown(wait=True, cancel_futures=True)
        stop_http_server(server, thread)
        services.close()
