"""Who asks and who is wanted: the requester's profile, negations, near matches, and the rules they never bend."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select, update

from bot.db.models import Contact
from bot.db.session import transaction
from tests.matching.conftest import contact_ids

# Needs that reach every new path: a requester in its own sentence, a negation, peers on purpose, nobody fits.
NEW_PATHS = [
    "We are a Boston CAR-T manufacturer. Who in Denmark could run our first clinical trial?",
    "a clinical trial site in Denmark, not a hospital",
    "investors anywhere except the US",
    "We are a Danish digital health startup. Show us other Danish digital health startups like us.",
    "a dental implant manufacturer in New Zealand",
    "Which US companies need a clinical trial site?",
]


def _by_id(sessions) -> dict[str, Contact]:  # noqa: ANN001
    with sessions() as session:
        return {c.id: c for c in session.scalars(select(Contact))}


@pytest.mark.parametrize("need", NEW_PATHS)
def test_consent_and_the_organisation_cap_hold_on_every_new_path(matcher, sample, need):
    contacts = _by_id(sample)
    rachel = next(c for c in contacts.values() if c.slack_user_id == "U0FICT005")
    for requester in (None, f"slack:{rachel.slack_user_id}"):
        result = matcher.find(need, limit=50, requester_ref=requester)
        shown = [contacts[m.contact_id] for m in result.matches]
        assert all(c.consent for c in shown), need
        assert max(Counter(c.organization_id or c.id for c in shown).values(), default=0) <= 2, need
        if requester:
            assert rachel.id not in {c.id for c in shown}
            assert all(c.organization_id != rachel.organization_id for c in shown)


def test_a_consent_withdrawn_mid_way_is_respected_by_near_matches(matcher, sample):
    before = matcher.find("a dental implant manufacturer in New Zealand", limit=3)
    assert before.matches and all(m.near for m in before.matches)
    with transaction(sample) as session:
        session.execute(update(Contact).where(Contact.id == before.matches[0].contact_id).values(consent=False))
    after = matcher.find("a dental implant manufacturer in New Zealand", limit=3)
    assert before.matches[0].contact_id not in {m.contact_id for m in after.matches}


def test_the_requesters_profile_fills_in_who_they_are_even_without_consent(matcher, sample):
    """Priya (U0FICT002) is never suggested to anyone, yet her own profile still says who she is when she asks."""
    contacts = _by_id(sample)
    priya = next(c for c in contacts.values() if c.slack_user_id == "U0FICT002")
    assert not priya.consent
    plain = matcher.find("who could I collaborate with?", limit=5)
    mine = matcher.find("who could I collaborate with?", limit=5, requester_ref="slack:U0FICT002")
    assert [m.id for m in plain.matches] != [m.id for m in mine.matches]
    assert priya.id not in {m.contact_id for m in plain.matches + mine.matches}
    assert all(contacts[m.contact_id].organization_id != priya.organization_id for m in mine.matches)


def test_a_negation_excludes_what_it_names(matcher, sample):
    contacts = _by_id(sample)
    everyone = matcher.find("investors", limit=20).matches
    assert any(contacts[m.contact_id].region == "massachusetts" for m in everyone)
    outside = matcher.find("investors anywhere except the US", limit=20).matches
    assert outside and not any(contacts[m.contact_id].region == "massachusetts" for m in outside)
    not_hospitals = matcher.find("a clinical trial site in Denmark, not a hospital", limit=20).matches
    assert not any(contacts[m.contact_id].kind == "hospital" for m in not_hospitals)


def test_the_explanation_names_both_sides(matcher, sample):
    ids = contact_ids(sample)
    daniel = ids["daniel.mercer@fenwickcell.example.com"]
    result = matcher.find("who should I talk to about a clinical trial in Europe?", limit=5, requester_contact_id=daniel)
    mette = next(m for m in result.matches if m.name == "Mette Skovgaard")
    assert mette.they_seek and mette.they_seek.startswith("seeks ") and mette.they_seek.endswith(", which you are")
    assert mette.they_offer == "offers CAR-T clinical trial experience in the Capital Region of Denmark"
    assert mette.as_contract()["fit"] == {"they_seek": mette.they_seek, "they_offer": mette.they_offer}
    assert "Rachel Stein" not in [m.name for m in result.matches]  # a Boston CAR-T rival of Daniel's


def test_nobody_fits_says_so_offers_the_closest_and_no_peers(matcher, sample):
    result = matcher.find("We are a Boston CAR-T manufacturer. Is there a dental implant lab in New Zealand?", limit=5)
    assert result.note and "secretariat" in result.note and "No close match" in result.note
    assert 0 < len(result.matches) <= 3 and all(m.near for m in result.matches)
    assert all(m.reasons[0].startswith("near match: ") for m in result.matches)
    assert result.as_contract()["note"] == result.note
    assert matcher.find(CAR_T_PLAIN := "a Danish hospital to run a CAR-T trial", limit=3).note is None, CAR_T_PLAIN
