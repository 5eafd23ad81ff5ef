"""The right to erasure: a person and every record that refers to them."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.db.models import (
    AnswerRecord,
    AuditEntry,
    Contact,
    IntroEvent,
    IntroRequest,
    MatchFeedback,
    ProfileChange,
    UnansweredQuestion,
)
from bot.db.session import transaction
from bot.matching.forget import forget_contact
from tests.matching.conftest import contact_ids

MEGAN = "megan.calloway@bayfield-bio.example.org"  # Slack user U0FICT001
JONAS = "jonas.riis@hvidore-hosp.example.org"


def test_forgetting_removes_the_person_and_what_refers_to_them(sample):
    ids = contact_ids(sample)
    megan, jonas = ids[MEGAN], ids[JONAS]
    with transaction(sample) as s:
        to_megan = IntroRequest(requester_ref="slack:U0FICT014", requester_name="Jonas", contact_id=megan,
                                requester_contact_id=jonas, reason="trial", state="pending")
        from_megan = IntroRequest(requester_ref="slack:U0FICT001", requester_name="Megan", contact_id=jonas,
                                  reason="cohort", state="pending")
        unrelated = IntroRequest(requester_ref="slack:U0FICT014", requester_name="Jonas", contact_id=ids[
            "peter.lund@hvidore-hosp.example.org"], reason="imaging", state="pending")
        s.add_all([to_megan, from_megan, unrelated])
        s.flush()
        s.add_all([IntroEvent(request_id=to_megan.id, actor="slack:U0FICT014", to_state="pending"),
                   ProfileChange(contact_id=megan, editor="staff", fields={"title": "x"}),
                   MatchFeedback(need="crispr", contact_id=megan, rating=1, user_ref="slack:U0FICT014"),
                   MatchFeedback(need="trials", contact_id=jonas, rating=-1, user_ref="slack:U0FICT001"),
                   AnswerRecord(question="visa?", answer="...", confident=True, user_ref="slack:U0FICT001"),
                   UnansweredQuestion(question="housing?", user_ref="slack:U0FICT001"),
                   AuditEntry(actor="slack:U0FICT001", action="profile.update", target=megan)])

    with transaction(sample) as s:
        result = forget_contact(session=s, email=" Megan.Calloway@bayfield-bio.example.org ")

    assert result["forgotten"] is True
    removed = result["removed"]
    assert (removed["contacts"], removed["intro_requests"], removed["intro_events"], removed["profile_changes"],
            removed["match_feedback"], removed["answers"], removed["unanswered_questions"], removed["audit_entries"]) \
        == (1, 2, 1, 1, 2, 1, 1, 1)
    with sample() as s:
        assert s.scalar(select(Contact).where(Contact.email == MEGAN)) is None
        assert s.scalars(select(IntroRequest.id)).all() == [unrelated.id]
        assert s.scalar(select(func.count()).select_from(MatchFeedback)) == 0
        (entry,) = s.scalars(select(AuditEntry).where(AuditEntry.action == "contact.forget")).all()
        assert entry.action == "contact.forget" and entry.target is None
        assert MEGAN not in str(entry.detail) and megan not in str(entry.detail)
        assert s.scalar(select(Contact).where(Contact.email == JONAS)) is not None


def test_forgetting_an_unknown_email_removes_nothing(sample):
    with transaction(sample) as s:
        result = forget_contact(session=s, email="nobody@example.org")
    assert result["forgotten"] is False and set(result["removed"].values()) == {0}
    assert {"contacts", "intro_requests", "profile_changes", "match_feedback"} <= set(result["removed"])


def test_a_forgotten_person_is_never_matched_again(matcher, sample):
    assert "Megan Calloway" in [m.name for m in matcher.match("CRISPR base editing lab", limit=10)]
    with transaction(sample) as s:
        forget_contact(session=s, email=MEGAN)
    assert "Megan Calloway" not in [m.name for m in matcher.match("CRISPR base editing lab", limit=10)]


def test_match_feedback_is_one_vote_per_person_and_is_forgotten_with_the_contact(sample):
    import pytest

    from bot.errors import InvalidInput, NotFound
    from bot.matching.feedback import record_match_feedback

    megan = contact_ids(sample)[MEGAN]
    with transaction(sample) as s:
        record_match_feedback(session=s, need="CRISPR  labs", contact_id=megan, rating=1, user_ref="slack:U9")
    with transaction(sample) as s:
        record_match_feedback(session=s, need="CRISPR labs", contact_id=megan, rating=-1, user_ref="slack:U9")
        with pytest.raises(InvalidInput):
            record_match_feedback(session=s, need="x", contact_id=megan, rating=5, user_ref=None)
        with pytest.raises(NotFound):
            record_match_feedback(session=s, need="x", contact_id="nobody", rating=1, user_ref=None)
    with sample() as s:
        assert [(f.need, f.rating) for f in s.scalars(select(MatchFeedback))] == [("CRISPR labs", -1)]
    with transaction(sample) as s:
        assert forget_contact(session=s, email=MEGAN)["removed"]["match_feedback"] == 1


def test_forgetting_removes_the_teams_conversation_reference(sample):
    from bot.db.teams_refs import TeamsConversation, save_reference

    megan = contact_ids(sample)[MEGAN]
    with transaction(sample) as s:
        s.get(Contact, megan).teams_user_id = "aad-megan"
    save_reference(sample, "teams:aad-megan", {"conversation": {"id": "a:1"}})
    save_reference(sample, "teams:aad-other", {"conversation": {"id": "a:2"}})
    with transaction(sample) as s:
        result = forget_contact(session=s, email=MEGAN)
    assert result["removed"]["teams_conversations"] == 1
    with sample() as s:
        assert [r.user_ref for r in s.scalars(select(TeamsConversation))] == ["teams:aad-other"]
