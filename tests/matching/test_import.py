"""Importing contacts into SQLite and PostgreSQL: bulk, one transaction, updates instead of duplicates."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.db.models import Contact, Organization, ProfileChange
from bot.db.session import transaction
from bot.errors import InvalidInput
from bot.matching.contacts import EMBEDDING_LENGTH, export_rows, profile_hash
from bot.matching.csv_io import COLUMNS, read_contacts, write_contacts
from tests.conftest import SAMPLE_CONTACTS
from tests.matching.conftest import import_csv

HEADER = ",".join(COLUMNS)
ADA = "Ada Lind,ada@lab.example.org,Lind Lab,researcher,DK,capital-region-dk,PI,CRISPR,lab placements,US partners,English,yes,{slack},{orcid}"


def write(tmp_path, *rows: str, name: str = "c.csv"):  # noqa: ANN201
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def count(sessions, model=Contact) -> int:  # noqa: ANN001
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_the_sample_imports_with_embeddings_and_organisations(sample):
    with sample() as session:
        contacts = session.scalars(select(Contact)).all()
        assert len(contacts) >= 60
        assert all(len(c.embedding) == EMBEDDING_LENGTH for c in contacts)
        assert all(c.profile_hash == profile_hash(c.title, c.expertise, c.offering, c.seeking) for c in contacts)
        hvidore = session.scalar(select(Organization).where(Organization.name == "Hvidøre University Hospital"))
        assert hvidore is not None and hvidore.region == "capital-region-dk"


def test_importing_again_updates_instead_of_duplicating(sample, embedder):
    before = count(sample)
    calls = embedder.calls
    report = import_csv(sample, embedder)
    assert (report.created, report.updated, report.unchanged) == (0, before, before)
    assert count(sample) == before and count(sample, ProfileChange) == 0
    assert embedder.calls == calls  # unchanged profiles are not embedded again


def test_a_changed_row_updates_the_contact_and_records_the_change(sessions, embedder, tmp_path):
    import_csv(sessions, embedder, write(tmp_path, ADA.format(slack="U1", orcid="")))
    changed = ADA.format(slack="U1", orcid="").replace("CRISPR,", "CRISPR;base editing,")
    report = import_csv(sessions, embedder, write(tmp_path, changed))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    with sessions() as session:
        ada = session.scalar(select(Contact))
        assert ada.expertise == ["CRISPR", "base editing"]
        assert ada.profile_hash == profile_hash(ada.title, ada.expertise, ada.offering, ada.seeking)
        (change,) = session.scalars(select(ProfileChange)).all()
        assert change.contact_id == ada.id and change.fields["expertise"] == ["CRISPR", "base editing"]


def test_a_new_email_with_a_known_orcid_updates_that_person(sessions, embedder, tmp_path):
    import_csv(sessions, embedder, write(tmp_path, ADA.format(slack="", orcid="0000-0002-1825-0097")))
    moved = ADA.format(slack="", orcid="0000-0002-1825-0097").replace("ada@lab", "ada.lind@newlab")
    report = import_csv(sessions, embedder, write(tmp_path, moved))
    assert (report.created, report.updated) == (0, 1)
    with sessions() as session:
        assert session.scalars(select(Contact.email)).all() == ["ada.lind@newlab.example.org"]


def test_empty_identifier_cells_do_not_erase_linked_ids(sessions, embedder, tmp_path):
    import_csv(sessions, embedder, write(tmp_path, ADA.format(slack="U1", orcid="0000-0002-1825-0097")))
    import_csv(sessions, embedder, write(tmp_path, ADA.format(slack="", orcid="")))
    with sessions() as session:
        ada = session.scalar(select(Contact))
        assert (ada.slack_user_id, ada.orcid) == ("U1", "0000-0002-1825-0097")


def test_bad_rows_are_reported_and_the_rest_imported(sessions, embedder, tmp_path):
    path = write(tmp_path, ADA.format(slack="", orcid=""), "Bo,not-an-email,,researcher,DK,other,,,,,,yes,,",
                 "Cy,cy@lab.example.org,,wizard,DK,other,,,,,,yes,,")
    report = import_csv(sessions, embedder, path)
    assert report.created == 1
    assert [(r.line, r.error.split(" ")[0]) for r in report.rejected] == [(3, "invalid"), (4, "unknown")]
    assert report.as_contract()["rejected"][0] == {"line": 3, "error": "invalid email 'not-an-email'"}


def test_a_file_in_the_wrong_encoding_imports_nothing(sessions, embedder, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(("\n".join([HEADER, ADA.format(slack="", orcid="").replace("Ada", "Åse")]) + "\n").encode("latin-1"))
    with pytest.raises(InvalidInput, match="not UTF-8"):
        import_csv(sessions, embedder, path)
    assert count(sessions) == 0


def test_an_error_while_writing_rolls_back_every_row(sessions, embedder, tmp_path):
    class Broken:
        def encode(self, texts):  # noqa: ANN001, ANN202
            raise RuntimeError("model crashed")

    import_csv(sessions, embedder, write(tmp_path, ADA.format(slack="", orcid="")))
    path = write(tmp_path, ADA.format(slack="", orcid="").replace("CRISPR", "prime editing"),
                 "Bo,bo@lab.example.org,Bo Co,company,SE,region-skane,,,,,,no,,", name="d.csv")
    with pytest.raises(RuntimeError):
        import_csv(sessions, Broken(), path)
    assert count(sessions) == 1 and count(sessions, Organization) == 1


def test_export_lists_every_contact_in_the_import_format(sample):
    import io

    out = io.StringIO()
    with sample() as session:
        written = write_contacts(out, export_rows(session=session))
    rows, rejected = read_contacts(out.getvalue().encode("utf-8"))
    original, _ = read_contacts(SAMPLE_CONTACTS.read_bytes())
    assert written == len(original) and rejected == []
    assert {r.email: (r.organization, r.expertise, r.consent) for r in rows} == \
        {r.email: (r.organization, r.expertise, r.consent) for r in original}


def test_many_rows_import_with_a_few_statements(sessions, embedder, tmp_path):
    from sqlalchemy import event

    rows = [ADA.format(slack="", orcid="").replace("ada@", f"ada{i}@").replace("Lind Lab", f"Lab {i % 7}")
            for i in range(600)]
    statements = []

    def counted(*_args) -> None:  # noqa: ANN002
        statements.append(1)

    engine = sessions.kw["bind"]
    event.listen(engine, "before_cursor_execute", counted)
    try:
        report = import_csv(sessions, embedder, write(tmp_path, *rows))
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    assert report.created == 600
    assert len(statements) < 40
