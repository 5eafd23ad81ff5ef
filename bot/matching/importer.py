"""Writing validated CSV rows: create or update contacts in bulk, inside the caller's transaction.

A row updates the contact with the same e-mail, else the one with the same ORCID, so re-importing a
list never duplicates people. Identifiers (Slack/Teams ids, ORCID) are filled in, never cleared by an
empty cell: people link those themselves, and an older spreadsheet must not undo that.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from bot.db.models import Contact, Organization, ProfileChange, new_id
from bot.matching.contacts import embed_profiles, pack, profile_hash, profile_text, seeking_text
from bot.matching.csv_io import ContactRow, Rejected, read_contacts

PROFILE_FIELDS = ("name", "email", "organization_id", "kind", "country", "region", "title", "expertise", "offering",
                  "seeking", "languages", "consent")
KEEP_WHEN_EMPTY = ("slack_user_id", "teams_user_id", "orcid", "last_verified")
ORGANIZATION_KINDS = {"company", "hospital", "university", "investor", "public"}
CHUNK = 500


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    seconds: float = 0.0

    def as_contract(self) -> dict:
        """`updated` counts rows that matched an existing contact; `unchanged` is those that changed nothing."""
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "rejected": [r.as_dict() for r in self.rejected]}


def import_file(*, session: Session, path: Path, embedder, actor: str = "import") -> ImportReport:  # noqa: ANN001
    return import_bytes(session=session, data=path.read_bytes(), source=path.name, embedder=embedder, actor=actor)


def import_bytes(*, session: Session, data: bytes, source: str, embedder, actor: str = "import") -> ImportReport:  # noqa: ANN001
    """Import a CSV's bytes in the caller's transaction, with an audit entry of the counts."""
    from bot.audit import record

    started = time.perf_counter()
    rows, rejected = read_contacts(data, source=source)
    report = import_rows(session=session, rows=rows, embedder=embedder, actor=actor)
    report.rejected = sorted(rejected + report.rejected, key=lambda r: r.line)
    report.seconds = round(time.perf_counter() - started, 3)
    record(session, actor=actor, action="contacts.import", target=source,
           detail={"created": report.created, "updated": report.updated - report.unchanged,
                   "unchanged": report.unchanged, "rejected": len(report.rejected)})
    return report


def preview_import(*, sessions, data: bytes, source: str, embedder) -> ImportReport:  # noqa: ANN001
    """What importing would do, written nowhere: the whole import runs and is rolled back, so the
    preview finds every rejection the real import would (a second row with the same ORCID, too)."""
    with sessions() as session:
        try:
            return import_bytes(session=session, data=data, source=source, embedder=embedder, actor="preview")
        finally:
            session.rollback()


def _chunks(items: list, size: int = CHUNK):  # noqa: ANN202
    for start in range(0, len(items), size):
        yield items[start: start + size]


def _existing(session: Session, rows: list[ContactRow]) -> dict[int, dict]:
    """Row line -> the stored contact it updates (matched by e-mail first, then by ORCID)."""
    names = [f for f in PROFILE_FIELDS if f != "email"] + list(KEEP_WHEN_EMPTY)
    columns = [Contact.id, Contact.email, Contact.profile_hash, *(getattr(Contact, f) for f in names)]
    by_email: dict[str, dict] = {}
    for chunk in _chunks([r.email for r in rows]):
        for m in session.execute(select(*columns).where(Contact.email.in_(chunk))).mappings():
            by_email[m["email"]] = dict(m)
    by_orcid: dict[str, dict] = {}
    orcids = [r.orcid for r in rows if r.orcid and r.email not in by_email]
    for chunk in _chunks(orcids):
        for m in session.execute(select(*columns).where(Contact.orcid.in_(chunk))).mappings():
            by_orcid.setdefault(m["orcid"], dict(m))
    found: dict[int, dict] = {}
    for r in rows:
        match = by_email.get(r.email) or (by_orcid.get(r.orcid) if r.orcid else None)
        if match is not None:
            found[r.line] = match
    return found


def _organizations(session: Session, rows: list[ContactRow]) -> dict[str, str]:
    """Lower-cased organisation name -> id, creating the organisations not stored yet."""
    # A new organisation takes its kind and place from the row that best describes it (a contact whose
    # kind is an organisation kind, then the first e-mail): the same for any order of the same rows, so
    # an exported file re-imports to the same organisations.
    first: dict[str, ContactRow] = {}
    for r in sorted((r for r in rows if r.organization), key=lambda r: (r.kind not in ORGANIZATION_KINDS, r.email)):
        first.setdefault(r.organization.lower(), r)
    # Case-insensitive, in Python: SQLite's lower() leaves Ø and Å as they are.
    ids = {name.lower(): org_id for org_id, name in session.execute(select(Organization.id, Organization.name))}
    new = [{"id": new_id(), "name": r.organization, "country": r.country, "region": r.region,
            "kind": r.kind if r.kind in ORGANIZATION_KINDS else None} for key, r in first.items() if key not in ids]
    for chunk in _chunks(new):
        session.execute(insert(Organization), chunk)
    ids.update({o["name"].lower(): o["id"] for o in new})
    return ids


def _values(r: ContactRow, org_ids: dict[str, str]) -> dict:
    values = {f: getattr(r, f) for f in PROFILE_FIELDS if f != "organization_id"}
    values["organization_id"] = org_ids.get(r.organization.lower()) if r.organization else None
    values.update({f: getattr(r, f) for f in KEEP_WHEN_EMPTY if getattr(r, f) is not None})
    return values


def _same(old, new) -> bool:  # noqa: ANN001
    if isinstance(old, datetime) and isinstance(new, datetime):
        return (old if old.tzinfo else old.replace(tzinfo=timezone.utc)) == new
    return old == new


def import_rows(*, session: Session, rows: list[ContactRow], embedder, actor: str = "import") -> ImportReport:  # noqa: ANN001
    report = ImportReport()
    existing = _existing(session, rows)
    claimed: dict[str, int] = {}
    for r in rows:
        match = existing.get(r.line)
        if match is not None and match["id"] in claimed:
            report.rejected.append(Rejected(r.line, f"is the same person as line {claimed[match['id']]} (same ORCID)"))
        elif match is not None:
            claimed[match["id"]] = r.line
    dropped = {r.line for r in report.rejected}
    rows = [r for r in rows if r.line not in dropped]
    org_ids = _organizations(session, rows)

    creates, updates, changes, to_embed = [], [], [], []
    for r in rows:
        values = _values(r, org_ids)
        values["profile_hash"] = profile_hash(r.title, r.expertise, r.offering, r.seeking)
        old = existing.get(r.line)
        if old is None:
            values.update({f: getattr(r, f) for f in KEEP_WHEN_EMPTY}, id=new_id())
            creates.append(values)
            to_embed.append((values, r))
            continue
        report.updated += 1
        changed = {f: v for f, v in values.items() if not _same(old.get(f), v)}
        if not changed:
            report.unchanged += 1
            continue
        changed["id"] = old["id"]
        updates.append(changed)
        if "profile_hash" in changed:
            to_embed.append((changed, r))
        changes.append({"contact_id": old["id"], "editor": actor,
                        "fields": {f: (v.isoformat() if isinstance(v, datetime) else v) for f, v in changed.items()
                                   if f not in ("id", "profile_hash")}})
    vectors = embed_profiles(embedder, [(profile_text(r.title, r.expertise, r.offering), seeking_text(r.seeking))
                                        for _, r in to_embed])
    for (values, _), vector in zip(to_embed, vectors):
        values["embedding"] = pack(vector)
    # Stamped after the embedding work, so the change marker moves close to the commit.
    now = datetime.now(timezone.utc)
    for values in creates:
        values.update(created_at=now, updated_at=now, updated_by=actor)
    for values in updates:
        values.update(updated_at=now, updated_by=actor)
    for change in changes:
        change["changed_at"] = now
    for chunk in _chunks(creates, 1000):
        session.execute(insert(Contact), chunk)
    for chunk in _chunks(updates, 1000):
        session.execute(update(Contact), chunk)
    for chunk in _chunks(changes, 1000):
        session.execute(insert(ProfileChange), chunk)
    report.created = len(creates)
    return report
