"""The agent messaging experience over signed HTTP: opening the Messages tab, the context changing."""

from __future__ import annotations

import json
import logging


def test_opening_the_messages_tab_sets_the_prompts_for_the_dm(harness) -> None:
    status, _ = harness.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "messages",
                               "event_ts": harness.ts()})
    assert status == 200
    (call,) = harness.slack.wait_for("assistant.threads.setSuggestedPrompts")
    assert call.args["channel_id"] == "D1"
    assert "thread_ts" not in call.args  # an agent app's call with a thread_ts is silently dropped by Slack
    prompts = call.args["prompts"]
    prompts = prompts if isinstance(prompts, list) else json.loads(prompts)  # form or JSON body
    assert prompts and all(p["title"] and p["message"] for p in prompts)
    assert harness.slack.calls("views.publish") == []  # the Home tab is published only when it is opened


def test_the_home_tab_is_still_the_home_tab(harness) -> None:
    status, _ = harness.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    assert status == 200
    harness.slack.wait_for("views.publish")
    assert harness.slack.calls("assistant.threads.setSuggestedPrompts") == []


def test_a_context_change_is_acknowledged_and_noted_without_calling_slack(harness, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="handlers.slack.agent_view")
    event = {"type": "app_context_changed",
             "context": {"entities": [{"type": "slack#/types/channel_id", "value": "C1", "team_id": "T1"}]}}
    status, _ = harness.event(event)
    assert status == 200
    assert any("slack#/types/channel_id" in r.getMessage() for r in caplog.records if r.name == "handlers.slack.agent_view")
    assert [c.method for c in harness.slack.calls() if c.method != "auth.test"] == []
    assert harness.event({"type": "app_context_changed", "context": {}})[0] == 200  # nothing in view
