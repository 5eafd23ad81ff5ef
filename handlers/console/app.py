"""The console's Starlette application: routes of every page, static files, security headers, /healthz."""

from __future__ import annotations

from collections.abc import Callable

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from handlers.console import audit_log, auth, contacts, documents, gaps, introductions, overview
from handlers.console.web import HERE, Console

HEADERS = [
    # Inline SVG charts and plain forms need nothing from elsewhere; no page may be framed.
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                 b"frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),  # a sign-in link's token never leaves in a Referer
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + HEADERS
                if not scope["path"].startswith("/static/"):
                    message["headers"].append((b"cache-control", b"no-store"))
            await send(message)

        await self.app(scope, receive, with_headers)


def build_app(services, *, is_staff: Callable[[str], bool] | None = None) -> Starlette:  # noqa: ANN001
    from bot.health import readiness
    from handlers.console.staff import staff_check

    console = Console(services, is_staff=is_staff or staff_check(services))

    async def healthz(request: Request) -> Response:
        report = await run_in_threadpool(readiness, services)
        return JSONResponse(report, status_code=200 if report["status"] == "ok" else 503)

    routes = [Route("/healthz", healthz), Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")]
    for module in (auth, overview, gaps, documents, contacts, introductions, audit_log):
        routes += module.routes(console)
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)])
    app.state.console = console
    return app
