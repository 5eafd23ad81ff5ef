"""Buttons on answers: 👍/👎, "Share in channel" and "Ask a human"."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import NotFound
from bot.qa.records import get_answer
from bot.conversation import Requester
from handlers.slack.blocks import (
    ASK_HUMAN_ACTION,
    FEEDBACK_ACTION,
    NEGATIVE,
    POSITIVE,
    SHARE_ACTION,
    answer_messages,
    escalation_message,
    feedback_modal,
    plain,
)
from handlers.slack.lazy import lazy_runner

log = logging.getLogger("handlers.slack")

THANKS = "Thanks for the feedback!"
STAFF_UNREACHABLE = "I could not reach the collaboration team just now. Please ask {contact} directly."
GONE = "That answer is no longer on record; please ask again."


def parse_feedback(value: str) -> tuple[int, str]:
    verdict, _, answer_id = (value or "").partition(":")
    if verdict not in (POSITIVE, NEGATIVE) or not answer_id:
        raise NotFound("I could not tell which answer that feedback was for.")
    return (1 if verdict == POSITIVE else -1), answer_id


def where(body: dict) -> tuple[str | None, str | None, bool]:
    """(channel, message ts, ephemeral?) of the message whose button was clicked."""
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    return channel, container.get("message_ts"), bool(container.get("is_ephemeral"))


def register(app: App, services) -> None:  # noqa: ANN001
    settings = services.settings
    run = lazy_runner(services)

    def acknowledge_feedback(ack: Ack, action: dict, body: dict, client: WebClient) -> None:
        ack()
        try:
            rating, answer_id = parse_feedback(action.get("value", ""))
        except NotFound:
            return  # record_feedback fails on it too and tells the person, once
        if rating < 0:  # the trigger expires in 3 seconds: open the modal before anything slow
            channel, ts, _ = where(body)
            thread_ts = ((body.get("message") or {}).get("thread_ts")) or ts
            client.views_open(trigger_id=body["trigger_id"],
                              view=feedback_modal(answer_id, channel=channel, thread_ts=thread_ts))

    def record_feedback(action: dict, body: dict, respond: Respond) -> None:
        rating, answer_id = parse_feedback(action.get("value", ""))
        services.assistant.record_feedback(answer_id, rating=rating, user_ref=Requester.slack(body["user"]["id"]).ref,
                                           surface="slack")
        if rating > 0:
            respond(response_type="ephemeral", replace_original=False, **plain(THANKS).as_kwargs())

    def share(action: dict, body: dict, client: WebClient, respond: Respond) -> None:
        answer = get_answer(services.sessions, action.get("value", ""))
        if answer is None:
            respond(response_type="ephemeral", replace_original=False, **plain(GONE).as_kwargs())
            return
        channel, _, _ = where(body)
        messages = answer_messages(answer, shared_by=body["user"]["id"])
        try:
            for message in messages:
                client.chat_postMessage(channel=channel, unfurl_links=False, **message.as_kwargs())
        except SlackApiError as exc:
            if exc.response.get("error") not in ("not_in_channel", "channel_not_found"):
                raise
            for message in messages:  # the bot is not a member: the response_url still reaches the channel
                respond(response_type="in_channel", replace_original=False, **message.as_kwargs())
        respond(delete_original=True)

    def ask_a_human(action: dict, body: dict, client: WebClient, respond: Respond) -> None:
        user = body["user"]["id"]
        if not settings.staff_channel:
            respond(response_type="ephemeral", replace_original=False,
                    **plain(f"Please ask {settings.staff_contact}; they will be glad to help.").as_kwargs())
            return
        answer = get_answer(services.sessions, action.get("value", ""))
        channel, ts, ephemeral = where(body)
        permalink = None
        if channel and ts and not ephemeral:
            try:
                permalink = client.chat_getPermalink(channel=channel, message_ts=ts).get("permalink")
            except SlackApiError as exc:  # the escalation still goes, without a link
                log.info("no permalink for the escalated answer (%s)", exc.response.get("error"))
        message = escalation_message(
            user_id=user, question=answer.question if answer else "(not on record)",
            answer=answer.text if answer else "", permalink=permalink, channel_id=channel,
            usergroup=settings.staff_slack_usergroup)
        try:
            client.chat_postMessage(channel=settings.staff_channel, unfurl_links=False, **message.as_kwargs())
        except SlackApiError as exc:
            log.warning("could not escalate to the staff channel %s: Slack refused chat.postMessage with %s",
                        settings.staff_channel, exc.response.get("error"))
            respond(response_type="ephemeral", replace_original=False, **plain(STAFF_UNREACHABLE.format(
                contact=settings.staff_contact)).as_kwargs())
            return
        reply = ("I have asked the collaboration team to follow up; someone will reply "
                 + ("in this thread." if permalink else "to you directly."))
        respond(response_type="ephemeral", replace_original=False, **plain(reply).as_kwargs())

    def acknowledge(ack: Ack) -> None:
        ack()

    app.action(FEEDBACK_ACTION)(ack=acknowledge_feedback, lazy=[run(record_feedback)])
    app.action(SHARE_ACTION)(ack=acknowledge, lazy=[run(share)])
    app.action(ASK_HUMAN_ACTION)(ack=acknowledge, lazy=[run(ask_a_human)])
