"""Where a need says the target must be, and when shared words are no evidence of a fit."""

from __future__ import annotations

import pytest

from bot.matching.need import parse_need
from bot.matching.verdict import shortfall
from tests.matching.conftest import found_emails


def _located(text: str) -> list[str]:
    return [p.label for p in parse_need(text).located]


def test_dk_is_denmark_as_people_write_it():
    assert _located("obesity trial sites in dk or skåne that have done glp-1 studies") == ["Denmark", "Region Skåne"]
    assert "Denmark" in _located("a PV vendor for our launch in dk/se/no")


def test_not_outside_a_place_is_inside_it():
    need = parse_need("nordic PV vendor for our launch - not outside scandinavia, we need local-language case intake")
    assert need.exclusions == ()
    assert "the Nordics" in [p.label for p in need.located]
    # "outside" alone still rules the place out.
    (exclusion,) = parse_need("a CRO outside the US").exclusions
    assert exclusion.countries == {"US"}


def test_manufacturer_misspelt_still_names_a_company():
    assert parse_need("we need a dialysis machine manufacterer in Massachusetts").kinds == {"company"}


def test_a_comma_part_that_names_nobody_describes_the_same_target():
    # "fee for service" says more about the CRO asked for; it is not a second target without a kind.
    assert parse_need("zebrafish tox screening CRO in scandinavia, fee for service").kinds_required
    # A second part that opens like one sought still makes the kind optional.
    assert not parse_need("a zebrafish CRO in Sweden, a partner for toxicology").kinds_required
    assert not parse_need("an inhalation formulation partner and respiratory clinicians in Denmark").kinds_required


@pytest.mark.parametrize(("text", "only"), [
    ("concussion clinic to validate a blood test - US only, it's for the FDA submission", True),
    ("contract manufacturer. has to be in DK or sweden", True),
    ("a sleep lab, only in the Øresund region", True),
    ("a Danish hospital for a trial", False),
    ("a US-only broker for trial insurance", False),  # what the broker is, not where the target must be
    ("peds myopia trial site in cph - has to be copenhagen bc of the school cohort", True),  # no "in" after "be"
    ("a lab in boston, must be GMP", False),
])
def test_a_place_can_be_a_must(text, only):
    assert parse_need(text).place_only is only


def test_a_must_place_leaves_out_contacts_elsewhere_even_as_near_matches(over):
    matcher, ids = over([
        "Kevin Doyle,kdoyle@assabet.example.org,Assabet Medical Center,hospital,US,massachusetts,Director,"
        "concussion clinic;traumatic brain injury,clinical validation of TBI diagnostics,diagnostics companies,English,yes,,",
        "Thomas Refsgaard,tr@emdrup.example.org,Emdrup University,researcher,DK,capital-region-dk,Professor,"
        "concussion;blood biomarkers of brain injury,academic collaboration on concussion biomarkers,partners,English,yes,,",
    ])
    preferred = found_emails(matcher.find("concussion clinic to validate a blood test in the US", limit=3), ids)
    assert "tr@emdrup.example.org" in preferred  # a preference: the Danish researcher is still offered
    found = found_emails(matcher.find("concussion clinic to validate a blood test - US only, it's for the FDA", limit=3), ids)
    assert found == ["kdoyle@assabet.example.org"]


def test_shared_words_far_from_the_need_in_meaning_are_no_fit():
    need = parse_need("TB clinic or TB trial site in Sweden")
    chance = {"topic": 0.21, "keywords": 0.5, "kind": 1.0, "place": 1.0}
    assert shortfall(chance, need, has_terms=True) == "works on something else than what you asked for"
    # Most of the words, meaning close enough, or seeking the requester: a fit.
    assert shortfall(dict(chance, keywords=0.8), need, has_terms=True) is None
    assert shortfall(dict(chance, topic=0.5), need, has_terms=True) is None
    assert shortfall(dict(chance, fit=0.9), need, has_terms=True) is None


def test_hunting_for_and_keen_to_meet_ask_for_the_target():
    need = parse_need("hi, lupus lab in lund here. hunting for a US lupus clinic to replicate our signature in their pts")
    assert need.kinds == {"hospital"} and need.requester_kinds == {"researcher"}
    assert [p.label for p in need.located] == ["the US"]
    need = parse_need("We are a patent attorney firm in London, life-sci focus. Keen to meet Nordic university TTOs")
    assert need.requester_kinds == {"company"} and [p.label for p in need.requester_places] == ["the UK"]
    assert need.kinds == {"university"} and [p.label for p in need.located] == ["the Nordics"]


def test_a_lab_bench_or_a_researcher_exchange_is_no_kind_sought():
    assert parse_need("incubator w/ wet lab bench for a 6-month stay in the øresund region").kinds == frozenset()
    assert parse_need("who handles the researcher exchange programme on the danish side?").kinds == frozenset()
    assert parse_need("a lab in Boston doing Parkinson's research").kinds == {"researcher"}


def test_no_academic_labs_rules_out_whoever_offers_academic_work(over):
    matcher, ids = over([
        "Rasmus Vang,rv@kogebugt.example.com,Køge Bugt Preclinical,company,DK,region-zealand,Study Director,"
        "porcine sepsis models;GLP large-animal studies,GLP porcine sepsis studies for devices,device companies,English,yes,,",
        "Ben Alcott,ba@chicopee.example.org,Chicopee Institute of Technology,researcher,DK,capital-region-dk,Professor,"
        "porcine models;swine sepsis models,academic collaboration on porcine sepsis models,device partners,English,yes,,",
    ])
    need = "porcine sepsis model for a hemoperfusion device in denmark. no academic labs, it has to be GLP"
    assert found_emails(matcher.find(need, limit=3), ids) == ["rv@kogebugt.example.com"]
    assert "ba@chicopee.example.org" in found_emails(matcher.find(need.replace("no academic labs, ", ""), limit=3), ids)
