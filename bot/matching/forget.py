"""The right to erasure: remove a person and every record that refers to them.

Besides the contact itself that is introductions to or from them, their profile history, match
feedback about them or by them, and what they asked the assistant under their chat identities.
The audit log keeps only that an erasure happened, with the counts, never who it was.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, delete, false, func, or_, select
from sqlalchemy.orm import Session

from bot.db.models import (
    AnswerRecord,
    AuditEntry,
    Contact,
    Feedback,
    IntroEvent,
    IntroRequest,
    MatchFeedback,
    ProfileChange,
    UnansweredQuestion,
)
from bot.db.teams_refs import TeamsConversation
from bot.matching.contacts import contact_by_email, user_refs

REMOVED_KEYS = ("contacts", "intro_requests", "intro_events", "profile_changes", "match_feedback", "answers",
                "feedback", "unanswered_questions", "audit_entries", "teams_conversations")


def _count(session: Session, query: Select) -> int:
    return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def forget_contact(*, session: Session, email: str, actor: str = "cli") -> dict:
    """{"forgotten": bool, "removed": {table: rows}}; an unknown e-mail removes nothing."""
    removed = dict.fromkeys(REMOVED_KEYS, 0)
    contact = contact_by_email(session=session, email=email)
    if contact is None:
        return {"forgotten": False, "removed": removed}
    cid = contact.id
    refs = user_refs(contact)
    identifiers = [cid, contact.email, *refs]

    def by(column) -> ColumnElement[bool]:  # noqa: ANN001
        return column.in_(refs) if refs else false()

    intros = select(IntroRequest.id).where(or_(IntroRequest.contact_id == cid, IntroRequest.requester_contact_id == cid,
                                               by(IntroRequest.requester_ref)))
    answers = select(AnswerRecord.id).where(by(AnswerRecord.user_ref))
    targets = {
        "intro_events": (IntroEvent, IntroEvent.request_id.in_(intros)),
        "feedback": (Feedback, or_(by(Feedback.user_ref), Feedback.answer_id.in_(answers))),
        "unanswered_questions": (UnansweredQuestion, by(UnansweredQuestion.user_ref)),
        "answers": (AnswerRecord, by(AnswerRecord.user_ref)),
        "intro_requests": (IntroRequest, IntroRequest.id.in_(intros)),
        "profile_changes": (ProfileChange, ProfileChange.contact_id == cid),
        "match_feedback": (MatchFeedback, or_(MatchFeedback.contact_id == cid, by(MatchFeedback.user_ref))),
        "audit_entries": (AuditEntry, or_(AuditEntry.actor.in_(identifiers), AuditEntry.target.in_(identifiers))),
        "teams_conversations": (TeamsConversation, by(TeamsConversation.user_ref)),
    }
    # Children before parents, each counted just before it goes.
    for key, (model, condition) in targets.items():
        removed[key] = _count(session, select(model).where(condition))
        if removed[key]:
            session.execute(delete(model).where(condition), execution_options={"synchronize_session": False})
    session.execute(delete(Contact).where(Contact.id == cid), execution_options={"synchronize_session": False})
    removed["contacts"] = 1
    session.add(AuditEntry(actor=actor, action="contact.forget", target=None, detail={"removed": removed}))
    return {"forgotten": True, "removed": removed}
