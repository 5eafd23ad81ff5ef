"""/match (routed by the conversation core like any message), the "Request introduction" button and modal."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.conversation import Requester
from bot.conversation.commands import MATCH_USAGE
from bot.matching.profiles import find_contact_id, load_profile
from handlers.slack import match_blocks as mb
from handlers.slack.blocks import plain
from handlers.slack.command_names import CommandNames, slash
from handlers.slack.conversation import converse_privately, requester
from handlers.slack.lazy import lazy_runner
from handlers.slack.text import from_slack

USAGE = MATCH_USAGE.replace("“match ", "`/match ").replace("”", "`")
WORKING = "Looking for matches…"


def requester_identity(services, client: WebClient, who: Requester) -> tuple[str, str | None]:  # noqa: ANN001
    """(name, organisation) of a Slack user: from their contact profile, else from Slack."""
    contact_id = find_contact_id(services.sessions, user_ref=who.ref)
    if contact_id:
        profile = load_profile(services.sessions, contact_id=contact_id)
        return profile["name"], profile["organization"] or None
    info = client.users_info(user=who.id).get("user") or {}
    profile = info.get("profile") or {}
    return (info.get("real_name") or profile.get("real_name") or profile.get("display_name") or who.id), None


def register(app: App, services) -> None:  # noqa: ANN001
    run = lazy_runner(services)
    prefix = services.settings.slack_command_prefix
    names = CommandNames.of(services.settings)
    usage = names.text(USAGE)

    def acknowledge_match(ack: Ack, command: dict) -> None:
        ack(response_type="ephemeral", text=WORKING if command.get("text", "").strip() else usage)

    def match_command(command: dict, respond: Respond, context: BoltContext) -> None:
        need = from_slack(command.get("text", ""))
        if need:
            converse_privately(services, context, respond, command="match", text=need,
                               channel=command.get("channel_id", ""), progress_shown=True)

    def open_request_modal(ack: Ack, action: dict, body: dict, client: WebClient) -> None:
        ack()  # the trigger expires in 3 seconds: the modal opens before anything slow
        target = mb.parse_request_value(action.get("value", ""), names)
        client.views_open(trigger_id=body["trigger_id"], view=mb.intro_modal(
            contact_id=target["contact_id"], name=target["name"], need=target["need"]))

    def check_request(ack: Ack, view: dict) -> None:
        errors = mb.intro_form_errors((view.get("state") or {}).get("values") or {})
        if errors:
            ack(response_action="errors", errors=errors)
        else:
            ack()

    def submit_request(view: dict, body: dict, client: WebClient, context: BoltContext) -> None:
        values = (view.get("state") or {}).get("values") or {}
        if mb.intro_form_errors(values):
            return  # Bolt runs lazy listeners whatever the ack said; the form already shows the errors
        who = requester(context)
        metadata = json.loads(view.get("private_metadata") or "{}")
        contact_id = metadata.get("contact_id", "")
        key = view.get("id") or hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:16]
        name, org = requester_identity(services, client, who)
        outcome = services.intros.request(
            requester_ref=who.ref, requester_name=name, requester_org=org, contact_id=contact_id,
            reason=mb.input_value(values, "reason"), offer=mb.input_value(values, "offer") or None,
            need=metadata.get("need") or None, idempotency_key=f"{who.id}:{contact_id}:{key}", surface="slack")
        if outcome.changed:  # the notices themselves go out through the outbox
            client.chat_postMessage(channel=who.id, **plain(names.text(mb.REQUESTER_NOTES["sent"])).as_kwargs())

    app.command(slash(prefix, "match"))(ack=acknowledge_match, lazy=[run(match_command)])
    app.action(mb.REQUEST_INTRO_ACTION)(open_request_modal)
    app.view(mb.INTRO_VIEW)(ack=check_request, lazy=[run(submit_request)])
