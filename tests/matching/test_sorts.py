"""A sort of a kind asked for by name (an angel network, a patient organisation), and what a profile disclaims."""

from __future__ import annotations

import pytest

from bot.matching.need import parse_need
from tests.matching.conftest import found_emails

CONTACTS = [
    "Niklas Sjö,niklas@kullen-invest.example.com,Kullen Invest AB,investor,SE,region-skane,Investment Manager,"
    "seed investment;Skåne life science,seed investment in Skåne companies (fund not angels),Skåne startups,"
    "Swedish;English,yes,,",
    "Fredrik Olsson,fredrik@limhamnangels.example.com,Limhamn Angels,investor,SE,region-skane,Network coordinator,"
    "angel investing;digital health;Skåne startups,angel tickets SEK 0.5-3m,Skåne founders,Swedish;English,yes,,",
    "Lena Persson,lena@tarmforeningen.example.org,Tarmföreningen Syd,public,SE,region-skane,Chair,"
    "IBD patient association;patient involvement,patient panels for IBD apps,IBD researchers,Swedish;English,yes,,",
    "Olga Brandt,olga@skovbo-hospital.example.org,Skovbo Hospital,hospital,DK,region-zealand,IBD nurse specialist,"
    "inflammatory bowel disease;IBD outpatient clinic,IBD patients for app pilots,digital health companies,"
    "Danish;English,yes,,",
    "Anders Holm,anders@nordhavn-oligo.example.com,Nordhavn Oligo ApS,company,DK,capital-region-dk,Founder,"
    "oligonucleotide synthesis;siRNA,research-grade (non-GMP) oligos mg-g scale,biotechs needing oligos,"
    "Danish;English,yes,,",
    "Freja Nørgaard,freja@amagerport.example.org,Amagerport University,university,DK,capital-region-dk,Head of Core,"
    "flow cytometry;cell sorting,cell sorting for academic users (no GLP; no clinical trial samples),"
    "academic collaborators needing sorting,Danish;English,yes,,",
    "Signe Bak,signe@taarnholm.example.org,Tårnholm University Hospital,hospital,DK,capital-region-dk,"
    "Consultant child and adolescent psychiatry,anorexia nervosa in adolescents;eating disorders,"
    "child & adolescent eating-disorder inpatient unit (age 8-17); trial site,pharma running ED trials,Danish;English,yes,,",
    "Carl Dunn,carl@tamarack.example.com,Tamarack Medtech Ventures,investor,US,massachusetts,Partner,"
    "series A medtech;digital health,series A USD 5-15 m for medtech and digital health companies,"
    "digital health founders with first clinical data,English,yes,,",
]


@pytest.fixture
def small(over):
    return over(CONTACTS)


def test_sorts_are_read_from_the_target_only():
    assert parse_need("angel network in skåne for a pre-seed IBD app").sorts == {"an angel investor"}
    assert parse_need("IBD patient organisation in denmark for a user panel").sorts == {"a patient organisation"}
    assert parse_need("an investor in Boston, no angels").sorts == frozenset()  # negated: no sort asked


def test_an_angel_network_is_not_a_fund(small):
    matcher, ids = small
    result = matcher.find("angel network in skåne for a digital health startup", limit=3)
    assert found_emails(result, ids)[0] == "fredrik@limhamnangels.example.com" and result.note is None
    fund = next(m for m in result.matches if m.id == ids["niklas@kullen-invest.example.com"])
    assert fund.near  # "fund not angels": the profile says it is not the sort asked for


def test_a_patient_organisation_nobody_fits_where_asked_is_an_honest_no_match(small):
    matcher, _ = small
    result = matcher.find("IBD patient organisation in denmark for a user panel", limit=3)
    assert result.note and result.note.startswith("No close match")
    assert result.matches and all(m.near for m in result.matches)


def test_a_profile_that_disclaims_what_is_asked_is_a_near_match(small):
    matcher, ids = small
    result = matcher.find("GMP oligo manufacturing in denmark for phase 1 material", limit=3)
    assert result.note and all(m.near for m in result.matches)
    assert found_emails(result, ids)[0] == "anders@nordhavn-oligo.example.com"
    result = matcher.find("research-grade oligo synthesis in denmark", limit=3)
    assert result.note is None and found_emails(result, ids)[0] == "anders@nordhavn-oligo.example.com"


def test_a_sort_or_a_kind_asked_side_by_side_are_alternatives(small):
    need = parse_need("we're an IBD app company, looking for patient orgs or hospitals in dk/se who want a pilot")
    assert not need.kinds_required and need.sorts == frozenset()
    assert {p.label for p in need.located} == {"Denmark", "Sweden"}
    matcher, ids = small
    result = matcher.find(need.text, limit=3)
    found = found_emails(result, ids)
    # The Skåne patient association and the Zealand IBD clinic both fit: neither is a near match.
    assert result.note is None and {"lena@tarmforeningen.example.org", "olga@skovbo-hospital.example.org"} <= set(found)
    assert not any(m.near for m in result.matches if m.id in {ids["lena@tarmforeningen.example.org"],
                                                                ids["olga@skovbo-hospital.example.org"]})


def test_a_disclaimed_phrase_counts_only_when_the_need_asks_for_it(small):
    matcher, ids = small
    result = matcher.find("flow core for cell sorting of mouse samples, academic pricing", limit=3)
    assert result.note is None and not result.matches[0].near
    assert found_emails(result, ids)[0] == "freja@amagerport.example.org"
    result = matcher.find("cell sorting of clinical trial samples in denmark", limit=3)
    assert result.note and found_emails(result, ids)[0] == "freja@amagerport.example.org"


def test_a_unit_for_another_age_group_is_a_near_match(small):
    matcher, ids = small
    result = matcher.find("adult eating disorder inpatient unit in denmark for a ph2 site", limit=3)
    assert result.note and all(m.near for m in result.matches)
    assert found_emails(result, ids)[0] == "signe@taarnholm.example.org"
    assert "another age group" in " ".join(result.matches[0].reasons)
    result = matcher.find("eating disorder inpatient unit for teenagers in denmark, ph2 site", limit=3)
    assert result.note is None and found_emails(result, ids)[0] == "signe@taarnholm.example.org"


def test_an_inpatient_unit_is_a_hospital():
    assert parse_need("adult eating disorder inpatient unit in denmark").kinds == {"hospital"}


def test_no_vc_leaves_out_a_venture_firm_that_never_says_venture_capital(small):
    matcher, ids = small
    result = matcher.find("skåne digital health startup, want angels only for the pre-seed, no VC pls", limit=3)
    assert "carl@tamarack.example.com" not in found_emails(result, ids)
    assert found_emails(result, ids)[0] == "fredrik@limhamnangels.example.com"


def test_age_groups_are_read_from_the_words_for_them_only():
    from bot.matching.index import age_groups

    assert age_groups("Børne- og Ungdomspsykiatrisk Afdeling") == {"child"}
    assert age_groups("Ätstörningsenheten (vuxen)") == {"adult"} == age_groups("adult eating disorders")
    assert age_groups("Lyme neuroborreliosis; tick-borne infections; born in Lund") == frozenset()
