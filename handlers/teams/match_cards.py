"""Adaptive Cards for matchmaking and introductions, as pure functions (no SDK imports).

Contact e-mail addresses never appear on a card: introductions go through consent first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from handlers.teams.cards import Card, adaptive_card, clean, text_run

REQUEST_VERB = "intro_request"
ACCEPT_VERB = "intro_accept"
DECLINE_VERB = "intro_decline"
BLOCK_DECLINE_VERB = "intro_decline_block"  # decline, and put the requester on the contact's list

MAX_REASON = 1000
MAX_OFFER = 1000
MAX_NEED = 500
MAX_REASONS_SHOWN = 4


def _text(text: str, **style: Any) -> dict:
    """Literal text (no Markdown): names, organisations and reasons come from the contact data."""
    return {"type": "RichTextBlock", "inlines": [text_run(text, **style)], "spacing": "Small"}


def input_ids(contact_id: str) -> tuple[str, str]:
    """Input ids are unique per card, so each match's form gets its own pair."""
    return f"reason-{contact_id}", f"offer-{contact_id}"


def request_form(match: Any, *, need: str, card_id: str) -> dict:
    """An inline form (Action.ShowCard) asking why the person wants to meet, and what they offer."""
    reason_id, offer_id = input_ids(match.contact_id or match.id)
    form = {
        "type": "AdaptiveCard",
        "body": [
            {"type": "Input.Text", "id": reason_id, "label": f"Why would you like to meet {clean(match.name, 100)}?",
             "isMultiline": True, "isRequired": True, "maxLength": MAX_REASON,
             "errorMessage": "Please say why you would like to meet; the contact sees it."},
            {"type": "Input.Text", "id": offer_id, "label": "What can you offer? (optional)", "isMultiline": True,
             "maxLength": MAX_OFFER},
        ],
        "actions": [{
            "type": "Action.Submit", "title": "Send request", "associatedInputs": "auto",
            "data": {"verb": REQUEST_VERB, "contact_id": match.contact_id or match.id, "need": clean(need, MAX_NEED), "card": card_id},
        }],
    }
    return {"type": "Action.ShowCard", "title": "Request introduction", "card": form}


def match_card(need: str, matches: Sequence[Any], *, card_id: str, note: str | None = None) -> Card:
    """The matches, best first, each with its reasons and a "Request introduction" form.

    `note` says why the list is empty or holds only near matches; a near match is marked as such.
    """
    body: list[dict] = [{"type": "RichTextBlock", "inlines": [text_run("Matches for: ", weight="Bolder"), text_run(need)]}]
    if not matches:
        body.append(_text(note or "No matching contacts yet. Try other words, or ask the secretariat.", isSubtle=True))
        return adaptive_card(body)
    if note:
        body.append(_text(note, isSubtle=True))
    for match in matches:
        details = " · ".join(x for x in (match.organization, match.kind, match.region) if x)
        marker = [text_run("  (near match)", italic=True)] if getattr(match, "near", False) else []
        body.append({"type": "RichTextBlock", "separator": True, "spacing": "Medium",
                     "inlines": [text_run(match.name, weight="Bolder"), *marker]})
        if details:
            body.append(_text(details, isSubtle=True))
        body.extend(_text(f"• {reason}") for reason in match.reasons[:MAX_REASONS_SHOWN])
        body.append({"type": "ActionSet", "actions": [request_form(match, need=need, card_id=card_id)], "spacing": "Small"})
    return adaptive_card(body)


def request_confirmation_card(intro: Any, *, new: bool, follow_up: str) -> Card:
    title = "Introduction requested" if new else "You already asked for this introduction"
    body = [
        {"type": "TextBlock", "text": title, "weight": "Bolder", "wrap": True},
        _text(f"To: {intro.contact_name}" + (f" ({intro.contact_org})" if intro.contact_org else "")),
        _text(f"Your reason: {clean(intro.reason, 300)}", isSubtle=True),
        _text(follow_up),
    ]
    return adaptive_card(body)


def consent_card(intro: Any) -> Card:
    """For the contact: who asks, why, and Accept/Decline. Nothing is shared before they accept."""
    who = intro.requester_name + (f" ({intro.requester_org})" if intro.requester_org else "")
    body = [
        {"type": "TextBlock", "text": "Introduction request", "weight": "Bolder", "size": "Medium", "wrap": True},
        _text(f"{who} would like to be introduced to you."),
        _text(f"Why: {clean(intro.reason, MAX_REASON)}"),
    ]
    if intro.offer:
        body.append(_text(f"They offer: {clean(intro.offer, MAX_OFFER)}"))
    if intro.need:
        body.append(_text(f"They were looking for: {clean(intro.need, MAX_NEED)}", isSubtle=True))
    body.append(_text("If you accept, you both get each other's name and organisation. Nothing is shared if you decline.", isSubtle=True))
    actions = [
        {"type": "Action.Submit", "title": "Accept", "style": "positive", "data": {"verb": ACCEPT_VERB, "intro_id": intro.id}},
        {"type": "Action.Submit", "title": "Decline", "data": {"verb": DECLINE_VERB, "intro_id": intro.id}},
        {"type": "Action.Submit", "title": "Decline, and don't introduce me again",
         "data": {"verb": BLOCK_DECLINE_VERB, "intro_id": intro.id}},
    ]
    return adaptive_card(body, actions)


def accepted_card(intro: Any, *, for_requester: bool) -> Card:
    """To both people: the other one's name and organisation, and the reason for meeting."""
    if for_requester:
        other, org, lead = intro.contact_name, intro.contact_org, "accepted your introduction request"
    else:
        other, org, lead = intro.requester_name, intro.requester_org, "is now introduced to you"
    body = [
        {"type": "TextBlock", "text": "Introduction accepted", "weight": "Bolder", "wrap": True},
        _text(f"{other}" + (f" ({org})" if org else "") + f" {lead}."),
        _text(f"Reason: {clean(intro.reason, MAX_REASON)}"),
        _text(f"Please reach out to {other} in Teams to continue.", isSubtle=True),
    ]
    return adaptive_card(body)


def declined_text(intro: Any) -> str:
    return (f"{intro.contact_name} can't take up your introduction request right now. Thank you for asking; "
            "the secretariat is happy to suggest other contacts.")
