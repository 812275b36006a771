"""Edits reach the store one at a time, in the order they were made."""

from __future__ import annotations

import threading
import time

from mace_tui.prep.changes import ChangeQueue


def test_one_consumer_at_a_time_and_in_order() -> None:
    queue: ChangeQueue[int] = ChangeQueue()
    applied: list[int] = []
    starts = 0
    lock = threading.Lock()

    def consumer() -> None:
        queue.drain(lambda n: (time.sleep(0.001), applied.append(n)), lambda _n, exc: None)

    threads = []
    for n in range(50):
        if queue.push(n):
            with lock:
                starts += 1
            thread = threading.Thread(target=consumer)
            thread.start()
            threads.append(thread)
        time.sleep(0.0003)
    for thread in threads:
        thread.join()
    assert applied == list(range(50))
    assert starts >= 1
    assert not queue.busy


def test_a_failing_change_does_not_stop_the_next() -> None:
    queue: ChangeQueue[int] = ChangeQueue()
    for n in (1, 2, 3):
        queue.push(n)
    applied: list[int] = []
    failed: list[int] = []

    def apply(n: int) -> None:
        if n == 2:
            raise ValueError("no")
        applied.append(n)

    done = queue.drain(apply, lambda n, exc: failed.append(n))
    assert (applied, failed, done) == ([1, 3], [2], 2)
    assert queue.push(4) is True  # the turn ended, so the next push starts a consumer
