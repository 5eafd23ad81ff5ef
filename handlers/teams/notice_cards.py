"""Adaptive Cards and texts for every notice kind in Teams: one table from kind to message, for the
person and for the staff channel when the person cannot be reached (then with the reason)."""

from __future__ import annotations

from collections.abc import Callable

from bot.notices.kinds import Delivery, NoticeKind, Recipient
from handlers.teams.cards import Card, adaptive_card, clean
from handlers.teams.hygiene_cards import follow_up_card, held_text, paused_text
from handlers.teams.match_cards import ACCEPT_VERB, DECLINE_VERB, MAX_REASON, _text, accepted_card, consent_card, declined_text

APPROVE_VERB = "intro_approve"
REJECT_VERB = "intro_reject"

Rendered = Card | str  # a card, or plain text


def _who(intro) -> str:  # noqa: ANN001
    return intro.requester_name + (f" ({intro.requester_org})" if intro.requester_org else "")


def _buttons(intro_id: str, *pairs: tuple[str, str]) -> list[dict]:
    return [{"type": "Action.Submit", "title": title, "data": {"verb": verb, "intro_id": intro_id}} for title, verb in pairs]


def approval_card(intro) -> Card:  # noqa: ANN001
    """For staff: approve before the contact is asked, or reject."""
    contact = intro.contact_name + (f" ({intro.contact_org})" if intro.contact_org else "")
    body = [{"type": "TextBlock", "text": "Introduction request to approve", "weight": "Bolder", "wrap": True},
            _text(f"{_who(intro)} would like to meet {contact}."), _text(f"Why: {clean(intro.reason, MAX_REASON)}")]
    return adaptive_card(body, _buttons(intro.id, ("Approve", APPROVE_VERB), ("Reject", REJECT_VERB)))


def staff_handle_card(intro, reason: str | None = None) -> Card:  # noqa: ANN001
    """For staff: the contact cannot be asked in chat, so a person asks by e-mail and answers for them."""
    body = [{"type": "TextBlock", "text": "Introduction to handle by e-mail", "weight": "Bolder", "wrap": True},
            _text(f"{_who(intro)} would like to meet {intro.contact_name}. Please ask them at {intro.contact_email} "
                  "and accept or decline on their behalf."),
            _text(f"Why: {clean(intro.reason, MAX_REASON)}")]
    if reason:
        body.insert(1, _text(f"Why you got this: {reason}.", isSubtle=True))
    return adaptive_card(body, _buttons(intro.id, ("Accept for them", ACCEPT_VERB), ("Decline for them", DECLINE_VERB)))


def _reminder(intro) -> Card:  # noqa: ANN001
    card = consent_card(intro)
    card["body"].insert(0, {"type": "TextBlock", "text": "Reminder", "isSubtle": True, "wrap": True})
    return card


def _file_indexed(data: dict) -> str:
    added, name = data.get("added"), data.get("name") or "The file"
    if not added:
        return f"Could not add {name}: {data.get('error')}"
    if added.get("duplicate_of"):
        return f"{name} is already in the knowledge base as {added['duplicate_of']}; nothing was added."
    return f"Added {added.get('title') or name} to the knowledge base ({added.get('chunks')} passages) as {added.get('source')}."


FOR_PERSON: dict[NoticeKind, Callable[[Delivery], Rendered]] = {
    NoticeKind.CONSENT_REQUEST: lambda d: consent_card(d.intro),
    NoticeKind.REMINDER: lambda d: _reminder(d.intro),
    NoticeKind.APPROVAL_NEEDED: lambda d: approval_card(d.intro),
    NoticeKind.STAFF_HANDLE: lambda d: staff_handle_card(d.intro),
    NoticeKind.WITHDRAWN: lambda d: f"{_who(d.intro)} withdrew their introduction request; no action is needed.",
    NoticeKind.DECLINED: lambda d: declined_text(d.intro),
    NoticeKind.REJECTED: lambda d: "Your introduction request was not approved this time. The secretariat can tell you more.",
    NoticeKind.EXPIRED: lambda d: (f"Your introduction request to {d.intro.contact_name} expired without an answer. "
                                   "Ask me to “match” again for other suggestions."),
    NoticeKind.ACCEPTED: lambda d: accepted_card(d.intro, for_requester=d.recipient is not Recipient.CONTACT),
    NoticeKind.FOLLOW_UP: lambda d: follow_up_card(d.intro),
    NoticeKind.HELD: lambda d: held_text(d.intro, d.extra.get("until", "later")),
    NoticeKind.PAUSED: lambda d: paused_text(int(d.extra.get("limit") or 3)),
    NoticeKind.KB_REINDEXED: lambda d: ("A re-index was already running, so I did not start a second one."
                                        if d.data.get("already_running") else f"Re-index finished: {d.data.get('summary')}."),
    NoticeKind.KB_FILE_INDEXED: lambda d: _file_indexed(d.data),
}


def render(delivery: Delivery) -> Rendered:
    if delivery.reason is None:
        return FOR_PERSON[delivery.kind](delivery)
    if delivery.kind in (NoticeKind.CONSENT_REQUEST, NoticeKind.REMINDER):
        return staff_handle_card(delivery.intro, delivery.reason)
    who = delivery.intro.contact_name if delivery.recipient is Recipient.CONTACT else delivery.intro.requester_name
    inner = FOR_PERSON[delivery.kind](delivery)
    if delivery.kind is NoticeKind.FOLLOW_UP and isinstance(inner, dict):  # staff pass it on; the buttons are the person's
        inner.pop("actions", None)
    lead = f"Please pass this on to {who} ({delivery.reason})"
    if isinstance(inner, str):
        return f"{lead}: {inner}"
    inner["body"].insert(0, _text(lead + ".", isSubtle=True))
    return inner
