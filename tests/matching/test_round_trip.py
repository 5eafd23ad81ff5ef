"""`contacts export` then `contacts import` into an empty database gives the same rows (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest
import sqlalchemy
from sqlalchemy import select, update
from typer.testing import CliRunner

from bot.cli.main import app
from bot.db.models import Contact, Organization
from bot.db.session import make_engine, make_session_factory
from bot.matching.csv_io import EXPORT_COLUMNS, OPTIONAL_COLUMNS, read_contacts
from tests.conftest import POSTGRES_URL, SAMPLE_CONTACTS

# What a database assigns itself on insert; everything else must survive the trip.
ASSIGNED = {"id", "organization_id", "created_at", "updated_at"}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def two_databases(request, tmp_path):
    """(source URL, empty target URL) on the same kind of server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}", f"sqlite:///{tmp_path / 'new.sqlite3'}"
        return
    source = request.getfixturevalue("postgres_url")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
    yield source, f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(sqlalchemy.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def cli(monkeypatch, url: str, *args: str):
    monkeypatch.setenv("DATABASE_URL", url)
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def rows(url: str) -> dict[str, dict]:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            contacts = {}
            for contact, org in session.execute(select(Contact, Organization).outerjoin(Organization)).all():
                values = {c.key: getattr(contact, c.key) for c in Contact.__table__.columns if c.key not in ASSIGNED}
                if values["last_verified"] is not None and values["last_verified"].tzinfo is None:
                    values["last_verified"] = values["last_verified"].replace(tzinfo=timezone.utc)
                values["organization"] = None if org is None else (org.name, org.kind, org.country, org.region, org.website)
                contacts[contact.email] = values
            return contacts
    finally:
        engine.dispose()


def test_export_then_import_into_an_empty_database_gives_identical_rows(two_databases, monkeypatch, tmp_path):
    source, target = two_databases
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "var"))
    cli(monkeypatch, source, "contacts", "import", str(SAMPLE_CONTACTS))
    # What only some contacts have, and what import accepts but the sample file lacks.
    engine = make_engine(source)
    with engine.begin() as conn:
        emails = conn.execute(select(Contact.email).order_by(Contact.email).limit(3)).scalars().all()
        conn.execute(update(Contact).where(Contact.email == emails[0]).values(
            teams_user_id="29:1AbC-teams-user", slack_user_id="U0ADA",
            last_verified=datetime(2026, 10, 3, 14, 25, 7, 123456, tzinfo=timezone.utc)))
        conn.execute(update(Contact).where(Contact.email == emails[1]).values(
            teams_user_id="29:2Other", last_verified=datetime(2025, 1, 31, tzinfo=timezone.utc)))
        conn.execute(update(Contact).where(Contact.email == emails[2]).values(orcid="0000-0002-1825-0097"))
    engine.dispose()
    before = rows(source)
    assert before[emails[0]]["teams_user_id"] == "29:1AbC-teams-user"

    exported = tmp_path / "contacts.csv"
    cli(monkeypatch, source, "contacts", "export", str(exported))
    header = exported.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == list(EXPORT_COLUMNS) and set(OPTIONAL_COLUMNS) <= set(header)
    parsed, rejected = read_contacts(exported.read_bytes())
    assert rejected == [] and len(parsed) == len(before)

    cli(monkeypatch, target, "contacts", "import", str(exported))
    after = rows(target)
    assert after.keys() == before.keys()
    differing = {email: {k: (before[email][k], after[email][k]) for k in before[email] if before[email][k] != after[email][k]}
                 for email in before if before[email] != after[email]}
    assert differing == {}
    assert after[emails[0]]["last_verified"] == datetime(2026, 10, 3, 14, 25, 7, 123456, tzinfo=timezone.utc)

    # and the new database exports the same file again
    again = tmp_path / "again.csv"
    cli(monkeypatch, target, "contacts", "export", str(again))
    assert again.read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")
