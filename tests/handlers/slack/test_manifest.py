"""The generated manifest is valid for Slack (its own schema) and declares exactly what the app listens to."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from slack_bolt import Assistant

from handlers.slack.access_log import LoggedApp
from handlers.slack.manifest import ManifestError, build_manifest, render_yaml
from tests.conftest import make_settings
from tests.handlers.slack.conftest import SECRET, TOKEN

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "slack" / "manifest.schema.1.0.0.json").read_text(encoding="utf-8"))
VARIANTS = [{"url": url, "command_prefix": prefix, "assistant_view": legacy}
            for url in (None, "https://assistant.example.org") for prefix in ("", "oresund") for legacy in (False, True)]


def generated(**variant) -> dict:
    """The manifest as Slack reads it: through the YAML that is pasted."""
    return yaml.safe_load(render_yaml(build_manifest(**variant)))


def urls(node) -> list[tuple[str, str]]:  # noqa: ANN001
    if isinstance(node, dict):
        return [(k, v) for k, v in node.items() if k.endswith("url") and isinstance(v, str)] + [
            pair for v in node.values() for pair in urls(v)]
    return [pair for v in node for pair in urls(v)] if isinstance(node, list) else []


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: f"{'http' if v['url'] else 'socket'}"
                         f"-{v['command_prefix'] or 'noprefix'}-{'assistant' if v['assistant_view'] else 'agent'}")
def test_every_variant_is_valid_against_slacks_schema(variant) -> None:
    manifest = generated(**variant)
    jsonschema.Draft7Validator(SCHEMA).validate(manifest)
    features, settings = manifest["features"], manifest["settings"]
    view = "assistant_view" if variant["assistant_view"] else "agent_view"
    assert set(features) & {"assistant_view", "agent_view"} == {view}
    assert settings["socket_mode_enabled"] is (variant["url"] is None)


def test_the_schema_rejects_what_slack_would():  # the vendored schema is the real, strict one
    manifest = generated(url=None, command_prefix="", assistant_view=False)
    manifest["features"]["agent_view"]["agent_description"] = "x" * 301
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(SCHEMA).validate(manifest)


def test_http_mode_fills_in_every_url_and_socket_mode_none() -> None:
    from handlers.slack.http_server import EVENTS_PATH

    manifest = generated(url="https://assistant.example.org/", command_prefix="", assistant_view=False)
    found = urls(manifest)
    assert len(found) == 2 + len(manifest["features"]["slash_commands"])  # events, interactivity, each command
    assert {url for _, url in found} == {"https://assistant.example.org" + EVENTS_PATH}
    assert all("url" in c for c in manifest["features"]["slash_commands"])
    assert manifest["settings"]["interactivity"]["request_url"] == manifest["settings"]["event_subscriptions"]["request_url"]
    assert urls(generated(url=None, command_prefix="x", assistant_view=False)) == []
    assert urls(generated(url="https://h.example/slack/events", command_prefix="", assistant_view=False))[0][1] == \
        "https://h.example/slack/events"


@pytest.mark.parametrize("url", ["http://assistant.example.org", "assistant.example.org", "https://", "https://a b"])
def test_a_url_slack_cannot_call_is_refused_with_what_to_pass(url) -> None:
    with pytest.raises(ManifestError, match="https://"):
        build_manifest(url=url)


def test_the_prefix_renames_every_slash_command() -> None:
    manifest = generated(url=None, command_prefix="Oresund-", assistant_view=False)
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == [
        "/oresund-ask", "/oresund-match", "/oresund-profile", "/oresund-kb"]
    with pytest.raises(ManifestError, match="prefix"):
        build_manifest(command_prefix="two words")


def test_the_committed_manifest_is_the_generated_socket_mode_one() -> None:
    assert (ROOT / "slack" / "manifest.yml").read_text(encoding="utf-8") == render_yaml(build_manifest()), (
        "run `python -m bot slack manifest > slack/manifest.yml`")


def test_each_scope_says_why_it_is_asked_for() -> None:
    text = render_yaml(build_manifest())
    for scope in generated()["oauth_config"]["scopes"]["bot"]:
        assert re.search(rf"^\s+- {re.escape(scope)}  # \S", text, re.M), scope


# ----- what the app listens to against what the manifest declares ---------------------------------------
def registered(monkeypatch, tmp_path, slack_api, prefix: str = "") -> dict[str, set[str]]:  # noqa: ANN001
    """Build the real app and note what each listener was registered for (the fallback's catch-alls aside)."""
    from bot.services import build_services
    from handlers.slack.app import create_app

    seen: dict[str, set[str]] = {kind: set() for kind in ("event", "command", "action", "view", "shortcut")}

    def recording(kind: str):  # noqa: ANN202
        original = getattr(LoggedApp, kind)

        def register(self, constraint, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            if isinstance(constraint, str):
                seen[kind].add(constraint)
            elif isinstance(constraint, dict):
                seen[kind].add(constraint.get("type") or constraint.get("callback_id") or constraint.get("action_id"))
            elif not isinstance(constraint, re.Pattern) or constraint.pattern != ".*":
                raise AssertionError(f"a listener the manifest check cannot read: {kind} {constraint!r}")
            return original(self, constraint, *args, **kwargs)
        return register

    original_use = LoggedApp.use

    def use(self, middleware, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if isinstance(middleware, Assistant):  # the assistant pane listens to its two thread events
            seen["event"] |= {"assistant_thread_started", "assistant_thread_context_changed"}
        return original_use(self, middleware, *args, **kwargs)

    for kind in seen:
        monkeypatch.setattr(LoggedApp, kind, recording(kind))
    monkeypatch.setattr(LoggedApp, "use", use)
    settings = make_settings(tmp_path, slack_bot_token=TOKEN, slack_signing_secret=SECRET,
                             slack_api_url=slack_api.url, slack_command_prefix=prefix)
    services = build_services(settings)
    try:
        create_app(settings, services)
    finally:
        services.close()
    return seen


def declared_events(manifest: dict) -> set[str]:
    """Manifest event names as Bolt names them: message.im, message.channels, ... are all `message`."""
    return {e.split(".")[0] for e in manifest["settings"]["event_subscriptions"]["bot_events"]}


@pytest.mark.parametrize("prefix", ["", "oresund"])
def test_every_listener_is_declared_and_every_declaration_listened_to(monkeypatch, tmp_path, slack_api, prefix) -> None:
    seen = registered(monkeypatch, tmp_path, slack_api, prefix)
    agent, legacy = (build_manifest(command_prefix=prefix, assistant_view=v) for v in (False, True))
    # The app serves both experiences: agent apps and apps still on the assistant pane.
    assert seen["event"] == declared_events(agent) | declared_events(legacy)
    assert declared_events(agent) <= seen["event"] and declared_events(legacy) <= seen["event"]
    assert {"app_context_changed", "app_home_opened"} <= declared_events(agent)
    for manifest in (agent, legacy):
        features = manifest["features"]
        assert seen["command"] == {c["command"] for c in features["slash_commands"]}
        assert seen["shortcut"] == {s["callback_id"] for s in features["shortcuts"]}
        assert manifest["settings"]["interactivity"]["is_enabled"] is bool(seen["action"] | seen["view"])
    if prefix:
        assert all(c.startswith(f"/{prefix}-") for c in seen["command"])


def test_the_console_url_adds_sign_in_with_slack() -> None:
    manifest = generated(url=None, command_prefix="", assistant_view=False, console_url="https://console.example.org/")
    jsonschema.Draft7Validator(SCHEMA).validate(manifest)
    oauth = manifest["oauth_config"]
    assert oauth["redirect_urls"] == ["https://console.example.org/auth/slack/callback"]
    assert oauth["scopes"]["user"] == ["openid", "profile"]
    assert oauth["scopes"]["bot"] == generated(url=None, command_prefix="", assistant_view=False)["oauth_config"]["scopes"]["bot"]
    with pytest.raises(ManifestError, match="--console-url"):
        build_manifest(console_url="http://console.example.org")
