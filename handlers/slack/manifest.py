"""The Slack app manifest, generated: Socket Mode, or HTTP mode with every request URL filled in.

`python -m bot slack manifest [--url https://HOST] [--command-prefix X] [--assistant-view]` prints it;
slack/manifest.yml is the Socket Mode variant. What the app listens to (app.py's surfaces) and what the
manifest declares are checked against each other in tests/handlers/slack/test_manifest.py.
"""

from __future__ import annotations

import re

import yaml

from bot.config import command_prefix as normalise_prefix
from handlers.slack.blocks import SUGGESTED_PROMPTS
from handlers.slack.command_names import slash

EVENTS_PATH = "/slack/events"  # the one URL the HTTP server takes (http_server.EVENTS_PATH)
DESCRIPTION = "Answers about the Øresund–Massachusetts life-science collaboration, with sources."
LONG_DESCRIPTION = (
    "The assistant of the life-science collaboration between the Capital Region of Denmark, Region Zealand, "
    "Region Skåne and the Commonwealth of Massachusetts. Ask it about the collaboration agreement, researcher "
    "and student exchanges, funding, clusters and joint projects: it answers from the collaboration's own "
    "documents and cites them. Message it, mention it in a channel, or use /ask for a private answer. "
    "Answers can be rated, and \"Ask a human\" brings in the secretariat."
)
# (scope, why): the comment an admin reviewing the scopes sees next to each one.
SCOPES = [
    ("app_mentions:read", "@mentions in channels"),
    ("assistant:write", "the agent conversation: status, suggested prompts, titles"),
    ("channels:history", "follow-ups in public channel threads, reading the thread as context"),
    ("groups:history", "... in private channels"),
    ("im:history", "direct messages"),
    ("mpim:history", "group DMs the app is in"),
    ("chat:write", "answers, notices, the staff channel"),
    ("chat:write.public", "\"Share in channel\" in public channels the app has not joined"),
    ("commands", "the slash commands"),
    ("usergroups:read", "STAFF_SLACK_USERGROUP membership"),
    ("users:read", "names for /profile and introductions"),
    ("users:read.email", "/profile finds your contact entry by your e-mail address"),
    ("im:write", "consent requests and notices in direct messages"),
    ("mpim:write", "the group conversation an accepted introduction opens"),
    ("files:read", "files shared with the app in a DM, indexed by /kb"),
]
MESSAGE_EVENTS = ["app_mention", "file_shared", "message.channels", "message.groups", "message.im", "message.mpim"]
AGENT_EVENTS = ["app_home_opened", "app_context_changed"]  # app_home_opened: the Home tab and the Messages tab
ASSISTANT_EVENTS = ["app_home_opened", "assistant_thread_started", "assistant_thread_context_changed"]
SHORTCUTS = [{"name": "Answer with sources", "type": "message", "callback_id": "answer_message",
              "description": "Answer the question in this message privately, citing the collaboration's documents"}]


class ManifestError(ValueError):
    """A URL or prefix the manifest cannot use; the message says what to pass instead."""


HTTPS = re.compile(r"https://[^\s/?#]+(/[^\s?#]*)?")  # what Slack calls: an https address without query


def request_url(url: str) -> str:
    """https://HOST (or https://HOST/slack/events) to the events URL; Slack only calls https."""
    url = url.strip().rstrip("/")
    if not HTTPS.fullmatch(url):
        raise ManifestError(f"--url must be the app's public https address, e.g. https://assistant.example.org (got {url!r})")
    return url if url.endswith(EVENTS_PATH) else url + EVENTS_PATH


def slash_commands(prefix: str, url: str | None) -> list[dict]:
    commands = [
        {"command": slash(prefix, "ask"), "description": "Ask the assistant privately; share the answer if it helps others",
         "usage_hint": "How long can a visiting researcher stay?"},
        {"command": slash(prefix, "match"), "description": "Find people and organisations for a need, with reasons",
         "usage_hint": "a clinical partner for wearable ECG trials in Massachusetts"},
        {"command": slash(prefix, "profile"), "description": "Edit your own profile and consent to being suggested"},
        {"command": slash(prefix, "kb"), "description": "(staff) Manage the knowledge base",
         "usage_hint": "add URL | list | remove SOURCE | reindex | gaps"},
    ]
    return [{**c, **({"url": url} if url else {}), "should_escape": False} for c in commands]


CONSOLE_CALLBACK = "/auth/slack/callback"
SIGN_IN_SCOPES = ("openid", "profile")  # "Sign in with Slack" for the staff console (OpenID Connect)


def build_manifest(*, url: str | None = None, command_prefix: str = "", assistant_view: bool = False,
                   console_url: str | None = None) -> dict:
    """The manifest as a dict. `assistant_view` keeps the legacy assistant pane for apps not yet migrated
    to the agent messaging experience (Slack no longer offers it to new apps). `console_url` (the staff
    console's CONSOLE_BASE_URL) adds "Sign in with Slack": its redirect URL and the OpenID Connect scopes."""
    events_url = request_url(url) if url else None
    oauth: dict = {"scopes": {"bot": [scope for scope, _ in SCOPES]}}
    if console_url:
        base = console_url.strip().rstrip("/")
        if not HTTPS.fullmatch(base):
            raise ManifestError(f"--console-url must be the console's public https address (CONSOLE_BASE_URL), got {console_url!r}")
        oauth = {"redirect_urls": [base + CONSOLE_CALLBACK], "scopes": {**oauth["scopes"], "user": list(SIGN_IN_SCOPES)}}
    try:
        command_prefix = normalise_prefix(command_prefix)
    except ValueError as exc:
        raise ManifestError(f"--command-prefix: {exc}") from exc
    if assistant_view:
        view = {"assistant_view": {"assistant_description": DESCRIPTION, "suggested_prompts": SUGGESTED_PROMPTS}}
    else:
        view = {"agent_view": {"agent_description": DESCRIPTION, "suggested_prompts": SUGGESTED_PROMPTS}}
    events = {"bot_events": sorted(set(MESSAGE_EVENTS + (ASSISTANT_EVENTS if assistant_view else AGENT_EVENTS)))}
    interactivity: dict = {"is_enabled": True}
    if events_url:
        events = {"request_url": events_url, **events}
        interactivity["request_url"] = events_url
    return {
        "_metadata": {"major_version": 1, "minor_version": 1},
        "display_information": {"name": "Øresund–Massachusetts Assistant", "description": DESCRIPTION,
                                "long_description": LONG_DESCRIPTION, "background_color": "#1d3f6e"},
        "features": {
            "app_home": {"home_tab_enabled": True, "messages_tab_enabled": True, "messages_tab_read_only_enabled": False},
            "bot_user": {"display_name": "oresund-assistant", "always_online": True},
            **view,
            "shortcuts": SHORTCUTS,
            "slash_commands": slash_commands(command_prefix, events_url),
        },
        "oauth_config": oauth,
        "settings": {"event_subscriptions": events, "interactivity": interactivity, "org_deploy_enabled": False,
                     "socket_mode_enabled": events_url is None, "token_rotation_enabled": False},
    }


def header(manifest: dict) -> str:
    socket = manifest["settings"]["socket_mode_enabled"]
    prefix_note = ""
    commands = [c["command"] for c in manifest["features"]["slash_commands"]]
    if commands[0] != "/ask":
        prefix_note = f"# Slash commands {', '.join(commands)}: run the app with the same SLACK_COMMAND_PREFIX.\n"
    mode = ("# Socket Mode: run `python -m bot serve` with SLACK_APP_TOKEN set; no public URL needed.\n" if socket else
            "# HTTP mode: every request URL points at `python -m bot serve` (POST /slack/events).\n")
    return ("# Slack app manifest: api.slack.com/apps → Create New App → From a manifest → YAML → paste this.\n"
            "# Generated by `python -m bot slack manifest`; do not edit by hand.\n" + mode + prefix_note)


def render_yaml(manifest: dict) -> str:
    """The manifest as YAML, each scope with the reason it is asked for."""
    text = yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True, width=110)
    why = dict(SCOPES)
    lines = [f"{line}  # {why[line.strip()[2:]]}" if line.lstrip().startswith("- ") and line.strip()[2:] in why
             else line for line in text.splitlines()]
    return header(manifest) + "\n".join(lines) + "\n"
