"""Run one function in several spawned processes that start their work at the same moment."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable


def race(target: Callable, *args, processes: int = 2, timeout: float = 120) -> list:  # noqa: ANN002
    """Call `target(*args, start, results)` in fresh processes; each waits on `start`, then puts one result.

    Spawned, not forked, so each has its own connections and imports, as separate servers would.
    Returns the results in the order they arrived.
    """
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=target, args=(*args, start, results)) for _ in range(processes)]
    for p in procs:
        p.start()
    start.set()
    outcomes = [results.get(timeout=timeout) for _ in procs]
    for p in procs:
        p.join(30)
    return outcomes
