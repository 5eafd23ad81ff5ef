"""Sends outbox notices through the Slack Web API (bot.notices.sender.NoticeSender for Slack).

Each message carries its notice key in Slack message metadata. When an earlier attempt died between
posting and being marked delivered, the conversation is searched for that key first, so a crash
gives one visible message, not two.
"""

from __future__ import annotations

import json
import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.errors import BotError
from bot.matching.profiles import find_contact_id, load_profile
from bot.notices.kinds import Delivery, NoticeKind, Recipient
from bot.notices.sender import SendResult
from handlers.slack.command_names import CommandNames
from handlers.slack.notice_blocks import render

log = logging.getLogger("handlers.slack")

EVENT_TYPE = "assistant_notice"
# Errors that say this person or channel cannot get the message: retrying will not help.
UNREACHABLE = {"channel_not_found", "user_not_found", "cannot_dm_bot", "account_inactive", "is_archived",
               "not_in_channel", "user_disabled", "messages_tab_disabled", "restricted_action", "is_inactive"}
HISTORY_WINDOW = 50  # recent messages searched for the key of an interrupted attempt


class SlackNoticeSender:
    surface = "slack"

    def __init__(self, client: WebClient, services) -> None:  # noqa: ANN001
        self.client, self.services = client, services

    def send(self, delivery: Delivery) -> SendResult:
        try:
            channel = self._channel(delivery)
            if delivery.interrupted:
                ts = self._posted_before(channel, delivery.key)
                if ts:
                    log.info("notice %s had already arrived (%s); not sending it again", delivery.key, ts)
                    return SendResult.sent(f"{channel}/{ts}")
            message = render(delivery, self._context(delivery))
            response = self.client.chat_postMessage(
                channel=channel, unfurl_links=False,
                metadata={"event_type": EVENT_TYPE, "event_payload": {"key": delivery.key}}, **message.as_kwargs())
            return SendResult.sent(f"{response.get('channel') or channel}/{response['ts']}")
        except SlackApiError as exc:
            error = str(exc.response.get("error") or "")
            status = exc.response.status_code
            if error in UNREACHABLE:
                return SendResult.unreachable(f"Slack refused the message ({error})")
            return SendResult.retry(f"Slack API error {status} {error}".strip())
        except (SlackClientError, OSError) as exc:  # network trouble: try again later
            return SendResult.retry(f"{type(exc).__name__}: {exc}")

    def _channel(self, delivery: Delivery) -> str:
        """A user id posts into the DM with them; a group DM is opened; a channel id is used as is."""
        if delivery.recipient is not Recipient.GROUP:
            return delivery.target
        users = dict.fromkeys([*delivery.target.split(","), *self._approver(delivery)])
        return self.client.conversations_open(users=",".join(users))["channel"]["id"]

    @staticmethod
    def _approver(delivery: Delivery) -> list[str]:
        ref = delivery.extra.get("approver") or ""
        return [ref.split(":", 1)[1]] if ref.startswith("slack:") else []

    def _posted_before(self, channel: str, key: str) -> str | None:
        if channel.startswith(("U", "W")):  # history needs the DM's own id
            channel = self.client.conversations_open(users=channel)["channel"]["id"]
        history = self.client.conversations_history(channel=channel, limit=HISTORY_WINDOW, include_all_metadata=True)
        for message in history.get("messages") or []:
            metadata = message.get("metadata") or {}
            if isinstance(metadata, str):
                metadata = json.loads(metadata or "{}")
            if metadata.get("event_type") == EVENT_TYPE and (metadata.get("event_payload") or {}).get("key") == key:
                return message.get("ts")
        return None

    def _context(self, delivery: Delivery) -> dict:
        names = CommandNames.of(self.services.settings)
        if delivery.kind is not NoticeKind.ACCEPTED:
            return {"names": names}
        intro = delivery.intro
        users = [u for u in (intro.requester_slack_id, intro.contact_slack_id, *self._approver(delivery)) if u]
        sessions = self.services.sessions
        return {"names": names, "users": list(dict.fromkeys(users)), "contact": self._profile(intro.contact_id),
                "requester": self._profile(find_contact_id(sessions, user_ref=intro.requester_ref))}

    def _profile(self, contact_id: str | None) -> dict | None:
        if not contact_id:
            return None
        try:
            return load_profile(self.services.sessions, contact_id=contact_id)
        except BotError:
            return None
