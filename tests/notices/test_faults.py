"""Faults on the way out: a Slack outage for one notice, a dry-run sweep, and several deliverers at once."""

from __future__ import annotations

import json
import threading
from collections import Counter

from sqlalchemy import func, select

from bot.db.models import IntroEvent, IntroRequest, OutboxNotice
from bot.notices.outbox import _aware
from tests.notices.test_parity import REASON

CAPS = {"intro_max_open_per_requester": 50, "intro_max_open_per_contact": 50}


def ask_many(world, n: int) -> list[str]:  # noqa: ANN001
    return [world.services.intros.request(requester_ref=f"slack:UR{i}", requester_name=f"Requester {i}", requester_org=None,
                                          contact_id=world.contacts["slack-contact"], reason=REASON).intro.id
            for i in range(n)]


def arrived(world) -> Counter:  # noqa: ANN001
    """Notice keys of the messages the fake Slack now holds (failed calls store nothing)."""
    keys = Counter()
    for messages in world.slack.messages.values():
        for m in messages:
            metadata = m.get("metadata") or {}
            metadata = json.loads(metadata) if isinstance(metadata, str) else metadata
            keys[(metadata.get("event_payload") or {}).get("key")] += 1
    return keys


def test_one_notice_in_ten_meets_500s_the_nine_arrive_the_tenth_after_recovery(make_world) -> None:
    world = make_world(**CAPS)
    ask_many(world, 10)
    world.slack.fail_next("chat.postMessage", status=500, times=3)  # the client's own retries fail too
    assert world.deliver() == {"retry": 1, "sent": 9}
    assert len(arrived(world)) == 9
    assert world.deliver() == {}  # backing off: not due yet
    world.services.clock.advance(seconds=world.services.settings.outbox_retry_seconds * 1.2)
    assert world.deliver() == {"sent": 1}
    keys = arrived(world)
    assert len(keys) == 10 and set(keys.values()) == {1}  # all ten, nothing twice
    assert world.services.outbox.counts() == {"delivered": 10}


def test_backoff_doubles_and_a_notice_nobody_can_take_goes_to_staff(make_world) -> None:
    world = make_world(staff_channel="CSTAFF", outbox_max_attempts=3)
    ask_many(world, 1)
    waits = []
    for _ in range(3):
        world.slack.fail_next("chat.postMessage", status=500, times=3)
        tried_at = world.services.clock.now()
        world.deliver()
        with world.services.sessions() as session:
            row = session.scalar(select(OutboxNotice).where(OutboxNotice.target == "UCON"))
        waits.append((_aware(row.next_attempt_at) - tried_at).total_seconds())
        world.services.clock.advance(hours=2)
    base = world.services.settings.outbox_retry_seconds
    assert base <= waits[0] <= base * 1.1 and 2 * base <= waits[1] <= 2 * base * 1.1  # exponential, with jitter
    assert row.state == "rerouted"  # and the staff channel got it in the same round
    [post] = [c for c in world.slack.calls("chat.postMessage") if c.args["channel"] == "CSTAFF"]
    assert "Please pass this on to Slack Contact" in post.args["text"] and "after 3 attempts" in post.args["text"]
    assert "slack-contact@example.org" in json.dumps(post.args)  # staff ask by e-mail instead


def test_a_recipient_slack_refuses_goes_to_staff_at_once(make_world) -> None:
    world = make_world(staff_channel="CSTAFF")
    world.slack.error_next("chat.postMessage", error="user_not_found")
    ask_many(world, 1)
    assert world.deliver() == {"rerouted": 1, "sent": 1}
    assert [c.args["channel"] for c in world.slack.calls("chat.postMessage")] == ["UCON", "CSTAFF"]


def test_notices_wait_in_the_outbox_without_any_platform(make_world) -> None:
    world = make_world(**CAPS)
    ask_many(world, 3)
    assert world.services.outbox.deliver_due({}) == {}
    assert world.services.outbox.counts() == {"pending": 3}
    assert world.deliver() == {"sent": 3}


def test_sweep_dry_run_changes_no_row(make_world) -> None:
    world = make_world(**CAPS)
    ids = ask_many(world, 3)
    world.deliver()
    world.services.clock.advance(days=8)

    def snapshot() -> tuple:
        with world.services.sessions() as session:
            intros = sorted((r.id, r.state, r.reminder_sent_at, r.expires_at, r.updated_at, r.claimed_by)
                            for r in session.scalars(select(IntroRequest)))
            return (intros, session.scalar(select(func.count()).select_from(IntroEvent)),
                    sorted((r.key, r.state, r.attempts) for r in session.scalars(select(OutboxNotice))))

    before = snapshot()
    from bot.cli.intros import run_sweep

    plan = run_sweep(world.services, dry_run=True)
    assert plan["reminders"] == 3 and plan["expired"] == 0
    assert all(line.startswith("reminder") and "via slack to UCON" in line for line in plan["would_send"])
    assert {i for i in ids if any(i in line for line in plan["would_send"])} == set(ids)
    assert snapshot() == before
    done = run_sweep(world.services)  # the real sweep then does what the dry run said
    assert (done["reminders"], done["waiting"]) == (3, 3)


def test_deliverers_running_at_once_send_each_notice_once(make_world) -> None:
    world = make_world(**CAPS)
    ask_many(world, 12)
    start = threading.Barrier(3)
    results: list[dict] = []

    def deliver() -> None:
        start.wait()
        results.append(world.deliver())

    threads = [threading.Thread(target=deliver) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.get("sent", 0) for r in results) == 12
    keys = arrived(world)
    assert len(keys) == 12 and set(keys.values()) == {1}
