"""Reading needs as companies write them: negations, peers on purpose, what the target lacks, honest no-match.

Small contact lists of their own, so each case shows one way of writing a need.
"""

from __future__ import annotations

import pytest

from bot.matching.need import find_kinds, parse_need
from tests.matching.conftest import found_emails

CONTACTS = [
    "Kari Holm,kari@nordvik-cro.example.com,Nordvik Clinical Research AB,company,SE,region-skane,Business development,"
    "clinical monitoring;site management in Scandinavia,full-service trial management in Sweden including dermatology,"
    "US sponsors,Swedish;English,yes,,",
    "Sara Lind,sara@sundby-hospital.example.org,Sundby University Hospital,hospital,SE,region-skane,Head of trial unit,"
    "dermatology trials;atopic eczema;GCP,dermatology trial site for eczema studies,sponsors of dermatology trials,"
    "Swedish;English,yes,,",
    "Peter Dahl,peter@ostervang-hospital.example.org,Østervang Hospital,hospital,DK,capital-region-dk,"
    "Consultant dermatologist,atopic eczema;dermatology trials,eczema trial site with a patient registry,"
    "companies with new eczema treatments,Danish;English,yes,,",
    "Mads Krog,mads@vejby-ferm.example.com,Vejby Fermentation A/S,company,DK,region-zealand,Business development director,"
    "precision fermentation;contract manufacturing,GMP production of enzymes;scale-up,"
    "biotechs that need microbial production;partners to share overflow capacity,Danish;English,yes,,",
    "Lena Berg,lena@alvik-bio.example.com,Alvik Bio AB,company,SE,region-skane,CEO,bispecific antibodies;oncology,"
    "preclinical antibody candidate for solid tumours,GMP manufacturer for phase I antibody material,Swedish;English,yes,,",
    "Tom Reed,tom@harbor-biologics.example.com,Harbor Biologics,company,US,massachusetts,VP business development,"
    "mammalian cell culture;GMP antibody manufacturing,contract manufacturing of antibodies,"
    "European biotechs that need clinical supply,English,yes,,",
    "Anna Vik,anna@fjordlys.example.com,Fjordlys Health ApS,company,DK,capital-region-dk,Founder,"
    "digital CBT;teen anxiety;app-based therapy,CE-marked anxiety app for adolescents,"
    "US health systems to pilot;other founders in digital mental health,Danish;English,yes,,",
    "Ola Sand,ola@mindro.example.com,Mindro AB,company,SE,region-skane,CEO,adult ADHD;digital therapeutics,"
    "app-based coaching programme for adults with ADHD,clinical partners;other Nordic mental health startups,"
    "Swedish;English,yes,,",
    "Eva Nord,eva@lundby-psych.example.org,Lundby Psychiatric Centre,researcher,DK,region-zealand,Consultant psychiatrist,"
    "depression;internet-delivered CBT,can recruit outpatients for app studies,app developers,Danish;English,yes,,",
    "Grace Hill,grace@beacon-ventures.example.net,Beacon Street Ventures,investor,US,massachusetts,Partner,"
    "medical devices;diagnostics,seed investments in medtech,European medtech startups,English,yes,,",
    "Jon Berg,jon@malden-u.example.org,Malden University,researcher,US,massachusetts,Professor of veterinary medicine,"
    "companion animals;antimicrobial resistance,network of small-animal clinics,veterinary industry partners,English,yes,,",
]


@pytest.fixture
def small(over):
    return over(CONTACTS)


emails = found_emails


@pytest.mark.parametrize("text", [
    "a dermatology trial site, a real hospital please, no CROs",
    "a dermatology trial site without a CRO",
    "Hospitals for our trial in Europe - we don't want to go through a CRO.",
])
def test_no_and_dont_want_rule_out_what_they_name(text):
    need = parse_need(text)
    (exclusion,) = need.exclusions
    assert exclusion.kinds == {"company"} and "contract research" in exclusion.spelled_out
    assert "CRO" not in need.target and need.requester == ""


@pytest.mark.parametrize("text", ["a reply no later than Friday from a hospital",
                                  "We're a Danish startup with no lab in Boston; looking for a Boston lab to host us"])
def test_no_that_names_no_kind_or_is_about_the_requester_rules_nothing_out(text):
    assert parse_need(text).exclusions == ()


def test_an_exception_ends_at_a_bracket():
    need = parse_need("academic imaging AI groups. Anywhere except the US (data transfer rules make it a pain).")
    (exclusion,) = need.exclusions
    assert exclusion.regions == {"massachusetts"} and exclusion.countries == {"US"}


def test_outside_part_of_a_country_leaves_out_that_part_only():
    need = parse_need("Nordic hospital sites for the trial, but outside the Copenhagen area, we already have a site there")
    (exclusion,) = need.exclusions
    assert exclusion.regions == {"capital-region-dk"} and exclusion.countries == frozenset() and not exclusion.words


def test_not_one_sort_of_the_kind_wanted_rules_out_that_sort_only():
    need = parse_need("We're a Danish medtech startup looking for Boston venture funds - not angel investors.")
    (exclusion,) = need.exclusions
    assert exclusion.kinds == {"investor"} and exclusion.sorts == {"an angel investor"}


def test_a_consultant_physician_is_not_a_consultancy():
    assert find_kinds("Consultant endocrinologist") == {"researcher"}
    assert find_kinds("Consultant, clinical microbiology") == set()
    assert find_kinds("regulatory consultant") == {"company"}


def test_other_ones_named_by_any_kind_word_and_we_are_one_ask_for_peers():
    assert parse_need("We're a contract fermentation company in Zealand. Looking for other CDMOs or bioprocessing "
                      "service providers, anywhere, to share overflow capacity with.").wants_peers
    assert parse_need("Are there other Nordic mental health app founders? We're one ourselves.").wants_peers
    assert parse_need("other mental health app founders in the network").others == {"company"}


def test_we_are_one_ourselves_after_a_negation_explains_it_and_asks_for_no_peers():
    need = parse_need("food-health trial partners? no food companies please, we are one ourselves")
    assert not need.wants_peers
    assert [(e.kinds, e.words) for e in need.exclusions] == [({"company"}, "food")]


def test_no_investors_please_rules_investors_out_though_vcs_are_named_in_a_complaint():
    need = parse_need("We're a Skåne diagnostics startup and need someone who really knows FDA device regulation. "
                      "No investors please, every time I ask for this I get introduced to VCs.")
    assert "investor" not in need.kinds
    assert [(e.kinds, e.words) for e in need.exclusions] == [({"investor"}, "")]
    # A bare kind cut from a longer negation is too little to rule the wanted kind out.
    assert parse_need("investors in Boston, not investors who only do series B").exclusions == ()


def test_a_target_of_several_parts_asks_its_kind_of_one_part_only():
    need = parse_need("We're a pharma team in Massachusetts with an inhaled small molecule for COPD. Looking for an "
                      "inhalation formulation partner and respiratory clinicians in Denmark for phase 2.")
    assert need.kinds == {"researcher"} and not need.kinds_required
    assert parse_need("cardiologists and heart surgeons in Skåne").kinds_required


def test_same_country_is_not_near_enough_for_a_city_or_a_region():
    from bot.matching.verdict import shortfall

    boston = parse_need("Boston investor for a proteomics tools startup")
    sweden = parse_need("an investor in Sweden for a proteomics tools startup")
    same_country = {"place": 0.6, "kind": 1.0, "topic": 0.9, "keywords": 0.5}
    assert shortfall(same_country, boston, has_terms=True) == "not in Massachusetts"
    assert shortfall({**same_country, "place": 1.0}, boston, has_terms=True) is None
    assert shortfall(same_country, sweden, has_terms=True) is None


def test_a_clause_saying_what_the_target_needs_is_what_it_seeks():
    need = parse_need("We are a contract manufacturer in Massachusetts. We're looking for Danish or Swedish biotechs "
                      "that need clinical-scale antibody manufacturing.")
    assert need.target == "Danish or Swedish biotechs" and need.target_seeks == "clinical-scale antibody manufacturing"
    assert need.kinds == {"company"} and "manufacturing" not in need.words


def test_a_hospital_please_no_cros_leaves_the_cro_out(small):
    matcher, ids = small
    found = emails(matcher.find("Need a dermatology trial site in Scandinavia for an eczema study - a real hospital "
                                "please, no CROs.", limit=3), ids)
    assert "kari@nordvik-cro.example.com" not in found
    assert found[0] in {"sara@sundby-hospital.example.org", "peter@ostervang-hospital.example.org"}


def test_outside_the_copenhagen_area_leaves_copenhagen_out(small):
    matcher, ids = small
    found = emails(matcher.find("We are a US biotech. Looking for Nordic hospital sites for a dermatology trial, but "
                                "outside the Copenhagen area, we already have a site there.", limit=3), ids)
    assert "peter@ostervang-hospital.example.org" not in found
    assert found[0] == "sara@sundby-hospital.example.org"


def test_a_provider_looking_for_those_who_need_it_does_not_get_other_providers(small):
    matcher, ids = small
    found = emails(matcher.find("We are a contract manufacturer in Massachusetts (mammalian cell culture, GMP "
                                "antibodies). We're looking for Danish or Swedish biotechs that need clinical-scale "
                                "antibody manufacturing.", limit=3), ids)
    assert found[0] == "lena@alvik-bio.example.com"
    assert "mads@vejby-ferm.example.com" not in found


def test_other_founders_like_the_requester_are_found_when_asked_for(small):
    matcher, ids = small
    result = matcher.find("Are there other Nordic mental health app founders in the network? We're one ourselves "
                          "(Copenhagen) and would love to swap notes.", limit=3,
                          requester_contact_id=ids["anna@fjordlys.example.com"])
    found = emails(result, ids)
    assert found[0] == "ola@mindro.example.com" and result.note is None


def test_kind_and_place_without_the_topic_are_no_close_match(small):
    matcher, ids = small
    result = matcher.find("Looking for an investor in Massachusetts focused on animal health / veterinary products",
                          limit=3)
    assert result.note and result.note.startswith("No close match")
    assert all(m.near for m in result.matches)


@pytest.mark.parametrize(("text", "label"), [("an investor in Iceland focused on aquaculture", "Iceland"),
                                             ("a Swiss diagnostics company", "Switzerland"),
                                             ("Canadian hospitals", "Canada")])
def test_more_countries_are_places_a_need_can_name(text, label):
    need = parse_need(text)
    assert [p.label for p in need.located] == [label]


def test_a_language_is_not_a_place():
    assert [p.label for p in parse_need("a Danish-speaking clinician in Boston").places] == ["Massachusetts"]
    assert parse_need("someone to help us polish our pitch deck").places == ()


def test_a_country_nobody_is_in_gets_no_close_match(small):
    matcher, _ = small
    result = matcher.find("an investor in Iceland focused on medtech", limit=3)
    assert result.note and all(m.near for m in result.matches)
