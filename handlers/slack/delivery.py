"""When Slack does not take a reply: one line for the operators, a clear message for the person.

Slack answers `ok: false` (a SlackApiError) for the Web API, and an HTTP status for a response_url
(Bolt's `respond` returns it without raising); `checked` turns the latter into `NotDelivered` so both
reach the error handler, which explains the refusal with `explain` and tries another way to reach
the person (errors.tell_user).
"""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk.errors import SlackApiError

# Slack refused what was sent, not where: the same words as plain text may still get through.
CONTENT_ERRORS = frozenset({"invalid_blocks", "invalid_blocks_format", "msg_too_long", "msg_blocks_too_long",
                            "invalid_arguments"})
# Slack refused where it was sent: the thread or channel cannot take a reply from the bot.
PLACE_ERRORS = frozenset({"channel_not_found", "not_in_channel", "is_archived", "user_not_found",
                          "user_not_in_channel", "cannot_dm_bot", "restricted_action", "expired_url", "used_url",
                          "no_active_hooks", "message_not_found", "thread_not_found"})
EXPECTED_REFUSALS = CONTENT_ERRORS | PLACE_ERRORS | {"ratelimited"}

_EXPLAINED = {
    "not_in_channel": "I am not a member of that channel, so I could not reply there. Invite me with "
                      "`/invite` and the app's name, or ask me in a direct message.",
    "channel_not_found": "Slack would not let me reply in that conversation. Please ask me in a direct message.",
    "is_archived": "That channel is archived, so I could not reply there. Please ask me in a direct message.",
    "restricted_action": "This workspace does not let me post in that channel. Please ask me in a direct message.",
    "ratelimited": "Slack asked me to slow down, so my reply did not go through. Please ask again in a minute.",
}
_REPLY_EXPIRED = ("Slack no longer accepted my private reply (it came too late). "
                  "Please run the command again, or ask me in a direct message.")
_CONTENT = "Slack would not show my reply as I wrote it. Please try again; if it keeps happening, contact {contact}."


class NotDelivered(Exception):
    """Slack did not take a reply: `where` (a method or "response_url") and Slack's `error` code."""

    def __init__(self, where: str, error: str) -> None:
        super().__init__(f"Slack refused {where}: {error}")
        self.where, self.error = where, error


def refusal(exc: Exception) -> NotDelivered | None:
    """The refusal an exception stands for, or None when it is not Slack refusing a call."""
    if isinstance(exc, NotDelivered):
        return exc
    if isinstance(exc, SlackApiError) and exc.response is not None:
        method = str(getattr(exc.response, "api_url", "")).rstrip("/").rsplit("/", 1)[-1] or "a Web API call"
        status = getattr(exc.response, "status_code", 200)
        error = exc.response.get("error") if isinstance(exc.response.data, dict) else None
        return NotDelivered(method, str(error or f"HTTP {status}"))
    return None


def explain(refused: NotDelivered, contact: str) -> str | None:
    """What to tell the person about this refusal; None when only an apology with a reference fits."""
    if refused.error in _EXPLAINED:
        return _EXPLAINED[refused.error]
    if refused.where == "response_url":
        return _REPLY_EXPIRED
    if refused.error in CONTENT_ERRORS:
        return _CONTENT.format(contact=contact)
    return None


def checked(respond: Callable[..., object]) -> Callable[..., object]:
    """`respond`, raising NotDelivered when the response_url answers anything but 200."""

    def send(**kwargs: object) -> object:
        response = respond(**kwargs)
        status = getattr(response, "status_code", 200)
        if status != 200:
            body = str(getattr(response, "body", "") or "").strip()
            raise NotDelivered("response_url", _code(body) or f"HTTP {status}")
        return response

    return send


def _code(body: str) -> str:
    """Slack's error code from a response_url answer: plain text or `{"ok": false, "error": ...}`."""
    import json

    try:
        data = json.loads(body)
    except ValueError:
        return body[:60]
    return str(data.get("error", "")) if isinstance(data, dict) else body[:60]
