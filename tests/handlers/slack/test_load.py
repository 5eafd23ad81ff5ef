"""Load: 200 signed events in bursts of 50, each also delivered again as Slack's retry, against real
`python -m bot serve` processes. Every delivery is acknowledged, every question is answered exactly
once, and no error is logged: with one process as shipped, and with two sharing PostgreSQL and a
Chroma server, retries going to the other process. The check is bench/load_slack.py's; how fast the
acknowledgements came (Slack's 3 s) is a figure that bench prints, not something this test asserts.
"""

from __future__ import annotations

import uuid

import pytest

from bench.load_slack import load

EVENTS, BURST = 200, 50

pytestmark = pytest.mark.slow


def _assert_passed(results: dict, processes: int) -> None:
    assert results["failures"] == [], "\n".join(results["failures"])
    assert len(results["deliveries"]) == 2 * EVENTS and len(results["answers"]) == EVENTS
    assert results["log_lines"]["skipped_repeats"] == EVENTS  # each repeat delivery was recognised
    assert all(count > 0 for count in results["answers_per_process"]), results["answers_per_process"]
    assert len(results["cold_start"]) == processes


def test_one_process_answers_each_of_200_retried_events_once(tmp_path, slack_api) -> None:
    results = load(tmp_path, slack_api, processes=1, events=EVENTS, burst=BURST, settle_timeout=150)
    _assert_passed(results, 1)


@pytest.mark.postgres
@pytest.mark.chroma_server
def test_two_processes_sharing_storage_answer_each_retried_event_once(tmp_path, slack_api, postgres_url,
                                                                      chroma_server) -> None:
    host, port = chroma_server
    env = {"DATABASE_URL": postgres_url, "CHROMA_HOST": host, "CHROMA_PORT": str(port),
           "CHROMA_COLLECTION": f"load_{uuid.uuid4().hex[:10]}"}
    results = load(tmp_path, slack_api, processes=2, events=EVENTS, burst=BURST, env=env, settle_timeout=150)
    _assert_passed(results, 2)
    retried_elsewhere = [r for r in results["deliveries"] if r["delivery"] == "retry"]
    assert all(r["process"] == (r["event"] + 1) % 2 for r in retried_elsewhere)
