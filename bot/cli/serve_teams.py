"""`python -m bot serve-teams`: the Microsoft Teams endpoint (POST /api/messages)."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.common import fail, friendly_errors, get_services


@friendly_errors
def serve_teams(
    port: Annotated[int, typer.Option("--port", help="Port to listen on")] = 3978,
    host: Annotated[
        str | None,
        typer.Option("--host", help="Interface to listen on; default 0.0.0.0 with Teams credentials, else 127.0.0.1 (the only choice without them)"),
    ] = None,
) -> None:
    """Serve Microsoft Teams: activities at POST /api/messages, a health probe at GET /healthz.

    Without TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID it runs in local-development
    mode: no authentication, listening on 127.0.0.1 only.
    """
    services = get_services(surface="teams")
    # The Teams SDK loads only for this command, so the rest of the CLI stays fast and Teams-free.
    from handlers.teams.server import bind_host, check_teams_configuration, serve

    check_teams_configuration(services.settings)
    bind_host(services.settings, host)  # refuse a bad --host before anything slow happens
    services.assistant  # noqa: B018 - open the database (migrating it) and the index now, not on the first question
    try:
        serve(services.settings, services, host=host, port=port)
    except OSError as exc:
        fail(f"cannot listen on port {port}: {exc.strerror or exc}")
    finally:
        services.close()


def register(app: typer.Typer) -> None:
    app.command("serve-teams")(serve_teams)
