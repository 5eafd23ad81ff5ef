"""/match, introductions (request, approval, consent, accept/decline, expiry) and /profile, over HTTP."""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from bot.clock import ManualClock
from bot.db.models import Contact, IntroRequest, ProfileChange
from bot.db.session import transaction
from tests.conftest import SAMPLE_CONTACTS
from tests.handlers.slack.conftest import block_text

NEED = "a hospital in Denmark for a wearable ECG trial"
REQUESTER = "UREQ"


def _setup(harness, clock: bool = False):  # noqa: ANN001, ANN202
    from bot.matching.importer import import_file

    if clock:  # before anything touches the introductions
        harness.services.clock = ManualClock(datetime(2026, 3, 2, 9, tzinfo=timezone.utc))
    with transaction(harness.services.sessions) as session:
        report = import_file(session=session, path=SAMPLE_CONTACTS, embedder=harness.services.embedder)
    assert report.created > 60 and not report.rejected
    with harness.services.sessions() as session:  # the contacts on Slack and the requester are workspace members
        on_slack = [c.slack_user_id for c in session.scalars(select(Contact)) if c.slack_user_id]
    harness.slack.register(REQUESTER, *on_slack)
    return harness


def _contacts(harness) -> dict[str, Contact]:  # noqa: ANN001
    with harness.services.sessions() as session:
        return {c.id: c for c in session.scalars(select(Contact))}


def _buttons(blocks: list[dict]) -> list[dict]:
    return [b["accessory"] for b in blocks if b.get("accessory", {}).get("action_id") == "intro_request"]


def _match(harness, user: str = REQUESTER) -> tuple[dict, Contact]:  # noqa: ANN001
    status, body = harness.command(NEED, user=user, name="/match")
    assert status == 200 and "Looking for matches" in json.loads(body)["text"]
    reply = harness.slack.wait_for("respond/match", timeout=60)[0].args
    contacts = _contacts(harness)
    buttons = _buttons(reply["blocks"])
    assert buttons and all(b["text"]["text"] == "Request introduction" for b in buttons)
    text = json.dumps(reply)
    assert "@" not in text.replace("<@", "") and not any(c.email in text for c in contacts.values())
    assert all(contacts[json.loads(b["value"])["c"]].consent for b in buttons)
    button = next(b for b in buttons if contacts[json.loads(b["value"])["c"]].slack_user_id)
    return button, contacts[json.loads(button["value"])["c"]]


def _request(harness, button: dict, user: str = REQUESTER, times: int = 1) -> IntroRequest:  # noqa: ANN001
    assert harness.action("intro_request", button["value"], user=user)[0] == 200
    modal = harness.slack.wait_for("views.open", timeout=20)[-1].args["view"]
    assert modal["callback_id"] == "intro_request_submit"
    assert {b.get("block_id") for b in modal["blocks"]} >= {"reason", "offer"}
    for _ in range(times):  # a replayed submission carries the same view id
        status, _ = harness.view("intro_request_submit", {"reason": {"value": "We need a Danish trial site for our ECG patch."},
                                                          "offer": {"value": "Devices and trial funding"}},
                                 user=user, private_metadata=modal["private_metadata"])
        assert status == 200
    return _wait_intro(harness)


def _wait_intro(harness, state: str | None = None, timeout: float = 20.0) -> IntroRequest:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while True:
        with harness.services.sessions() as session:
            rows = session.scalars(select(IntroRequest)).all()
        if rows and (state is None or rows[0].state == state):
            assert len(rows) == 1
            return rows[0]
        assert time.monotonic() < deadline, f"no introduction request in state {state}"
        time.sleep(0.05)


def _posts_to(harness, channel: str, count: int = 1) -> list:  # noqa: ANN001
    return harness.slack.wait_for("chat.postMessage", count=count, timeout=20,
                                  predicate=lambda c: c.args.get("channel") == channel)


def test_match_request_consent_and_accept(make_harness) -> None:
    harness = _setup(make_harness())
    button, contact = _match(harness)
    intro = _request(harness, button, times=2)
    assert intro.state == "pending_consent" and intro.requester_ref == f"slack:{REQUESTER}"
    [consent] = _posts_to(harness, contact.slack_user_id)
    assert "Danish trial site" in block_text(consent.args["blocks"])
    actions = [e["action_id"] for b in consent.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert actions == ["intro_accept", "intro_decline", "intro_decline_block"]
    assert "on its way" in _posts_to(harness, REQUESTER)[0].args["text"]
    harness.settle()
    assert len(_posts_to(harness, contact.slack_user_id)) == 1  # the replayed submission sent nothing

    assert harness.action("intro_accept", intro.id, user=contact.slack_user_id)[0] == 200
    opened = harness.slack.wait_for("conversations.open", timeout=20)[0].args
    assert set(opened["users"].split(",")) == {REQUESTER, contact.slack_user_id}
    group = next(c for c in harness.slack.wait_for("chat.postMessage", count=3, timeout=20)
                 if c.args["channel"].startswith("G"))
    text = block_text(group.args["blocks"])
    assert "Danish trial site" in text and contact.name in text and contact.email not in text
    assert _wait_intro(harness, "accepted")


def test_decline_tells_the_requester_politely(make_harness) -> None:
    harness = _setup(make_harness())
    button, contact = _match(harness)
    intro = _request(harness, button)
    _posts_to(harness, contact.slack_user_id)
    assert harness.action("intro_decline", intro.id, user=REQUESTER)[0] == 200  # not theirs to decline
    assert "Only the person asked" in harness.slack.wait_for("respond/action", timeout=20)[0].args["text"]
    assert harness.action("intro_decline", intro.id, user=contact.slack_user_id)[0] == 200
    notes = _posts_to(harness, REQUESTER, count=2)
    note = notes[-1].args["text"]
    assert "did not work out this time" in note and contact.name not in note
    assert _wait_intro(harness, "declined")


def test_approval_by_staff_only(make_harness) -> None:
    harness = _setup(make_harness(intro_require_approval=True, staff_channel="CSTAFF", staff_slack_ids="USTAFF"))
    button, contact = _match(harness)
    intro = _request(harness, button)
    assert intro.state == "pending_approval"
    [staff_post] = _posts_to(harness, "CSTAFF")
    actions = [e["action_id"] for b in staff_post.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert actions == ["intro_approve", "intro_reject"]
    assert contact.email not in json.dumps(staff_post.args)

    assert harness.action("intro_approve", intro.id, user="UOTHER")[0] == 200
    refusal = harness.slack.wait_for("respond/action", timeout=20)[0].args
    assert refusal["response_type"] == "ephemeral" and "Only ambassadors" in refusal["text"]
    assert _wait_intro(harness).state == "pending_approval"

    assert harness.action("intro_approve", intro.id, user="USTAFF")[0] == 200
    assert "Danish trial site" in block_text(_posts_to(harness, contact.slack_user_id)[0].args["blocks"])
    assert _wait_intro(harness, "pending_consent").approved_by == "slack:USTAFF"
    assert harness.action("intro_accept", intro.id, user=contact.slack_user_id)[0] == 200
    opened = harness.slack.wait_for("conversations.open", timeout=20)[0].args
    assert set(opened["users"].split(",")) == {REQUESTER, contact.slack_user_id, "USTAFF"}


def test_contact_without_slack_goes_to_staff_with_email(make_harness) -> None:
    harness = _setup(make_harness(staff_channel="CSTAFF"))
    contact = next(c for c in _contacts(harness).values() if c.consent and not c.slack_user_id)
    harness.services.intros.request(requester_ref=f"slack:{REQUESTER}", requester_name="Rita", requester_org=None,
                                    contact_id=contact.id, reason="Biobank samples")
    [post] = _posts_to(harness, "CSTAFF")
    assert contact.email in block_text(post.args["blocks"])


def test_reminder_then_expiry_with_the_sweep(make_harness) -> None:
    from bot.cli.intros import run_sweep

    harness = _setup(make_harness(), clock=True)
    button, contact = _match(harness)
    intro = _request(harness, button)
    _posts_to(harness, contact.slack_user_id)
    sweep = lambda: {k: v for k, v in run_sweep(harness.services).items() if k in ("reminders", "expired")}  # noqa: E731
    assert sweep() == {"reminders": 0, "expired": 0}
    harness.services.clock.advance(days=8)
    assert sweep() == {"reminders": 1, "expired": 0}
    assert "Reminder" in _posts_to(harness, contact.slack_user_id, count=2)[-1].args["text"]
    harness.services.clock.advance(days=7)
    assert sweep() == {"reminders": 0, "expired": 1}
    assert "expired" in _posts_to(harness, REQUESTER, count=2)[-1].args["text"]
    assert _wait_intro(harness, "expired").id == intro.id


def test_direct_message_asking_for_partners_gets_matches_and_home_lists_requests(make_harness) -> None:
    harness = _setup(make_harness())
    harness.dm("Find me a hospital in Denmark for a wearable ECG trial", user=REQUESTER, channel="DREQ")
    reply = _posts_to(harness, "DREQ")[0].args
    assert _buttons(reply["blocks"]) and reply.get("thread_ts")
    harness.dm("Find me a partner in Massachusetts", user=REQUESTER, channel="DPANE", thread_ts="1700000000.000001")
    pane = _posts_to(harness, "DPANE")[0].args  # the assistant pane: a thread in the DM
    assert pane["thread_ts"] == "1700000000.000001" and _buttons(pane["blocks"])
    button, _ = _match(harness)
    intro = _request(harness, button)
    harness.event({"type": "app_home_opened", "user": REQUESTER, "tab": "home"})
    home = harness.slack.wait_for("views.publish", timeout=30)[0].args["view"]
    withdraw = [b["accessory"] for b in home["blocks"] if b.get("accessory", {}).get("action_id") == "intro_withdraw"]
    assert [w["value"] for w in withdraw] == [intro.id]
    assert harness.action("intro_withdraw", intro.id, user="USOMEONE")[0] == 200
    harness.settle()
    assert _wait_intro(harness).state == "pending_consent"
    assert harness.action("intro_withdraw", intro.id, user=REQUESTER)[0] == 200
    assert _wait_intro(harness, "withdrawn")


@pytest.mark.parametrize("own", [True, False])
def test_profile_edits_only_your_own(make_harness, own) -> None:
    harness = _setup(make_harness())
    contacts = _contacts(harness)
    megan = next(c for c in contacts.values() if c.slack_user_id == "U0FICT001")
    other = next(c for c in contacts.values() if c.slack_user_id == "U0FICT003")
    assert harness.command("", user="U0FICT001", name="/profile")[0] == 200
    updated = harness.slack.wait_for("views.update", timeout=20)[0].args
    modal = updated["view"]
    assert modal["callback_id"] == "profile_edit" and updated["external_id"].startswith("profile:U0FICT001:")
    assert json.loads(modal["private_metadata"])["contact_id"] == megan.id and megan.email not in json.dumps(modal)
    target = megan if own else other
    values = {"expertise": {"value": "CRISPR gene editing; prime editing"}, "offering": {"value": ""},
              "seeking": {"value": "Danish clinical collaborators"}, "languages": {"value": "English; Danish"},
              "consent": {"value": {"type": "checkboxes", "selected_options": []}}}
    harness.view("profile_edit", values, user="U0FICT001", private_metadata=json.dumps({"contact_id": target.id}))
    reply = _posts_to(harness, "U0FICT001")[0].args["text"]
    with harness.services.sessions() as session:
        changes = session.scalars(select(ProfileChange)).all()
        stored = session.get(Contact, target.id)
    if own:
        assert "saved" in reply and stored.expertise == ["CRISPR gene editing", "prime editing"] and not stored.consent
        assert [c.editor for c in changes] == ["slack:U0FICT001"]
    else:
        assert "only edit your own" in reply and stored.consent and not changes


def test_the_signed_in_users_own_profile_says_who_is_asking(make_harness) -> None:
    """Rachel (U0FICT005) makes CAR-T cells in Boston: her profile, found by her Slack id, keeps her rivals out."""
    harness = _setup(make_harness())
    status, _ = harness.command("who should I talk to about a clinical trial in Europe?", user="U0FICT005", name="/match")
    assert status == 200
    reply = harness.slack.wait_for("respond/match", timeout=60)[0].args
    contacts = _contacts(harness)
    shown = [contacts[json.loads(b["value"])["c"]] for b in _buttons(reply["blocks"])]
    rachel = next(c for c in contacts.values() if c.slack_user_id == "U0FICT005")
    names = [c.name for c in shown]
    assert "Mette Skovgaard" in names[:3] and "Daniel Mercer" not in names  # the Danish site, not a Boston rival
    assert all(c.consent for c in shown) and all(c.organization_id != rachel.organization_id for c in shown)
    assert max(names.count(n) for n in names) == 1
    assert all(sum(c.organization_id == o.organization_id for c in shown) <= 2 for o in shown)
    assert "which you are" in block_text(reply["blocks"])


def test_nobody_fits_is_said_in_slack_with_near_matches_marked(make_harness) -> None:
    harness = _setup(make_harness())
    harness.command("a dental implant manufacturer in New Zealand", user=REQUESTER, name="/match")
    reply = harness.slack.wait_for("respond/match", timeout=60)[0].args
    text = block_text(reply["blocks"])
    assert "No close match" in text and "secretariat" in text
    contacts = _contacts(harness)
    assert all(contacts[json.loads(b["value"])["c"]].consent for b in _buttons(reply["blocks"]))
    assert text.count("_near match_") == len(_buttons(reply["blocks"])) > 0
