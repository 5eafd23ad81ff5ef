"""Double opt-in over signed HTTP: nobody but the contact accepts for a contact the bot can reach."""

from __future__ import annotations

from bot.db.models import IntroRequest
from tests.handlers.slack.test_match_intros import REQUESTER, _contacts, _match, _posts_to, _request, _setup

STAFF = "USTAFF"


def _state(harness, intro_id: str) -> str:  # noqa: ANN001
    with harness.services.sessions() as session:
        return session.get(IntroRequest, intro_id).state


def _refusal(harness, count: int) -> str:  # noqa: ANN001
    reply = harness.slack.wait_for("respond/action", count=count, timeout=20)[count - 1].args
    assert reply["response_type"] == "ephemeral" and reply.get("replace_original") is False
    return reply["text"]


def test_staff_cannot_accept_for_contact_on_slack(make_harness) -> None:
    harness = _setup(make_harness(staff_channel="CSTAFF", staff_slack_ids=STAFF))
    button, contact = _match(harness)
    intro = _request(harness, button)
    _posts_to(harness, contact.slack_user_id)  # the contact was asked in Slack

    assert harness.action("intro_accept", intro.id, user=STAFF)[0] == 200
    assert "answers this request themselves" in _refusal(harness, 1)
    assert harness.action("intro_decline", intro.id, user=STAFF)[0] == 200
    assert "answers this request themselves" in _refusal(harness, 2)
    assert _state(harness, intro.id) == "pending_consent"
    assert harness.slack.calls("conversations.open") == []  # the contact's identity went nowhere

    # The contact still decides, and only they are in the conversation with the requester.
    assert harness.action("intro_accept", intro.id, user=contact.slack_user_id)[0] == 200
    opened = harness.slack.wait_for("conversations.open", timeout=20)[0].args
    assert set(opened["users"].split(",")) == {REQUESTER, contact.slack_user_id}


def test_forged_intro_buttons_are_refused(make_harness) -> None:
    harness = _setup(make_harness(staff_channel="CSTAFF", staff_slack_ids=STAFF))
    button, contact = _match(harness)
    intro = _request(harness, button)
    other = next(c for c in _contacts(harness).values()
                 if c.consent and c.slack_user_id and c.id != contact.id)
    theirs = harness.services.intros.request(requester_ref=f"slack:{REQUESTER}", requester_name="Rita", requester_org=None,
                                             contact_id=other.id, reason="Imaging core").intro

    # A signed click by one contact whose value names the request put to another contact.
    assert harness.action("intro_accept", theirs.id, user=contact.slack_user_id)[0] == 200
    assert "Only the person asked" in _refusal(harness, 1)
    # A value naming a person, or nothing, instead of a request.
    for n, value in enumerate((other.slack_user_id, f"slack:{other.slack_user_id}", ""), start=2):
        assert harness.action("intro_accept", value, user=STAFF)[0] == 200
        assert "no longer exists" in _refusal(harness, n)
    assert (_state(harness, intro.id), _state(harness, theirs.id)) == ("pending_consent", "pending_consent")
    assert harness.slack.calls("conversations.open") == []


def test_staff_accept_for_contact_without_chat_account(make_harness) -> None:
    harness = _setup(make_harness(staff_channel="CSTAFF", staff_slack_ids=STAFF))
    contact = next(c for c in _contacts(harness).values() if c.consent and not c.slack_user_id and not c.teams_user_id)
    intro = harness.services.intros.request(requester_ref=f"slack:{REQUESTER}", requester_name="Rita", requester_org=None,
                                            contact_id=contact.id, reason="Biobank samples").intro
    assert harness.action("intro_accept", intro.id, user="UOTHER")[0] == 200  # not staff
    assert "Only the person asked" in _refusal(harness, 1)
    assert harness.action("intro_accept", intro.id, user=STAFF)[0] == 200
    introduction = _posts_to(harness, REQUESTER)[0].args
    assert contact.name in str(introduction["blocks"])
    assert _state(harness, intro.id) == "accepted"
