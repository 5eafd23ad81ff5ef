"""Every surface registers; every Slack feature the manifest declares reaches a real listener."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from urllib.parse import urlencode

import pytest
import yaml
from slack_bolt import Assistant, BoltRequest, BoltResponse

from tests.conftest import make_settings
from tests.fakes import action_body, command_body, event_body, view_submission_body
from tests.handlers.slack.conftest import SECRET, TOKEN

MANIFEST = Path(__file__).resolve().parents[3] / "slack" / "manifest.yml"


@pytest.fixture
def app(tmp_path, slack_api):
    from bot.services import build_services
    from handlers.slack.app import create_app

    settings = make_settings(tmp_path, slack_bot_token=TOKEN, slack_signing_secret=SECRET, slack_api_url=slack_api.url)
    services = build_services(settings)
    yield create_app(settings, services)
    services.close()


def _first_listener(app, body: str):  # noqa: ANN001, ANN202
    request = BoltRequest(body=body, mode="socket_mode")
    request.context["bot_user_id"] = "UBOT"
    return next((listener for listener in app._listeners
                 if listener.matches(req=request, resp=BoltResponse(status=200))), None)


def test_every_surface_module_registers(tmp_path, slack_api) -> None:
    from bot.services import build_services
    from handlers.slack.app import FALLBACK, SURFACES, create_app

    settings = make_settings(tmp_path, slack_bot_token=TOKEN, slack_signing_secret=SECRET, slack_api_url=slack_api.url)
    services = build_services(settings)
    for name in [*SURFACES, FALLBACK]:
        assert callable(importlib.import_module(name).register), name
    counts = [len(create_app(settings, services, surfaces=SURFACES[:i])._listeners) for i in range(len(SURFACES) + 1)]
    grew = [SURFACES[i] for i in range(len(SURFACES)) if counts[i + 1] > counts[i]]
    assert set(SURFACES) - set(grew) == {"handlers.slack.errors", "handlers.slack.assistant_pane"}
    services.close()


def test_requests_reach_their_surface_not_the_fallback(app) -> None:
    event = {"user": "U1", "text": "hi", "ts": "1.1", "channel": "C1"}
    shortcut = urlencode({"payload": json.dumps({"type": "message_action", "callback_id": "answer_message",
                                                 "user": {"id": "U1"}, "message": {"text": "hi"}})})
    expected = {
        event_body({**event, "type": "app_mention"}): "converse",
        event_body({**event, "type": "message", "channel": "D1", "channel_type": "im"}): "converse",
        event_body({**event, "type": "message", "channel": "D1", "channel_type": "im", "thread_ts": "1.0"}): "converse",
        event_body({**event, "type": "message", "channel_type": "channel", "thread_ts": "1.0"}): "converse",
        event_body({"type": "app_home_opened", "user": "U1", "tab": "home"}): "publish_home",
        command_body("/ask", "hi", "U1"): "answer_ask",
        shortcut: "answer_message",
        action_body("answer_feedback", "good:x", "U1", action_type="feedback_buttons"): "record_feedback",
        action_body("share_answer", "x", "U1"): "share",
        action_body("ask_human", "x", "U1"): "ask_a_human",
        view_submission_body("feedback_comment", {}, "U1"): "store_comment",
        command_body("/kb", "list", "U1"): "run_kb",
        event_body({**event, "type": "message", "channel": "D1", "channel_type": "im", "subtype": "file_share",
                    "files": [{"id": "F1"}]}): "index_shared_files",
        command_body("/unknown", "x", "U1"): "unknown_command",
    }
    for body, name in expected.items():
        listener = _first_listener(app, body)
        assert listener is not None, name
        names = [listener.ack_function.__name__, *(f.__name__ for f in listener.lazy_functions)]
        assert name in names, (name, names)
    assert any(isinstance(m, Assistant) for m in app._middleware_list)


def test_manifest_declares_what_the_app_uses() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    features, settings = manifest["features"], manifest["settings"]
    assert {c["command"] for c in features["slash_commands"]} == {"/ask", "/match", "/profile", "/kb"}
    assert {s["callback_id"] for s in features["shortcuts"]} == {"answer_message"}
    assert features["app_home"]["home_tab_enabled"] and features["app_home"]["messages_tab_enabled"]
    assert features["agent_view"]["agent_description"]
    assert set(settings["event_subscriptions"]["bot_events"]) >= {
        "app_mention", "message.im", "message.channels", "message.groups", "message.mpim", "app_home_opened",
        "app_context_changed"}
    assert settings["interactivity"]["is_enabled"] and settings["socket_mode_enabled"] is True
    assert set(manifest["oauth_config"]["scopes"]["bot"]) >= {
        "app_mentions:read", "assistant:write", "chat:write", "chat:write.public", "commands", "im:history",
        "channels:history", "groups:history", "mpim:history", "usergroups:read"}
