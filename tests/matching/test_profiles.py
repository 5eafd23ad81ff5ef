from datetime import datetime, timezone

import pytest

from bot.errors import InvalidInput, NotFound, PermissionDenied
from bot.matching.intent import looks_like_match_request
from bot.matching.profiles import find_contact_id, load_profile, profile_history, update_profile
from tests.matching.conftest import contact_ids

MEGAN = "megan.calloway@bayfield-bio.example.org"
SAMUEL = "samuel.okafor@charlesgate-mrc.example.org"


def test_own_profile_is_loaded_without_contact_details(sample) -> None:
    cid = find_contact_id(sample, user_ref="slack:U0FICT001")
    assert cid == contact_ids(sample)[MEGAN]
    profile = load_profile(sample, contact_id=cid)
    assert profile["name"] == "Megan Calloway" and "CRISPR gene editing" in profile["expertise"]
    assert "email" not in profile and MEGAN not in str(profile)
    assert find_contact_id(sample, user_ref="slack:UNOBODY", email=MEGAN.upper()) == cid


def test_update_own_profile_records_editor_and_time(sample) -> None:
    cid = contact_ids(sample)[MEGAN]
    when = datetime(2026, 5, 1, 12, tzinfo=timezone.utc)
    changes = update_profile(sample, contact_id=cid, editor_ref="slack:U0FICT001", is_staff=False, editor_contact_id=cid,
                             fields={"expertise": "CRISPR gene editing; prime editing ; prime editing", "consent": False},
                             now=when)
    assert changes["expertise"]["to"] == ["CRISPR gene editing", "prime editing"] and changes["consent"]["to"] is False
    profile = load_profile(sample, contact_id=cid)
    assert profile["expertise"] == ["CRISPR gene editing", "prime editing"] and profile["consent"] is False
    [entry] = profile_history(sample, contact_id=cid)
    assert entry["editor"] == "slack:U0FICT001" and entry["changed_at"].replace(tzinfo=timezone.utc) == when
    assert update_profile(sample, contact_id=cid, editor_ref="slack:U0FICT001", is_staff=False, editor_contact_id=cid,
                          fields={"consent": False}) == {}
    assert len(profile_history(sample, contact_id=cid)) == 1


def test_nobody_edits_someone_elses_profile_without_staff_rights(sample) -> None:
    ids = contact_ids(sample)
    with pytest.raises(PermissionDenied):
        update_profile(sample, contact_id=ids[SAMUEL], editor_ref="slack:U0FICT001", is_staff=False,
                       editor_contact_id=ids[MEGAN], fields={"consent": False})
    with pytest.raises(PermissionDenied):
        update_profile(sample, contact_id=ids[SAMUEL], editor_ref="slack:UX", is_staff=False, editor_contact_id=None,
                       fields={"consent": False})
    assert load_profile(sample, contact_id=ids[SAMUEL])["consent"] is True
    update_profile(sample, contact_id=ids[SAMUEL], editor_ref="slack:USTAFF", is_staff=True, editor_contact_id=None,
                   fields={"languages": ["English"]})
    assert profile_history(sample, contact_id=ids[SAMUEL])[0]["editor"] == "slack:USTAFF"


def test_bad_fields_are_refused(sample) -> None:
    cid = contact_ids(sample)[MEGAN]
    for fields in ({"email": "x@y.z"}, {"expertise": ["x" * 201]}, {"seeking": [str(i) for i in range(31)]}):
        with pytest.raises(InvalidInput):
            update_profile(sample, contact_id=cid, editor_ref="slack:U0FICT001", is_staff=False, editor_contact_id=cid,
                           fields=fields)
    with pytest.raises(NotFound):
        load_profile(sample, contact_id="nope")


@pytest.mark.parametrize("text, expected", [
    ("find me a hospital in Denmark for a wearable ECG trial", True),
    ("We are looking for a clinical partner for wearable ECG trials", True),
    ("Can you introduce me to someone working on antimicrobial resistance?", True),
    ("connect me with investors in digital health", True),
    ("How long can a visiting researcher stay?", False),
    ("What does the collaboration agreement cover?", False),
    ("Where can I find the funding rules?", False),
    ("We need a Danish hospital partner for a wearable ECG trial", True),
    ("need a lab in Lund that does organoids", True),
    ("Does a visiting researcher application need a letter from the receiving lab?", False),
    ("How do I make sure other members can find me as a partner?", False),
    ("", False),
])
def test_match_requests_are_told_from_questions(text, expected) -> None:
    assert looks_like_match_request(text) is expected
