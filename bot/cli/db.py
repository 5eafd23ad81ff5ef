"""`python -m bot db upgrade|current`: schema migrations as an explicit deploy step (see AUTO_MIGRATE)."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.common import emit_json, friendly_errors, load_settings

app = typer.Typer(help="Database schema migrations.", no_args_is_help=True)


def _engine():  # noqa: ANN202
    # Not through Services: its engine checks or migrates the schema, and these commands are what does that.
    from bot.db.session import make_engine

    settings = load_settings()
    settings.bot_data_dir.mkdir(parents=True, exist_ok=True)
    return make_engine(settings.resolved_database_url)


def _status(engine) -> dict:  # noqa: ANN001
    from bot.db.session import current_revision, describe_db, head_revision

    current, head = current_revision(engine), head_revision()
    return {"database": describe_db(engine), "current": current, "head": head, "up_to_date": current == head}


@app.command("upgrade")
@friendly_errors
def upgrade(as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False) -> None:
    """Bring the schema to this version's newest revision (idempotent; safe while other processes start)."""
    from bot.db.session import current_revision, migrate

    engine = _engine()
    try:
        before = current_revision(engine)
        migrate(engine)
        status = {**_status(engine), "previous": before}
    finally:
        engine.dispose()
    if as_json:
        emit_json(status)
    elif status["previous"] == status["current"]:
        print(f"{status['database']}: already at {status['current']} (head)")
    else:
        print(f"{status['database']}: upgraded from {status['previous'] or 'an empty database'} to {status['current']} (head)")


@app.command("current")
@friendly_errors
def current(as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False) -> None:
    """Show the schema revision of the database and whether it is this version's newest."""
    engine = _engine()
    try:
        status = _status(engine)
    finally:
        engine.dispose()
    if as_json:
        emit_json(status)
    elif status["up_to_date"]:
        print(f"{status['database']}: {status['current']} (head)")
    else:
        print(f"{status['database']}: {status['current'] or 'no schema'}; this version needs {status['head']}: "
              "run `python -m bot db upgrade`")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="db")
