"""Run one function in several spawned processes that start their work at the same moment."""

from __future__ import annotations

import multiprocessing
import queue
import re
import subprocess
import threading
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


def wait_for_line(process: subprocess.Popen, pattern: str, timeout: float = 60) -> re.Match:
    """The first line of the process's output matching `pattern`; fails with the output so far if it
    exits or stays silent. A server started on port 0 binds its own port and names it in such a line,
    so no test picks a free port that someone else can take before the server binds it."""
    lines: queue.Queue = queue.Queue()

    def read() -> None:
        for raw in iter(process.stdout.readline, b""):
            lines.put(raw.decode("utf-8", "replace"))
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    seen: list[str] = []
    while True:
        try:
            line = lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no line matching {pattern!r} within {timeout} s:\n{''.join(seen)}") from None
        if line is None:
            raise AssertionError(f"the process exited ({process.wait()}) before {pattern!r}:\n{''.join(seen)}")
        seen.append(line)
        found = re.search(pattern, line)
        if found:
            return found
