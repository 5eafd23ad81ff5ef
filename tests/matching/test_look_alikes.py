"""A company's look-alike across the Atlantic competes for the same partners; "other ... here?" asks for peers; a
relative clause negates ("a test that is NOT blood based"); Danish chat names the requester ("vi er
transplantationscentret i kbh")."""

from __future__ import annotations

import pytest

from bot.matching.need import parse_need
from tests.matching.conftest import found_emails

CONTACTS = [
    # the site a Danish kit company needs in the US
    "Luis Ortega,luis@minot-lab.example.com,Minot Reference Laboratories,company,US,massachusetts,Partner services,"
    "CLIA laboratory;molecular STI testing,validation of self-collected swabs for partners' kits,"
    "self-test kit companies entering the US,English,yes,,",
    # a US company in the requester's own business
    "Megan Hale,megan@homeswab.example.com,HomeSwab Health,company,US,massachusetts,Head of Partnerships,"
    "at-home STI self-test kits;mail-in STI testing,at-home STI self-test kit brand in the US,"
    "pharmacy chains;growth investors,English,yes,,",
    "Karin Åberg,karin@liftwise.example.com,Liftwise AB,company,SE,region-skane,CEO,"
    "exosuits;exoskeletons for logistics workers,soft exosuit for warehouse work,"
    "pilot sites in logistics,Swedish;English,yes,,",
    "Sam Reyes,sam@ironbound.example.com,Ironbound Robotics,company,US,massachusetts,CTO,"
    "powered exoskeletons;exoskeleton CE marking,powered lower-limb exoskeleton,European distributors,English,yes,,",
    "Ingrid Sandberg,ingrid@ljungbacka.example.org,Ljungbacka Hospital,hospital,SE,region-skane,Head of rehabilitation,"
    "neurorehabilitation;robot-assisted gait training,clinical trial site for exoskeletons,"
    "exoskeleton companies,Swedish;English,yes,,",
    "Elin Rydberg,elin@rejekta.example.com,Rejekta Diagnostics,company,SE,region-skane,CEO,"
    "donor-derived cell-free DNA;kidney rejection monitoring,dd-cfDNA kidney rejection blood test,"
    "US transplant centres,Swedish;English,yes,,",
    "Vikram Desai,vikram@allomark.example.com,Allomark Dx,company,US,massachusetts,CSO,"
    "urinary biomarkers;kidney rejection,urine-based kidney rejection test,European transplant centres,English,yes,,",
]


@pytest.fixture
def small(over):
    return over(CONTACTS)


def test_a_company_in_the_requesters_business_across_the_atlantic_is_a_peer_not_a_partner(small):
    matcher, ids = small
    need = ("vi er en dansk startup med STI selvtest kits. want to launch in the US – need a CLIA lab that can take "
            "our self-collected swabs")
    result = matcher.find(need, limit=5)
    found = found_emails(result, ids)
    assert found[0] == "luis@minot-lab.example.com"
    score = {email: m.score for email, m in zip(found, result.matches)}
    # scored like an unrelated company, far below the lab the need asks for
    assert score["megan@homeswab.example.com"] < 0.4 * score["luis@minot-lab.example.com"]


def test_other_companies_here_asks_for_peers(small):
    matcher, ids = small
    need = parse_need("other exoskeleton / exosuit cos here? would like to swap notes on CE marking")
    assert need.wants_peers
    assert parse_need("other compression garment makers in the network?").wants_peers
    assert not parse_need("a hospital other than Lund for an exoskeleton pilot").wants_peers


def test_a_relative_clause_saying_not_rules_out_what_it_names(small):
    matcher, ids = small
    need = "kidney rejection test that is NOT blood / cfDNA based – we want something urine based"
    assert [e.phrase for e in parse_need(need).exclusions] == ["blood", "cfDNA based"]
    found = found_emails(matcher.find(need, limit=3), ids)
    assert found[0] == "vikram@allomark.example.com" and "elin@rejekta.example.com" not in found


def test_danish_chat_names_the_requesters_kind_and_town():
    need = parse_need("vi er transplantationscentret i kbh, we get marginal DCD kidneys and want to try ex vivo repair")
    assert need.requester_kinds == {"hospital"}
    assert [p.label for p in need.requester_places] == ["the Capital Region of Denmark"]
