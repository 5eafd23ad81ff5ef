"""Documents: the index's documents; upload, remove and re-index through the same core as /kb; and a
search box that shows what the assistant would answer, from which passages."""

from __future__ import annotations

import time
from datetime import datetime, timezone

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.errors import BotError
from bot.kb import reindex_status
from handlers.console.web import Console, call, staff_only, uploaded


def _when(status: dict | None) -> str:
    return datetime.fromtimestamp(status["at"], timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC") if status else ""


def routes(console: Console) -> list[Route]:
    services = console.services

    async def page(request: Request, **extra) -> Response:  # noqa: ANN003
        documents = await call(services.kb_admin.list)
        status = await call(reindex_status.read, services.sessions)
        # While a re-index runs (and has said something in the last ten minutes) the page refreshes itself.
        running = bool(status) and status.get("state") == "running" and time.time() - status.get("at", 0) < 600
        asked = request.query_params.get("reindex", "")
        waiting = asked.isdigit() and (not status or status.get("at", 0) < int(asked)) and time.time() - int(asked) < 600
        return console.render(request, "documents.html", {
            "documents": documents, "max_mb": services.settings.max_upload_bytes / 1e6, "reindex": status,
            "reindex_running": running, "reindex_waiting": waiting, "reindex_at": _when(status),
            "refresh": f"/documents?reindex={asked}" if waiting or running else "", **extra})

    @staff_only(console)
    async def documents_page(request: Request) -> Response:
        question = request.query_params.get("q", "").strip()
        answer, error = None, None
        if question:
            try:
                answer = await call(services.assistant.ask, question, user_ref=request.state.user, surface="console",
                                    record=False)
            except BotError as exc:
                error = exc.message
        return await page(request, question=question, answer=answer, error=error)

    @staff_only(console)
    async def upload(request: Request) -> Response:
        settings = services.settings
        name, data = await uploaded(request, "a file to upload", settings.max_upload_bytes)
        if settings.kb_inline_max_bytes < len(data) <= settings.max_upload_bytes:
            # As for a large file shared in Slack: parsing and embedding it is a background job's work.
            await call(services.jobs.request_add_file, data, name, request.state.user)
            return await page(request, queued=name)
        try:
            added = await call(services.kb_admin.add_bytes, data, name, actor=request.state.user)
        except BotError as exc:
            return await page(request, error=exc.message)
        return await page(request, added=added)

    @staff_only(console)
    async def remove(request: Request) -> Response:
        form = await request.form()
        removed = await call(services.kb_admin.remove, str(form.get("source", "")), actor=request.state.user)
        return await page(request, removed=removed)

    @staff_only(console)
    async def reindex(request: Request) -> Response:
        # A background job, as `/kb reindex`: one at a time across every worker; the summary also goes to
        # the person who asked, in chat. This page follows its progress.
        asked = int(time.time())
        await call(services.jobs.request_reindex, request.state.user)
        return RedirectResponse(f"/documents?reindex={asked}", status_code=303)

    return [
        Route("/documents", documents_page),
        Route("/documents/upload", upload, methods=["POST"]),
        Route("/documents/remove", remove, methods=["POST"]),
        Route("/documents/reindex", reindex, methods=["POST"]),
    ]
