"""Data access for contacts, and the profile embeddings matching relies on.

`Contact.embedding` holds two vectors one after the other: the profile (title, expertise and
offering: what the contact does and offers) and what the contact seeks. Matching is two-sided,
so both are computed once, when the profile text changes (`profile_hash` tells), never per query.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from collections.abc import Iterator, Sequence

import numpy as np
from sqlalchemy import JSON, bindparam, func, select, update
from sqlalchemy.orm import Session

from bot.db.models import Contact, Organization
from bot.kb.embedder import DIMENSIONS, MODEL_ID

VECTOR_PARTS = ("profile", "seeking")
EMBEDDING_LENGTH = DIMENSIONS * len(VECTOR_PARTS)


def profile_text(title: str | None, expertise: Sequence[str], offering: Sequence[str]) -> str:
    parts = [", ".join(expertise), ", ".join(offering), title or ""]
    return ". ".join(p for p in parts if p)


def seeking_text(seeking: Sequence[str]) -> str:
    return ", ".join(seeking)


def profile_hash(title: str | None, expertise: Sequence[str], offering: Sequence[str], seeking: Sequence[str]) -> str:
    """Changes exactly when the text behind the stored embedding (or the model) changes."""
    text = "\x1f".join([MODEL_ID, profile_text(title, expertise, offering), seeking_text(seeking)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def embed_profiles(embedder, profiles: Sequence[tuple[str, str]], *, batch: int = 256) -> np.ndarray:  # noqa: ANN001
    """(profile text, seeking text) pairs -> rows of [profile vector | seeking vector].

    Each distinct text is embedded once: contact lists repeat phrases and whole profiles a lot.
    An empty seeking text gets a zero vector, so it adds nothing to a score.
    """
    unique = sorted({t for pair in profiles for t in pair if t})
    vectors: dict[str, np.ndarray] = {}
    for start in range(0, len(unique), batch):
        chunk = unique[start: start + batch]
        vectors.update(zip(chunk, embedder.encode(chunk)))
    out = np.zeros((len(profiles), EMBEDDING_LENGTH), dtype=np.float32)
    for row, (profile, seeking) in enumerate(profiles):
        if profile:
            out[row, :DIMENSIONS] = vectors[profile]
        if seeking:
            out[row, DIMENSIONS:] = vectors[seeking]
    return out


def pack(vector: np.ndarray) -> list[float]:
    """For the JSON column: four decimals keep cosines within 1e-3 and the stored text short."""
    return np.round(vector.astype(np.float64), 4).tolist()


def contact_by_email(*, session: Session, email: str) -> Contact | None:
    """Case-insensitive: contacts created by other paths may keep capitals in their address."""
    return session.scalar(select(Contact).where(func.lower(Contact.email) == email.strip().lower()).limit(1))


def contact_for_user(*, session: Session, ref: str) -> Contact | None:
    """The contact behind a chat user reference such as "slack:U123" or "teams:29:1ab..."."""
    surface, _, user_id = ref.partition(":")
    if not user_id:
        return None
    column = {"slack": Contact.slack_user_id, "teams": Contact.teams_user_id}.get(surface.lower())
    return session.scalar(select(Contact).where(column == user_id).limit(1)) if column is not None else None


def user_refs(contact: Contact) -> list[str]:
    from bot.conversation.identity import contact_refs

    return contact_refs(slack_user_id=contact.slack_user_id, teams_user_id=contact.teams_user_id)


def latest_update(*, session: Session) -> str:
    """When a contact last changed: one index lookup, so cheap enough to ask before every match."""
    return str(session.scalar(select(func.max(Contact.updated_at))))


def contact_count(*, session: Session) -> int:
    """Tells deletions, which leave the latest update as it was; a scan, so asked now and then."""
    return int(session.scalar(select(func.count()).select_from(Contact)) or 0)


def existing_ids(*, session: Session, ids: Sequence[str]) -> set[str]:
    return set(session.scalars(select(Contact.id).where(Contact.id.in_(list(ids))))) if ids else set()


def refresh_embeddings(*, session: Session, embedder,  # noqa: ANN001
                       contacts: Sequence[Contact]) -> dict[str, tuple[np.ndarray, str]]:
    """Store fresh embeddings for contacts whose profile text changed: {contact id: (vector, profile hash)}.

    `updated_at` stays as it is: the profile did not change, only what is derived from it.
    """
    todo = [c for c in contacts
            if c.embedding is None or c.profile_hash != profile_hash(c.title, c.expertise, c.offering, c.seeking)]
    if not todo:
        return {}
    vectors = embed_profiles(embedder, [(profile_text(c.title, c.expertise, c.offering), seeking_text(c.seeking))
                                        for c in todo])
    fresh = {c.id: (v, profile_hash(c.title, c.expertise, c.offering, c.seeking)) for c, v in zip(todo, vectors)}
    table = Contact.__table__
    statement = (update(table).where(table.c.id == bindparam("contact_id"))
                 .values(embedding=bindparam("vector", type_=JSON), profile_hash=bindparam("hash"),
                         updated_at=table.c.updated_at))
    session.execute(statement, [{"contact_id": cid, "vector": pack(v), "hash": h} for cid, (v, h) in fresh.items()])
    return fresh


def export_rows(*, session: Session, batch: int = 2000) -> Iterator[dict]:
    """Every contact with its organisation name, in a stable order, streamed for large lists."""
    query = (select(Contact.name, Contact.email, Organization.name.label("organization"), Contact.kind, Contact.country,
                    Contact.region, Contact.title, Contact.expertise, Contact.offering, Contact.seeking,
                    Contact.languages, Contact.consent, Contact.slack_user_id, Contact.orcid, Contact.teams_user_id,
                    Contact.last_verified)
             .outerjoin(Organization, Organization.id == Contact.organization_id)
             .order_by(Contact.name, Contact.email)
             .execution_options(yield_per=batch))
    for row in session.execute(query).mappings():
        yield dict(row)


VERIFIED_FILTERS = ("never", "over-a-year", "within-a-year")


def search_contacts(*, session: Session, text: str = "", kind: str | None = None, region: str | None = None,
                    consent: bool | None = None, verified: str | None = None, now: datetime | None = None,
                    limit: int = 50, offset: int = 0) -> tuple[list[Contact], int]:
    """Contacts whose name, e-mail, organisation or title contains `text`, filtered; (page, total).
    `verified`: "never" checked, last checked "over-a-year" ago, or "within-a-year"."""
    query = select(Contact).outerjoin(Organization, Organization.id == Contact.organization_id)
    text = " ".join((text or "").split())
    if text:
        like = f"%{text.lower()}%"
        query = query.where(func.lower(Contact.name).like(like) | func.lower(Contact.email).like(like)
                            | func.lower(Organization.name).like(like) | func.lower(Contact.title).like(like))
    if kind:
        query = query.where(Contact.kind == kind)
    if region:
        query = query.where(Contact.region == region)
    if consent is not None:
        query = query.where(Contact.consent.is_(consent))
    year_ago = (now or datetime.now(timezone.utc)) - timedelta(days=365)
    if verified == "never":
        query = query.where(Contact.last_verified.is_(None))
    elif verified == "over-a-year":
        query = query.where(Contact.last_verified < year_ago)
    elif verified == "within-a-year":
        query = query.where(Contact.last_verified >= year_ago)
    total = int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)
    page = session.scalars(query.order_by(Contact.name, Contact.email).limit(limit).offset(offset)).all()
    return list(page), total
