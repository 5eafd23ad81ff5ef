"""The HTTP endpoint: Teams activities at POST /api/messages, a probe at GET /healthz.

Production (TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID set): every activity must carry
a Bot Framework / Entra JWT whose audience is the app id. Local development (all three unset, and
ENVIRONMENT not production): no authentication, so the server may only listen on the loopback
interface. Either way replies go only to a trusted serviceUrl (service_urls.py).
"""

from __future__ import annotations

import asyncio
import logging
import socket
import warnings
from typing import TYPE_CHECKING

from aiohttp import web
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_decorator, start_agent_process
from microsoft_agents.hosting.core import AgentApplication, TurnState
from pydantic import ValidationError

from bot.errors import InvalidInput
from bot.health import readiness
from handlers.teams.access_log import access_log
from handlers.teams.app import create_agent_app
from handlers.teams.common import on_turn_error
from handlers.teams.service_urls import ServiceUrlValidator

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.services import Services

log = logging.getLogger("handlers.teams")
ADAPTER = web.AppKey("adapter", object)

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_TEAMS_VARIABLES = {"teams_app_id": "TEAMS_APP_ID", "teams_app_password": "TEAMS_APP_PASSWORD", "teams_tenant_id": "TEAMS_TENANT_ID"}


def check_teams_configuration(settings: Settings) -> None:
    """Half a configuration, or none in production, would silently mean "no authentication"; refuse it instead."""
    missing = [env for field, env in _TEAMS_VARIABLES.items() if not getattr(settings, field)]
    if missing and len(missing) < len(_TEAMS_VARIABLES):
        raise InvalidInput(
            f"{', '.join(missing)} not set: set all of TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID "
            "for Teams, or none of them for local development"
        )
    if missing and settings.environment == "production":
        raise InvalidInput(
            "ENVIRONMENT=production needs TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID: without them "
            "serve-teams would accept activities without authentication"
        )


def bind_host(settings: Settings, host: str | None) -> str:
    """All interfaces in production (behind the platform's TLS proxy); loopback only without auth."""
    if settings.teams_production:
        return host or "0.0.0.0"
    if host is None or host in LOOPBACK_HOSTS:
        return host or "127.0.0.1"
    raise InvalidInput(
        f"refusing to listen on {host} without authentication: set TEAMS_APP_ID, TEAMS_APP_PASSWORD and "
        "TEAMS_TENANT_ID, or use --host 127.0.0.1 for local development"
    )


def create_web_app(
    settings: Settings, services: Services, *, agent_app: AgentApplication[TurnState] | None = None
) -> web.Application:
    check_teams_configuration(settings)
    production = settings.teams_production
    agent = create_agent_app(settings, services) if agent_app is None else agent_app
    adapter = CloudAdapter(
        connection_manager=agent.connection_manager,
        # Replies go to the activity's serviceUrl: only Teams' channel hosts (production) or loopback (development).
        host_validator=ServiceUrlValidator(production=production),
    )
    adapter.on_turn_error = on_turn_error  # the default one would send the exception text to the user

    async def messages(request: web.Request) -> web.StreamResponse:
        try:
            return await start_agent_process(request, agent, adapter)
        except ValidationError as exc:
            # The SDK reads the activity before anything else and fails with a 500 on one that is not
            # an object of the right shape; turn errors never get here (on_turn_error answers those).
            log.info("refused a request that is not a valid activity (%d validation errors)", exc.error_count())
            return web.json_response({"error": "the body is not a valid Bot Framework activity"}, status=400)

    async def healthz(request: web.Request) -> web.Response:
        report = await asyncio.to_thread(readiness, services)  # a database round trip: off the event loop
        report["auth"] = "jwt" if production else "none (local development)"
        return web.json_response(report, status=200 if report["status"] == "ok" else 503)

    limit = settings.max_request_bytes

    @web.middleware
    async def refuse_large_bodies(request: web.Request, handler) -> web.StreamResponse:  # noqa: ANN001
        # By its declared length, before anything is read (and before authentication); a chunked body is
        # read here, and cut off at the limit by client_max_size (the SDK would call that a 400).
        too_large = web.json_response({"error": "the body is too large"}, status=413)
        if request.content_length is not None and request.content_length > limit:
            log.info("refused a %d-byte body at %s (413)", request.content_length, request.path)
            return too_large
        if request.content_length is None and request.body_exists:
            try:
                await request.read()  # kept by aiohttp for the SDK's own read
            except web.HTTPRequestEntityTooLarge:
                log.info("refused a chunked body over %d bytes at %s (413)", limit, request.path)
                return too_large
        return await handler(request)

    # The size check goes first: the access log reads the body, which must not happen to a refused one.
    app = web.Application(client_max_size=limit, middlewares=[refuse_large_bodies, access_log])
    app[ADAPTER] = adapter
    # Only the activity endpoint is authenticated; the probes stay open. /livez: the process serves;
    # /healthz: it can answer (readiness).
    app.router.add_post("/api/messages", jwt_authorization_decorator(messages) if production else messages)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/livez", livez)
    if production:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", web.NotAppKeyWarning)  # the SDK looks this up by plain string
            app["agent_configuration"] = agent.connection_manager.get_default_connection_configuration()
    return app


async def livez(request: web.Request) -> web.Response:
    return web.json_response({"status": "alive"})


def _in_process_jobs(services: Services):  # noqa: ANN202
    """Runs the background jobs beside the endpoint; notices to Teams go through this server's adapter."""

    async def jobs(app: web.Application):  # noqa: ANN202
        from bot.cli.senders import platform_senders
        from handlers.teams.notice_sender import build_sender

        loop = asyncio.get_running_loop()

        def start():  # noqa: ANN202
            teams = build_sender(services, adapter=app[ADAPTER], loop=loop)
            others = [s for s in platform_senders(services) if s.surface != teams.surface]
            return services.jobs.start_in_process([teams, *others])

        starting = asyncio.ensure_future(asyncio.to_thread(start))  # the endpoint need not wait for it
        starting.add_done_callback(_report_failed_start)
        yield
        try:
            consumer = await starting
        except Exception:  # noqa: BLE001 - already logged when it happened
            consumer = None
        if consumer is not None:
            await asyncio.to_thread(consumer.stop, True)  # Teams sends need this loop, so it stops off it

    return jobs


def _report_failed_start(started: asyncio.Future) -> None:
    if not started.cancelled() and started.exception() is not None:
        log.error("background jobs did not start; notices wait in the outbox: %s", started.exception())


def serve(settings: Settings, services: Services, *, host: str | None = None, port: int = 3978) -> None:
    """Run until SIGTERM or Ctrl-C (`python -m bot serve-teams`). aiohttp then stops accepting connections
    and lets the requests in flight (an answer being written) finish within SHUTDOWN_GRACE_SECONDS."""
    check_teams_configuration(settings)
    address = bind_host(settings, host)
    app = create_web_app(settings, services)
    app.cleanup_ctx.append(_in_process_jobs(services))
    mode = "JWT authentication" if settings.teams_production else "local development, no authentication"
    if not settings.teams_production:
        # Without an app id the SDK warns on every request that user-token operations may fail;
        # this bot uses none, so the warning is noise here.
        logging.getLogger("microsoft_agents.hosting.core.connector.client.user_token_client").setLevel(logging.ERROR)
    # Bound here, not by aiohttp: `--port 0` takes a port the system picks, and the line below names it.
    listener = socket.create_server((address, port), family=socket.AF_INET6 if ":" in address else socket.AF_INET)
    shown = f"[{address}]" if ":" in address else address
    log.info("Teams endpoint: http://%s:%s/api/messages (%s)", shown, listener.getsockname()[1], mode)
    web.run_app(app, sock=listener, print=None, shutdown_timeout=settings.shutdown_grace_seconds)
    log.info("Teams endpoint stopped")
