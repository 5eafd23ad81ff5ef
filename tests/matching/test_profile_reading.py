"""How profiles and needs are read beyond their words: where a contact's sought partners are from, what a
profile says it does not do, languages that are not places, peers among the fits, and whom "pitch" asks for."""

from __future__ import annotations

import csv
import io
import re

import pytest

from bot.matching.matcher import Matcher
from bot.matching.need import parse_need
from bot.matching.places import find_places
from bot.matching.verdict import settle
from tests.matching.conftest import contact_ids, import_csv

COLUMNS = ["name", "email", "organization", "kind", "country", "region", "title", "expertise", "offering", "seeking",
           "languages", "consent", "slack_user_id", "orcid"]


def write_contacts(path, rows: list[dict]) -> None:  # noqa: ANN001
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({"languages": "English", "consent": "yes", **row})
    path.write_text(buffer.getvalue(), encoding="utf-8")


def contact(name: str, organization: str, kind: str, country: str, region: str, **fields: str) -> dict:
    email = f"{name.split()[0].lower()}@{re.sub('[^a-z]', '', organization.split()[0].lower())}.example.org"
    return {"name": name, "email": email, "organization": organization, "kind": kind, "country": country,
            "region": region, **fields}


STERILE = contact("Birte Holm", "Damsø Hospital", "hospital", "DK", "capital-region-dk",
                  title="Head of central sterile supply", expertise="instrument reprocessing;steam sterilisation",
                  offering="test site for instrument tracking",
                  seeking="vendors of instrument tracking (RFID) who want a pilot in a Danish university hospital")
LOCAL_ONLY = contact("Aksel Dahl", "Vejlø Hospital", "hospital", "DK", "capital-region-dk",
                     title="Sterile supply manager", expertise="instrument reprocessing;tray logistics",
                     offering="test site for instrument tracking", seeking="Danish vendors of instrument tracking")
VALIDATION = contact("Rosa Lima", "Harbor Linguistics", "company", "US", "massachusetts",
                     title="Director, linguistic validation",
                     expertise="linguistic validation of PRO questionnaires;cognitive debriefing",
                     offering="linguistic validation in 40 languages (not label translation)",
                     seeking="sponsors of multinational trials")
LABELS = contact("Karen Brix", "Ordbro ApS", "company", "DK", "capital-region-dk", title="Medical translator",
                 expertise="medical translation;label translation", offering="translation of labels and leaflets",
                 seeking="device makers entering Scandinavia")
PROSTHETIST = contact("Ingrid Sol", "Fjordlimb AS", "company", "NO", "other", title="Prosthetist, owner",
                      expertise="prosthetic fitting;fittings for osseointegrated patients",
                      offering="prosthetic fitting services in Norway",
                      seeking="surgical teams doing osseointegration")
SURGEON = contact("Elin Berg", "Kävlinge Hospital", "hospital", "SE", "region-skane",
                  title="Orthopaedic surgeon, osseointegration", expertise="osseointegration surgery;amputee care",
                  offering="osseointegration surgery for amputees", seeking="prosthetists who refer patients")
REHAB = contact("Poul Vang", "Amputee Association", "public", "DK", "capital-region-dk",
                title="Patient advocate", expertise="amputee care;osseointegration patient support",
                offering="patient views on osseointegration", seeking="surgical teams doing osseointegration")
INVESTOR = contact("Robert Hale", "Minot Ventures", "investor", "US", "massachusetts", title="Partner",
                   expertise="hospital devices;Series A", offering="investments in hospital hardware",
                   seeking="device companies with US plans")
SUPPLIER = contact("Sara Nord", "Nordhavn Tracking", "company", "DK", "capital-region-dk",
                   title="Founder", expertise="pitch decks;hospital devices", offering="pitch training",
                   seeking="hospital device startups")


@pytest.fixture
def build(sessions, embedder, tmp_path):
    def make(*rows: dict) -> Matcher:
        path = tmp_path / "contacts.csv"
        write_contacts(path, list(rows))
        report = import_csv(sessions, embedder, path)
        assert report.created == len(rows) and not report.rejected
        return Matcher(sessions=sessions, embedder=embedder)
    return make


def test_a_contacts_own_place_after_who_is_where_the_work_happens_not_whom_they_seek(build):
    matcher = build(STERILE, LOCAL_ONLY)
    index, ids = matcher.index(), contact_ids(matcher.sessions)
    birte, aksel = index.position[ids[STERILE["email"]]], index.position[ids[LOCAL_ONLY["email"]]]
    us_company = index.seeks_side({"massachusetts"}, {"company"})
    assert us_company[birte] >= 1.0  # "vendors ... who want a pilot in a Danish hospital": a US vendor is sought
    assert us_company[aksel] < 1.0  # "Danish vendors": a US one is not
    need = "we're a boston startup w/ RFID instrument tracking. want our first pilot in a danish sterile central"
    assert [m.name for m in matcher.match(need, limit=2)][0] == "Birte Holm"


def test_languages_are_not_places():
    assert not find_places("validation of a questionnaire into danish and swedish")[0]
    assert not find_places("swedish-speaking nurses, german translation of labels")[0]
    assert [p.label for p in find_places("a danish hospital")[0]] == ["Denmark"]


def test_what_a_profile_says_it_does_not_do_is_not_ruled_out_as_what_it_does(build):
    matcher = build(VALIDATION, LABELS)
    need = "linguistic validation of a PRO questionnaire into danish and swedish. NOT a translation agency"
    assert parse_need(need).exclusions[0].kinds == {"company"}  # a translation agency is a company, not public
    assert [m.name for m in matcher.match(need, limit=3)] == ["Rosa Lima"]
    # Without the negation both are there: the exclusion, not the scoring, left the label translator out.
    assert {m.name for m in matcher.match("linguistic validation and translation", limit=3)} == {
        "Rosa Lima", "Karen Brix"}


def test_a_look_alike_in_the_requesters_country_comes_after_those_who_complement_them(build):
    matcher = build(PROSTHETIST, SURGEON, REHAB)
    need = ("Norwegian prosthetist here, I do fittings for osseo patients. would like to connect with a nordic team "
            "doing osseointegration so we can refer pts")
    assert [m.name for m in matcher.match(need, limit=3)][-1] == "Ingrid Sol"
    asked = matcher.match("Norwegian prosthetist here, looking for other prosthetists like me", limit=3)
    assert asked[0].name == "Ingrid Sol"


def test_peers_that_fit_are_listed_after_the_other_fits():
    need = parse_need("we are a Boston CAR-T manufacturer looking for a Danish hospital")
    candidates = [("rival", {"peer": 0.8, "place": 1.0, "kind": 1.0}), ("site", {"peer": 0.0, "place": 1.0, "kind": 1.0})]
    fits, note = settle(candidates, need, has_terms=False, mark=lambda m, why: m)
    assert fits == ["site", "rival"] and note is None
    unordered, _ = settle(candidates, need, has_terms=False, mark=lambda m, why: m, demote_peers=False)
    assert unordered == ["rival", "site"]


@pytest.mark.parametrize("text", ["who should we pitch for our series A? we plan a US launch next yr",
                                  "anyone we could pitch to for our seed round?"])
def test_pitching_for_a_round_asks_for_investors(text, build):
    assert parse_need(text).kinds == {"investor"}
    matcher = build(INVESTOR, SUPPLIER)
    assert matcher.match(text, limit=1)[0].name == "Robert Hale"


def test_a_seed_grant_is_not_an_investment_round():
    assert "investor" not in parse_need("who can help us apply for a seed grant?").kinds


def test_would_love_to_asks_and_the_text_before_it_is_the_requester():
    need = parse_need("hi, SPD director at a boston hospital here. we would love to benchmark KPIs w/ a nordic "
                      "sterile supply dept")
    assert "boston" in need.requester.lower()
    assert [p.label for p in need.located] == ["the Nordics"]


def test_other_groups_of_the_requesters_field_are_peers_asked_for(build):
    physicist = contact("Johan Ek", "Kävlinge Hospital", "hospital", "SE", "region-skane",
                        title="Medical physicist, radiotherapy", expertise="radiotherapy physics;treatment planning QA",
                        offering="QA method exchange", seeking="other radiotherapy physics groups")
    requester = contact("Rasmus Thy", "Damsø Hospital", "hospital", "DK", "capital-region-dk",
                        title="Medical physicist, radiotherapy", expertise="radiotherapy physics;MR-linac QA",
                        offering="MR-linac QA protocols", seeking="other radiotherapy physics groups")
    matcher = build(physicist, requester, VALIDATION)
    rasmus = contact_ids(matcher.sessions)[requester["email"]]
    found = matcher.match("are there other radiotherapy physics groups in the network? would like to swap QA notes",
                          limit=2, requester_contact_id=rasmus)
    assert found[0].name == "Johan Ek"


def test_biotechs_in_a_list_and_a_clause_with_will_are_read():
    need = parse_need("we're a boston gene therapy CDMO and want to meet nordic biotechs + academic AAV labs that "
                      "will need GMP vector soon")
    assert need.kinds == {"company", "researcher"}
    assert need.target_seeks == "GMP vector soon"
