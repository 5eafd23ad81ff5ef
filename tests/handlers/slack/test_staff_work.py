"""Slow staff work (fetching pages, shared files, re-indexing) runs apart from the workers that answer."""

from __future__ import annotations

import pytest

from tests.fakes.pages import PageServer
from tests.handlers.slack.test_kb import STAFF, _ask, _text

PAGE = (b"<html><head><title>Summer school %d</title></head><body><p>The joint summer school number %d "
        b"in bioinformatics runs in Malmo in August.</p></body></html>")


@pytest.fixture
def slow_pages():
    # Pages that trickle until released; the limit only matters if a fetch is wrongly left running.
    with PageServer(trickle_interval=0.05, trickle_limit=2400) as server:
        for i in range(3):
            server.trickle(f"/slow-{i}", PAGE % (i, i))
        yield server


def test_slow_page_does_not_block_answers(make_harness, slow_pages) -> None:
    harness = make_harness(staff_slack_ids=STAFF, kb_url_allowlist=slow_pages.host, kb_fetch_deadline_seconds=600)
    for i in range(3):  # as many slow pages as there are answer workers without a language model
        status, _ = harness.command(f"add {slow_pages.url(f'/slow-{i}')}", user=STAFF, name="/kb")
        assert status == 200
    slow_pages.wait_for_requests(2)  # the staff pool's two threads are both stuck on a page
    assert "12 months" in _ask(harness, "How long can a visiting researcher stay?")
    assert not harness.responses("kb"), "a page finished before its release"

    slow_pages.release.set()
    replies = harness.slack.wait_for("respond/kb", count=3, timeout=60)
    assert all("Added *Summer school" in _text([c.args]) for c in replies)


def test_full_staff_queue_is_told_not_silent(make_harness, slow_pages) -> None:
    harness = make_harness(staff_slack_ids=STAFF, kb_url_allowlist=slow_pages.host, kb_fetch_deadline_seconds=600,
                           staff_work_threads=1, staff_work_queue=0)
    harness.command(f"add {slow_pages.url('/slow-0')}", user=STAFF, name="/kb")
    slow_pages.wait_for_requests(1)
    harness.command(f"add {slow_pages.url('/slow-1')}", user=STAFF, name="/kb")
    refused = harness.slack.wait_for("respond/kb", timeout=30)[0].args
    assert "Too much staff work is already waiting" in refused["text"] and refused["response_type"] == "ephemeral"
    slow_pages.release.set()
    harness.slack.wait_for("respond/kb", count=2, timeout=60)
    assert len(slow_pages.requests) == 1
