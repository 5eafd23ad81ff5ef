"""Adaptive Cards for what keeps introductions worth answering, as pure functions: the follow-up
question, and the profile card with the snooze and the "don't introduce me to" list."""

from __future__ import annotations

from typing import Any

from bot.matching.follow_ups import ANSWER_LABELS
from bot.matching.preferences import SNOOZE_LABELS
from bot.notices import texts
from handlers.teams.cards import Card, adaptive_card, clean
from handlers.teams.match_cards import BLOCK_DECLINE_VERB  # noqa: F401 - routed in hygiene.py

FOLLOW_UP_VERB = "intro_follow_up"
SNOOZE_VERB = "profile_snooze"
BLOCKS_VERB = "profile_blocks"
THANKS = "Thank you, noted: {label}. It helps the secretariat make better introductions."


def _text(text: str, **style: Any) -> dict:
    return {"type": "TextBlock", "text": clean(text, 1500), "wrap": True, **style}


def follow_up_card(intro: Any) -> Card:
    """To each side a week after the introduction: one click says whether they met and whether it helped."""
    other = intro.contact_name if intro.requester_ref.startswith("teams:") else intro.requester_name
    body = [_text("Did you meet? Was it useful?", weight="Bolder"),
            _text(f"A week ago {intro.requester_name} and {intro.contact_name} were introduced through the "
                  "Øresund–Massachusetts collaboration. Only the secretariat sees your answer.")]
    if other:
        body.append(_text(f"About your introduction with {other}.", isSubtle=True))
    actions = [{"type": "Action.Submit", "title": label, "data": {"verb": FOLLOW_UP_VERB, "intro_id": intro.id, "answer": answer}}
               for answer, label in ANSWER_LABELS.items()]
    return adaptive_card(body, actions)


def held_text(intro: Any, until: str) -> str:
    return texts.held(intro.contact_name, until, withdraw="the secretariat can withdraw it for you")


def paused_text(limit: int) -> str:
    return texts.paused(limit, resume="type “profile” and save your introduction settings")


def profile_card(profile: dict, summary: str) -> Card:
    """The profile as others see it, then the snooze and the list, each saved with its own button."""
    prefs = profile.get("introductions") or {}
    until = prefs.get("snoozed_until")
    choices = ([{"title": f"Snoozed until {until[:10]}", "value": "keep"}, {"title": "Not snoozed: end it now", "value": "none"}]
               if until else [{"title": "Not snoozed", "value": "none"}])
    choices += [{"title": f"Snooze for {label}", "value": v} for v, label in SNOOZE_LABELS.items()]
    choices.append({"title": "Snooze until the date below", "value": "date"})
    contact = {"contact_id": profile["id"]}
    body: list[dict] = [_text(line) for line in summary.splitlines() if line.strip()]
    if prefs.get("paused"):
        body.append(_text("You are not suggested at the moment because requests to you expired unanswered. "
                          "Saving your settings below ends that.", color="Attention"))
    body += [
        _text("Snooze suggestions", weight="Bolder", separator=True),
        _text("While snoozed you are not suggested, and requests already sent wait for you.", isSubtle=True),
        {"type": "Input.ChoiceSet", "id": "snooze", "choices": choices, "value": choices[0]["value"], "label": "Snooze"},
        {"type": "Input.Date", "id": "snooze_until", "label": "Until (with “until the date below”)"},
        {"type": "ActionSet", "actions": [{"type": "Action.Submit", "title": "Save snooze", "data": {"verb": SNOOZE_VERB, **contact}}]},
        _text("Don't introduce me to", weight="Bolder", separator=True),
        _text("Nobody is told they are on your list.", isSubtle=True),
    ]
    people = prefs.get("people") or []
    if people:
        body.append({"type": "Input.ChoiceSet", "id": "block_keep", "isMultiSelect": True, "style": "expanded",
                     "label": "On your list (untick to remove)",
                     "choices": [{"title": clean(p["label"] or p["value"], 200), "value": p["value"]} for p in people],
                     "value": ",".join(p["value"] for p in people)})
    body += [
        {"type": "Input.Text", "id": "block_people", "isMultiline": True, "maxLength": 3000,
         "label": "Add people (their e-mail addresses, one per line)"},
        {"type": "Input.Text", "id": "block_orgs", "isMultiline": True, "maxLength": 3000,
         "label": "Organisations (one per line)", "value": "\n".join(prefs.get("organisations") or [])},
        {"type": "ActionSet", "actions": [{"type": "Action.Submit", "title": "Save list", "data": {"verb": BLOCKS_VERB, **contact}}]},
    ]
    return adaptive_card(body)


def lines(value: Any) -> list[str]:
    return [line.strip() for line in str(value or "").replace(";", "\n").splitlines() if line.strip()]
