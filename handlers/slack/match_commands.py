"""/match, match requests in DMs and mentions, and the "Request introduction" button and modal."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from slack_bolt import Ack, App, Assistant, BoltContext, Respond
from slack_sdk import WebClient

from bot.matching.intent import looks_like_match_request
from bot.matching.profiles import find_contact_id, load_profile
from handlers.slack import match_blocks as mb
from handlers.slack.answering import questions_for
from handlers.slack.blocks import plain
from handlers.slack.events import acknowledge, direct_message, from_a_person, mention_in_channel
from handlers.slack.intro_notifier import SlackIntroNotifier
from handlers.slack.lazy import lazy_runner
from handlers.slack.text import from_slack

USAGE = "Tell me what you are looking for, e.g. `/match a hospital in Denmark for a wearable ECG trial`"
WORKING = "Looking for matches…"
LIMIT = 5


def asks_for_match(event: dict, context: BoltContext) -> bool:
    return looks_like_match_request(from_slack(event.get("text") or "", bot_user_id=context.bot_user_id))


def requester_identity(services, client: WebClient, user: str) -> tuple[str, str | None]:  # noqa: ANN001
    """(name, organisation) of a Slack user: from their contact profile, else from Slack."""
    contact_id = find_contact_id(services.sessions, user_ref=f"slack:{user}")
    if contact_id:
        profile = load_profile(services.sessions, contact_id=contact_id)
        return profile["name"], profile["organization"] or None
    info = client.users_info(user=user).get("user") or {}
    profile = info.get("profile") or {}
    return (info.get("real_name") or profile.get("real_name") or profile.get("display_name") or user), None


def finder(services) -> Callable[[str, str], mb.Message]:  # noqa: ANN001
    """need, user -> the message with the matches; shares the questions' per-person flood limit."""
    questions = questions_for(services)

    def find(need: str, user: str) -> mb.Message:
        notice = questions.flood_notice(user)
        if notice is not None:
            return plain(notice or "Please wait a minute before asking again.")
        # The signed-in user's own profile, when they have one, says who is asking.
        result = services.matcher.find(need, limit=LIMIT, requester_ref=f"slack:{user}")
        return mb.match_message(need, result.matches, note=result.note)

    return find


def add_to_assistant(assistant: Assistant, services) -> None:  # noqa: ANN001
    """In the assistant pane too, a message asking for partners gets matches instead of an answer."""
    run, find = lazy_runner(services), finder(services)

    def match_in_pane(event: dict, client: WebClient, context: BoltContext) -> None:
        need = from_slack(event["text"], bot_user_id=context.bot_user_id)
        client.chat_postMessage(channel=event["channel"], thread_ts=event["thread_ts"],
                                **find(need, event["user"]).as_kwargs())

    assistant.user_message(matchers=[from_a_person, asks_for_match], lazy=[run(match_in_pane)])(acknowledge)


def register(app: App, services) -> None:  # noqa: ANN001
    run, find = lazy_runner(services), finder(services)

    def acknowledge_match(ack: Ack, command: dict) -> None:
        ack(response_type="ephemeral", text=WORKING if command.get("text", "").strip() else USAGE)

    def match_command(command: dict, respond: Respond) -> None:
        need = from_slack(command.get("text", ""))
        if need:
            respond(response_type="ephemeral", replace_original=True, **find(need, command["user_id"]).as_kwargs())

    def match_direct_message(event: dict, client: WebClient, context: BoltContext) -> None:
        need = from_slack(event["text"], bot_user_id=context.bot_user_id)
        client.chat_postMessage(channel=event["channel"], thread_ts=event["ts"], **find(need, event["user"]).as_kwargs())

    def match_mention(event: dict, client: WebClient, context: BoltContext) -> None:
        need = from_slack(event["text"], bot_user_id=context.bot_user_id)
        client.chat_postEphemeral(channel=event["channel"], user=event["user"], thread_ts=event.get("thread_ts"),
                                  **find(need, event["user"]).as_kwargs())

    def open_request_modal(ack: Ack, action: dict, body: dict, client: WebClient) -> None:
        ack()  # the trigger expires in 3 seconds: the modal opens before anything slow
        target = mb.parse_request_value(action.get("value", ""))
        client.views_open(trigger_id=body["trigger_id"], view=mb.intro_modal(
            contact_id=target["contact_id"], name=target["name"], need=target["need"]))

    def check_request(ack: Ack, view: dict) -> None:
        errors = mb.intro_form_errors((view.get("state") or {}).get("values") or {})
        if errors:
            ack(response_action="errors", errors=errors)
        else:
            ack()

    def submit_request(view: dict, body: dict, client: WebClient) -> None:
        values = (view.get("state") or {}).get("values") or {}
        if mb.intro_form_errors(values):
            return  # Bolt runs lazy listeners whatever the ack said; the form already shows the errors
        user = body["user"]["id"]
        metadata = json.loads(view.get("private_metadata") or "{}")
        contact_id = metadata.get("contact_id", "")
        key = view.get("id") or hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:16]
        name, org = requester_identity(services, client, user)
        outcome = services.intros.request(
            requester_ref=f"slack:{user}", requester_name=name, requester_org=org, contact_id=contact_id,
            reason=mb.input_value(values, "reason"), offer=mb.input_value(values, "offer") or None,
            need=metadata.get("need") or None, idempotency_key=f"{user}:{contact_id}:{key}", surface="slack")
        notifier = SlackIntroNotifier(client, services)
        notifier.deliver(outcome.notices)
        if outcome.changed:
            notifier.tell_requester(outcome.intro, "sent")

    app.command("/match")(ack=acknowledge_match, lazy=[run(match_command)])
    app.event("app_mention", matchers=[mention_in_channel, asks_for_match])(ack=acknowledge, lazy=[run(match_mention)])
    app.event("message", matchers=[direct_message, asks_for_match])(ack=acknowledge, lazy=[run(match_direct_message)])
    app.action(mb.REQUEST_INTRO_ACTION)(open_request_modal)
    app.view(mb.INTRO_VIEW)(ack=check_request, lazy=[run(submit_request)])
