"""`python -m bot intros sweep`: remind once, then expire, introduction requests nobody answered."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from bot.cli.common import emit_json, friendly_errors, get_services

app = typer.Typer(help="Introduction requests.", no_args_is_help=True)


def run_sweep(services, senders=(), *, dry_run: bool = False) -> dict:  # noqa: ANN001
    """Sweep once. The reminders and expiries are written into the outbox with their state changes,
    then delivered through `senders`; without senders they wait there for a worker. A dry run writes nothing."""
    if dry_run:
        plan = services.intros.sweep_plan()
        return {"dry_run": True, "reminders": sum(line.startswith("reminder") for line in plan),
                "expired": sum(line.startswith("expired") for line in plan), "would_send": plan}
    services.jobs  # noqa: B018 - so a running worker is woken for the new notices
    notices = services.intros.sweep()
    delivered = services.outbox.deliver_due({s.surface: s for s in senders}) if senders else {}
    return {"dry_run": False, "reminders": sum(n.kind == "reminder" for n in notices),
            "expired": sum(n.kind == "expired" for n in notices), "delivered": delivered.get("sent", 0),
            "waiting": services.outbox.counts().get("pending", 0)}


@app.command("sweep")
@friendly_errors
def sweep(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would happen; change nothing")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Send reminders and expire old requests. The notices go through the outbox: delivered now when
    SLACK_BOT_TOKEN (or the Teams credentials) is set, else by the worker once it is."""
    from bot.cli.senders import platform_senders

    services = get_services()
    result = run_sweep(services, [] if dry_run else platform_senders(services), dry_run=dry_run)
    if as_json:
        emit_json(result)
    elif dry_run:
        for line in result["would_send"]:
            print(f"would send {line}")
        print(f"dry run: {result['reminders']} reminders and {result['expired']} expiries due; nothing was changed")
    else:
        print(f"{result['reminders']} reminders, {result['expired']} requests expired; "
              f"{result['delivered']} notices delivered, {result['waiting']} waiting in the outbox", file=sys.stdout)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="intros")
