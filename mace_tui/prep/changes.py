"""Edits waiting to be saved, in the order they were made.

The screen hands each edit to this queue and starts a thread worker only when
none is draining it, so edits reach the database one at a time and in order
(two quick moves never race), while the event loop never waits for the disk.
No Textual here.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class ChangeQueue(Generic[T]):
    """A first-in-first-out queue with at most one consumer at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: deque[T] = deque()
        self._draining = False

    def push(self, change: T) -> bool:
        """Queue a change; True when the caller must start a consumer."""
        with self._lock:
            self._pending.append(change)
            if self._draining:
                return False
            self._draining = True
            return True

    def take(self) -> T | None:
        """The next change, or None; None also ends the consumer's turn."""
        with self._lock:
            if self._pending:
                return self._pending.popleft()
            self._draining = False
            return None

    def drain(self, apply: Callable[[T], None], on_error: Callable[[T, Exception], None]) -> int:
        """Apply changes until none is left; how many were applied.

        A change that fails goes to ``on_error`` and the next one is still
        applied: each edit stands on its own.
        """
        done = 0
        while (change := self.take()) is not None:
            try:
                apply(change)
            except Exception as exc:
                on_error(change, exc)
            else:
                done += 1
        return done

    @property
    def busy(self) -> bool:
        """True while changes are waiting or being saved."""
        with self._lock:
            return self._draining or bool(self._pending)
