"""`python -m bot slack manifest`: YAML for Socket Mode or HTTP mode, the prefix from the flag or the setting."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from bot.cli.main import app


def manifest(*args: str, env: dict | None = None) -> dict:
    result = CliRunner().invoke(app, ["slack", "manifest", *args], env=env)
    assert result.exit_code == 0, result.output
    return yaml.safe_load(result.stdout)


def test_socket_mode_without_a_url_and_http_mode_with_one(tmp_path) -> None:
    env = {"BOT_DATA_DIR": str(tmp_path), "SLACK_COMMAND_PREFIX": ""}
    socket = manifest(env=env)
    assert socket["settings"]["socket_mode_enabled"] is True and "request_url" not in socket["settings"]["interactivity"]
    http = manifest("--url", "https://assistant.example.org", env=env)
    assert http["settings"]["socket_mode_enabled"] is False
    assert http["settings"]["event_subscriptions"]["request_url"] == "https://assistant.example.org/slack/events"
    assert {c["url"] for c in http["features"]["slash_commands"]} == {"https://assistant.example.org/slack/events"}


def test_the_prefix_comes_from_the_flag_or_else_the_setting(tmp_path) -> None:
    env = {"BOT_DATA_DIR": str(tmp_path), "SLACK_COMMAND_PREFIX": "oresund"}
    assert manifest(env=env)["features"]["slash_commands"][0]["command"] == "/oresund-ask"
    assert manifest("--command-prefix", "x", env=env)["features"]["slash_commands"][0]["command"] == "/x-ask"
    assert manifest("--command-prefix", "", env=env)["features"]["slash_commands"][0]["command"] == "/ask"


def test_the_legacy_assistant_pane_on_request(tmp_path) -> None:
    legacy = manifest("--assistant-view", env={"BOT_DATA_DIR": str(tmp_path), "SLACK_COMMAND_PREFIX": ""})
    assert "assistant_view" in legacy["features"] and "agent_view" not in legacy["features"]
    assert "assistant_thread_started" in legacy["settings"]["event_subscriptions"]["bot_events"]


def test_a_bad_url_or_prefix_is_one_clear_line(tmp_path) -> None:
    env = {"BOT_DATA_DIR": str(tmp_path), "SLACK_COMMAND_PREFIX": ""}
    for args in (["--url", "http://assistant.example.org"], ["--command-prefix", "two words"]):
        result = CliRunner().invoke(app, ["slack", "manifest", *args], env=env)
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.startswith("error: --") and "Traceback" not in result.output
