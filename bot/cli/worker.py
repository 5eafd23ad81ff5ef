"""`python -m bot worker`: runs the background jobs (notice delivery, the introduction sweep, re-indexing)."""

from __future__ import annotations

import logging
import sys
from typing import Annotated

import typer

from bot.cli.common import friendly_errors, get_services


@friendly_errors
def worker(
    workers: Annotated[int | None, typer.Option("--workers", help="Worker threads (default JOBS_WORKERS)")] = None,
) -> None:
    """Run background jobs until SIGTERM (finishes the jobs in flight) or SIGINT."""
    from bot.cli.senders import platform_senders
    from bot.jobs.queue import backend

    services = get_services()
    logging.getLogger("bot").setLevel(services.settings.log_level.upper())
    services.engine  # noqa: B018 - migrate and connect now: a dead database fails here, clearly
    jobs = services.jobs
    for sender in platform_senders(services):
        jobs.add_sender(sender)
    surfaces = ", ".join(jobs.senders) or "none (set SLACK_BOT_TOKEN or the Teams credentials; notices wait in the outbox)"
    print(f"worker: queue on {backend(services.settings)}, notices to {surfaces}", file=sys.stderr, flush=True)
    consumer = jobs.consumer(workers=workers)
    jobs.wake_delivery()
    try:
        consumer.run()
    finally:
        services.close()


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)
