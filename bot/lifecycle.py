"""Graceful shutdown: a stop signal, and work in flight that a stopping process lets finish.

`serve` and `serve-teams` stop accepting requests on SIGTERM (or Ctrl-C), let the answers and jobs
already started finish within SHUTDOWN_GRACE_SECONDS, then exit 0; a deploy loses nothing.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def stop_on_signals(stop: threading.Event) -> Callable[[], None]:
    """SIGTERM and SIGINT set `stop` (from the main thread only); returns a function restoring the old handlers."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}

    def handle(signum: int, _frame) -> None:  # noqa: ANN001
        log.info("%s received: finishing the work in flight, then stopping", signal.Signals(signum).name)
        stop.set()

    for sig in STOP_SIGNALS:
        signal.signal(sig, handle)

    def restore() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    return restore


class DrainingExecutor(ThreadPoolExecutor):
    """A thread pool that knows how much work is queued or running, so shutdown can wait for it."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, fn, /, *args, **kwargs) -> Future:  # noqa: ANN001, ANN002, ANN003
        with self._idle:
            self._pending += 1
        try:
            future = super().submit(fn, *args, **kwargs)
        except BaseException:
            self._done(None)
            raise
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future | None) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    @property
    def pending(self) -> int:
        return self._pending

    def drain(self, timeout: float) -> bool:
        """Refuse new work, wait up to `timeout` seconds for what is queued or running; True when all finished."""
        deadline = time.monotonic() + max(0.0, timeout)
        self.shutdown(wait=False)  # no new submissions; queued work still runs
        with self._idle:
            while self._pending:
                left = deadline - time.monotonic()
                if left <= 0:
                    log.warning("%d task(s) still running after the shutdown grace period", self._pending)
                    return False
                self._idle.wait(left)
        return True
