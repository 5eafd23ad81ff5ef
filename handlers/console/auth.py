"""Signing in and out: one-time links, Slack and Entra ID, logout."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot import signin
from bot.errors import BotError
from handlers.console import oidc
from handlers.console.security import SESSION_COOKIE, STATE_COOKIE, STATE_SECONDS, cookie_options, safe_next
from handlers.console.web import Console, call, log, staff_only


def routes(console: Console) -> list[Route]:
    settings = console.settings

    def signed_in(user_ref: str, session: signin.SignedIn, next_path: str) -> Response:
        response = RedirectResponse(safe_next(next_path), status_code=303)
        response.set_cookie(SESSION_COOKIE, console.signer.sign("session", session.session_id),
                            **cookie_options(settings, max_age=int(settings.console_session_hours * 3600)))
        response.delete_cookie(STATE_COOKIE, path="/")
        log.info("console: %s signed in", user_ref)
        return response

    async def signin_page(request: Request) -> Response:
        return console.render(request, "signin.html", {
            "providers": list(oidc.providers(settings).values()), "next": safe_next(request.query_params.get("next"))})

    async def link_page(request: Request) -> Response:
        token = request.query_params.get("token", "")
        try:
            owner = await call(signin.link_owner, console.services.sessions, token, now=console.now())
        except BotError as exc:
            return console.refuse(request, exc.message)
        return console.render(request, "signin_link.html", {
            "owner": owner, "token": token, "link_csrf": console.signer.mac("link", token)[:40],
            "next": safe_next(request.query_params.get("next"))})

    async def use_link(request: Request) -> Response:
        form = await request.form()
        token = str(form.get("token", ""))
        if not token or str(form.get("csrf", "")) != console.signer.mac("link", token)[:40]:
            return console.refuse(request, "This form did not come from the console; open the sign-in link again.")
        try:
            owner = await call(signin.link_owner, console.services.sessions, token, now=console.now())
            if not await call(console.is_staff, owner):
                return console.refuse(request, f"{owner} is not staff; the console is for staff only.")
            session = await call(signin.redeem_link, console.services.sessions, token, now=console.now(),
                                 session_hours=settings.console_session_hours)
        except BotError as exc:
            return console.refuse(request, exc.message)
        return signed_in(owner, session, str(form.get("next", "/")))

    async def provider_start(request: Request) -> Response:
        provider = oidc.providers(settings).get(request.path_params["provider"])
        if provider is None:
            return console.refuse(request, "That sign-in method is not configured.", 404)
        url, kept = oidc.start(settings, provider)
        kept["next"] = safe_next(request.query_params.get("next"))
        response = RedirectResponse(url, status_code=303)
        response.set_cookie(STATE_COOKIE, console.signer.pack("oidc", kept), **cookie_options(settings, max_age=STATE_SECONDS))
        return response

    async def provider_callback(request: Request) -> Response:
        provider = oidc.providers(settings).get(request.path_params["provider"])
        kept = console.signer.unpack("oidc", request.cookies.get(STATE_COOKIE), max_age=STATE_SECONDS)
        if provider is None:
            return console.refuse(request, "That sign-in method is not configured.", 404)
        if request.query_params.get("error"):
            return console.refuse(request, f"Sign-in was cancelled or refused ({request.query_params['error'][:100]}).")
        if not kept or kept.get("provider") != provider.name or kept.get("state") != request.query_params.get("state"):
            return console.refuse(request, "This sign-in did not start here or took too long; sign in again.")
        try:
            user_ref = await call(oidc.finish, settings, provider, code=request.query_params.get("code", ""), kept=kept)
            if not await call(console.is_staff, user_ref):
                return console.refuse(request, f"{user_ref} is not staff; the console is for staff only.")
            session = await call(signin.open_session, console.services.sessions, user_ref, method=provider.name,
                                 now=console.now(), session_hours=settings.console_session_hours)
        except BotError as exc:
            return console.refuse(request, exc.message)
        return signed_in(user_ref, session, kept.get("next", "/"))

    @staff_only(console, require_staff=False)
    async def logout(request: Request) -> Response:
        await call(signin.end_session, console.services.sessions, console.session_id(request), now=console.now())
        response = RedirectResponse("/signin", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    return [
        Route("/signin", signin_page),
        Route("/signin/link", link_page),
        Route("/signin/link", use_link, methods=["POST"]),
        Route("/auth/{provider}/start", provider_start),
        Route("/auth/{provider}/callback", provider_callback),
        Route("/logout", logout, methods=["POST"]),
    ]
