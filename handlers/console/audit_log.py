"""Audit log: who changed what and when, from the console, Slack, Teams and the command line."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.audit import recent_changes
from handlers.console.web import Console, call, staff_only


def routes(console: Console) -> list[Route]:
    def changes(actor: str, action: str) -> list:
        with console.services.sessions() as session:
            return recent_changes(session, limit=300, actor=actor or None, action=action or None)

    @staff_only(console)
    async def audit(request: Request) -> Response:
        actor = request.query_params.get("actor", "").strip()[:200]
        action = request.query_params.get("action", "").strip()[:60]
        return console.render(request, "audit.html", {"changes": await call(changes, actor, action),
                                                      "actor": actor, "action": action})

    return [Route("/audit", audit)]
