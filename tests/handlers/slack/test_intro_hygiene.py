"""Snooze, "don't introduce me to", the follow-up and the staff's figures, end to end: signed requests
into the real Bolt app, the real Slack client against the fake Slack Web API, notices through the
outbox and the worker in this process. Forged button values and form metadata are tried too."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.db.models import IntroFollowUp
from tests.fakes import view_submission_body
from tests.handlers.slack.conftest import block_text
from tests.handlers.slack.test_match_intros import NEED, REQUESTER, _buttons, _match, _posts_to, _request, _setup, _wait_intro


def _open_profile(harness, user: str, n: int = 1) -> dict:  # noqa: ANN001
    assert harness.command("", user=user, name="/profile")[0] == 200
    return harness.slack.wait_for("views.update", count=n, timeout=20)[-1].args["view"]


def _values(modal: dict, **changes) -> dict:  # noqa: ANN003
    """What Slack submits for the modal as it was opened, with `changes` (block id -> state)."""
    values = {}
    for block in modal["blocks"]:
        element = block.get("element") or {}
        if block.get("type") != "input":
            continue
        kind = element.get("type")
        if kind == "plain_text_input":
            state = {"type": kind, "value": element.get("initial_value", "")}
        elif kind == "checkboxes":
            state = {"type": kind, "selected_options": element.get("initial_options", [])}
        elif kind == "static_select":
            state = {"type": kind, "selected_option": element.get("initial_option")}
        elif kind == "datepicker":
            state = {"type": kind, "selected_date": None}
        else:
            state = {"type": kind, "selected_users": element.get("initial_users", [])}
        values[block["block_id"]] = {"value": state}
    for block_id, state in changes.items():
        values[block_id] = {"value": {**values[block_id]["value"], **state}}
    return values


def _matched_ids(harness, n: int) -> list[str]:  # noqa: ANN001
    assert harness.command(NEED, user=REQUESTER, name="/match")[0] == 200
    reply = harness.slack.wait_for("respond/match", count=n, timeout=60)[-1].args
    return [json.loads(b["value"])["c"] for b in _buttons(reply["blocks"])]


def test_snooze_from_the_profile_modal_hides_and_holds_then_ends(make_harness) -> None:
    harness = _setup(make_harness())
    button, contact = _match(harness)
    intro = _request(harness, button)
    _posts_to(harness, contact.slack_user_id)  # the consent request arrived before the snooze
    modal = _open_profile(harness, contact.slack_user_id)
    assert {"snooze", "snooze_until", "block_people", "block_orgs"} <= {b.get("block_id") for b in modal["blocks"]}

    # A date in the past is refused in the form, and nothing changes.
    status, body = harness.view("profile_edit", _values(modal, snooze={"selected_option": {"value": "date"}},
                                                        snooze_until={"selected_date": "2020-01-01"}),
                                user=contact.slack_user_id, private_metadata=modal["private_metadata"])
    assert status == 200 and json.loads(body)["errors"]["snooze_until"].startswith("That date has passed")
    harness.settle()
    assert harness.services.preferences.state(contact.id)["snoozed_until"] is None

    harness.view("profile_edit", _values(modal, snooze={"selected_option": {"value": "1m"}}),
                 user=contact.slack_user_id, private_metadata=modal["private_metadata"])
    harness.settle()
    assert harness.services.preferences.state(contact.id)["snoozed_until"]
    assert "away and not taking introductions" in _posts_to(harness, REQUESTER, count=2)[-1].args["text"]
    assert contact.id not in _matched_ids(harness, 2)  # not suggested while snoozed
    assert _wait_intro(harness).state == "pending_consent"  # the open request waits

    # A forged button pointing at the snoozed contact is refused, in words that reveal nothing else.
    assert harness.action("intro_request", button["value"], user="U2")[0] == 200
    meta = harness.slack.wait_for("views.open", count=2, timeout=20)[-1].args["view"]["private_metadata"]
    harness.view("intro_request_submit", {"reason": {"value": "Please"}, "offer": {"value": ""}}, user="U2",
                 private_metadata=meta)
    assert "not taking introductions" in harness.slack.wait_for(
        "chat.postMessage", timeout=20, predicate=lambda c: c.args.get("channel") == "U2")[0].args["text"]

    modal = _open_profile(harness, contact.slack_user_id, n=2)
    assert "Snoozed until" in json.dumps(modal)
    harness.view("profile_edit", _values(modal, snooze={"selected_option": {"value": "none"}}),
                 user=contact.slack_user_id, private_metadata=modal["private_metadata"])
    harness.settle()
    assert harness.services.preferences.state(contact.id)["snoozed_until"] is None
    assert contact.id in _matched_ids(harness, 3)
    assert intro.id == _wait_intro(harness).id


def test_block_list_from_the_modal_and_from_the_request_is_never_broken(make_harness) -> None:
    harness = _setup(make_harness())
    button, contact = _match(harness)
    intro = _request(harness, button)
    _posts_to(harness, contact.slack_user_id)

    # Someone else's profile: the form's metadata forged to name the contact is refused.
    other = _open_profile(harness, "U0FICT001")
    forged = json.dumps({"contact_id": contact.id})
    harness.view("profile_edit", _values(other, block_orgs={"value": "Everyone Inc"}), user="U0FICT001",
                 private_metadata=forged)
    harness.settle()
    assert harness.services.preferences.state(contact.id)["organisations"] == []

    modal = _open_profile(harness, contact.slack_user_id, n=2)
    harness.view("profile_edit", _values(modal, block_people={"selected_users": [REQUESTER]}),
                 user=contact.slack_user_id, private_metadata=modal["private_metadata"])
    harness.settle()
    assert _wait_intro(harness, "declined").id == intro.id  # the open request, declined quietly
    note = _posts_to(harness, REQUESTER, count=2)[-1].args["text"]
    assert "did not work out this time" in note and "list" not in note and contact.name not in note
    assert contact.id not in _matched_ids(harness, 2)

    # The old button, replayed: refused as for anyone unavailable.
    assert harness.action("intro_request", button["value"], user=REQUESTER)[0] == 200
    meta = harness.slack.wait_for("views.open", count=2, timeout=20)[-1].args["view"]["private_metadata"]
    harness.send(view_submission_body("intro_request_submit", {"reason": {"value": "Again"}, "offer": {"value": ""}},
                                      REQUESTER, private_metadata=meta, view_id="V00000002"))  # a new form
    assert "not available for introductions" in _posts_to(harness, REQUESTER, count=3)[-1].args["text"]
    saved = harness.services.preferences.state(contact.id)["people"]
    assert [p["value"] for p in saved] == [f"slack:{REQUESTER}"]
    assert [b["block_id"] for b in _open_profile(harness, contact.slack_user_id, n=3)["blocks"]
            if (b.get("element") or {}).get("initial_users") == [REQUESTER]] == ["block_people"]


def test_decline_and_block_button_then_follow_up_answers(make_harness) -> None:
    from bot.cli.intros import run_sweep

    harness = _setup(make_harness(staff_slack_ids="USTAFF"), clock=True)
    button, contact = _match(harness)
    intro = _request(harness, button)
    _posts_to(harness, contact.slack_user_id)
    assert harness.action("intro_decline_block", intro.id, user=REQUESTER)[0] == 200  # not theirs to answer
    assert "Only the person asked" in harness.slack.wait_for("respond/action", timeout=20)[0].args["text"]
    assert harness.action("intro_decline_block", intro.id, user=contact.slack_user_id)[0] == 200
    assert _wait_intro(harness, "declined")
    assert harness.services.preferences.state(contact.id)["people"][0]["value"] == f"slack:{REQUESTER}"

    # Another requester is accepted, then followed up a week later in their conversation.
    harness.slack.register("UASK")
    accepted = harness.services.intros.request(requester_ref="slack:UASK", requester_name="Asa", requester_org="Pulse ApS",
                                               contact_id=contact.id, reason="Trial site").intro
    harness.services.intros.accept(accepted.id, actor_ref=f"slack:{contact.slack_user_id}")
    harness.services.clock.advance(days=7)
    assert run_sweep(harness.services)["follow_ups"] == 1
    assert run_sweep(harness.services)["follow_ups"] == 0  # once
    asked = harness.slack.wait_for("chat.postMessage", timeout=20,
                                   predicate=lambda c: "Did you meet" in c.args.get("text", ""))[0].args
    buttons = [e for b in asked["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [b["action_id"] for b in buttons] == ["intro_follow_up_useful", "intro_follow_up_not_useful", "intro_follow_up_not_met"]
    assert {b["value"] for b in buttons} == {accepted.id}

    # A stranger, or a value pointing at someone else's introduction, is refused.
    assert harness.action("intro_follow_up_useful", accepted.id, user="U2")[0] == 200
    assert harness.action("intro_follow_up_useful", intro.id, user="UASK")[0] == 200  # someone else's introduction
    assert harness.action("intro_follow_up_useful", intro.id, user=REQUESTER)[0] == 200  # theirs, never accepted
    harness.action("intro_follow_up_useful", accepted.id, user="UASK")
    harness.action("intro_follow_up_not_useful", accepted.id, user=contact.slack_user_id)
    harness.settle()
    texts = [c.args["text"] for c in harness.slack.calls("respond/action")]
    assert sum("Only the two people introduced" in t for t in texts) == 2
    assert any("has not been followed up" in t for t in texts)
    assert sum(t.startswith("Thank you, noted") for t in texts) == 2
    with harness.services.sessions() as session:
        answers = {(a.side, a.answer) for a in session.scalars(select(IntroFollowUp))}
    assert answers == {("requester", "useful"), ("contact", "not_useful")}

    # Staff see the figures per organisation on the App Home; others do not.
    harness.event({"type": "app_home_opened", "user": "USTAFF", "tab": "home"})
    harness.event({"type": "app_home_opened", "user": REQUESTER, "tab": "home"})
    homes = {c.args["user_id"]: c.args["view"] for c in harness.slack.wait_for("views.publish", count=2, timeout=30)}
    staff_text = block_text(homes["USTAFF"]["blocks"])
    assert "Introductions by organisation" in staff_text and "*Pulse ApS* — sent 1 · accepted 1" in staff_text
    assert "useful 1" in staff_text and "After meeting them" in staff_text and ": 1 of 1 found it useful (0.60)" in staff_text
    assert "Introductions by organisation" not in block_text(homes[REQUESTER]["blocks"])


def test_forged_buttons_cannot_ask_a_third_person_of_one_organisation(make_harness) -> None:
    from collections import defaultdict

    from tests.handlers.slack.test_match_intros import _contacts

    harness = _setup(make_harness())
    by_org = defaultdict(list)
    for c in _contacts(harness).values():
        if c.consent and c.organization_id:
            by_org[c.organization_id].append(c)
    three = next(people for people in by_org.values() if len(people) >= 3)[:3]
    for n, contact in enumerate(three, 1):  # buttons /match would never show together, forged
        value = json.dumps({"c": contact.id, "n": contact.name, "q": NEED})
        assert harness.action("intro_request", value, user=REQUESTER)[0] == 200
        meta = harness.slack.wait_for("views.open", count=n, timeout=20)[-1].args["view"]["private_metadata"]
        harness.send(view_submission_body("intro_request_submit", {"reason": {"value": "Trial"}, "offer": {"value": ""}},
                                          REQUESTER, private_metadata=meta, view_id=f"V0000000{n}"))
        harness.settle()
    texts = [c.args["text"] for c in _posts_to(harness, REQUESTER, count=3)]
    assert texts[-1].startswith("You already have 2 open requests to people at this organisation")
    assert len(harness.services.intros.for_requester(f"slack:{REQUESTER}")) == 2


def test_the_new_notices_render_for_the_person_and_for_staff_in_slack_and_teams() -> None:
    from bot.matching.intros import IntroView
    from bot.notices.kinds import Delivery, NoticeKind, Recipient
    from handlers.slack import notice_blocks
    from handlers.slack.command_names import CommandNames
    from handlers.teams import notice_cards

    intro = IntroView(id="i1", state="accepted", requester_ref="slack:UREQ", requester_name="Rita", requester_org="Pulse",
                      reason="Trial", offer=None, need=None, contact_id="c1", contact_name="Ida", contact_org=None,
                      contact_email="ida@example.org", contact_slack_id="UIDA", contact_teams_id=None,
                      created_at="2026-03-02T09:00:00+00:00", expires_at=None)
    cases = {NoticeKind.HELD: ({"until": "2026-04-01"}, "until 2026-04-01"), NoticeKind.PAUSED: ({"limit": 3}, "3 introduction"),
             NoticeKind.FOLLOW_UP: ({}, "Did you meet")}
    for kind, (extra, expect) in cases.items():
        for reason in (None, "Ida has no chat account"):
            delivery = Delivery(key="k", kind=kind, recipient=Recipient.CONTACT, surface="slack", target="UIDA", intro=intro,
                                reason=reason, extra=extra)
            slack = notice_blocks.render(delivery, {"names": CommandNames("x")})
            teams = json.dumps(notice_cards.render(delivery))
            assert expect in slack.text + block_text(slack.blocks) and expect in teams
            if kind is NoticeKind.PAUSED:
                assert "/x-profile" in slack.text
            if reason:  # staff pass it on: the one-click answers are the person's own
                assert "actions" not in json.dumps(slack.blocks) and '"actions"' not in teams
