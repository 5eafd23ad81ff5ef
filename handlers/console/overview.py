"""Overview: questions per day and how they went, introductions and how they ended, for a chosen period."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.stats import daily_activity
from handlers.console.charts import Series, stacked_bars
from handlers.console.web import Console, call, period, staff_only

PERIODS = (7, 30, 90)
QUESTION_BARS = [Series("answered", "answered", "#2f7d4f"), Series("declined", "declined", "#c9822b")]
INTRO_BARS = [Series("intro_accepted", "accepted", "#2f7d4f"), Series("intro_declined", "declined", "#b23b3b"),
              Series("intro_expired", "expired", "#8a8a8a")]


def routes(console: Console) -> list[Route]:
    @staff_only(console)
    async def overview(request: Request) -> Response:
        days = period(request, PERIODS)
        activity = await call(daily_activity, console.services.sessions, days=days, now=console.now())
        labels = [d.day.isoformat() for d in activity.days]

        def column(name: str) -> list[int]:
            return [d.counts[name] for d in activity.days]

        questions_chart = stacked_bars(f"Questions per day, last {days} days", labels,
                                       {s.name: column(s.name) for s in QUESTION_BARS}, QUESTION_BARS)
        requested = [Series("intro_requested", "requested", "#3a6ea5")]
        intro_chart = stacked_bars(f"Introductions requested per day, last {days} days", labels,
                                   {"intro_requested": column("intro_requested")}, requested)
        outcome_chart = stacked_bars(f"Introductions accepted, declined and expired per day, last {days} days", labels,
                                     {s.name: column(s.name) for s in INTRO_BARS}, INTRO_BARS)
        return console.render(request, "overview.html", {
            "days": days, "periods": PERIODS, "activity": activity, "questions_chart": questions_chart,
            "intro_chart": intro_chart, "outcome_chart": outcome_chart,
            "question_legend": QUESTION_BARS, "intro_legend": INTRO_BARS})

    return [Route("/", overview)]
