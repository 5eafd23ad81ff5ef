"""The named jobs and the consumer that runs them (`python -m bot worker`, or inside `serve`)."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from bot.jobs.queue import make_huey
from bot.notices.kinds import NoticeKind

if TYPE_CHECKING:
    from bot.notices.sender import NoticeSender
    from bot.services import Services

log = logging.getLogger("bot.jobs")


class Jobs:
    """The tasks, registered on one huey instance per process. Senders are added by the process that
    can reach a platform (handlers/slack, handlers/teams); notices for a surface nobody here can reach
    wait in the outbox for a process that can."""

    def __init__(self, services: Services) -> None:
        from huey import crontab

        self.services = services
        self.huey = make_huey(services.settings)
        self.senders: dict[str, NoticeSender] = {}
        self._lock, self._next_run = threading.Lock(), None
        h, sweep_minutes = self.huey, max(1, min(59, services.settings.intro_sweep_minutes))
        self.deliver = h.task(name="outbox.deliver")(self.deliver_now)
        # A safety net: rows written by a process without a queue, or due for a retry, go out within a minute.
        h.periodic_task(crontab(minute="*"), name="outbox.deliver_periodic")(self.deliver_now)
        h.periodic_task(crontab(minute=f"*/{sweep_minutes}"), name="intros.sweep")(self.sweep_now)
        self.reindex = h.task(name="kb.reindex")(self.reindex_now)
        self.add_file = h.task(name="kb.add_file")(self.add_file_now)

    def add_sender(self, sender: NoticeSender) -> None:
        self.senders[sender.surface] = sender

    # ----- what the tasks do ------------------------------------------------------------------
    def deliver_now(self) -> dict[str, int]:
        if not self.senders:
            return {}
        counts = self.services.outbox.deliver_due(self.senders)
        self._deliver_again_when_due()
        return counts

    def _deliver_again_when_due(self) -> None:
        """Retries and claims left by a dead worker come due later: one scheduled run per process covers them."""
        due = self.services.outbox.next_due(self.senders)
        if due is None:
            return
        now = self.services.clock.now()
        with self._lock:
            if self._next_run is not None and now < self._next_run <= due:
                return  # an earlier run is already scheduled; it schedules the next one
            self._next_run = max(due, now)
        self.deliver.schedule(delay=max(1.0, (due - now).total_seconds()))

    def sweep_now(self) -> int:
        return len(self.services.intros.sweep())

    def reindex_now(self, actor: str, request_id: str) -> None:
        """Re-index the knowledge folder, one at a time across every worker; the summary goes to `actor`."""
        from huey.exceptions import TaskLockedException

        try:
            with self.huey.lock_task("kb.reindex"):
                report = self.services.kb_admin.reindex(actor=actor)
            data = {"summary": report.summary(), "failed": report.failed[:50], "failures": len(report.failed)}
        except TaskLockedException:
            data = {"already_running": True}
        self._tell(actor, NoticeKind.KB_REINDEXED, f"kb.reindex:{request_id}", data)

    def add_file_now(self, data: bytes, name: str, actor: str, request_id: str) -> None:
        """Index one large shared file (its bytes travel in the job, so any worker on any host can run it);
        what was added, or why not, goes to `actor`."""
        from dataclasses import asdict

        from bot.errors import BotError

        try:
            outcome = {"name": name, "added": asdict(self.services.kb_admin.add_bytes(data, name, actor=actor))}
        except BotError as exc:
            outcome = {"name": name, "error": exc.message}
        except Exception:  # noqa: BLE001 - the person still hears back; the log has the traceback
            log.exception("indexing the shared file %r failed", name)
            outcome = {"name": name, "error": "it could not be indexed because of an error on our side; "
                                              "the administrators can see it in the logs"}
        self._tell(actor, NoticeKind.KB_FILE_INDEXED, f"kb.add_file:{request_id}", outcome)

    def request_add_file(self, data: bytes, name: str, actor: str) -> str:
        """Enqueue indexing a shared file for `actor`; returns the request id its notice carries."""
        import uuid

        request_id = uuid.uuid4().hex
        self.add_file(data, name, actor, request_id)
        return request_id

    def _tell(self, person_ref: str, kind: NoticeKind, key: str, data: dict) -> None:
        from bot.db.session import transaction
        from bot.notices.outbox import record_for_person

        with transaction(self.services.sessions) as session:
            record_for_person(session, self.services.settings, key=key, kind=kind, person_ref=person_ref,
                              data=data, now=self.services.clock.now())
        self.services.outbox.written()

    def request_reindex(self, actor: str) -> str:
        """Enqueue a re-index for `actor` (e.g. "slack:U1"); returns the request id its notice carries."""
        import uuid

        request_id = uuid.uuid4().hex
        self.reindex(actor, request_id)
        return request_id

    # ----- enqueuing --------------------------------------------------------------------------
    def wake_delivery(self) -> None:
        """After notices were written: a worker (here or elsewhere) delivers them now."""
        self.deliver()

    # ----- running ----------------------------------------------------------------------------
    def start_in_process(self, senders: list) -> object | None:
        """On the embedded default, `serve` and `serve-teams` run the jobs themselves; returns the consumer
        to stop, or None when JOBS_IN_PROCESS is off (then `python -m bot worker` processes run them)."""
        for sender in senders:
            self.add_sender(sender)
        if not self.services.settings.jobs_in_process:
            return None
        consumer = self.consumer(in_process=True)
        consumer.start()
        self.wake_delivery()  # what waited while nothing ran goes out now
        return consumer

    def consumer(self, *, workers: int | None = None, in_process: bool = False):  # noqa: ANN201
        """A huey consumer with thread workers. In-process (inside `serve`), the server owns the signals."""
        from huey.consumer import Consumer

        class EmbeddedConsumer(Consumer):
            def _set_signal_handlers(self) -> None:  # the web server handles SIGTERM and SIGINT
                pass

        cls = EmbeddedConsumer if in_process else Consumer
        return cls(self.huey, workers=workers or self.services.settings.jobs_workers, worker_type="thread",
                   periodic=self.services.settings.jobs_periodic, max_delay=2.0, graceful_signal="TERM",
                   shutdown_timeout=30)
