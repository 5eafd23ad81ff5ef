"""Block Kit for what keeps introductions worth answering: the follow-up question, the snooze and the
"don't introduce me to" list in the /profile modal, and the staff's per-organisation figures."""

from __future__ import annotations

from bot.matching.follow_ups import ANSWER_LABELS
from bot.matching.preferences import SNOOZE_LABELS
from bot.notices import texts
from handlers.slack.blocks import Message, _button, _section
from handlers.slack.text import escape, truncate

FOLLOW_UP_ACTIONS = {"intro_follow_up_useful": "useful", "intro_follow_up_not_useful": "not_useful",
                     "intro_follow_up_not_met": "not_met"}
FOLLOW_UP_TEXT = "Did you meet? Was it useful?"
THANKS = "Thank you, noted: {label}. It helps the secretariat make better introductions."
STATS_SHOWN = 12


# ----- notices ------------------------------------------------------------------------------------
def follow_up_message(intro) -> Message:  # noqa: ANN001
    lead = (f"A week ago *{escape(intro.requester_name)}* and *{escape(intro.contact_name)}* were introduced "
            f"through the Øresund–Massachusetts collaboration. {FOLLOW_UP_TEXT}")
    buttons = [_button(ANSWER_LABELS[answer], action_id, intro.id, style="primary" if answer == "useful" else None)
               for action_id, answer in FOLLOW_UP_ACTIONS.items()]
    return Message(escape(f"{FOLLOW_UP_TEXT} ({intro.requester_name} and {intro.contact_name})"), [
        _section(lead, "follow_up"),
        {"type": "actions", "block_id": f"follow_up_{intro.id}", "elements": buttons},
        {"type": "context", "block_id": "follow_up_note", "elements": [{"type": "mrkdwn", "text":
         "Each of you answers for yourself; only the secretariat sees the answers."}]}])


def held_text(intro, until: str) -> str:  # noqa: ANN001
    return texts.held(intro.contact_name, until, withdraw="you can withdraw it from the App Home")


def paused_text(limit: int) -> str:
    return texts.paused(limit, resume="open `/profile` and save it")


# ----- /profile: snooze and the list ---------------------------------------------------------------
def _option(value: str, text: str) -> dict:
    return {"text": {"type": "plain_text", "text": text}, "value": value}


def preference_blocks(prefs: dict) -> list[dict]:
    """The snooze and the "don't introduce me to" inputs, filled in with what is set now."""
    until = prefs.get("snoozed_until")
    options = ([_option("keep", f"Snoozed until {until[:10]}"), _option("none", "Not snoozed: end it now")] if until
               else [_option("none", "Not snoozed")])
    options += [_option(v, f"Snooze for {label}") for v, label in SNOOZE_LABELS.items()]
    options.append(_option("date", "Snooze until the date below"))
    people = [p["value"].split(":", 1)[1] for p in prefs.get("people", []) if p["value"].startswith("slack:")]
    others = [p["label"] for p in prefs.get("people", []) if not p["value"].startswith("slack:")]
    users = {"type": "multi_users_select", "action_id": "value", "max_selected_items": 50,
             "placeholder": {"type": "plain_text", "text": "Choose people"}}
    if people:
        users["initial_users"] = people
    orgs = {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": 3000,
            "initial_value": "\n".join(prefs.get("organisations", []))}
    blocks = [
        {"type": "header", "block_id": "prefs_header", "text": {"type": "plain_text", "text": "Introductions"}},
        {"type": "input", "block_id": "snooze", "optional": True,
         "label": {"type": "plain_text", "text": "Snooze suggestions"},
         "hint": {"type": "plain_text", "text": "While snoozed you are not suggested, and requests already sent wait for you."},
         "element": {"type": "static_select", "action_id": "value", "options": options, "initial_option": options[0]}},
        {"type": "input", "block_id": "snooze_until", "optional": True,
         "label": {"type": "plain_text", "text": "Snooze until (with “until the date below”)"},
         "element": {"type": "datepicker", "action_id": "value"}},
        {"type": "input", "block_id": "block_people", "optional": True,
         "label": {"type": "plain_text", "text": "Don't introduce me to these people"}, "element": users},
        {"type": "input", "block_id": "block_orgs", "optional": True,
         "label": {"type": "plain_text", "text": "Don't introduce me to people from these organisations"},
         "hint": {"type": "plain_text", "text": "One organisation per line. Nobody is told they are on your list."},
         "element": orgs},
    ]
    if others:
        blocks.append({"type": "context", "block_id": "block_others", "elements": [{"type": "mrkdwn", "text":
                       "Also on your list (set in Teams or by the secretariat): " + escape(truncate(", ".join(others), 1500))}]})
    if prefs.get("paused"):
        blocks.insert(1, _section(":pause_button: You are not suggested at the moment because requests to you expired "
                                  "unanswered. Saving your profile ends that.", "prefs_paused"))
    return blocks


def preference_fields(values: dict) -> dict:
    """What the modal says about the snooze and the list (people as Slack refs, organisations as names)."""
    def pick(block: str) -> dict:
        return (values.get(block) or {}).get("value") or {}

    choice = (pick("snooze").get("selected_option") or {}).get("value") or "keep"
    orgs = [line.strip() for line in (pick("block_orgs").get("value") or "").replace(";", "\n").splitlines() if line.strip()]
    return {"snooze": choice, "snooze_until": pick("snooze_until").get("selected_date"),
            "people": [f"slack:{u}" for u in pick("block_people").get("selected_users") or []], "organisations": orgs}


# ----- staff: introductions by organisation ---------------------------------------------------------
def stats_blocks(stats: list, *, room: int, signals: list = ()) -> list[dict]:  # noqa: ANN001
    """A compact table of the busiest organisations, for the staff section of the App Home, and the contacts
    with the most follow-up answers (the signal matching nudges by; never shown to the contacts)."""
    if room < 3:
        return []
    blocks: list[dict] = [{"type": "header", "block_id": "intro_stats_header",
                           "text": {"type": "plain_text", "text": "Introductions by organisation"}}]
    if not stats:
        return [*blocks, _section("No introduction requests yet.", "intro_stats_none")]
    lines = [f"*{escape(truncate(s.organisation, 80))}* — sent {s.sent} · accepted {s.accepted} · declined {s.declined} "
             f"· expired {s.expired} · useful {s.useful} · received {s.received}" for s in stats[:STATS_SHOWN]]
    blocks.append(_section(truncate("\n".join(lines), 2900), "intro_stats"))
    if signals:
        rated = [f"{escape(truncate(s.name, 60))}: {s.useful} of {s.met} found it useful ({s.rate:.2f})" for s in signals[:8]]
        blocks.append(_section("*After meeting them* — " + truncate(" · ".join(rated), 2800), "intro_signals"))
    more = f"{len(stats) - STATS_SHOWN} more; " if len(stats) > STATS_SHOWN else ""
    blocks.append({"type": "context", "block_id": "intro_stats_note", "elements": [{"type": "mrkdwn", "text":
                   f"{more}all of them: `python -m bot intros stats`. “Useful” counts introductions either side "
                   "reported useful after the follow-up."}]})
    return blocks[:room]
