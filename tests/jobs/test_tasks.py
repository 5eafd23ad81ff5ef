"""The job queue on each backend (a SQLite file, PostgreSQL, Redis): an enqueued delivery runs once, in a
consumer like the one `serve` runs in-process, and the notice it sends is marked delivered."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from sqlalchemy import select

from bot.db.models import OutboxNotice
from bot.jobs.queue import backend, libpq_dsn
from bot.notices.kinds import Delivery
from bot.notices.sender import SendResult
from tests.conftest import make_settings
from tests.notices.conftest import build_world

REDIS = "redis://127.0.0.1:6379/15"


class Recording:
    """A sender that records what it was asked to send (the platforms are tested in tests/notices)."""

    surface = "slack"

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.lock = threading.Lock()

    def send(self, delivery: Delivery) -> SendResult:
        with self.lock:
            self.sent.append(delivery.key)
        return SendResult.sent(f"C1/{len(self.sent)}")


def _redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres), "redis"])
def world(request, tmp_path):
    overrides = {}
    database_url = None
    if request.param == "postgres":
        database_url = request.getfixturevalue("postgres_url")
    if request.param == "redis":
        _redis_or_skip()
        overrides.update(redis_url=REDIS, jobs_queue=f"test-{uuid.uuid4().hex}")
    built = build_world(tmp_path, database_url, **overrides)
    yield request.param, built
    if request.param == "redis":
        built.services.jobs.huey.storage.flush_all()
    built.slack.stop()
    built.services.close()


def test_backend_follows_the_configuration(tmp_path):
    assert backend(make_settings(tmp_path)) == "sqlite"
    assert backend(make_settings(tmp_path, database_url="postgresql://u@h/db")) == "postgres"
    assert backend(make_settings(tmp_path, database_url="postgresql://u@h/db", redis_url=REDIS)) == "redis"
    assert backend(make_settings(tmp_path, jobs_backend="sqlite", redis_url=REDIS)) == "sqlite"
    assert libpq_dsn("postgresql+psycopg://u@h:5432/db?options=-csearch_path%3Dx") == "postgresql://u@h:5432/db?options=-csearch_path%3Dx"


def test_a_written_notice_wakes_a_consumer_that_delivers_it_once(world):
    kind, world = world
    services = world.services
    assert backend(services.settings) == kind
    sender = Recording()
    consumer = services.jobs.start_in_process([sender])
    try:
        for i in range(3):  # each request wakes the delivery; three wake-ups, three notices, each sent once
            services.intros.request(requester_ref=f"slack:UR{i}", requester_name=f"R{i}", requester_org=None,
                                    contact_id=world.contacts["slack-contact"], reason=f"reason {uuid.uuid4().hex}")
        _wait_for(lambda: services.outbox.counts() == {"delivered": 3})
    finally:
        consumer.stop(graceful=True)
    assert len(sender.sent) == 3 and len(set(sender.sent)) == 3


def test_reindex_runs_as_one_job_at_a_time_and_tells_who_asked(tmp_path):
    knowledge = tmp_path / "k"
    knowledge.mkdir()
    (knowledge / "note.md").write_text("---\ntitle: A note\n---\n# Note\nThe exchange lasts three to twelve months.\n")
    world = build_world(tmp_path / "w", knowledge_dir=knowledge)
    services, sender = world.services, Recording()
    try:
        consumer = services.jobs.start_in_process([sender])
        try:
            with services.jobs.huey.lock_task("kb.reindex"):  # another worker is re-indexing
                services.jobs.request_reindex("slack:USTAFF")
                _wait_for(lambda: len(sender.sent) == 1)
            services.jobs.request_reindex("slack:USTAFF")
            _wait_for(lambda: len(sender.sent) == 2)
        finally:
            consumer.stop(graceful=True)
        with services.sessions() as session:
            rows = session.scalars(select(OutboxNotice).order_by(OutboxNotice.id)).all()
        assert [(r.kind, r.target) for r in rows] == [("kb_reindexed", "USTAFF")] * 2
        assert rows[0].payload["data"] == {"already_running": True}
        assert "1 added" in rows[1].payload["data"]["summary"]
        assert [d.source for d in services.kb_admin.list()] == ["note.md"]
    finally:
        world.slack.stop()
        services.close()


def _wait_for(condition, timeout: float = 60) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.parametrize("periodic", [True, False])
def test_the_periodic_jobs_run_only_where_configured(tmp_path, periodic):
    from bot.services import build_services

    services = build_services(make_settings(tmp_path, jobs_periodic=periodic))
    try:
        assert services.jobs.consumer().periodic is periodic  # an outside scheduler may own the sweep
    finally:
        services.close()
