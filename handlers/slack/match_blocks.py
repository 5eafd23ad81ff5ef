"""Block Kit for matching, introductions and profiles: pure functions, no Slack calls, no database."""

from __future__ import annotations

import json

from bot.errors import InvalidInput
from handlers.slack.blocks import Message, _button, _section
from handlers.slack.command_names import CommandNames
from handlers.slack.text import HOME_BLOCK_LIMIT, escape, truncate

REQUEST_INTRO_ACTION = "intro_request"
INTRO_VIEW = "intro_request_submit"
APPROVE_ACTION, REJECT_ACTION = "intro_approve", "intro_reject"
ACCEPT_ACTION, DECLINE_ACTION = "intro_accept", "intro_decline"
BLOCK_DECLINE_ACTION = "intro_decline_block"  # decline, and put the requester on the contact's list
WITHDRAW_ACTION = "intro_withdraw"
PROFILE_VIEW = "profile_edit"
REASON_MAX = OFFER_MAX = 1000
NEED_KEPT = 1200  # the need travels in the button's value (at most 2000 characters)
KIND_LABELS = {"researcher": "Researcher", "company": "Company", "hospital": "Hospital", "university": "University",
               "investor": "Investor", "public": "Public body", "staff": "Collaboration staff"}
REGION_LABELS = {"capital-region-dk": "Capital Region of Denmark", "region-zealand": "Region Zealand",
                 "region-skane": "Region Skåne", "massachusetts": "Massachusetts", "other": "Elsewhere"}
STATE_LABELS = {"pending_approval": "waiting for the secretariat", "pending_consent": "waiting for their answer",
                "accepted": "accepted: you are in a conversation", "declined": "did not work out this time",
                "rejected": "not approved", "expired": "expired without an answer", "withdrawn": "withdrawn by you",
                "met": "met"}
OPEN = ("pending_approval", "pending_consent")


# ----- /match ----------------------------------------------------------------------------------
def match_message(need: str, matches: list, note: str | None = None) -> Message:  # noqa: ANN001
    """The best matches with their reasons and a "Request introduction" button; never contact details.

    `note` says why the list is empty or holds only near matches; a near match is marked as such.
    """
    if not matches:
        text = note or "I found nobody who agreed to be suggested for that. Try other words, or fewer conditions."
        return Message("No matches yet.", [_section(escape(text), "no_matches")])
    blocks: list[dict] = [_section(f"*People and organisations for:* _{escape(truncate(need, 300))}_", "match_need")]
    if note:
        blocks.append(_section(f":information_source: {escape(note)}", "match_caveat"))
    for n, m in enumerate(matches, 1):
        where = " · ".join(x for x in (KIND_LABELS.get(m.kind, m.kind), REGION_LABELS.get(m.region, m.region)) if x)
        org = f", {escape(m.organization)}" if m.organization else ""
        near = " — _near match_" if getattr(m, "near", False) else ""
        reasons = "\n".join(f"• {escape(truncate(r, 300))}" for r in m.reasons[:4])
        value = json.dumps({"c": m.contact_id or m.id, "n": truncate(m.name, 80), "q": truncate(need, NEED_KEPT)},
                           ensure_ascii=False)
        block = _section(f"*{n}. {escape(m.name)}*{org}{near}\n_{escape(where)}_\n{reasons}", f"match_{n}")
        block["accessory"] = _button("Request introduction", REQUEST_INTRO_ACTION, value)
        blocks.append(block)
    blocks.append({"type": "context", "block_id": "match_note", "elements": [{"type": "mrkdwn", "text":
                   "Only people who agreed to be suggested are listed. They see your reason and decide whether to meet."}]})
    summary = "Near matches only: nobody fits exactly." if note else f"{len(matches)} matches for your need."
    return Message(summary, blocks)


def parse_request_value(value: str, names: CommandNames) -> dict:
    try:
        data = json.loads(value or "{}")
    except ValueError:
        data = None
    if not isinstance(data, dict) or not data.get("c"):
        raise InvalidInput(f"I could not tell whom that introduction request was for; please search again with `{names.match}`.")
    return {"contact_id": str(data.get("c", "")), "name": str(data.get("n", "")), "need": str(data.get("q", ""))}


def intro_modal(*, contact_id: str, name: str, need: str) -> dict:
    metadata = json.dumps({"contact_id": contact_id, "need": need}, ensure_ascii=False)
    return {
        "type": "modal", "callback_id": INTRO_VIEW, "private_metadata": metadata[:3000],
        "title": {"type": "plain_text", "text": "Request introduction"},
        "submit": {"type": "plain_text", "text": "Send request"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _section(f"*{escape(truncate(name, 80))}* will see your name, organisation and reason, and decide "
                     "whether to meet. Contact details are shared only if they accept."),
            {"type": "input", "block_id": "reason", "label": {"type": "plain_text", "text": "Why would you like to meet?"},
             "element": {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": REASON_MAX}},
            {"type": "input", "block_id": "offer", "optional": True,
             "label": {"type": "plain_text", "text": "What can you offer?"},
             "element": {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": OFFER_MAX}},
        ],
    }


def input_value(values: dict, block: str) -> str:
    return (((values.get(block) or {}).get("value") or {}).get("value") or "").strip()


def intro_form_errors(values: dict) -> dict:
    reason, offer = input_value(values, "reason"), input_value(values, "offer")
    errors = {}
    if not reason:
        errors["reason"] = "Please say why you would like to meet."
    elif len(reason) > REASON_MAX:
        errors["reason"] = f"Please keep this under {REASON_MAX} characters."
    if len(offer) > OFFER_MAX:
        errors["offer"] = f"Please keep this under {OFFER_MAX} characters."
    return errors


# ----- notices ---------------------------------------------------------------------------------
def _who(intro) -> str:  # noqa: ANN001
    org = f" ({escape(intro.requester_org)})" if intro.requester_org else ""
    return f"*{escape(intro.requester_name)}*{org}"


def _reason_lines(intro) -> str:  # noqa: ANN001
    lines = f"*Why:* {escape(truncate(intro.reason, 1000))}"
    if intro.offer:
        lines += f"\n*Offers:* {escape(truncate(intro.offer, 1000))}"
    return lines


def _actions(intro_id: str, *pairs: tuple[str, str, str | None]) -> dict:
    return {"type": "actions", "block_id": f"intro_{intro_id}",
            "elements": [_button(label, action, intro_id, style=style) for label, action, style in pairs]}


def approval_message(intro) -> Message:  # noqa: ANN001
    contact = escape(intro.contact_name) + (f" ({escape(intro.contact_org)})" if intro.contact_org else "")
    text = f"Introduction request: {intro.requester_name} would like to meet {intro.contact_name}."
    return Message(escape(text), [
        _section(f"{_who(intro)} would like to meet *{contact}*.\n{_reason_lines(intro)}", "intro_request"),
        _actions(intro.id, ("Approve", APPROVE_ACTION, "primary"), ("Reject", REJECT_ACTION, "danger"))])


def consent_message(intro, *, reminder: bool = False) -> Message:  # noqa: ANN001
    lead = "Reminder: " if reminder else ""
    text = f"{lead}{intro.requester_name} would like to be introduced to you."
    return Message(escape(text), [
        _section(f"{lead}{_who(intro)} would like to be introduced to you.\n{_reason_lines(intro)}", "intro_consent"),
        _section("If you accept, I open a conversation with both of you. If you decline, they are told only that "
                 "it did not work out this time.", "intro_consent_note"),
        _actions(intro.id, ("Accept", ACCEPT_ACTION, "primary"), ("Decline", DECLINE_ACTION, None),
                 ("Decline, and don't introduce me again", BLOCK_DECLINE_ACTION, None))])


def staff_handle_message(intro) -> Message:  # noqa: ANN001
    """For staff only: the contact has no Slack account, so a person must ask them by e-mail."""
    text = (f"{_who(intro)} would like to meet *{escape(intro.contact_name)}*, who is not on Slack. Please ask them "
            f"by e-mail at {escape(intro.contact_email)} and accept or decline on their behalf.\n{_reason_lines(intro)}")
    return Message(escape(f"Introduction to handle by e-mail: {intro.contact_name}"), [
        _section(text, "intro_staff"),
        _actions(intro.id, ("Accept for them", ACCEPT_ACTION, "primary"), ("Decline for them", DECLINE_ACTION, None))])


def profile_lines(profile: dict | None, fallback: str) -> str:
    if not profile:
        return f"*{escape(fallback)}*"
    head = f"*{escape(profile['name'])}*" + (f", {escape(profile['organization'])}" if profile.get("organization") else "")
    if profile.get("title"):
        head += f"\n_{escape(profile['title'])}_"
    for label, key in (("Expertise", "expertise"), ("Offers", "offering"), ("Seeks", "seeking")):
        if profile.get(key):
            head += f"\n*{label}:* {escape(truncate(', '.join(profile[key]), 500))}"
    return head


def intro_message(intro, *, requester: dict | None, contact: dict | None, users: list[str]) -> Message:  # noqa: ANN001
    mentions = " and ".join(f"<@{u}>" for u in users[:2])
    return Message(escape(f"Introduction: {intro.requester_name} meets {intro.contact_name}"), [
        _section(f"Meet each other, {mentions}! An introduction through the Øresund–Massachusetts collaboration.", "intro_hello"),
        _section(profile_lines(requester, intro.requester_name), "intro_requester"),
        _section(profile_lines(contact, intro.contact_name), "intro_contact"),
        _section(_reason_lines(intro), "intro_reason")])


# `names.text(REQUESTER_NOTES[...])`: the workspace's name for /match.
REQUESTER_NOTES = {
    "sent": "Your introduction request is on its way. I will let you know when there is an answer.",
    "declined": "Thank you for your introduction request. Unfortunately it did not work out this time; "
                "`/match` may suggest others who fit your need.",
    "rejected": "Your introduction request was not approved this time. The secretariat can tell you more.",
    "expired": "Your introduction request expired without an answer. You can try `/match` again for other suggestions.",
    "duplicate": "You have already asked for this introduction; it is still open.",
}


def withdrawn_message(intro) -> Message:  # noqa: ANN001
    return Message(escape(f"{intro.requester_name} withdrew their introduction request; no action is needed."),
                   [_section(f"{_who(intro)} withdrew their introduction request; no action is needed.", "intro_withdrawn")])


def decided_line(verb: str, user: str) -> Message:
    return Message(f"{verb} by <@{user}>.", [_section(f"{verb} by <@{user}>.", "intro_decided")])


# ----- App Home ----------------------------------------------------------------------------------
def home_intro_blocks(intros: list, names: CommandNames) -> list[dict]:
    blocks: list[dict] = [{"type": "divider", "block_id": "intros_divider"},
                          {"type": "header", "block_id": "intros_header",
                           "text": {"type": "plain_text", "text": "Your introduction requests"}}]
    if not intros:
        return [*blocks, _section(f"None yet. Use `{names.match}` to find people, then *Request introduction*.", "intros_none")]
    for intro in intros[:20]:
        line = f"*{escape(intro.contact_name)}* — {STATE_LABELS.get(intro.state, intro.state)} · {escape(intro.created_at[:10])}"
        block = _section(line, f"intro_home_{intro.id}")
        if intro.state in OPEN:
            block["accessory"] = _button("Withdraw", WITHDRAW_ACTION, intro.id)
        blocks.append(block)
    return blocks


def replace_home_intros(blocks: list[dict], intros: list, names: CommandNames) -> list[dict]:
    """The App Home's blocks with its introduction section rebuilt (after a Withdraw)."""
    kept = [b for b in blocks if not str(b.get("block_id", "")).startswith(("intros_", "intro_home_"))]
    section = home_intro_blocks(intros, names)
    return [*kept[:HOME_BLOCK_LIMIT - len(section)], *section]


# ----- /profile -----------------------------------------------------------------------------------
def profile_modal(profile: dict, names: CommandNames, prefs: dict | None = None) -> dict:
    """The profile's fields and consent; with `prefs`, also the snooze and the "don't introduce me to" list."""
    from handlers.slack.hygiene_blocks import preference_blocks

    def text_input(block: str, label: str, hint: str) -> dict:
        element = {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": 3000,
                   "initial_value": "; ".join(profile.get(block) or [])}
        return {"type": "input", "block_id": block, "optional": True, "label": {"type": "plain_text", "text": label},
                "hint": {"type": "plain_text", "text": hint}, "element": element}

    yes = {"text": {"type": "plain_text", "text": f"Suggest me in {names.match} and let people request introductions"},
           "value": "yes"}
    consent = {"type": "checkboxes", "action_id": "value", "options": [yes]}
    if profile.get("consent"):
        consent["initial_options"] = [yes]
    return {
        "type": "modal", "callback_id": PROFILE_VIEW, "private_metadata": json.dumps({"contact_id": profile["id"]}),
        "title": {"type": "plain_text", "text": "Profile"}, "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _section(f"*{escape(profile['name'])}*" + (f", {escape(profile['organization'])}" if profile.get("organization") else "")),
            text_input("expertise", "Expertise", "Separate entries with ;"),
            text_input("offering", "What you offer", "e.g. lab placements; trial sites"),
            text_input("seeking", "What you are looking for", "e.g. Danish clinical partners"),
            text_input("languages", "Languages", "e.g. English; Danish"),
            {"type": "input", "block_id": "consent", "optional": True,
             "label": {"type": "plain_text", "text": "Consent"}, "element": consent},
            *(preference_blocks(prefs) if prefs is not None else []),
        ],
    }


def profile_fields(values: dict) -> dict:
    fields: dict = {name: input_value(values, name) for name in ("expertise", "offering", "seeking", "languages")}
    picked = ((values.get("consent") or {}).get("value") or {}).get("selected_options") or []
    fields["consent"] = any(o.get("value") == "yes" for o in picked)
    return fields


def notice_view(title: str, text: str) -> dict:
    return {"type": "modal", "title": {"type": "plain_text", "text": title},
            "close": {"type": "plain_text", "text": "Close"}, "blocks": [_section(escape(text))]}
