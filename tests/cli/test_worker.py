"""`python -m bot worker` as a real process: it delivers what waits in the outbox, and a worker killed
with SIGKILL in the middle of a batch leaves nothing lost and nothing doubled after a restart."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from bot.db.models import Contact, OutboxNotice
from bot.db.session import transaction
from tests.conftest import ROOT, make_settings
from tests.fakes import FakeSlackAPI

TOKEN = "xoxb-worker"
NOTICES = 10


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request):
    return None if request.param == "sqlite" else request.getfixturevalue("postgres_url")


def start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bot", "worker", "--workers", "1"], cwd=env["BOT_DATA_DIR"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_until(condition, process: subprocess.Popen, what: str, timeout: float = 240) -> None:  # noqa: ANN001
    """Generous: on a loaded machine a fresh interpreter takes a while to start."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.05)


def keys_in_slack(slack: FakeSlackAPI) -> Counter:
    found = Counter()
    for messages in list(slack.messages.values()):
        for m in messages:
            metadata = m.get("metadata") or {}
            metadata = json.loads(metadata) if isinstance(metadata, str) else metadata
            found[(metadata.get("event_payload") or {}).get("key")] += 1
    return found


def test_sigkill_during_a_batch_then_restart_delivers_every_notice_once(tmp_path, database_url) -> None:
    from bot.services import build_services

    slack = FakeSlackAPI(open_workspace=True).start()  # the people of this test exist in the workspace
    original = slack._m_chat_postMessage

    def slow_post(args: dict) -> dict:  # stored at once, answered late: a kill can fall between the two
        response = original(args)
        time.sleep(0.3)
        return response

    slack.on("chat.postMessage", slow_post)
    values = {"slack_bot_token": TOKEN, "slack_api_url": slack.url, "intro_max_open_per_contact": 50}
    if database_url:
        values["database_url"] = database_url
    settings = make_settings(tmp_path, **values)
    services = build_services(settings)
    try:
        with transaction(services.sessions) as session:
            contact = Contact(name="Conny", email="conny@example.org", kind="researcher", region="other", consent=True,
                              slack_user_id="UCON")
            session.add(contact)
        for i in range(NOTICES):
            services.intros.request(requester_ref=f"slack:UR{i}", requester_name=f"R{i}", requester_org=None,
                                    contact_id=contact.id, reason="A trial site")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_", "BOT_", "OUTBOX_", "JOBS_"))}
        env.update(PYTHONPATH=str(ROOT), BOT_DATA_DIR=str(settings.bot_data_dir), SLACK_BOT_TOKEN=TOKEN,
                   SLACK_API_URL=slack.url, OUTBOX_CLAIM_SECONDS="2", CHROMA_COLLECTION=settings.chroma_collection)
        if database_url:
            env["DATABASE_URL"] = database_url

        first = start_worker(env)
        wait_until(lambda: sum(keys_in_slack(slack).values()) >= 3, first, "the first worker sent three")
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        assert sum(keys_in_slack(slack).values()) < NOTICES  # killed in the middle of the batch

        def delivered() -> int:
            with services.sessions() as session:
                return session.scalar(select(func.count()).select_from(OutboxNotice).where(OutboxNotice.state == "delivered"))

        second = start_worker(env)
        try:
            wait_until(lambda: delivered() == NOTICES, second, "the second worker delivered the rest")
        finally:
            second.send_signal(signal.SIGTERM)  # finishes what is in flight, then exits
            assert second.wait(30) == 0, second.communicate()[1]
        keys = keys_in_slack(slack)
        assert len(keys) == NOTICES and set(keys.values()) == {1}, keys  # every notice, each once
        assert slack.calls("conversations.history")  # the interrupted one was looked for before sending again
    finally:
        services.close()
        slack.stop()
