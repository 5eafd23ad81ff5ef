"""Snooze, "don't introduce me to" and the follow-up in Teams, through the SDK's TestAdapter: the real
agent, the real matcher and introductions core, notices through the outbox. Forged card data is tried."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.db.models import Contact, IntroFollowUp
from handlers.teams.hygiene_cards import BLOCK_DECLINE_VERB, BLOCKS_VERB, FOLLOW_UP_VERB, SNOOZE_VERB
from handlers.teams.match_cards import ACCEPT_VERB
from tests.handlers.teams.test_match import (  # noqa: F401 - fixtures
    ANN,
    BO,
    EVE,
    NEED,
    Harness,
    card_of,
    contacts_template,
    request_forms,
    services,
    set_teams_id,
    shared_embedder,
    submission,
)


def _bo_is_asked(services):  # noqa: ANN001, ANN202
    """Ann finds a contact, who is Bo in Teams; Ann's request reaches Bo."""
    harness = Harness(services)
    harness.turn("hello", sender=BO)
    form = request_forms(card_of(harness.turn(f"match {NEED}")[0]))[0]
    set_teams_id(services, form["contact_id"], "aad-bo")
    harness.turn(value=submission(form))
    (intro,) = services.intros.for_requester("teams:aad-ann")
    return harness, form, intro


def _matched(harness) -> set[str]:  # noqa: ANN001
    return {f["contact_id"] for f in request_forms(card_of(harness.turn(f"match {NEED}")[0]))}


def test_snooze_from_the_profile_card_hides_the_contact_and_forged_data_is_refused(services):
    harness, form, intro = _bo_is_asked(services)
    bo = form["contact_id"]
    (reply,) = harness.turn("profile", sender=BO)
    card = card_of(reply)
    ids = {e.get("id") for e in card["body"]}
    assert {"snooze", "snooze_until", "block_people", "block_orgs"} <= ids
    submit = next(a["data"] for e in card["body"] if e["type"] == "ActionSet" for a in e["actions"]
                  if a["data"]["verb"] == SNOOZE_VERB)
    assert submit == {"verb": SNOOZE_VERB, "contact_id": bo}

    # Ann forges Bo's contact id into her own submission: refused, nothing changes.
    refused = harness.turn(value={**submit, "snooze": "3m"}, sender=ANN)
    assert [r.text for r in refused] == ["You can only change your own introduction settings."]
    bad_date = harness.turn(value={**submit, "snooze": "date", "snooze_until": "2001-01-01"}, sender=BO)
    assert "has passed" in bad_date[0].text
    assert services.preferences.state(bo)["snoozed_until"] is None

    replies = harness.turn(value={**submit, "snooze": "1w"}, sender=BO)
    assert any("Snoozed until 2026-03-09" in (r.text or "") for r in replies)
    held = next(r for r in replies if r.recipient.id == ANN["id"])  # the waiting requester is told, once
    assert "away and not taking introductions until 2026-03-09" in held.text
    assert bo not in _matched(harness)
    assert services.intros.get(intro.id).state == "pending_consent"

    harness.turn(value={**submit, "snooze": "none"}, sender=BO)
    assert services.preferences.state(bo)["snoozed_until"] is None and bo in _matched(harness)


def test_block_list_and_decline_and_block_in_teams(services):
    harness, form, intro = _bo_is_asked(services)
    bo = form["contact_id"]
    # A forged intro id or someone else's click cannot put anyone on Bo's list.
    refused = harness.turn(value={"verb": BLOCK_DECLINE_VERB, "intro_id": intro.id}, sender=EVE)
    assert [r.text for r in refused] == ["Only the person asked can accept or decline this introduction."]
    assert harness.turn(value={"verb": BLOCK_DECLINE_VERB, "intro_id": ["x"]}, sender=BO)[0].text.startswith("That button")

    replies = harness.turn(value={"verb": BLOCK_DECLINE_VERB, "intro_id": intro.id}, sender=BO)
    assert services.intros.get(intro.id).state == "declined"
    note = next(r for r in replies if r.recipient.id == ANN["id"]).text
    assert "can't take up your introduction request" in note and "list" not in note
    assert services.preferences.state(bo)["people"] == [{"value": "teams:aad-ann", "label": "Ann"}]
    assert bo not in _matched(harness)
    again = harness.turn(value=submission({**form, "card": "another-card"}))
    assert "not available for introductions" in again[0].text

    # The profile card keeps the list: untick Ann, add an organisation by name.
    card = card_of(harness.turn("profile", sender=BO)[0])
    keep = next(e for e in card["body"] if e.get("id") == "block_keep")
    assert keep["value"] == "teams:aad-ann"
    submit = {"verb": BLOCKS_VERB, "contact_id": bo}
    assert "only change your own" in harness.turn(value={**submit, "block_orgs": "Everyone"}, sender=EVE)[0].text
    saved = harness.turn(value={**submit, "block_keep": "", "block_people": "", "block_orgs": "Pulse ApS\nOther Org"}, sender=BO)
    assert saved[0].text == "Saved: 2 on your list. Nobody is told they are on it."
    state = services.preferences.state(bo)
    assert state["people"] == [] and state["organisations"] == ["Pulse ApS", "Other Org"]
    assert bo in _matched(harness)  # Ann is off the list again


def test_follow_up_a_week_later_is_answered_in_one_click(services):
    harness, form, intro = _bo_is_asked(services)
    harness.turn(value={"verb": ACCEPT_VERB, "intro_id": intro.id}, sender=BO)
    services.clock.advance(days=7)
    services.intros.sweep()
    replies = harness.turn("hello")  # the worker delivers the outbox after each turn here
    asked = {r.recipient.id: card_of(r) for r in replies if r.attachments and "Did you meet" in json.dumps(r.attachments[0].content)}
    assert set(asked) == {ANN["id"], BO["id"]}
    answers = [a["data"] for a in asked[ANN["id"]]["actions"]]
    assert [a["answer"] for a in answers] == ["useful", "not_useful", "not_met"] and {a["intro_id"] for a in answers} == {intro.id}

    assert "Only the two people" in harness.turn(value=answers[0], sender=EVE)[0].text
    assert "one of the buttons" in harness.turn(value={**answers[0], "answer": "superb"})[0].text
    assert harness.turn(value=answers[0])[0].text.startswith("Thank you, noted: met, and it was useful")
    harness.turn(value=answers[2], sender=BO)
    with services.sessions() as session:
        got = {(a.side, a.answer) for a in session.scalars(select(IntroFollowUp))}
        assert session.get(Contact, form["contact_id"]).consent
    assert got == {("requester", "useful"), ("contact", "not_met")}
    assert services.intros.get(intro.id).state == "met"


def test_forged_cards_cannot_ask_a_third_person_of_one_organisation(services):
    from collections import defaultdict

    harness = Harness(services)
    form = request_forms(card_of(harness.turn(f"match {NEED}")[0]))[0]
    by_org = defaultdict(list)
    with services.sessions() as session:
        for c in session.scalars(select(Contact).where(Contact.consent.is_(True), Contact.organization_id.is_not(None))):
            by_org[c.organization_id].append(c.id)
    three = next(ids for ids in by_org.values() if len(ids) >= 3)[:3]
    replies = [harness.turn(value=submission({**form, "contact_id": cid, "card": f"forged-{n}"})) for n, cid in enumerate(three)]
    assert replies[-1][0].text.startswith("You already have 2 open requests to people at this organisation")
    assert len(services.intros.for_requester("teams:aad-ann")) == 2
