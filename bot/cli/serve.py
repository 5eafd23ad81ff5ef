"""`python -m bot serve`: the Slack app (Socket Mode with SLACK_APP_TOKEN, else HTTP at POST /slack/events)."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from bot.cli.common import fail, friendly_errors, get_services


@friendly_errors
def serve(
    port: Annotated[int, typer.Option("--port", help="HTTP port (events in HTTP mode; /healthz always)")] = 3000,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on")] = "0.0.0.0",
) -> None:
    """Run the Slack app: Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP at POST /slack/events."""
    services = get_services(surface="slack")
    settings = services.settings
    if not settings.slack_bot_token:
        fail("SLACK_BOT_TOKEN is not set (the app's Bot User OAuth Token, xoxb-...)")
    if not settings.slack_app_token and not settings.slack_signing_secret:
        fail("SLACK_SIGNING_SECRET is not set (needed in HTTP mode; or set SLACK_APP_TOKEN for Socket Mode)")

    services.engine  # noqa: B018 - the schema is checked (or migrated) before Slack is contacted
    from handlers.slack.app import connect
    from handlers.slack.http_server import serve as run

    app = connect(settings, services)
    _warm_up(services)
    from bot.cli.senders import platform_senders

    jobs = services.jobs.start_in_process(platform_senders(services, slack_client=app.client))
    try:
        run(app, services, host=host, port=port, app_token=settings.slack_app_token)
    except OSError as exc:
        fail(f"cannot serve on {host}:{port}: {exc.strerror or exc}")
    finally:
        if jobs is not None:  # after the answers in flight: run() returns once they finished (or the grace ran out)
            jobs.stop(graceful=True)  # the notices being sent finish; the rest wait in the outbox
        services.close()


def _warm_up(services) -> None:  # noqa: ANN001
    """Load the embedder and the keyword index now, so the first question is not the slow one.

    What is loaded at start lives as long as the process; freezing it keeps the garbage collector
    from walking those few hundred thousand objects again, a pause of a few hundred milliseconds
    that would otherwise hit whichever requests arrive during it.
    """
    import gc

    from bot.errors import BotError

    try:
        services.knowledge.search("researcher exchange", k=1)
    except BotError as exc:
        logging.getLogger("handlers.slack").warning("knowledge base not ready: %s", exc.operator_message)
    gc.collect()
    gc.freeze()


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
