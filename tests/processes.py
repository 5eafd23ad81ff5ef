"""Processes in tests: one function raced in several spawned processes, a server's output read as it comes,
and servers started on ports nobody else takes."""

from __future__ import annotations

import multiprocessing
import re
import socket
import subprocess
import threading
import time
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


class Output:
    """A process's output, read in the background from the start: a test can wait for one line (a server
    started on port 0 binds its own port and names it in such a line, so no test picks a free port that
    someone else can take before the server binds it) and still see all of it after the process exits."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.process, self.lines, self._done = process, [], False
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for raw in self.process.stdout:  # text or bytes; ends at EOF either way
            line = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self._done = True
            self._changed.notify_all()

    def wait_for(self, pattern: str, timeout: float = 60) -> re.Match:
        """The first line matching `pattern`; fails with the output so far if the process exits or stays silent."""
        deadline, seen = time.monotonic() + timeout, 0
        with self._changed:
            while True:
                for line in self.lines[seen:]:
                    found = re.search(pattern, line)
                    if found:
                        return found
                seen = len(self.lines)
                if self._done:
                    raise AssertionError(f"the process exited ({self.process.wait()}) before {pattern!r}:\n{self.text()}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no line matching {pattern!r} within {timeout} s:\n{self.text()}")
                self._changed.wait(left)

    def text(self) -> str:
        with self._changed:
            return "".join(self.lines)

    def wait(self, timeout: float = 90) -> str:
        """Everything the process wrote, once it exited (within `timeout`)."""
        self.process.wait(timeout)
        self._reader.join(timeout)
        return self.text()


def wait_for_line(process: subprocess.Popen, pattern: str, timeout: float = 60) -> re.Match:
    """The first line of the process's output matching `pattern` (see Output)."""
    return Output(process).wait_for(pattern, timeout)


def start_server(argv: list[str], line: str, *, cwd, env: dict | None = None,  # noqa: ANN001
                 timeout: float = 120) -> tuple[subprocess.Popen, int, Output]:
    """A server started with `--port 0`: the port from the first output line matching `line` (its group 1),
    returned once GET /healthz on it answers 200 with status ok."""
    import json
    import urllib.request

    process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = Output(process)
    port = int(output.wait_for(line, timeout=timeout).group(1))
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                assert json.load(response)["status"] == "ok"
            return process, port, output
        except OSError:
            assert process.poll() is None, output.wait()
            assert time.monotonic() < deadline, f"{argv[1:4]} did not become ready:\n{output.text()}"
            time.sleep(0.2)


class PortTaken(Exception):
    """A server that cannot bind port 0 itself found the port it was given taken."""


def start_on_a_free_port(start: Callable[[int], object], attempts: int = 5) -> tuple[object, int]:
    """For servers that cannot bind port 0 and name the port (chroma run, pg_ctl): a port free a moment ago,
    and another when `start(port)` raises PortTaken because a parallel test took it in between."""
    for attempt in range(attempts):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        try:
            return start(port), port
        except PortTaken:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")
