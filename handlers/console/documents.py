"""Documents: the index's documents; upload, remove and re-index through the same core as /kb; and a
search box that shows what the assistant would answer, from which passages."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.errors import BotError
from handlers.console.web import Console, call, staff_only, uploaded


def routes(console: Console) -> list[Route]:
    services = console.services

    async def page(request: Request, **extra) -> Response:  # noqa: ANN003
        documents = await call(services.kb_admin.list)
        return console.render(request, "documents.html", {
            "documents": documents, "max_mb": services.settings.max_upload_bytes / 1e6, **extra})

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
        name, data = await uploaded(request, "a file to upload", services.settings.max_upload_bytes)
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
        report = await call(services.kb_admin.reindex, actor=request.state.user)
        return await page(request, report=report)

    return [
        Route("/documents", documents_page),
        Route("/documents/upload", upload, methods=["POST"]),
        Route("/documents/remove", remove, methods=["POST"]),
        Route("/documents/reindex", reindex, methods=["POST"]),
    ]
