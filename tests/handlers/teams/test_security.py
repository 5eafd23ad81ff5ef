"""Security of the Teams surface: consent and contact details in introductions, with forged card submissions.
Teams has no staff actions. Complements test_match (a third person's Accept, e-mail addresses in the match card)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bot.db.models import Contact, IntroRequest
from handlers.teams.match_cards import ACCEPT_VERB, DECLINE_VERB, REQUEST_VERB, input_ids
from tests.handlers.teams.helpers import ANN
from tests.handlers.teams.test_match import (  # noqa: F401 - fixtures used by name
    BO,
    NEED,
    REASON,
    Harness,
    card_of,
    contacts_template,
    emails,
    request_forms,
    services,
    set_teams_id,
    shared_embedder,
    submission,
)


def _everything(replies) -> str:  # noqa: ANN001
    return json.dumps([r.model_dump(mode="json", exclude_none=True) for r in replies], ensure_ascii=False)


def test_a_contact_without_consent_cannot_be_requested_with_a_forged_card(services):
    harness = Harness(services)
    with services.sessions() as session:
        withheld = session.scalars(select(Contact).where(Contact.consent.is_(False))).all()
    card = json.dumps(card_of(harness.turn(f"match {NEED}")[0]))
    assert withheld and not any(c.id in card or c.name in card for c in withheld)
    for contact in withheld:
        reason_id, offer_id = input_ids(contact.id)
        forged = {"verb": REQUEST_VERB, "contact_id": contact.id, "need": NEED, "card": "forged", reason_id: REASON}
        replies = harness.turn(value=forged)
        assert [r.text for r in replies] == ["That contact is not available for introductions."]
    with services.sessions() as session:
        assert session.scalars(select(IntroRequest)).all() == []


@pytest.mark.parametrize("verb", [ACCEPT_VERB, DECLINE_VERB])
def test_no_email_reaches_either_side_and_only_the_contact_answers(services, verb):
    harness = Harness(services)
    harness.turn("hello", sender=BO)
    sent = [*harness.turn(f"match {NEED}")]
    form = request_forms(card_of(sent[0]))[0]
    set_teams_id(services, form["contact_id"], "aad-bo")
    sent += harness.turn(value=submission(form))
    (intro,) = services.intros.for_requester(f"teams:{ANN['aadObjectId']}")
    refused = harness.turn(value={"verb": verb, "intro_id": intro.id})  # the requester answering for the contact
    assert [r.text for r in refused] == ["Only the person asked can accept or decline this introduction."]
    assert services.intros.get(intro.id).state == "pending_consent"
    sent += refused + harness.turn(value={"verb": verb, "intro_id": intro.id}, sender=BO)
    assert services.intros.get(intro.id).state == ("accepted" if verb == ACCEPT_VERB else "declined")
    everything = _everything(sent)
    assert REASON in everything and not any(email in everything for email in emails(services))
