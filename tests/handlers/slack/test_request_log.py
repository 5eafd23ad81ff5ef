"""With LOG_FORMAT=json the Slack app writes one JSON line per request: event id, hashed user, latency."""

from __future__ import annotations

import io
import json

from bot.logs import configure_logging, user_ref
from tests.test_logs import restore_logging  # noqa: F401 - fixture


def test_each_request_is_one_json_line_with_its_event_id_and_a_hashed_user(harness, restore_logging):  # noqa: F811
    out = io.StringIO()
    configure_logging(level="INFO", fmt="json", surface="slack", stream=out)
    status, _ = harness.event({"type": "app_mention", "channel": "C1", "user": "U777", "ts": harness.ts(),
                               "text": "<@UBOT> How long can a visiting researcher stay?"}, event_id="EvLOG1")
    assert status == 200
    harness.slack.wait_for("chat.postMessage", timeout=30)
    assert harness.command("What is the stipend?", user="U888")[0] == 200
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    requests = [r for r in records if r["logger"] == "handlers.slack.requests"]
    event = next(r for r in requests if r.get("event_id") == "EvLOG1")
    assert event["kind"] == "event:app_mention" and event["status"] == 200 and event["surface"] == "slack"
    assert event["user"] == user_ref("U777") and isinstance(event["latency_ms"], float)
    command = next(r for r in requests if r["kind"] == "command:/ask")
    assert command["user"] == user_ref("U888")
    assert "U777" not in json.dumps(event) and "U888" not in json.dumps(command)
