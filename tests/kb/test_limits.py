"""Front-matter longer than the documents table's columns, on SQLite and on PostgreSQL (which, unlike
SQLite, enforces VARCHAR lengths): a long title is shortened, any other overlong field is refused with
a message, and nothing reaches the database half-written."""

from __future__ import annotations

import pytest

from bot.db.models import Document
from bot.errors import InvalidInput
from tests.conftest import make_settings

BODY = "## Hours\n\nVisiting teams get 40 free microscope hours per year in Lund.\n"
LONG_TITLE = ("Cryo-EM " * 80).strip()  # 639 characters; the column holds 500


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def services(request, tmp_path):
    from bot.services import build_services

    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    svc = build_services(make_settings(tmp_path, **({"database_url": url} if url else {})))
    yield svc
    svc.close()


def _doc(**front: str) -> bytes:
    lines = "".join(f"{key}: {value}\n" for key, value in front.items())
    return f"---\n{lines}---\n{BODY}".encode()


def test_a_title_too_long_for_its_column_is_shortened(services) -> None:
    assert len(LONG_TITLE) == 639
    added = services.kb_admin.add_bytes(_doc(title=LONG_TITLE), "cryo.md", actor="slack:USTAFF")
    with services.sessions() as session:
        stored = session.get(Document, added.source).title
    assert len(stored) <= 500 and stored.endswith("…") and LONG_TITLE.startswith(stored[:-1])
    assert added.title == stored
    assert any("40 free microscope hours" in hit.text for hit in services.knowledge.search("cryo-EM hours", k=3))


@pytest.mark.parametrize("field, value, what", [
    ("category", "c" * 61, "category"),
    ("url", "https://example.org/" + "a" * 2000, "url"),
])
def test_other_fields_too_long_are_refused_with_a_message(services, field, value, what) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.kb_admin.add_bytes(_doc(title="Cryo-EM hours", **{field: value}), "cryo.md", actor="slack:USTAFF")
    assert "cryo.md" in refused.value.message and what in refused.value.message and "at most" in refused.value.message
    assert services.kb_admin.list() == [] and not any(services.settings.uploads_dir.glob("*"))


def test_a_long_updated_value_is_read_as_its_date(services) -> None:
    # Dates are normalised to YYYY-MM-DD when loaded, so an overlong `updated` cannot reach the column.
    doc = services.kb_admin.add_bytes(b"---\ntitle: Dated\nupdated: 2026-01-01 " + b"2026-01-01 " * 4 +
                                      b"\n---\n## Section\n\nEnough words here to be indexed as a document.", "dated.md",
                                      actor="slack:USTAFF")
    assert services.knowledge.registry()[doc.source].updated == "2026-01-01"
