"""What a negation rules out: a sort of a kind ("no angels"), a list opening a sentence ("Not HIPAA / US counsel")."""

from __future__ import annotations

import pytest

from bot.matching.need import parse_need
from tests.matching.conftest import found_emails

CONTACTS = [
    "Daniel Wu,daniel@fells.example.com,Fells Capital,investor,US,massachusetts,Associate,"
    "autoimmune therapeutics;seed and Series A,screening calls,autoimmune biotechs,English,yes,,",
    "Fredrik Olsson,fredrik@limhamnangels.example.com,Limhamn Angels,investor,SE,region-skane,Network coordinator,"
    "angel investing;autoimmune startups,angel tickets SEK 0.5-3m,Skåne founders,Swedish;English,yes,,",
    "Raymond Cho,rcho@beaconhill.example.com,Beacon Hill Privacy Law LLP,company,US,massachusetts,Counsel,"
    "HIPAA;US health privacy law,HIPAA compliance reviews for health apps,health apps entering the US,English,yes,,",
    "Frederik Bach,fb@holmen.example.net,Holmen Advokatfirma,company,DK,capital-region-dk,Partner,"
    "GDPR;health data protection law,GDPR advice for health apps,US health apps entering the EU,Danish;English,yes,,",
]


@pytest.fixture
def small(over):
    return over(CONTACTS)


def test_no_angels_rules_out_angel_investors_only(small):
    matcher, ids = small
    need = parse_need("raising a seed round for an autoimmune biotech, no angels")
    assert need.kinds == {"investor"}
    found = found_emails(matcher.find("raising a seed round for an autoimmune biotech, no angels", limit=3), ids)
    assert found[0] == "daniel@fells.example.com" and "fredrik@limhamnangels.example.com" not in found


def test_a_sentence_opening_with_not_negates_its_list_when_it_names_a_place(small):
    matcher, ids = small
    need = parse_need("gdpr lawyer for a health app. not HIPAA / US counsel")
    assert [e.phrase for e in need.exclusions] == ["HIPAA", "US counsel"]
    found = found_emails(matcher.find("gdpr lawyer for a health app. not HIPAA / US counsel", limit=3), ids)
    assert found[0] == "fb@holmen.example.net" and "rcho@beaconhill.example.com" not in found


def test_a_sentence_opening_with_not_sure_negates_nothing():
    assert parse_need("Not sure who to ask. A hospital in Lund").exclusions == ()
    assert parse_need("Not only hospitals: also a lab in Lund").exclusions == ()


def test_no_academic_collab_rules_out_university_researchers(over):
    matcher, ids = over([
        "Jonas Riis,jriis@faelledvej-uni.example.org,Fælledvej University,researcher,DK,capital-region-dk,Professor,"
        "NMR metabolomics;lipidomics,academic collaboration on metabolomics,clinical cohorts,Danish;English,yes,,",
        "Marcus Oyelaran,mo@salemsound.example.com,Salem Sound Metabolomics,company,US,massachusetts,Head of Services,"
        "untargeted metabolomics;LC-MS,metabolomics as a service - fee for service,clinical groups,English,yes,,",
    ])
    need = "metabolomics service for 400 plasma samples. dont want an academic collab, just a fee-for-service lab"
    (exclusion,) = parse_need(need).exclusions
    assert exclusion.kinds == {"university"} and not exclusion.words
    assert found_emails(matcher.find(need, limit=3), ids) == ["mo@salemsound.example.com"]


def test_not_a_cro_rules_out_a_profile_that_says_cro(over):
    matcher, ids = over([
        "Mark Jensen,mark@vitreon.example.com,Vitreon Structural,company,US,massachusetts,Head of Cryo-EM Services,"
        "cryo-EM CRO;single-particle analysis,fee-for-service cryo-EM structures,biotechs,English,yes,,",
        "Emil Vinther,emil@sundholm-uni.example.org,Sundholm University,researcher,DK,capital-region-dk,Professor,"
        "cryo-EM;membrane proteins,academic collaboration on cryo-EM structures,biotech partners,Danish;English,yes,,",
    ])
    found = found_emails(matcher.find("cryo-EM structure of a membrane protein, academic collab - not a CRO", limit=3), ids)
    assert found == ["emil@sundholm-uni.example.org"]


def test_no_california_funds_rules_out_us_investors_outside_massachusetts_only(over):
    matcher, ids = over([
        "Alicia Romero,alicia@presidio.example.com,Presidio Ridge Partners,investor,US,other,Principal,"
        "medtech;incontinence devices,Series A,women's health device startups,English,yes,,",
        "Robert King,robert@fells.example.com,Fells Capital,investor,US,massachusetts,Partner,"
        "medtech;urology devices,seed and Series A,device startups,English,yes,,",
    ])
    (exclusion,) = parse_need("investors for an incontinence device, no california funds").exclusions
    assert exclusion.elsewhere == {"US"} and not exclusion.regions
    found = found_emails(matcher.find("investors for an incontinence device, no california funds", limit=3), ids)
    assert found == ["robert@fells.example.com"]


def test_a_partner_named_before_we_want_is_sought_and_a_service_shop_is_a_company():
    need = parse_need("antibody discovery partner in cph or skåne - NOT a CRO/service shop, we want an academic group")
    assert need.requester == "" and "antibody discovery partner" in need.target
    assert {p.label for p in need.places} == {"the Capital Region of Denmark", "Region Skåne"}
    assert [(e.kinds, e.words) for e in need.exclusions][1] == ({"company"}, "service")


def test_no_followed_by_a_slash_list_negates_the_list():
    need = parse_need("3D printing partner for anatomical models. no bioprinting / research-only stuff")
    assert [e.words for e in need.exclusions] == ["bioprinting", "research-only"]
    assert "bioprinting" not in need.words
    assert parse_need("a hospital in Lund, no later than May").exclusions == ()


def test_chat_words_for_people_say_nothing_about_whom_to_leave_out():
    need = parse_need("patent attorney for US filings on our device, not trademark ppl")
    assert [e.words for e in need.exclusions] == ["trademark"]


def test_a_clause_saying_no_to_a_sort_of_financing_rules_it_out(over):
    matcher, ids = over([
        "Ruth Calder,ruth@pilgrimroyalty.example.com,Pilgrim Royalty Partners,investor,US,massachusetts,Partner,"
        "royalty financing;revenue-based financing,buys royalties on marketed products,companies with product sales,English,yes,,",
        "Maja Lind,maja@andelskapital.example.com,Andelskapital AB,investor,SE,region-skane,Investment manager,"
        "equity crowdfunding;consumer health,equity crowdfunding campaigns for product companies,companies with product sales,Swedish;English,yes,,",
        "Poul Krag,poul@kragfamily.example.com,Krag Family Office,investor,DK,capital-region-dk,Director,"
        "family office;long-horizon capital,minority stakes in companies with product sales,companies with product sales,Danish;English,yes,,",
    ])
    need = "revenue based financing against our product sales — no equity crowdfunding, no family offices"
    assert [e.phrase for e in parse_need(need).exclusions] == ["equity crowdfunding", "family offices"]
    assert found_emails(matcher.find(need, limit=3), ids) == ["ruth@pilgrimroyalty.example.com"]


def test_no_rush_or_no_preference_rules_nothing_out():
    assert parse_need("we need a CRO in Skåne, no rush, no preference on the city").exclusions == ()
