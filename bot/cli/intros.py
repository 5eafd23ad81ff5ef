"""`python -m bot intros sweep`: remind once, then expire, introduction requests nobody answered."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from bot.cli.common import emit_json, friendly_errors, get_services

app = typer.Typer(help="Introduction requests.", no_args_is_help=True)


def run_sweep(services, notifier=None, *, out=sys.stderr) -> dict:  # noqa: ANN001
    """Sweep once; deliver the notices through `notifier`, or describe them on `out` when there is none."""
    notices = services.intros.sweep()
    if notifier is not None:
        notifier.deliver(notices)
    else:
        for n in notices:
            print(f"would send {n.kind} for request {n.intro.id} ({n.intro.requester_ref} -> contact {n.intro.contact_id})",
                  file=out)
    return {"reminders": sum(n.kind == "reminder" for n in notices), "expired": sum(n.kind == "expired" for n in notices)}


@app.command("sweep")
@friendly_errors
def sweep(as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False) -> None:
    """Send reminders and expire old requests; through Slack when SLACK_BOT_TOKEN is set, else print them."""
    services = get_services()
    notifier = None
    if services.settings.slack_bot_token:
        from handlers.slack.app import build_client
        from handlers.slack.intro_notifier import SlackIntroNotifier

        notifier = SlackIntroNotifier(build_client(services.settings), services)
    result = run_sweep(services, notifier, out=sys.stderr if as_json else sys.stdout)
    if as_json:
        emit_json(result)
    else:
        print(f"{result['reminders']} reminders sent, {result['expired']} requests expired")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="intros")
