"""Work in flight when a stop is asked for: the draining executor waits for it, within a bound."""

from __future__ import annotations

import threading

import pytest

from bot.lifecycle import DrainingExecutor


def test_drain_waits_for_queued_and_running_work_then_refuses_more():
    release, done = threading.Event(), []
    executor = DrainingExecutor(max_workers=1)
    executor.submit(lambda: (release.wait(30), done.append("first")))
    executor.submit(lambda: done.append("queued behind it"))
    assert executor.pending == 2
    assert executor.drain(0) is False  # a zero grace period gives up at once
    finished: list[bool] = []
    waiter = threading.Thread(target=lambda: finished.append(executor.drain(30)))
    waiter.start()
    release.set()
    waiter.join(30)
    assert finished == [True] and done == ["first", "queued behind it"] and executor.pending == 0
    with pytest.raises(RuntimeError):
        executor.submit(print)
