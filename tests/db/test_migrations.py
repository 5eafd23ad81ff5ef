"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import bot.db.teams_refs  # noqa: F401  (registers its table on the metadata)
from bot.db.models import Base
from bot.db.session import make_engine, migrate
from tests.processes import race


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'schema.sqlite3'}"
    return request.getfixturevalue("postgres_url")


def test_migrations_match_the_models_and_are_idempotent(url):
    engine = make_engine(url)
    migrate(engine)
    migrate(engine)  # a second start changes nothing
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    engine.dispose()


def test_plain_postgres_urls_are_accepted():
    from bot.config import Settings

    settings = Settings(_env_file=None, database_url="postgres://u@db.example:5432/bot")
    assert settings.resolved_database_url == "postgresql+psycopg://u@db.example:5432/bot"


def _migrate_when_told(url, start, results):  # noqa: ANN001
    import alembic.command  # noqa: F401 - imports and the first connection before the start, so both race

    engine = make_engine(url)
    engine.connect().close()
    start.wait()
    try:
        migrate(engine)
        results.put("ok")
    except Exception as exc:  # noqa: BLE001 - reported to the test
        results.put(repr(exc))


@pytest.mark.postgres
def test_processes_starting_together_on_a_new_database_both_start(postgres_url):
    assert race(_migrate_when_told, postgres_url) == ["ok", "ok"]
