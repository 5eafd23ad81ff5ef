"""Gaps: what people asked that the assistant could not answer, or answered with a 👎, grouped by topic."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.errors import InvalidInput
from bot.qa.gaps import find_gaps, resolve_gap
from handlers.console.web import Console, call, period, staff_only

PERIODS = (7, 30, 90, 365)


def encode_rows(rows: list[tuple[str, int]]) -> str:
    return ",".join(f"{kind}:{row_id}" for kind, row_id in rows)


def decode_rows(value: str) -> list[tuple[str, int]]:
    rows = []
    for item in (value or "").split(","):
        kind, _, row_id = item.partition(":")
        if not row_id.isdigit():
            raise InvalidInput("The gap's questions were not given.")
        rows.append((kind, int(row_id)))
    return rows


def routes(console: Console) -> list[Route]:
    services = console.services

    @staff_only(console)
    async def gaps_page(request: Request) -> Response:
        days = period(request, PERIODS)
        gaps = await call(find_gaps, services.sessions, services.embedder, days=days, limit=100, now=console.now())
        documents = await call(services.kb_admin.list)
        return console.render(request, "gaps.html", {
            "gaps": gaps, "days": days, "periods": PERIODS, "documents": documents, "encode_rows": encode_rows,
            "resolved": request.query_params.get("resolved")})

    @staff_only(console)
    async def resolve(request: Request) -> Response:
        form = await request.form()
        rows = decode_rows(str(form.get("rows", "")))
        document = str(form.get("document", "")).strip() or None
        count = await call(resolve_gap, services.sessions, rows, actor=request.state.user, document=document,
                           now=console.now())
        days = str(form.get("days", "30"))
        return RedirectResponse(f"/gaps?days={int(days) if days.isdigit() else 30}&resolved={count}", status_code=303)

    return [Route("/gaps", gaps_page), Route("/gaps/resolve", resolve, methods=["POST"])]
