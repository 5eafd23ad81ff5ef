"""Buttons on introduction notices: Approve/Reject (staff), Accept/Decline (the contact), Withdraw (App Home).

Each moves the request in the core, which writes the resulting notices into the outbox.
"""

from __future__ import annotations

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.conversation import Requester
from bot.matching import follow_ups

from handlers.slack import hygiene_blocks as hb
from handlers.slack import match_blocks as mb
from handlers.slack.command_names import CommandNames
from handlers.slack.lazy import lazy_runner
from handlers.slack.staff import is_staff

VERBS = {mb.APPROVE_ACTION: "Approved", mb.REJECT_ACTION: "Rejected", mb.ACCEPT_ACTION: "Accepted",
         mb.DECLINE_ACTION: "Declined", mb.BLOCK_DECLINE_ACTION: "Declined (and not to be introduced again)"}
ALREADY = "This introduction request has already been handled."


def register(app: App, services) -> None:  # noqa: ANN001
    settings = services.settings
    run = lazy_runner(services)

    def acknowledge(ack: Ack) -> None:
        ack()

    def decide(action: dict, body: dict, client: WebClient, respond: Respond) -> None:
        user, intro_id, action_id = body["user"]["id"], action.get("value", ""), action["action_id"]
        staff = is_staff(client, services, user)
        intros = services.intros
        if action_id == mb.APPROVE_ACTION:
            outcome = intros.approve(intro_id, staff_ref=Requester.slack(user).ref, is_staff=staff)
        elif action_id == mb.REJECT_ACTION:
            outcome = intros.reject(intro_id, staff_ref=Requester.slack(user).ref, is_staff=staff)
        elif action_id == mb.ACCEPT_ACTION:
            outcome = intros.accept(intro_id, actor_ref=Requester.slack(user).ref, is_staff=staff)
        elif action_id == mb.BLOCK_DECLINE_ACTION:
            outcome = services.preferences.block_requester(intro_id, actor_ref=Requester.slack(user).ref, is_staff=staff)
        else:
            outcome = intros.decline(intro_id, actor_ref=Requester.slack(user).ref, is_staff=staff)
        if not outcome.changed:
            respond(response_type="ephemeral", replace_original=False, text=ALREADY)
            return
        respond(replace_original=True, **mb.decided_line(VERBS[action_id], user).as_kwargs())

    def withdraw(action: dict, body: dict, client: WebClient) -> None:
        user = body["user"]["id"]
        services.intros.withdraw(action.get("value", ""), requester_ref=Requester.slack(user).ref)
        home = body.get("view") or {}
        if home.get("type") == "home":
            blocks = mb.replace_home_intros(home.get("blocks") or [], services.intros.for_requester(Requester.slack(user).ref),
                                            CommandNames.of(services.settings))
            client.views_publish(user_id=user, view={"type": "home", "blocks": blocks})

    def follow_up(action: dict, body: dict, respond: Respond) -> None:
        """One click on "Did you meet? Was it useful?"; in a conversation with both, each answers for themselves."""
        user, answer = body["user"]["id"], hb.FOLLOW_UP_ACTIONS[action["action_id"]]
        follow_ups.answer(services.sessions, action.get("value", ""), respondent_ref=Requester.slack(user).ref,
                          answer=answer, now=services.clock.now())
        respond(response_type="ephemeral", replace_original=False,
                text=hb.THANKS.format(label=follow_ups.ANSWER_LABELS[answer].lower()))

    for action_id in VERBS:
        app.action(action_id)(ack=acknowledge, lazy=[run(decide)])
    for action_id in hb.FOLLOW_UP_ACTIONS:
        app.action(action_id)(ack=acknowledge, lazy=[run(follow_up)])
    app.action(mb.WITHDRAW_ACTION)(ack=acknowledge, lazy=[run(withdraw)])
