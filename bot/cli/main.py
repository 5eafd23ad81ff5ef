"""`python -m bot`: the command line. Each command group lives in its own module."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="bot",
    help="The Øresund–Massachusetts life-science assistant.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    from bot.cli import config_env, console, contacts, db, intros, match, qa, serve, serve_teams, slack, worker
    from bot.cli import eval as eval_cli
    from bot.cli.index import index_command

    app.command("index", help="Index documents (same as index_docs.py).")(index_command)
    app.add_typer(eval_cli.app, name="eval")
    # Each module registers its commands; the heavy imports stay inside the command functions.
    for module in (qa, contacts, match, serve, serve_teams, console, intros, db, config_env, slack, worker):
        module.register(app)


_register()
