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


class BodyLimit:
    """Bodies over the limit get 413 before they are parsed: an upload may be as large as MAX_UPLOAD_BYTES
    (the core then says so in its words), plus room for the form around it."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(send, self.limit)
            return
        seen = 0

        async def counted() -> dict:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await _too_large(send, self.limit)


class _TooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    body = f"The request is too large (the limit is {limit / 1e6:.0f} MB).".encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


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
    limit = max(services.settings.max_request_bytes, services.settings.max_upload_bytes + 1024 * 1024)
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders), Middleware(BodyLimit, limit=limit)])
    app.state.console = console
    return app
