"""What every console page shares: the Console (services, signer, templates, staff check), the staff-only
guard with its CSRF check, and rendering."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.templating import Jinja2Templates

from bot import signin
from bot.errors import BotError, NotFound, PermissionDenied, ServiceUnavailable
from handlers.console.security import SESSION_COOKIE, Signer, secret_key

log = logging.getLogger("handlers.console")
HERE = Path(__file__).resolve().parent
Handler = Callable[[Request], Awaitable[Response]]


class Console:
    def __init__(self, services, *, is_staff: Callable[[str], bool]) -> None:  # noqa: ANN001
        self.services = services
        self.settings = services.settings
        self.is_staff = is_staff
        self.signer = Signer(secret_key(services.settings))
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.globals["nav"] = NAV

    def now(self):  # noqa: ANN201
        return self.services.clock.now()

    def render(self, request: Request, name: str, context: dict | None = None, status_code: int = 200) -> Response:
        context = {"user": getattr(request.state, "user", None), "csrf": getattr(request.state, "csrf", ""),
                   "path": request.url.path, **(context or {})}
        return self.templates.TemplateResponse(request, name, context, status_code=status_code)

    def refuse(self, request: Request, message: str, status_code: int = 403) -> Response:
        return self.render(request, "refused.html", {"message": message}, status_code=status_code)

    def session_id(self, request: Request) -> str | None:
        return self.signer.unsign("session", request.cookies.get(SESSION_COOKIE))


NAV = (("/", "Overview"), ("/gaps", "Gaps"), ("/documents", "Documents"), ("/contacts", "Contacts"),
       ("/introductions", "Introductions"), ("/audit", "Audit log"))


def staff_only(console: Console, *, require_staff: bool = True) -> Callable[[Handler], Handler]:
    """No session: to the sign-in page (and back afterwards). Not staff (any more): 403. A POST without
    the session's CSRF token: 403, before the handler reads anything else. (Signing out needs only the
    session: someone taken off the staff list can still end theirs.)"""

    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def guarded(request: Request) -> Response:
            session_id = console.session_id(request)
            user = None
            if session_id:
                user = await run_in_threadpool(signin.current_user, console.services.sessions, session_id,
                                               now=console.now(), idle_minutes=console.settings.console_idle_minutes)
            if user is None:
                if request.method != "GET":
                    return console.refuse(request, "Your session has ended; sign in again.", 403)
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                return RedirectResponse(f"/signin?next={quote(target, safe='')}", status_code=303)
            request.state.user = user
            request.state.csrf = console.signer.csrf_token(session_id)
            if require_staff and not await run_in_threadpool(console.is_staff, user):
                return console.refuse(request, f"{user} is signed in but is not staff; the console is for staff only.")
            if request.method == "POST":
                form = await request.form()
                if not console.signer.check_csrf(session_id, form.get("csrf")):
                    return console.refuse(request, "This form has expired or did not come from the console; "
                                          "reload the page and try again.")
            try:
                return await handler(request)
            except BotError as exc:
                log.info("console: %s", exc.operator_message)
                status = (403 if isinstance(exc, PermissionDenied) else 404 if isinstance(exc, NotFound)
                          else 503 if isinstance(exc, ServiceUnavailable) else 400)
                return console.render(request, "refused.html", {"message": exc.message}, status_code=status)

        return guarded

    return wrap


async def call(fn, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
    """Run a (blocking) core call off the event loop."""
    return await run_in_threadpool(fn, *args, **kwargs)


def period(request: Request, choices: tuple[int, ...], default: int = 30) -> int:
    """The `days` query parameter when it is one of the offered periods, else the default."""
    value = request.query_params.get("days", "")
    return int(value) if value.isdigit() and int(value) in choices else default


async def uploaded(request: Request, what: str, limit: int) -> tuple[str, bytes]:
    """The form's file: its name and at most limit+1 bytes, enough for the core to say it is too large."""
    from starlette.datastructures import UploadFile

    from bot.errors import InvalidInput

    file = (await request.form()).get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        raise InvalidInput(f"Choose {what}.")
    return file.filename, await file.read(limit + 1)
