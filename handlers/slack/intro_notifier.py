"""Turns the introduction core's notices into Slack Web API calls; and the periodic sweep of `serve`."""

from __future__ import annotations

import logging
import threading

from slack_sdk import WebClient

from bot.errors import BotError
from bot.matching.profiles import find_contact_id, load_profile
from handlers.slack import match_blocks as mb
from handlers.slack.blocks import plain

log = logging.getLogger("handlers.slack")


def describe(notice) -> str:  # noqa: ANN001
    """One line saying what would be sent, without contact details (for dry runs and logs)."""
    i = notice.intro
    return f"{notice.kind}: request {i.id} from {i.requester_ref} to contact {i.contact_id} ({i.state})"


class SlackIntroNotifier:
    def __init__(self, client: WebClient, services) -> None:  # noqa: ANN001
        self.client = client
        self.services = services
        self.settings = services.settings

    def deliver(self, notices: list) -> list[str]:
        sent = []
        for notice in notices:
            handler = getattr(self, f"_{notice.kind}", None)
            if handler is None:
                log.warning("no Slack delivery for notice %s", notice.kind)
                continue
            handler(notice.intro)
            sent.append(describe(notice))
        return sent

    # ----- to the staff channel -------------------------------------------------------------
    def _to_staff(self, message) -> None:  # noqa: ANN001
        if not self.settings.staff_channel:
            log.warning("STAFF_CHANNEL is not set; an introduction needs a person but nobody was told")
            return
        self.client.chat_postMessage(channel=self.settings.staff_channel, unfurl_links=False, **message.as_kwargs())

    def _approval_needed(self, intro) -> None:  # noqa: ANN001
        self._to_staff(mb.approval_message(intro))

    def _staff_handle(self, intro) -> None:  # noqa: ANN001
        self._to_staff(mb.staff_handle_message(intro))

    # ----- to the contact ---------------------------------------------------------------------
    def _consent_request(self, intro, reminder: bool = False) -> None:  # noqa: ANN001
        if not intro.contact_slack_id:
            self._staff_handle(intro)
            return
        self.client.chat_postMessage(channel=intro.contact_slack_id, unfurl_links=False,
                                     **mb.consent_message(intro, reminder=reminder).as_kwargs())

    def _reminder(self, intro) -> None:  # noqa: ANN001
        self._consent_request(intro, reminder=True)

    def _withdrawn(self, intro) -> None:  # noqa: ANN001
        asked = any(state == "pending_consent" for state, _, _ in self.services.intros.history(intro.id))
        if asked and intro.contact_slack_id:
            self.client.chat_postMessage(channel=intro.contact_slack_id, **mb.withdrawn_message(intro).as_kwargs())

    # ----- to the requester -------------------------------------------------------------------
    def tell_requester(self, intro, note: str) -> None:  # noqa: ANN001
        if intro.requester_slack_id:
            self.client.chat_postMessage(channel=intro.requester_slack_id, **plain(mb.REQUESTER_NOTES[note]).as_kwargs())

    def _declined(self, intro) -> None:  # noqa: ANN001
        self.tell_requester(intro, "declined")

    def _rejected(self, intro) -> None:  # noqa: ANN001
        self.tell_requester(intro, "rejected")

    def _expired(self, intro) -> None:  # noqa: ANN001
        self.tell_requester(intro, "expired")

    # ----- to both ------------------------------------------------------------------------------
    def _accepted(self, intro) -> None:  # noqa: ANN001
        """A group conversation with both (and the approving ambassador), opened with both profiles."""
        approver = next((actor.split(":", 1)[1] for state, actor, _ in self.services.intros.history(intro.id)
                         if state == "pending_consent" and actor.startswith("slack:")), None)
        users = list(dict.fromkeys(u for u in (intro.requester_slack_id, intro.contact_slack_id, approver) if u))
        requester = self._profile(find_contact_id(self.services.sessions, user_ref=intro.requester_ref))
        contact = self._profile(intro.contact_id)
        message = mb.intro_message(intro, requester=requester, contact=contact, users=users)
        if not intro.contact_slack_id:  # accepted by staff on behalf of someone without Slack
            self._to_staff(message)
            if intro.requester_slack_id:
                self.client.chat_postMessage(channel=intro.requester_slack_id, **message.as_kwargs())
            return
        channel = self.client.conversations_open(users=",".join(users))["channel"]["id"]
        self.client.chat_postMessage(channel=channel, unfurl_links=False, **message.as_kwargs())

    def _profile(self, contact_id: str | None) -> dict | None:
        if not contact_id:
            return None
        try:
            return load_profile(self.services.sessions, contact_id=contact_id)
        except BotError:
            return None


class IntroSweeper:
    """Every `minutes`, reminds and expires unanswered requests and delivers the notices."""

    def __init__(self, services, notifier: SlackIntroNotifier, minutes: float) -> None:  # noqa: ANN001
        self.services, self.notifier, self.interval = services, notifier, max(1.0, minutes * 60)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> dict:
        notices = self.services.intros.sweep()
        self.notifier.deliver(notices)
        return {"reminders": sum(n.kind == "reminder" for n in notices),
                "expired": sum(n.kind == "expired" for n in notices)}

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.run_once()
            except Exception:  # noqa: BLE001 - the next round tries again; the error is logged
                log.exception("introduction sweep failed")

    def start(self) -> IntroSweeper:
        self._thread = threading.Thread(target=self._loop, name="intro-sweep", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
