"""Save-as-you-type without losing order: the newest text is always the last written.

The UI puts the latest value after every keystroke and asks a worker to
flush a moment later. Flushes run one at a time and each writes whatever is
newest, so a slow write can never overwrite a later one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


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
