"""Matchmaking on the sample contacts: hard filters, two-sided scoring, reasons, freshness of the index."""

from __future__ import annotations

import csv
from collections import Counter

import numpy as np
import pytest
from sqlalchemy import select, update

from bot.db.models import Contact
from bot.db.session import transaction
from bot.errors import InvalidInput
from bot.matching import scoring
from bot.matching.contacts import profile_hash
from bot.matching.matcher import Matcher, _cap_per_organisation
from tests.conftest import SAMPLE_CONTACTS
from tests.matching.conftest import contact_ids, import_csv

CAR_T = "we are a Boston CAR-T manufacturer looking for a Danish hospital to run a clinical trial"
NEEDS = [CAR_T, "Danish digital health startup looking for investors in Boston", "CRISPR gene editing",
         "researchers working on antimicrobial resistance", "clinical trial sites", "medical imaging AI validation",
         "investors", "someone who can help with US market entry"]


def sample_rows() -> list[dict]:
    lines = [line for line in SAMPLE_CONTACTS.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def names(matches) -> list[str]:  # noqa: ANN001
    return [m.name for m in matches]


def test_people_without_consent_are_never_suggested(matcher):
    refused = {r["name"] for r in sample_rows() if r["consent"] == "no"}
    assert "Priya Raman" in refused
    for need in NEEDS + ["CRISPR gene editing for sickle cell disease", "wearable ECG validation"]:
        assert not refused & set(names(matcher.match(need, limit=50)))


def test_explicit_kind_and_region_are_hard_filters(matcher):
    for need in NEEDS:
        assert {m.kind for m in matcher.match(need, kind="hospital", limit=50)} <= {"hospital"}
        assert {m.region for m in matcher.match(need, region="region-skane", limit=50)} <= {"region-skane"}
    assert matcher.match("investors", kind="investor", region="region-zealand", limit=10)[0].name == "Mads Bøgh"


def test_place_and_kind_words_are_soft_preferences(matcher):
    matches = matcher.match("Danish digital health startup looking for investors in Boston", limit=8)
    assert {m.region for m in matches[:3]} == {"massachusetts"} and {m.kind for m in matches[:3]} == {"investor"}
    assert any(m.region != "massachusetts" for m in matches)  # preferred, not required


def test_the_requester_and_their_organisation_are_left_out(matcher, sample):
    ids = contact_ids(sample)
    mette = ids["mette.skovgaard@hvidore-hosp.example.org"]
    matches = matcher.match("haematology and CAR-T clinical trials", limit=50, requester_contact_id=mette)
    assert mette not in {m.id for m in matches}
    assert "Hvidøre University Hospital" not in {m.organization for m in matches}
    by_slack = matcher.match("clinical trial sites", limit=50, requester_ref="slack:U0FICT014")
    assert "Jonas Riis" not in names(by_slack) and "Hvidøre University Hospital Clinical Trial Office" not in \
        {m.organization for m in by_slack}
    named = matcher.match("we at Fenwick Cell Therapeutics are looking for CAR-T partners", limit=50)
    assert "Daniel Mercer" not in names(named)


def test_at_most_two_people_per_organisation(matcher):
    for need in NEEDS + ["staff who help companies enter the US market"]:
        counts = Counter(m.organization for m in matcher.match(need, limit=50))
        assert max(counts.values()) <= 2
    staff = matcher.match("help with US market entry", kind="staff", limit=5)
    assert len(staff) == 2  # all four staff work at the Ambassador Office


@pytest.mark.parametrize(("need", "peer"), [
    ("our Boston company makes wearable ECG patches and is looking for partners in atrial fibrillation", "Tom Gallagher"),
    ("Danish digital health startup looking for partners in remote patient monitoring", "Oliver Bech"),
    ("we are a Boston CAR-T manufacturer looking for partners in cell therapy", "Rachel Stein"),
])
def test_a_contact_who_resembles_the_requester_is_a_peer_not_a_partner(matcher, sample, embedder, need, peer):
    assert peer not in names(matcher.match(need, limit=5))
    without_rule = Matcher(sessions=sample, embedder=embedder, weights=scoring.Weights(peer=0.0, elsewhere=0.0))
    assert peer in names(without_rule.match(need, limit=5))


def test_two_sided_the_requester_fits_what_the_contact_seeks(matcher):
    matches = matcher.match(CAR_T, limit=5)
    assert not {"Daniel Mercer", "Rachel Stein"} & set(names(matches))  # Boston CAR-T companies
    assert "Mette Skovgaard" in names(matches[:2])  # she seeks US cell therapy manufacturers


def test_peers_are_found_when_the_need_asks_for_them(matcher):
    matches = matcher.match("we are a Boston CAR-T manufacturer looking for other CAR-T manufacturers like us", limit=3)
    assert "Rachel Stein" in names(matches)
    startups = matcher.match("Danish digital health startup looking for other digital health startups like us", limit=3)
    assert startups[0].name == "Oliver Bech"


def test_reasons_say_what_the_contact_works_on_offers_and_where(matcher):
    matches = matcher.match("CRISPR gene editing labs in Massachusetts that could host a visiting PhD student from "
                            "Copenhagen", limit=3)
    megan = next(m for m in matches if m.name == "Megan Calloway")
    assert megan.reasons[0].startswith("works on CRISPR gene editing")
    assert any(r.startswith("offers ") and "visiting PhD students" in r for r in megan.reasons)
    assert megan.reasons[-1] == "researcher in Massachusetts, across the Atlantic from you"
    mette = next(m for m in matcher.match(CAR_T) if m.name == "Mette Skovgaard")
    assert "CAR-T cell therapy" in mette.reasons[0]
    # Both sides of the fit: what they seek that the requester is, what they offer that is asked for.
    assert mette.they_seek == "seeks CAR-T product partners, which you are" and mette.they_seek in mette.reasons
    assert mette.they_offer.startswith("offers ") and mette.they_offer.endswith("in the Capital Region of Denmark")
    jonas = next(m for m in matcher.match(CAR_T) if m.name == "Jonas Riis")
    assert "hospital in the Capital Region of Denmark, across the Atlantic from you" in jonas.reasons


def test_matches_follow_the_contract_and_carry_no_contact_details(matcher):
    (match,) = matcher.match("mRNA vaccines", limit=1)
    payload = match.as_contract()
    assert list(payload)[:7] == ["id", "name", "organization", "kind", "region", "score", "reasons"]
    assert set(payload["fit"]) == {"they_seek", "they_offer"} and payload["near_match"] is False
    assert 0.0 <= payload["score"] <= 1.0 and all(isinstance(r, str) for r in payload["reasons"])
    assert "@" not in repr(payload) and match.contact_id == match.id


def test_scores_are_in_descending_order_fits_before_near_matches(matcher):
    matches = matcher.match(CAR_T, limit=20)
    near = [m.near for m in matches]
    assert near == sorted(near) and any(near) and not all(near)  # contacts outside Denmark come last
    for group in (True, False):
        scores = [m.score for m in matches if m.near is group]
        assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"need": "  "}, "Describe what you are looking for"),
    ({"need": "x", "kind": "wizard"}, "valid kinds: researcher, company"),
    ({"need": "x", "region": "mars"}, "valid regions: capital-region-dk"),
    ({"need": "x", "limit": 0}, "limit must be between 1 and 50"),
])
def test_bad_input_gets_a_clear_message(matcher, kwargs, message):
    with pytest.raises(InvalidInput, match=message):
        matcher.match(**kwargs)


def test_new_and_edited_contacts_are_seen_without_a_restart(matcher, sample, embedder, tmp_path):
    assert "Zoe Quill" not in names(matcher.match("zebrafish heart regeneration", limit=5))
    path = tmp_path / "new.csv"
    path.write_text(",".join(["name", "email", "organization", "kind", "country", "region", "title", "expertise",
                              "offering", "seeking", "languages", "consent", "slack_user_id", "orcid"]) +
                    "\nZoe Quill,zoe@quill.example.org,Quill Lab,researcher,US,massachusetts,PI,"
                    "zebrafish heart regeneration,zebrafish models,Danish cardiology partners,English,yes,,\n",
                    encoding="utf-8")
    import_csv(sample, embedder, path)
    assert names(matcher.match("zebrafish heart regeneration", limit=1)) == ["Zoe Quill"]
    # An edit made elsewhere, without a new embedding: the matcher recomputes it.
    with transaction(sample) as session:
        session.execute(update(Contact).where(Contact.email == "zoe@quill.example.org")
                        .values(expertise=["axolotl limb regeneration"], offering=["axolotl colony"]))
    with sample() as session:
        edited = session.scalar(select(Contact.updated_at).where(Contact.email == "zoe@quill.example.org"))
    assert names(matcher.match("axolotl limb regeneration", limit=1)) == ["Zoe Quill"]
    with sample() as session:
        zoe = session.scalar(select(Contact).where(Contact.email == "zoe@quill.example.org"))
        assert zoe.profile_hash == profile_hash(zoe.title, zoe.expertise, zoe.offering, zoe.seeking)
        assert len(zoe.embedding) == 768 and zoe.updated_at == edited  # derived data is no profile change


@pytest.mark.parametrize("full_pass_share", [0.25, 0.0])
def test_pruned_ranking_equals_scoring_everyone(matcher, sample, full_pass_share):
    from bot.matching.need import parse_need

    matcher.full_pass_share = full_pass_share  # 0: always take the path that computes fit for everyone
    index = matcher.index()
    mette = index.position[contact_ids(sample)["mette.skovgaard@hvidore-hosp.example.org"]]
    weights = matcher.weights
    for need in NEEDS + ["we are a Boston CAR-T manufacturer looking for partners in cell therapy"]:
        for limit in (1, 3, 7):
            for me in (None, mette):
                query = matcher._query(parse_need(need), index, me)
                allowed = np.flatnonzero(Matcher._allowed(index, None, None, me, query.need))
                total = (scoring.broad_score(scoring.broad_signals(index, query), weights)[allowed]
                         + scoring.PairSignals(index, query, weights).exact(allowed)[0])
                expected = [index.profiles[allowed[i]].id for i in _cap_per_organisation(index, allowed, total, limit)]
                assert [m.id for m, _ in matcher._top(index, query, allowed, limit)] == expected, (need, limit, me)


def test_a_new_process_takes_vectors_from_the_disk_cache(sample, embedder, tmp_path, monkeypatch):
    from bot.matching import loader

    first = Matcher(sessions=sample, embedder=embedder, cache_dir=tmp_path / "cache")
    expected = [(m.id, m.score) for m in first.match(CAR_T)]
    assert list((tmp_path / "cache").glob("vectors-*.npz"))
    read = []
    original = loader._read_vectors
    monkeypatch.setattr(loader, "_read_vectors", lambda s, p, h, v, rows: read.append(len(rows)) or original(s, p, h, v, rows))
    second = Matcher(sessions=sample, embedder=embedder, cache_dir=tmp_path / "cache")
    assert [(m.id, m.score) for m in second.match(CAR_T)] == expected
    assert read == [0]


def test_an_empty_database_gives_no_matches(sessions, embedder):
    assert Matcher(sessions=sessions, embedder=embedder).match("anything") == []
