"""Build and send Slack-signed requests with real Slack payload shapes."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
import uuid
from typing import Any, Optional
from urllib.parse import urlencode

DEFAULT_RESPONSE_URL = "https://hooks.slack.com/actions/T1/123/fake"
DEFAULT_TRIGGER_ID = "1337.42.abcdef"
VERIFICATION_TOKEN = "fake-verification-token"


def sign(secret: str, body: str, timestamp: Optional[int] = None) -> dict[str, str]:
    """Return the ``X-Slack-Request-Timestamp`` / ``X-Slack-Signature`` headers for ``body``."""
    ts = int(time.time()) if timestamp is None else int(timestamp)
    digest = hmac.new(secret.encode("utf-8"), f"v0:{ts}:{body}".encode("utf-8"), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(ts), "X-Slack-Signature": f"v0={digest}"}


def _user(user_id: str, team_id: str) -> dict[str, str]:
    return {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": team_id}


def event_body(event: dict, event_id: Optional[str] = None, team_id: str = "T1", api_app_id: str = "A1",
               bot_user_id: str = "UBOT") -> str:
    """JSON ``event_callback`` envelope around ``event`` as sent to the Events API endpoint."""
    now = int(time.time())
    event = {"event_ts": event.get("ts", f"{now}.000100"), **event}
    return json.dumps({
        "token": VERIFICATION_TOKEN, "team_id": team_id, "context_team_id": team_id, "api_app_id": api_app_id,
        "event": event, "type": "event_callback", "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": now, "is_ext_shared_channel": False,
        "event_context": f"4-{uuid.uuid4().hex}",
        "authorizations": [{"enterprise_id": None, "team_id": team_id, "user_id": bot_user_id,
                            "is_bot": True, "is_enterprise_install": False}],
    })


def url_verification_body(challenge: str = "fake-challenge") -> str:
    """JSON body of the Events API ``url_verification`` handshake."""
    return json.dumps({"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"})


def command_body(command: str, text: str, user_id: str, channel_id: str = "C1",
                 response_url: str = DEFAULT_RESPONSE_URL, trigger_id: str = DEFAULT_TRIGGER_ID,
                 team_id: str = "T1", api_app_id: str = "A1") -> str:
    """Form-encoded slash command body as Slack sends it."""
    return urlencode({
        "token": VERIFICATION_TOKEN, "team_id": team_id, "team_domain": "fake", "channel_id": channel_id,
        "channel_name": "general", "user_id": user_id, "user_name": user_id.lower(), "command": command,
        "text": text, "api_app_id": api_app_id, "is_enterprise_install": "false",
        "response_url": response_url, "trigger_id": trigger_id,
    })


def action_body(action_id: str, value: str, user_id: str, channel_id: str = "C1",
                message: Optional[dict] = None, container: Optional[dict] = None, block_id: str = "actions",
                response_url: str = DEFAULT_RESPONSE_URL, team_id: str = "T1", api_app_id: str = "A1",
                trigger_id: str = DEFAULT_TRIGGER_ID, action_type: str = "button") -> str:
    """Form-encoded ``payload=`` body of a ``block_actions`` interaction on a message."""
    message = message or {"type": "message", "ts": "1700000000.000100", "text": "", "user": "UBOT",
                          "bot_id": "BBOT", "blocks": []}
    action: dict[str, Any] = {"type": action_type, "action_id": action_id, "block_id": block_id, "value": value,
                              "action_ts": f"{time.time():.6f}"}
    if action_type == "button":
        action["text"] = {"type": "plain_text", "text": value, "emoji": True}
    payload = {
        "type": "block_actions", "user": _user(user_id, team_id), "api_app_id": api_app_id,
        "token": VERIFICATION_TOKEN, "trigger_id": trigger_id, "team": {"id": team_id, "domain": "fake"},
        "enterprise": None, "is_enterprise_install": False,
        "container": container or {"type": "message", "message_ts": message.get("ts"), "channel_id": channel_id,
                                   "is_ephemeral": False},
        "channel": {"id": channel_id, "name": "general"}, "message": message,
        "state": {"values": {}}, "response_url": response_url, "actions": [action],
    }
    return urlencode({"payload": json.dumps(payload)})


def _state_values(values: dict) -> dict:
    """Wrap bare string leaves as ``plain_text_input`` states."""
    return {block: {act: v if isinstance(v, dict) else {"type": "plain_text_input", "value": v}
                    for act, v in actions.items()} for block, actions in values.items()}


def view_submission_body(callback_id: str, values: dict, user_id: str, private_metadata: str = "",
                         team_id: str = "T1", api_app_id: str = "A1", view_id: str = "V00000001") -> str:
    """Form-encoded ``payload=`` body of a ``view_submission``.

    ``values`` maps block_id -> action_id -> state dict (or a plain string for a text input).
    """
    payload = {
        "type": "view_submission", "team": {"id": team_id, "domain": "fake"}, "user": _user(user_id, team_id),
        "api_app_id": api_app_id, "token": VERIFICATION_TOKEN, "trigger_id": DEFAULT_TRIGGER_ID,
        "view": {"id": view_id, "team_id": team_id, "type": "modal", "blocks": [],
                 "private_metadata": private_metadata, "callback_id": callback_id,
                 "state": {"values": _state_values(values)}, "hash": "1700000000.fakehash",
                 "title": {"type": "plain_text", "text": "Fake"}, "clear_on_close": False,
                 "notify_on_close": False, "close": None, "submit": None, "previous_view_id": None,
                 "root_view_id": view_id, "app_id": api_app_id, "external_id": "", "app_installed_team_id": team_id,
                 "bot_id": "BBOT"},
        "response_urls": [], "is_enterprise_install": False, "enterprise": None,
    }
    return urlencode({"payload": json.dumps(payload)})


def post(url: str, body: str, secret: str, content_type: Optional[str] = None,
         headers_extra: Optional[dict[str, str]] = None, timestamp: Optional[int] = None,
         timeout: float = 10.0) -> tuple[int, str]:
    """Sign ``body`` and POST it to ``url``; returns ``(status, body_text)`` for any HTTP status."""
    if content_type is None:
        content_type = "application/json" if body.lstrip().startswith("{") else "application/x-www-form-urlencoded"
    headers = {"Content-Type": content_type, **sign(secret, body, timestamp), **(headers_extra or {})}
    req = urllib.request.Request(url, data=body.encode("utf-8"), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")
