"""Reading a need as a person writes it."""

from __future__ import annotations

import pytest

from bot.errors import InvalidInput
from bot.matching.need import parse_need, validate_filters


def labels(places) -> set[str]:  # noqa: ANN001
    return {p.label for p in places}


def test_requester_and_target_are_split_at_the_seeking_verb():
    need = parse_need("we are a Boston CAR-T manufacturer looking for a Danish hospital to run a clinical trial")
    assert need.requester == "we are a Boston CAR-T manufacturer"
    assert need.target == "a Danish hospital to run a clinical trial"
    assert need.kinds == {"hospital"} and labels(need.places) == {"Denmark"}
    assert need.requester_kinds == {"company"} and labels(need.requester_places) == {"Massachusetts"}
    assert need.requester_query == "CAR-T manufacturer" and "Danish" not in need.target_query


def test_kind_and_place_words_become_preferences_without_options():
    need = parse_need("Danish digital health startup looking for investors in Boston")
    assert need.kinds == {"investor"} and labels(need.places) == {"Massachusetts"}
    assert "Denmark" in labels(need.requester_places)
    assert "investors" not in need.words and "digital" not in need.words  # topic words of the target only


def test_a_relative_clause_describes_the_target_not_the_requester():
    need = parse_need("neuroscientists studying Parkinson's disease who want a transatlantic research partner")
    assert need.requester == "" and need.kinds == {"researcher"}


def test_need_as_a_noun_does_not_split():
    need = parse_need("companies addressing unmet needs in diabetes")
    assert need.requester == "" and need.kinds == {"company"}
    assert parse_need("Swedish medtech company needs help with an FDA 510(k) submission").requester == \
        "Swedish medtech company"


def test_a_visitor_from_somewhere_is_on_the_requesters_side():
    need = parse_need("CRISPR labs in Massachusetts that could host a visiting PhD student from Copenhagen")
    assert labels(need.places) == {"Massachusetts"}
    assert labels(need.requester_places) == {"the Capital Region of Denmark"}


def test_the_one_to_be_helped_is_the_requester():
    need = parse_need("someone who can help a Danish medtech company enter the US market")
    assert need.requester == "a Danish medtech company" and need.requester_kinds == {"company"}
    assert labels(need.requester_places) == {"Denmark"} and labels(need.places) == {"the US"}


@pytest.mark.parametrize("text", ["O-1 or H-1B help for a danish postdoc moving to a boston hospital",
                                  "non-dilutive grant for a danish academic haematology project"])
def test_the_person_or_project_helped_and_where_they_go_are_not_the_target(text):
    need = parse_need(text)
    assert need.kinds == frozenset() and need.located == ()
    assert "Denmark" in labels(need.requester_places)


def test_danish_business_words_get_their_english_where_they_stand():
    need = parse_need("we are a danish accountancy doing R&D skattekredit claims. want a US counterpart")
    assert "tax credit" in need.requester
    assert "credit" not in " ".join(need.words)


@pytest.mark.parametrize(("text", "label"), [
    ("researchers in Skåne", "Region Skåne"), ("a lab in Lund", "Region Skåne"), ("Swedish companies", "Sweden"),
    ("Nordic cohorts", "the Nordics"), ("a hospital in Roskilde", "Region Zealand"),
    ("partners in New Zealand", "New Zealand"), ("our US company", "the US"), ("Medicon Valley", "the Øresund region"),
])
def test_places(text, label):
    assert label in labels(parse_need(text).places) | labels(parse_need(text).requester_places)


def test_us_the_pronoun_is_not_a_place():
    assert parse_need("help us find a biobank").places == ()


def test_asking_for_peers_is_noticed():
    assert parse_need("digital health startups like us").wants_peers
    assert not parse_need("digital health investors").wants_peers


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_an_empty_need_is_refused(text):
    with pytest.raises(InvalidInput, match="Describe what you are looking for"):
        parse_need(text)


def test_a_very_long_need_is_refused():
    with pytest.raises(InvalidInput, match="too long"):
        parse_need("x" * 2000)


def test_explicit_filters_are_normalised_or_refused_with_the_valid_values():
    assert validate_filters(" Hospital ", "MASSACHUSETTS") == ("hospital", "massachusetts")
    assert validate_filters("", None) == (None, None)
    with pytest.raises(InvalidInput, match="unknown kind 'wizard'; valid kinds: researcher, company, hospital"):
        validate_filters("wizard", None)
    with pytest.raises(InvalidInput, match="valid regions: capital-region-dk, region-zealand, region-skane, massachusetts, other"):
        validate_filters(None, "jutland")


def test_a_self_description_in_its_own_sentence_is_the_requester():
    need = parse_need("We are a US medtech company; who in Denmark can validate our wearable ECG device clinically?")
    assert need.requester == "We are a US medtech company"
    assert need.requester_kinds == {"company"} and labels(need.requester_places) == {"the US"}
    assert labels(need.places) == {"Denmark"} and "validate" in need.words and "medtech" not in need.words
    dashed = parse_need("Lund neuroscientist here - looking for a lab in Boston for a research stay on Parkinson's")
    assert labels(dashed.requester_places) == {"Region Skåne"} and labels(dashed.places) == {"Massachusetts"}


def test_in_a_question_about_whom_to_find_the_verb_says_what_the_target_seeks():
    need = parse_need("We are a biologics CDMO in Region Zealand. Which US synthetic biology companies need scale-up?")
    assert need.target == "Which US synthetic biology companies" and need.target_seeks == "scale-up"
    assert need.requester_kinds == {"company"} and labels(need.places) == {"the US"}


@pytest.mark.parametrize(("text", "kinds", "regions", "words"), [
    ("a clinical partner in Skåne, not a CRO", {"company"}, set(), ""),
    ("cardiologists anywhere except the US", set(), {"massachusetts"}, ""),
    ("an investor in Denmark, not a US fund", {"investor"}, {"massachusetts"}, ""),
])
def test_a_negation_names_what_to_leave_out_and_is_not_wanted(text, kinds, regions, words):
    need = parse_need(text)
    (exclusion,) = need.exclusions
    assert exclusion.kinds == kinds and exclusion.regions == regions and exclusion.words == words
    assert "the US" not in labels(need.places)


def test_other_ones_of_the_requesters_own_kind_are_peers_asked_for():
    assert parse_need("We are a Malmö biotech startup - are there other Skåne biotech startups nearby?").wants_peers
    assert parse_need("Lund neuroscientist here - who else in Lund works on neurodegeneration?").wants_peers
    assert not parse_need("We are a Malmö biotech startup - which hospitals, other than Lund's, run trials?").wants_peers
    # a field written with a slash, and centres, name the requester's own kind too
    assert parse_need("any other tick-borne disease / lyme clinics in the network?").others == {"hospital"}
    assert parse_need("any other SCD / haemoglobinopathy centres we could benchmark with?").other_unkinded


def test_a_destination_is_not_where_the_target_must_be():
    need = parse_need("who organises the delegation trip to Boston?")
    assert labels(need.places) == {"Massachusetts"} and need.located == ()
    assert labels(parse_need("a proteomics core facility in Massachusetts").located) == {"Massachusetts"}


def test_chat_fillers_and_slashed_lists_stay_negated():
    need = parse_need("a hospital partner for a wound-dressing study in Sweden, no textile manufacturers / vendors")
    assert [e.phrase for e in need.exclusions] == ["textile manufacturers", "vendors"]
    assert need.kinds == {"hospital"}  # "vendors" is ruled out, not asked for
    (us,) = parse_need("a GMP vector manufacturer in Europe, not in the US pls").exclusions
    assert us.countries == {"US"} and us.words == ""  # "pls" is not a word a profile must share


def test_the_requesters_own_kind_is_not_wanted():
    need = parse_need("need a GMP vector manufacturer in Europe - our investors want an EU supply chain")
    assert need.kinds == {"company"}
    assert parse_need("an investor for a Nordic supply chain").kinds == {"investor"}


def test_a_phrase_wanted_for_us_is_the_target_and_investing_words_are_not_topic():
    need = parse_need("investors for our series A - we want foreign money on the cap table")
    assert need.requester == "" and need.kinds == {"investor"}
    assert not {"series", "money", "cap", "table", "seed"} & set(need.words)
    assert "series" in parse_need("companies that run a series of clinical trials").words  # only for investors


def test_a_kind_abbreviation_with_a_place_needs_no_spelling_out():
    (danish,) = parse_need("investors for our series A, no Danish VCs please").exclusions
    assert danish.kinds == {"investor"} and danish.countries == {"DK"} and danish.spelled_out == ()
    (bare,) = parse_need("angel investors in Boston, not VCs").exclusions
    assert bare.spelled_out  # bare "VCs" are the investors whose profiles say venture capital


def test_an_ask_pointing_back_makes_the_statement_before_it_the_topic_not_the_requester():
    need = parse_need("pathogen reduction tech for platelets - any company in europe doing that?")
    assert need.requester == "" and "platelets" in need.target and need.kinds == {"company"}
    # A statement naming a kind of contact is still who asks.
    assert parse_need("Boston CAR-T manufacturer. who should we talk to about it?").requester == "Boston CAR-T manufacturer"


def test_ma_and_cph_are_places_in_capitals_or_as_written():
    assert labels(parse_need("an addiction clinic in MA for an app study").located) == {"Massachusetts"}
    assert labels(parse_need("angel investors in cph").located) == {"the Capital Region of Denmark"}
    assert parse_need("a ma and pa shop").places == ()  # lower case "ma" is a word


def test_a_purpose_after_a_list_of_places_is_no_part_of_the_target():
    need = parse_need("angel network in skåne or cph for a pre-seed IBD app?")
    assert need.kinds == {"investor"} and need.kinds_required


def test_an_icu_is_a_hospital_and_other_icus_are_peers_of_one():
    assert parse_need("a retrospective validation in a danish or swedish ICU").kinds == {"hospital"}
    assert parse_need("other NICUs in the network for a joint care study").others == {"hospital"}
    assert parse_need("We are a Boston ICU software company; we need GDPR counsel").requester_kinds == {"company"}


def test_chat_abbreviations_and_the_requesters_own_place_are_read():
    need = parse_need("seed round for our dx startup in cph - no angels pls, want a proper fund")
    assert "diagnostics" in need.text and labels(need.requester_places) == {"the Capital Region of Denmark"}
    assert need.located == ()  # the startup is in Copenhagen; the fund may be anywhere
    assert labels(parse_need("patient registries in dk/se").located) == {"Denmark", "Sweden"}
    assert labels(parse_need("a site in se").located) == set()  # "se" alone is no country


def test_an_ask_that_names_nobody_is_about_the_statement_before_it():
    need = parse_need("industrial phd w/ a skåne univ - who do i talk to?")
    assert need.requester == "" and "industrial phd" in need.target
    assert labels(need.located) == {"Region Skåne"}


def test_a_hospital_department_by_its_speciality_is_a_hospital_and_the_speciality_stays_the_topic():
    need = parse_need("need fresh tumour tissue from a surgical dept, dk is fine")
    assert need.kinds == {"hospital"} and "surgical" in need.target_query
    need = parse_need("any other nuclear med depts in the network doing radioligand ph1?")
    assert need.kinds == {"hospital"} and need.others == {"hospital"} and "nuclear med" in need.target_query
    assert parse_need("a department of economics for a health-economics study").kinds == set()


def test_a_legal_form_says_the_requester_is_a_company_but_never_what_is_sought():
    need = parse_need("we're a swedish consumer dive tech AB, raising ~SEK 10m — any investors?")
    assert need.requester_kinds == {"company"} and need.kinds == {"investor"}
    # A legal form in the target names the requester's own company, not a company to find.
    assert "company" not in parse_need("who can help us with soft landing in boston? danish ApS, 3 ppl moving").kinds
    assert parse_need("as a first step we need a lab in Lund").requester_kinds == frozenset()


def test_where_the_sought_companies_are_heading_is_not_where_they_must_be():
    need = parse_need("we're a copenhagen translation agency, looking for US medtech companies entering the nordics")
    assert {p.label for p in need.located} == {"the US"}
    need = parse_need("we're a boston reimbursement consultancy, want european medtech companies heading to the US")
    assert {p.label for p in need.located} == {"Europe"}
