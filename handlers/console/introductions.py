"""Introductions: the pipeline by state; approve or reject the requests waiting for an ambassador, through
the same core as Slack and Teams (bot.matching.intros), so the notices go out through the outbox."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from handlers.console.web import Console, call, staff_only

STATE_LABELS = {
    "pending_approval": "Waiting for approval", "pending_consent": "Waiting for the contact", "accepted": "Accepted",
    "met": "Met", "declined": "Declined", "rejected": "Rejected", "expired": "Expired", "withdrawn": "Withdrawn",
}


def routes(console: Console) -> list[Route]:
    intros = console.services.intros

    @staff_only(console)
    async def pipeline(request: Request) -> Response:
        by_state = await call(intros.by_state)
        return console.render(request, "introductions.html", {
            "by_state": by_state, "labels": STATE_LABELS, "done": request.query_params.get("done")})

    @staff_only(console)
    async def decide(request: Request) -> Response:
        intro_id, move = request.path_params["intro_id"], request.path_params["move"]
        # The guard has checked the staff lists for this person on this request. Accepting or declining for
        # the contact is allowed by the core only when the bot cannot reach them in chat (they answered staff).
        moves = {"approve": lambda: intros.approve(intro_id, staff_ref=request.state.user, is_staff=True),
                 "reject": lambda: intros.reject(intro_id, staff_ref=request.state.user, is_staff=True),
                 "accept": lambda: intros.accept(intro_id, actor_ref=request.state.user, is_staff=True),
                 "decline": lambda: intros.decline(intro_id, actor_ref=request.state.user, is_staff=True)}
        if move not in moves:
            return console.refuse(request, "Unknown action.", 404)
        outcome = await call(moves[move])
        done = {"approve": "approved", "reject": "rejected", "accept": "accepted", "decline": "declined"}[move]
        done = done if outcome.changed else "unchanged"
        return RedirectResponse(f"/introductions?done={done}", status_code=303)

    return [Route("/introductions", pipeline), Route("/introductions/{intro_id}/{move}", decide, methods=["POST"])]
