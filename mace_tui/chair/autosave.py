"""Save-as-you-type without losing order: the newest text is always the last written.

The UI puts the latest value after every keystroke and asks for a flush a
moment later (``SavePace``): a short pause in typing saves, and so does a
maximum wait since the first unsaved keystroke, so steady typing without
pauses is saved too. Flushes run one at a time and each writes whatever is
newest, so a slow write can never overwrite a later one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

# Saving a note: after this pause in typing (seconds)...
SAVE_PAUSE = 0.3
# ...and never later than this after the first unsaved keystroke, typing or not. With the
# write itself this keeps every keystroke on disk within 1 s (the README's promise).
SAVE_AT_MOST = 0.5


class SavePace:
    """When to save what is being typed: a debounce with a maximum wait. Pure (no clock)."""

    def __init__(self, pause: float = SAVE_PAUSE, at_most: float = SAVE_AT_MOST) -> None:
        self.pause = pause
        self.at_most = at_most
        self._first: float | None = None

    def touch(self, now: float) -> float:
        """A keystroke at ``now``: seconds from now until the save is due."""
        if self._first is None:
            self._first = now
        return max(0.0, min(now + self.pause, self._first + self.at_most) - now)

    def saved(self) -> None:
        """The pending text was handed to the writer: the next keystroke starts afresh."""
        self._first = None


class Autosave(Generic[T]):
    """The latest unsaved value, and a flush that writes it."""

    def __init__(self, save: Callable[[T], None]) -> None:
        self._save = save
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._pending: T | None = None

    def put(self, value: T) -> None:
        """Remember ``value`` as the newest; cheap, for the UI thread."""
        with self._lock:
            self._pending = value

    @property
    def dirty(self) -> bool:
        """True while something typed is not yet written."""
        with self._lock:
            return self._pending is not None

    def flush(self) -> None:
        """Write the newest value, if any (call from a worker thread)."""
        with self._flush_lock:
            with self._lock:
                value, self._pending = self._pending, None
            if value is not None:
                try:
                    self._save(value)
                except BaseException:
                    with self._lock:
                        if self._pending is None:
                            self._pending = value
                    raise
