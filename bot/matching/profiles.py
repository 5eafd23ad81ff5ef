"""Profiles people edit themselves (staff: anyone's), with every change stored with its editor and time."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import Contact, ProfileChange
from bot.db.session import transaction
from bot.errors import InvalidInput, NotFound, PermissionDenied
from bot.matching.availability import answered
from bot.matching.contacts import contact_by_email, contact_for_user

LIST_FIELDS = ("expertise", "offering", "seeking", "languages")
EDITABLE = (*LIST_FIELDS, "consent")
MAX_ITEMS = 30
MAX_ITEM_CHARS = 200


def _as_dict(contact: Contact) -> dict:
    """What a profile shows: never the e-mail address or chat ids."""
    return {
        "id": contact.id, "name": contact.name,
        "organization": contact.organization.name if contact.organization is not None else "",
        "kind": contact.kind, "region": contact.region, "title": contact.title or "",
        **{name: list(getattr(contact, name) or []) for name in LIST_FIELDS}, "consent": bool(contact.consent),
    }


def load_profile(sessions: sessionmaker[Session], *, contact_id: str) -> dict:
    with sessions() as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise NotFound("That profile does not exist.")
        return _as_dict(contact)


def find_contact_id(sessions: sessionmaker[Session], *, user_ref: str | None = None, email: str | None = None) -> str | None:
    """The contact behind a chat user ("slack:U123"), else behind an e-mail address."""
    with sessions() as session:
        contact = contact_for_user(session=session, ref=user_ref) if user_ref else None
        if contact is None and email:
            contact = contact_by_email(session=session, email=email)
        return contact.id if contact is not None else None


def clean_fields(fields: dict) -> dict:
    """Only the editable fields, lists trimmed and de-duplicated, within bounds."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"These fields cannot be edited here: {', '.join(sorted(unknown))}.")
    out: dict = {}
    for name, value in fields.items():
        if name == "consent":
            out[name] = bool(value)
            continue
        items = value.split(";") if isinstance(value, str) else list(value or [])
        items = list(dict.fromkeys(str(i).strip() for i in items if str(i).strip()))
        if len(items) > MAX_ITEMS or any(len(i) > MAX_ITEM_CHARS for i in items):
            raise InvalidInput(f"Please keep {name} to at most {MAX_ITEMS} entries of {MAX_ITEM_CHARS} characters.")
        out[name] = items
    return out


def update_profile(sessions: sessionmaker[Session], *, contact_id: str, editor_ref: str, is_staff: bool,
                   editor_contact_id: str | None, fields: dict, now: datetime | None = None) -> dict:
    """Apply `fields` to the profile; returns {field: {"from": old, "to": new}} for what changed."""
    if not is_staff and (editor_contact_id is None or editor_contact_id != contact_id):
        raise PermissionDenied("You can only edit your own profile.")
    values = clean_fields(fields)
    with transaction(sessions) as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise NotFound("That profile does not exist.")
        changes = {}
        for name, new in values.items():
            old = bool(contact.consent) if name == "consent" else list(getattr(contact, name) or [])
            if old != new:
                changes[name] = {"from": old, "to": new}
                setattr(contact, name, new)
        if editor_contact_id == contact_id:  # the contact is active again: suggested again if paused
            answered(session, contact_id, now or datetime.now(timezone.utc))
        if changes:
            contact.updated_by = editor_ref[:200]
            session.add(ProfileChange(contact_id=contact_id, editor=editor_ref[:200],
                                      changed_at=now or datetime.now(timezone.utc), fields=changes))
        return changes


def profile_history(sessions: sessionmaker[Session], *, contact_id: str) -> list[dict]:
    from sqlalchemy import select

    with sessions() as session:
        rows = session.scalars(select(ProfileChange).where(ProfileChange.contact_id == contact_id)
                               .order_by(ProfileChange.id)).all()
        return [{"editor": r.editor, "changed_at": r.changed_at, "fields": r.fields} for r in rows]


def edit_profile(sessions: sessionmaker[Session], intros, *, contact_id: str, editor_ref: str, is_staff: bool,  # noqa: ANN001
                 editor_contact_id: str | None, fields: dict, now: datetime | None = None) -> dict:
    """`update_profile`, then the rule every surface keeps: a contact whose consent is withdrawn is asked
    nothing more, so their open introduction requests are declined (the notices go through the outbox)."""
    changes = update_profile(sessions, contact_id=contact_id, editor_ref=editor_ref, is_staff=is_staff,
                             editor_contact_id=editor_contact_id, fields=fields, now=now)
    if fields.get("consent") is False:
        intros.close_for_contact(contact_id, actor_ref=editor_ref)
    return changes


def mark_verified(sessions: sessionmaker[Session], *, contact_ids: list[str], editor_ref: str, now: datetime) -> int:
    """Staff checked these contacts' details with them: `last_verified` becomes now, with a profile change
    each (so the audit log shows who verified whom). Returns how many contacts were marked."""
    from sqlalchemy import select

    ids = list(dict.fromkeys(i for i in contact_ids if i))
    if not ids:
        raise InvalidInput("Select the contacts you verified.")
    with transaction(sessions) as session:
        contacts = session.scalars(select(Contact).where(Contact.id.in_(ids))).all()
        for contact in contacts:
            before = contact.last_verified
            contact.last_verified = now
            contact.updated_by = editor_ref[:200]
            session.add(ProfileChange(contact_id=contact.id, editor=editor_ref[:200], changed_at=now, fields={
                "last_verified": {"from": before.isoformat() if before else None, "to": now.isoformat()}}))
        return len(contacts)
