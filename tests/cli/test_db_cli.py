"""`python -m bot db upgrade|current` and AUTO_MIGRATE: migrations as an explicit deploy step."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from bot.cli.main import app


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request, tmp_path, monkeypatch):
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("KNOWLEDGE_DIR", str(tmp_path / "empty"))
    if request.param == "postgres":
        monkeypatch.setenv("DATABASE_URL", request.getfixturevalue("postgres_url"))
    return request.param


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def head() -> str:
    from bot.db.session import head_revision

    return head_revision()


def test_current_then_upgrade_then_current(database):
    before = run("db", "current", "--json")
    assert before.exit_code == 0, before.output
    assert json.loads(before.stdout) | {"database": None} == {"database": None, "current": None, "head": head(), "up_to_date": False}
    assert "run `python -m bot db upgrade`" in run("db", "current").stdout

    upgraded = run("db", "upgrade", "--json")
    assert upgraded.exit_code == 0, upgraded.output
    status = json.loads(upgraded.stdout)
    assert (status["previous"], status["current"], status["up_to_date"]) == (None, head(), True)

    again = run("db", "upgrade")
    assert again.exit_code == 0 and f"already at {head()}" in again.stdout
    assert json.loads(run("db", "current", "--json").stdout)["up_to_date"] is True


def test_with_auto_migrate_off_a_command_on_an_empty_database_refuses_with_one_line(database, monkeypatch):
    monkeypatch.setenv("AUTO_MIGRATE", "false")
    result = run("contacts", "export")
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith("error: ") and "has no schema yet" in line and "python -m bot db upgrade" in line

    assert run("db", "upgrade").exit_code == 0
    after = run("contacts", "export")
    assert after.exit_code == 0, after.output
    assert after.stdout.startswith("name,email,")


def test_an_older_schema_is_named_and_refused(tmp_path, monkeypatch):
    from alembic import command

    from bot.db.session import alembic_config, make_engine

    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("AUTO_MIGRATE", "false")
    engine = make_engine(f"sqlite:///{tmp_path / 'var' / 'assistant.sqlite3'}")
    cfg = alembic_config(engine)
    command.upgrade(cfg, "0002_contacts_updated_at")
    engine.dispose()

    result = run("serve-teams", "--port", "0")
    assert result.exit_code == 1
    assert "is at revision 0002_contacts_updated_at" in result.output and "db upgrade" in result.output
    assert json.loads(run("db", "current", "--json").stdout)["current"] == "0002_contacts_updated_at"


def test_auto_migrate_is_on_by_default_for_the_embedded_database(services):
    from bot.db.session import current_revision

    assert services.settings.auto_migrate is True
    assert current_revision(services.engine) == head()
