"""Fixtures for matching: one embedding model per session, and databases on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLE_CONTACTS


class MemoEmbedder:
    """The real model, remembering what it embedded: every test imports the same sample profiles."""

    def __init__(self) -> None:
        from bot.kb.embedder import MiniLMEmbedder

        self.model = MiniLMEmbedder(threads=1)
        self.memory: dict = {}
        self.calls = 0

    def encode(self, texts: list[str]):  # noqa: ANN201
        import numpy as np

        self.calls += 1
        todo = [t for t in dict.fromkeys(texts) if t not in self.memory]
        if todo:
            self.memory.update(zip(todo, self.model.encode(todo)))
        return np.array([self.memory[t] for t in texts], dtype=np.float32).reshape(len(texts), -1)


@pytest.fixture(scope="session")
def embedder() -> MemoEmbedder:
    return MemoEmbedder()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'contacts.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def sessions(database_url):
    from bot.db.session import make_engine, make_session_factory, migrate

    engine = make_engine(database_url)
    migrate(engine)
    yield make_session_factory(engine)
    engine.dispose()


def import_csv(sessions, embedder, path=SAMPLE_CONTACTS):  # noqa: ANN001, ANN201
    from bot.db.session import transaction
    from bot.matching.importer import import_file

    with transaction(sessions) as session:
        return import_file(session=session, path=path, embedder=embedder)


@pytest.fixture
def sample(sessions, embedder):
    """Sessions over a database holding the sample contacts."""
    report = import_csv(sessions, embedder)
    assert report.created >= 60 and not report.rejected
    return sessions


@pytest.fixture
def matcher(sample, embedder):
    from bot.matching.matcher import Matcher

    return Matcher(sessions=sample, embedder=embedder)


def contact_ids(sessions) -> dict[str, str]:  # noqa: ANN001
    """E-mail -> contact id."""
    from sqlalchemy import select

    from bot.db.models import Contact

    with sessions() as session:
        return {email: cid for cid, email in session.execute(select(Contact.id, Contact.email))}


CSV_HEADER = "name,email,organization,kind,country,region,title,expertise,offering,seeking,languages,consent,slack_user_id,orcid"


def matcher_over(rows: list[str], sessions, embedder, tmp_path):  # noqa: ANN001, ANN201
    """A Matcher over a small contact list of CSV rows (CSV_HEADER), and e-mail -> contact id."""
    from bot.matching.matcher import Matcher

    path = tmp_path / "contacts.csv"
    path.write_text("\n".join([CSV_HEADER, *rows]) + "\n", encoding="utf-8")
    report = import_csv(sessions, embedder, path)
    assert report.created == len(rows) and not report.rejected
    return Matcher(sessions=sessions, embedder=embedder), contact_ids(sessions)


def found_emails(result, ids) -> list[str]:  # noqa: ANN001
    by_id = {cid: email for email, cid in ids.items()}
    return [by_id[m.contact_id] for m in result.matches]


@pytest.fixture
def over(sessions, embedder, tmp_path):
    """over(rows): a Matcher over these CSV rows, and e-mail -> contact id."""
    return lambda rows: matcher_over(rows, sessions, embedder, tmp_path)
