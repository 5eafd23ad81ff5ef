"""`python -m bot console [--port 8080]` and `python -m bot console link USER_ID [--json]`: the staff console."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from bot.cli.common import emit_json, fail, friendly_errors, get_services

app = typer.Typer(help="The staff console in the browser.", invoke_without_command=True)


@app.callback()
@friendly_errors
def console(
    ctx: typer.Context,
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1 (0: any free port, named on stderr)")] = 8080,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on; keep 127.0.0.1 unless a TLS proxy "
                                                     "in front of it needs another (e.g. 0.0.0.0 in a container)")] = "127.0.0.1",
) -> None:
    """Serve the staff console on 127.0.0.1; GET /healthz answers 200 when ready."""
    if ctx.invoked_subcommand is not None:
        return
    services = get_services(surface="console")
    from handlers.console.server import serve

    services.engine  # noqa: B018 - open (and migrate) the database before saying we listen
    try:
        serve(services, port=port, host=host)
    except OSError as exc:
        fail(f"cannot listen on port {port}: {exc.strerror or exc}")
    finally:
        services.close()


@app.command("link")
@friendly_errors
def link(
    user_id: Annotated[str, typer.Argument(help="A Slack user id (U123…), slack:U123 or teams:<AAD object id>")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Print a one-time sign-in link for a staff member, valid 15 minutes."""
    from bot import signin
    from bot.staff import not_staff_reason, parse_staff_id
    from handlers.console.staff import staff_check

    services = get_services()
    try:
        ref = parse_staff_id(user_id)
        if not staff_check(services)(ref):
            fail(not_staff_reason(services.settings, ref))
        made = signin.create_link(services.sessions, ref, now=services.clock.now(), actor="cli")
    finally:
        services.close()
    url = f"{services.settings.console_base_url.rstrip('/')}/signin/link?token={made.token}"
    if as_json:
        emit_json({"url": url, "expires": made.expires.isoformat(timespec="seconds")})
    else:
        print(url)
        print(f"valid once, until {made.expires.isoformat(timespec='seconds')}", file=sys.stderr)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="console")
