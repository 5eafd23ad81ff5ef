"""Languages a need asks of a contact: required ("Spanish-speaking"), preferred ("incl. Arabic speakers")."""

from __future__ import annotations

import pytest

from bot.matching.languages import asked, code_of
from bot.matching.need import parse_need
from tests.matching.conftest import found_emails

CONTACTS = [
    "Carlos Mendoza,carlos@quabbin.example.org,Quabbin General Hospital,hospital,US,massachusetts,"
    "Addiction medicine physician,addiction medicine;opioid use disorder,clinical site for addiction trials,"
    "digital therapeutics,English; Spanish,yes,,",
    "Dana Kline,dana@massrecover.example.org,Mass Recovery Clinic,hospital,US,massachusetts,"
    "Addiction medicine physician,addiction medicine;opioid use disorder;buprenorphine,clinical site for addiction trials,"
    "digital therapeutics,en,yes,,",
    "Amira Khalil,amira@revinge.example.org,Revinge Hospital,hospital,SE,region-skane,IBD nurse,"
    "inflammatory bowel disease;patient interviews,IBD nurse clinic,IBD apps,sv;ar;en,yes,,",
]


@pytest.fixture
def small(over):
    return over(CONTACTS)


def test_languages_are_read_as_names_or_codes_and_asked_or_preferred():
    assert code_of(" Spanish") == "es" and code_of("ar") == "ar"
    assert asked("someone who speaks Japanese") == ({"ja"}, frozenset())
    assert asked("patients incl. arabic speakers") == (frozenset(), {"ar"})
    need = parse_need("a Japanese-speaking clinician in Boston")
    assert need.languages == {"ja"} and [p.label for p in need.located] == ["Massachusetts"]
    assert "japanese" not in need.words


def test_a_contact_listing_the_language_asked_comes_first(small):
    matcher, ids = small
    result = matcher.find("spanish-speaking addiction medicine doctors in MA for a trial", limit=3)
    assert found_emails(result, ids)[0] == "carlos@quabbin.example.org" and result.note is None
    assert all(m.near for m in result.matches[1:])  # the others do not list Spanish


def test_nobody_speaking_the_language_asked_is_an_honest_no_match(small):
    matcher, _ = small
    result = matcher.find("an addiction medicine doctor in Boston who speaks Japanese", limit=3)
    assert result.note and result.note.startswith("No close match")
    assert result.matches and all(m.near for m in result.matches)
    assert "Japanese" in result.matches[0].reasons[0]


def test_preferred_speakers_rank_first_without_ruling_others_out(small):
    matcher, ids = small
    result = matcher.find("IBD nurse in skåne to interview patients incl arabic speakers", limit=3)
    assert found_emails(result, ids)[0] == "amira@revinge.example.org" and result.note is None


def test_the_index_carries_the_languages_contacts_list(small):
    matcher, ids = small
    profile = matcher.index().profiles[matcher.index().position[ids["amira@revinge.example.org"]]]
    assert profile.languages == ("sv", "ar", "en")
