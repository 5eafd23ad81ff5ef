"""A small pool with a bounded queue, for slow work that must not hold the workers answering questions.

Staff work (fetching a page, downloading shared files, re-indexing) waits on other servers or on
the disk for seconds to minutes. On its own threads, a few slow pages delay only other staff work,
and a full queue refuses the next job at once instead of letting it wait unseen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from bot.lifecycle import DrainingExecutor


class BoundedPool:
    def __init__(self, *, workers: int, queued: int, name: str) -> None:
        self._pool = DrainingExecutor(max_workers=workers, thread_name_prefix=name)
        self._slots = threading.BoundedSemaphore(workers + queued)

    def submit(self, job: Callable[[], None]) -> bool:
        """Start or queue `job`; False (and nothing queued) when the queue is full."""
        if not self._slots.acquire(blocking=False):
            return False
        try:
            future = self._pool.submit(job)
        except RuntimeError:  # shut down
            self._slots.release()
            return False
        future.add_done_callback(lambda _done: self._slots.release())
        return True

    def drain(self, timeout: float) -> bool:
        """Take no more jobs; wait up to `timeout` seconds for the queued and running ones (graceful shutdown)."""
        return self._pool.drain(timeout)

    def shutdown(self, *, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=True)
