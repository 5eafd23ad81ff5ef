"""Who takes introductions now, and from whom: the reads and small writes matching and requests share.

A contact is *unavailable* while snoozed (they chose a period) or paused (they left
`intro_unanswered_limit` requests to expire unanswered; an answer or a profile save ends it).
A contact *blocks* a requester who is on their "don't introduce me to" list: as a person (a chat
ref such as "slack:U1", or "contact:<id>" for someone in the contact list, which covers all their
accounts) or through the requester's organisation (its name, compared lower-cased).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.db.models import Contact, ContactAvailability, IntroBlock, IntroRequest, OutboxNotice
from bot.matching.contacts import contact_for_user, user_refs

PERSON, ORGANISATION = "person", "organisation"
# Notices asking the contact (or staff for them) to answer: held while the contact is snoozed.
HELD_KINDS = ("consent_request", "reminder", "staff_handle")
OPEN_STATES = ("pending_approval", "pending_consent")


def org_key(name: str | None) -> str:
    return " ".join((name or "").lower().split())[:300]


def aware(when: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything here is UTC."""
    from datetime import timezone

    return when if when is None or when.tzinfo else when.replace(tzinfo=timezone.utc)


def row(session: Session, contact_id: str, now: datetime) -> ContactAvailability:
    found = session.get(ContactAvailability, contact_id)
    if found is None:
        found = ContactAvailability(contact_id=contact_id, unanswered=0, updated_at=now)
        session.add(found)
        session.flush()
    return found


def snoozed_until(session: Session, contact_id: str, now: datetime) -> datetime | None:
    found = session.get(ContactAvailability, contact_id)
    until = aware(found.snoozed_until) if found is not None else None
    return until if until is not None and until > now else None


def unavailable(session: Session, now: datetime) -> set[str]:
    """Contacts not to suggest now: snoozed or paused. A small table, read once per match."""
    return set(session.scalars(select(ContactAvailability.contact_id).where(
        or_(ContactAvailability.snoozed_until > now, ContactAvailability.paused_at.is_not(None)))))


def requester_identity(session: Session, requester_ref: str | None, *, contact_id: str | None = None,
                       organisation: str | None = None) -> tuple[set[str], set[str]]:
    """(the person refs, the organisation keys) a block list may name this requester by."""
    refs = {requester_ref} if requester_ref else set()
    contact = session.get(Contact, contact_id) if contact_id else None
    if contact is None and requester_ref:
        contact = contact_for_user(session=session, ref=requester_ref)
    orgs = {org_key(organisation)} if organisation else set()
    if contact is not None:
        refs |= {f"contact:{contact.id}", *user_refs(contact)}
        if contact.organization is not None:
            orgs.add(org_key(contact.organization.name))
    return refs, orgs - {""}


def blocking(session: Session, refs: set[str], orgs: set[str]) -> set[str]:
    """Contacts whose list names one of these people or organisations."""
    if not refs and not orgs:
        return set()
    named = []
    if refs:
        named.append((IntroBlock.kind == PERSON) & IntroBlock.value.in_(sorted(refs)))
    if orgs:
        named.append((IntroBlock.kind == ORGANISATION) & IntroBlock.value.in_(sorted(orgs)))
    return set(session.scalars(select(IntroBlock.contact_id).where(or_(*named))))


def hidden_from(session: Session, now: datetime, *, requester_ref: str | None, requester_contact_id: str | None,
                organisation: str | None) -> set[str]:
    """Every contact matching must not suggest to this requester now."""
    refs, orgs = requester_identity(session, requester_ref, contact_id=requester_contact_id, organisation=organisation)
    return unavailable(session, now) | blocking(session, refs, orgs)


def blocks_request(session: Session, contact_id: str, intro: IntroRequest) -> bool:
    refs, orgs = requester_identity(session, intro.requester_ref, contact_id=intro.requester_contact_id,
                                    organisation=intro.requester_org)
    return contact_id in blocking(session, refs, orgs)


# ----- holding notices while snoozed ---------------------------------------------------------------
def hold(session: Session, intro: IntroRequest, until: datetime, now: datetime) -> None:
    """No reminder, expiry or consent request reaches a snoozed contact before `until`; the request
    keeps the time it had left to be answered, counted from then."""
    previous = aware(intro.held_until) or now
    intro.held_until = until
    if intro.expires_at is not None:
        intro.expires_at = aware(intro.expires_at) + (until - max(previous, now))
    session.execute(update(OutboxNotice).where(
        OutboxNotice.intro_id == intro.id, OutboxNotice.state == "pending", OutboxNotice.kind.in_(HELD_KINDS),
        OutboxNotice.next_attempt_at < until).values(next_attempt_at=until).execution_options(synchronize_session=False))


def release(session: Session, contact_id: str, now: datetime) -> None:
    """The snooze ended early: held requests and their notices go on now."""
    held = session.scalars(select(IntroRequest).where(
        IntroRequest.contact_id == contact_id, IntroRequest.state.in_(OPEN_STATES), IntroRequest.held_until > now)).all()
    for intro in held:
        intro.held_until = now
        session.execute(update(OutboxNotice).where(
            OutboxNotice.intro_id == intro.id, OutboxNotice.state == "pending", OutboxNotice.kind.in_(HELD_KINDS),
            OutboxNotice.next_attempt_at > now).values(next_attempt_at=now).execution_options(synchronize_session=False))


# ----- requests left unanswered -------------------------------------------------------------------
def count_unanswered(session: Session, contact_id: str, now: datetime, limit: int) -> bool:
    """One more request expired unanswered; True when this one pauses the contact (they are told once)."""
    found = row(session, contact_id, now)
    found.unanswered = (found.unanswered or 0) + 1
    found.updated_at = now
    if found.paused_at is None and found.unanswered >= limit:
        found.paused_at = now
        return True
    return False


def answered(session: Session, contact_id: str, now: datetime) -> None:
    """The contact answered a request or saved their profile: they are suggested again."""
    found = session.get(ContactAvailability, contact_id)
    if found is not None and (found.unanswered or found.paused_at is not None):
        found.unanswered, found.paused_at, found.updated_at = 0, None, now
