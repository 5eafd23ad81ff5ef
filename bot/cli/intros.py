"""`python -m bot intros sweep`: remind once, then expire, introduction requests nobody answered, and
follow up accepted ones; `intros stats`: the figures per organisation for staff."""

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
                "expired": sum(line.startswith("expired") for line in plan),
                "follow_ups": sum(line.startswith("follow_up") for line in plan), "would_send": plan}
    services.jobs  # noqa: B018 - so a running worker is woken for the new notices
    notices = services.intros.sweep()
    delivered = services.outbox.deliver_due({s.surface: s for s in senders}) if senders else {}
    return {"dry_run": False, "reminders": sum(n.kind == "reminder" for n in notices),
            "expired": sum(n.kind == "expired" for n in notices), "follow_ups": sum(n.kind == "follow_up" for n in notices),
            "delivered": delivered.get("sent", 0),
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


@app.command("stats")
@friendly_errors
def stats(
    since: Annotated[str | None, typer.Option("--since", help="Count requests made from this date (YYYY-MM-DD)")] = None,
    contacts: Annotated[bool, typer.Option("--contacts", help="Also each contact's follow-up answers and useful rate")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Per organisation: requests its people sent, accepted, declined, expired, reported useful, and received."""
    from bot.matching.intro_stats import contact_signals, intro_stats_by_organisation

    start = _since(since)
    services = get_services()
    with services.sessions() as session:
        rows = intro_stats_by_organisation(session=session, since=start)
        signals = contact_signals(session=session) if contacts else []
    if as_json:
        document = {"since": start.date().isoformat() if start else None, "organisations": [r.as_dict() for r in rows]}
        if contacts:
            document["contacts"] = [s.as_dict() for s in signals]
        emit_json(document)
        return
    for s in signals:
        print(f"{s.name} ({s.organisation or 'no organisation'}): {s.useful} of {s.met} who met found it useful; "
              f"rate {s.rate:.2f}")
    if not rows:
        print("No introduction requests yet.")
        return
    header = ("organisation", "sent", "accepted", "declined", "expired", "useful", "received")
    width = max(len(header[0]), *(len(r.organisation) for r in rows))
    print(f"{header[0]:<{width}}  " + "  ".join(f"{h:>8}" for h in header[1:]))
    for r in rows:
        print(f"{r.organisation:<{width}}  " + "  ".join(f"{getattr(r, h):>8}" for h in header[1:]))


def _since(value: str | None):  # noqa: ANN202
    from datetime import date, datetime, time, timezone

    from bot.errors import InvalidInput

    if not value:
        return None
    try:
        return datetime.combine(date.fromisoformat(value.strip()), time(0), tzinfo=timezone.utc)
    except ValueError:
        raise InvalidInput(f"--since takes a date as YYYY-MM-DD, not {value[:40]!r}.") from None


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="intros")
