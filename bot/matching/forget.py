"""The right to erasure: remove a person and every record that refers to them.

Removed: the contact, introductions to or from them (with their events), their profile history,
match feedback about or by them, what they asked the assistant under their chat identities (answers,
unanswered questions, feedback on those answers) and their Teams conversation reference.
Anonymised, because the record itself belongs to others: their name as the actor of events on other
people's introductions, as approver or decider, as editor of a profile, as the one who added a
document, and as actor in the audit log. Then their vectors leave the matching cache files, and on
SQLite the file is rewritten so no deleted bytes stay readable (PostgreSQL: README, "Erasure").
The audit log keeps only that an erasure happened, with the counts, never who it was.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import ColumnElement, Engine, Select, delete, false, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import (
    AnswerRecord,
    AuditEntry,
    CachedValue,
    ConsoleLink,
    ConsoleSession,
    Contact,
    ContactAvailability,
    ConversationHistory,
    Document,
    Feedback,
    GapResolution,
    IntroBlock,
    IntroEvent,
    IntroFollowUp,
    IntroRequest,
    MatchFeedback,
    MessageAnswer,
    OutboxNotice,
    ProfileChange,
    RateLimitHit,
    UnansweredQuestion,
)
from bot.db.session import scrub_deleted_data, transaction
from bot.db.teams_refs import TeamsConversation
from bot.matching.contacts import contact_by_email, user_refs
from bot.matching.loader import drop_cached_vectors

ERASED = "erased"  # stands in for the person where a record must keep an actor
REMOVED_KEYS = ("contacts", "intro_requests", "intro_events", "profile_changes", "match_feedback", "answers",
                "feedback", "unanswered_questions", "audit_entries", "teams_conversations", "documents",
                "vector_cache", "outbox", "rate_limit_hits", "conversation_history", "cached_values",
                "console_links", "console_sessions", "gap_resolutions", "message_answers", "contact_availability",
                "intro_blocks", "intro_follow_ups")


def _count(session: Session, query: Select) -> int:
    return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def forget_contact(*, session: Session, email: str, actor: str = "cli") -> dict:
    """{"forgotten": bool, "removed": {table: rows deleted or stripped of the person}}; an unknown e-mail
    changes nothing. The rows only: `forget_person` also clears the caches and the file."""
    removed = dict.fromkeys(REMOVED_KEYS, 0)
    contact = contact_by_email(session=session, email=email)
    if contact is None:
        return {"forgotten": False, "removed": removed}
    cid = contact.id
    refs = user_refs(contact)
    # Free-text actor columns hold a chat ref ("slack:U…"), and some callers wrote the e-mail or id.
    names = [cid, contact.email, *refs]

    def by(column) -> ColumnElement[bool]:  # noqa: ANN001
        return column.in_(refs) if refs else false()

    intros = select(IntroRequest.id).where(or_(IntroRequest.contact_id == cid, IntroRequest.requester_contact_id == cid,
                                               by(IntroRequest.requester_ref)))
    answers = select(AnswerRecord.id).where(by(AnswerRecord.user_ref))
    removed.update(_forget_shared_state(session, contact, refs))
    feedback = or_(by(Feedback.user_ref), Feedback.answer_id.in_(answers))
    unanswered = or_(by(UnansweredQuestion.user_ref), UnansweredQuestion.answer_id.in_(answers))
    deletions = {
        # A resolved gap's row goes with the question it marks (found before that question goes).
        "gap_resolutions": (GapResolution, or_(
            (GapResolution.kind == "downvoted") & GapResolution.row_id.in_(select(Feedback.id).where(feedback)),
            (GapResolution.kind == "unanswered") & GapResolution.row_id.in_(select(UnansweredQuestion.id).where(unanswered)))),
        "console_links": (ConsoleLink, by(ConsoleLink.user_ref)),
        "console_sessions": (ConsoleSession, by(ConsoleSession.user_ref)),
        "outbox": (OutboxNotice, or_(OutboxNotice.intro_id.in_(intros), OutboxNotice.target.in_(
            [*refs, *(r.split(":", 1)[1] for r in refs)]))),
        "intro_events": (IntroEvent, IntroEvent.request_id.in_(intros)),
        "intro_follow_ups": (IntroFollowUp, or_(IntroFollowUp.intro_id.in_(intros), by(IntroFollowUp.respondent_ref))),
        # Her own list, and every list that names her.
        "intro_blocks": (IntroBlock, or_(IntroBlock.contact_id == cid, IntroBlock.value.in_([f"contact:{cid}", *refs]))),
        "contact_availability": (ContactAvailability, ContactAvailability.contact_id == cid),
        "feedback": (Feedback, feedback),
        "message_answers": (MessageAnswer, MessageAnswer.answer_id.in_(answers)),  # which Teams message held them
        "unanswered_questions": (UnansweredQuestion, unanswered),
        "answers": (AnswerRecord, by(AnswerRecord.user_ref)),
        "intro_requests": (IntroRequest, IntroRequest.id.in_(intros)),
        "profile_changes": (ProfileChange, ProfileChange.contact_id == cid),
        "match_feedback": (MatchFeedback, or_(MatchFeedback.contact_id == cid, by(MatchFeedback.user_ref))),
        "audit_entries": (AuditEntry, AuditEntry.target.in_(names)),
        "teams_conversations": (TeamsConversation, by(TeamsConversation.user_ref)),
    }
    # Children before parents, each counted just before it goes.
    for key, (model, condition) in deletions.items():
        removed[key] = _count(session, select(model).where(condition))
        if removed[key]:
            session.execute(delete(model).where(condition), execution_options={"synchronize_session": False})
    session.execute(delete(Contact).where(Contact.id == cid), execution_options={"synchronize_session": False})
    removed["contacts"] = 1

    anonymise = {
        "intro_events": (IntroEvent, {IntroEvent.actor: ERASED}),
        "intro_requests": (IntroRequest, {IntroRequest.approved_by: ERASED, IntroRequest.decided_by: ERASED}),
        "profile_changes": (ProfileChange, {ProfileChange.editor: ERASED}),
        "contacts": (Contact, {Contact.updated_by: ERASED}),
        "contact_availability": (ContactAvailability, {ContactAvailability.snoozed_by: ERASED}),
        "documents": (Document, {Document.added_by: None}),
        "audit_entries": (AuditEntry, {AuditEntry.actor: ERASED}),
        "gap_resolutions": (GapResolution, {GapResolution.actor: ERASED}),
    }
    for key, (model, columns) in anonymise.items():
        removed[key] += _count(session, select(model).where(or_(*(c.in_(names) for c in columns))))
        for column, value in columns.items():
            session.execute(update(model).where(column.in_(names)).values({column.key: value}),
                            execution_options={"synchronize_session": False})
    session.add(AuditEntry(actor=actor, action="contact.forget", target=None, detail={"removed": removed}))
    return {"forgotten": True, "removed": removed}


def _forget_shared_state(session: Session, contact: Contact, refs: list[str]) -> dict:
    """Rate-limit counts, conversation turns and cached platform values that hold the person.

    A conversation's key names its chat, not its people, so a history is found by what the person
    said in it (every question on record) and by their Teams conversation.
    """
    from bot.db.teams_refs import TeamsConversation

    raw_ids = [r.split(":", 1)[1] for r in refs]
    counted: dict[str, int] = {}
    limiter_keys = [*refs, *(f"notice:{r}" for r in refs)]
    counted["rate_limit_hits"] = _count(session, select(RateLimitHit).where(RateLimitHit.key.in_(limiter_keys)))
    session.execute(delete(RateLimitHit).where(RateLimitHit.key.in_(limiter_keys)),
                    execution_options={"synchronize_session": False})
    said = set(session.scalars(select(AnswerRecord.question).where(AnswerRecord.user_ref.in_(refs)))) if refs else set()
    chats = []
    for ref in session.scalars(select(TeamsConversation.reference).where(TeamsConversation.user_ref.in_(refs))) if refs else []:
        chat = (ref or {}).get("conversation", {}).get("id")
        if chat:
            chats.append(f"teams:{chat}")
    gone = []
    for row in session.scalars(select(ConversationHistory)):
        texts = {t.get("text") for t in (row.turns or []) if isinstance(t, dict)}
        if texts & said or any(row.key == c or row.key.startswith(c + ":") for c in chats):
            gone.append(row.key)
    counted["conversation_history"] = len(gone)
    if gone:
        session.execute(delete(ConversationHistory).where(ConversationHistory.key.in_(gone)),
                        execution_options={"synchronize_session": False})
    # Cached platform answers (a staff group's members) are fetched again on next use.
    stale = [row.key for row in session.scalars(select(CachedValue))
             if any(i and i in str(row.value) for i in [*raw_ids, contact.email])]
    counted["cached_values"] = len(stale)
    if stale:
        session.execute(delete(CachedValue).where(CachedValue.key.in_(stale)), execution_options={"synchronize_session": False})
    return counted


def forget_person(*, sessions: sessionmaker[Session], engine: Engine, email: str, cache_dir: Path | None,
                  actor: str = "cli") -> dict:
    """Erase everywhere: the rows (one transaction), then the matching cache files, then the deleted
    bytes in the database file. `scrubbed` says whether the last step could finish; it runs for an
    unknown e-mail too, so repeating an erasure finishes one a busy database interrupted."""
    with transaction(sessions) as session:
        contact = contact_by_email(session=session, email=email)
        contact_id = contact.id if contact is not None else None
        result = forget_contact(session=session, email=email, actor=actor)
    if contact_id is not None and cache_dir is not None:
        result["removed"]["vector_cache"] = drop_cached_vectors(cache_dir, {contact_id})
    return {**result, "scrubbed": scrub_deleted_data(engine)}
