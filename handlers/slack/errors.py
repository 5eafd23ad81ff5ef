"""Failures: one global error handler, reached from acknowledgements and (via lazy.py) lazy listeners.

A `BotError` carries a message meant for the person; Slack refusing a reply (delivery.py) is logged
as one line and explained; anything else becomes a short apology with a reference id, and the full
error is logged under that id. When the reply cannot go where the person asked, it goes to their DM.
"""

from __future__ import annotations

import logging
import uuid

from slack_bolt import App, BoltResponse
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.errors import BotError, ServiceUnavailable
from handlers.slack.blocks import plain
from handlers.slack.delivery import EXPECTED_REFUSALS, NotDelivered, checked, explain, refusal

log = logging.getLogger("handlers.slack")

# Events where somebody waits for an answer in a thread, so a failure is worth telling them about.
_CONVERSATION_EVENTS = {"app_mention", "message", "assistant_thread_started"}


def apology(reference: str, contact: str) -> str:
    return (f"Sorry, something went wrong on my side and I could not finish that. Please try again in a minute; "
            f"if it keeps happening, contact {contact} and mention reference {reference}.")


def new_reference() -> str:
    return uuid.uuid4().hex[:8].upper()


def register(app: App, services) -> None:  # noqa: ANN001
    contact = services.settings.staff_contact

    @app.error
    def handle_error(error: Exception, body: dict, context, response: BoltResponse | None):  # noqa: ANN001, ANN202
        refused = refusal(error)
        if refused is not None:
            reference = new_reference()
            # Refused for where or what was sent: the person's business; anything else: the operators'.
            level = logging.WARNING if refused.error in EXPECTED_REFUSALS else logging.ERROR
            log.log(level, "Slack refused %s with %s while serving %s [ref %s]", refused.where, refused.error,
                    _describe(body), reference)
            text = explain(refused, contact) or apology(reference, contact)
        elif isinstance(error, BotError):
            # An outage is the operators' business; a refused request is only the person's.
            level = logging.WARNING if isinstance(error, ServiceUnavailable) else logging.INFO
            log.log(level, "Slack request not served: %s", error.operator_message)
            text = error.message
        else:
            reference = new_reference()
            log.error("Slack request failed [ref %s] (%s)", reference, _describe(body), exc_info=error)
            text = apology(reference, contact)
        tell_user(body, context, text)
        if response is not None:  # acknowledged: Slack must not retry, and the person has been told
            return BoltResponse(status=200, body="")
        return None


def tell_user(body: dict, context, text: str) -> None:  # noqa: ANN001
    """Reply where the person is waiting (in the thread, privately via response_url, or by DM); when
    Slack refuses that, by DM."""
    message = plain(text).as_kwargs()
    kind, user = body.get("type"), _user_id(body)
    try:
        if kind == "event_callback":
            event = _event(body)
            thread = event.get("assistant_thread") or {}
            channel = event.get("channel") or thread.get("channel_id")
            if event.get("type") not in _CONVERSATION_EVENTS or not channel or event.get("bot_id"):
                return
            thread_ts = thread.get("thread_ts") or event.get("thread_ts") or event.get("ts")
            context.client.chat_postMessage(channel=channel, thread_ts=thread_ts, **message)
            return
        if context.respond is not None and context.response_url:
            replace = body.get("command") is not None  # the "Looking that up…" note becomes the reply
            checked(context.respond)(response_type="ephemeral", replace_original=replace, **message)
            return
    except (SlackApiError, SlackClientError, OSError, NotDelivered) as exc:  # OSError: response_url unreachable
        log.debug("could not reply where the person asked (%s); trying a direct message", exc)
    if not user:
        return
    try:
        context.client.chat_postMessage(channel=user, **message)
    except (SlackApiError, SlackClientError, OSError) as exc:
        log.warning("could not tell %s about a failure, not even by DM: %s", user, refusal(exc) or exc)


def _user_id(body: dict) -> str | None:
    """Who is waiting: the event's author, the person who clicked or submitted, or ran the command."""
    if body.get("type") == "event_callback":
        return _event(body).get("user")
    person = body.get("user")
    return (person.get("id") if isinstance(person, dict) else None) or body.get("user_id")


def _describe(body: dict) -> str:
    if body.get("command"):
        return f"command {body['command']}"
    if body.get("type") == "event_callback":
        return f"event {_event(body).get('type')} {body.get('event_id', '')}".strip()
    if body.get("type") == "block_actions":
        return "action " + ",".join(a.get("action_id", "") for a in body.get("actions") or [])
    if body.get("type") == "view_submission":
        return f"view {(body.get('view') or {}).get('callback_id')}"
    return str(body.get("type") or "request")


def _event(body: dict) -> dict:
    """The event of a callback; {} when it is missing or malformed, so reporting a failure cannot fail too."""
    event = body.get("event")
    return event if isinstance(event, dict) else {}
