"""Slow work for Bolt's `lazy=[...]`: once per event delivery, with failures sent to the error handler.

Acknowledgements never touch the database. The lazy listener claims the event id first (the
ProcessedEvent primary key decides between retries and between processes sharing the database),
so a retried or twice-delivered event is acknowledged both times and answered once.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from datetime import timedelta

from slack_bolt import BoltRequest
from slack_bolt.kwargs_injection import build_required_kwargs
from slack_bolt.util.utils import get_arg_names_of_callable

from bot.db.events import claim_event, prune_events
from bot.errors import ServiceUnavailable, StorageUnavailable

log = logging.getLogger("handlers.slack")

KEEP_EVENT_IDS = timedelta(days=1)  # Slack stops retrying after minutes
PRUNE_CHANCE = 1 / 500  # about one claim in 500 also forgets old ids


def lazy_runner(services) -> Callable[[Callable[..., None]], Callable[..., None]]:  # noqa: ANN001
    """`run = lazy_runner(services)`, then `app.event("x")(ack=..., lazy=[run(slow_function)])`."""

    def first_delivery(request: BoltRequest, name: str) -> bool:
        body = request.body
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if not event_id:
            return True  # commands and interactions are not retried by Slack
        try:
            if not claim_event(services.sessions, f"{event_id}:{name}"):
                log.info("event %s already handled by %s; skipping the repeat", event_id, name)
                return False
            if random.random() < PRUNE_CHANCE:
                prune_events(services.sessions, older_than=KEEP_EVENT_IDS)
        except StorageUnavailable as exc:
            log.warning("could not record event %s (%s); handling it anyway", event_id, exc.operator_message)
        return True

    def run(func: Callable[..., None]) -> Callable[..., None]:
        arg_names = get_arg_names_of_callable(func)

        def run_lazily(request: BoltRequest) -> None:
            if not first_delivery(request, func.__name__):
                return
            kwargs = build_required_kwargs(logger=request.context.logger, required_arg_names=list(arg_names),
                                           request=request, response=None, this_func=func)
            _guarded(request, lambda: func(**kwargs))

        run_lazily.__name__ = run_lazily.__qualname__ = func.__name__  # Bolt names lazy functions by __name__
        return run_lazily

    return run


STAFF_QUEUE_FULL = ("Too much staff work is already waiting (pages, files or a re-index); "
                    "please try again in a few minutes.")


def offload(services, request: BoltRequest, job: Callable[[], None]) -> None:  # noqa: ANN001
    """Run slow staff work on its own pool (bot/work_queue.py), not on a worker that answers questions;
    its failures reach the error handler like a lazy listener's. A full queue is told to the person."""
    if not services.staff_work.submit(lambda: _guarded(request, job)):
        raise ServiceUnavailable(STAFF_QUEUE_FULL)


def _guarded(request: BoltRequest, job: Callable[[], None]) -> None:
    try:
        job()
    except Exception as error:  # noqa: BLE001 - handed to the app's one error handler
        # Bolt itself would only log one line for an exception in a lazy listener.
        request.context.listener_runner.listener_error_handler.handle(error=error, request=request, response=None)
