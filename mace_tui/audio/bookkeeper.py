"""The bookkeeper thread: rows, repairs and hashes, kept off the writer's path.

The writer hands over each segment event as it happens; the bookkeeper
works through them in order on its own thread: it creates the Recording row
when a segment opens, stores pauses, and when a segment closes checks its
header, hashes it and stores frames, duration and SHA-256. A slow database
or a large file to hash then delays only the books, never the audio.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from mace_tui.audio.integrity import sha256_file
from mace_tui.audio.ledger import StoreLedger
from mace_tui.audio.writer import SegmentSpec
from store.frozen import record

log = logging.getLogger(__name__)


@record
class FinishedSegment:
    """A closed segment as the bookkeeper found it."""

    recording_id: int | None
    path: Path
    state: str
    frames: int
    sha256: str


class Bookkeeper:
    """Keeps a meeting's Recording rows in step with the writer, on its own thread.

    It also passes the writer's problem lines on to the chair (``on_problem``),
    so the writer, which may be running on the audio callback's thread, never
    waits for the screen.
    """

    def __init__(
        self, ledger: StoreLedger, on_problem: Callable[[str], None] | None = None
    ) -> None:
        self.ledger = ledger
        self.on_problem = on_problem
        self.finished: list[FinishedSegment] = []
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._rows: dict[int, int | None] = {}
        self._pauses: dict[int, int | None] = {}
        self._thread = threading.Thread(target=self._run, name="mace-audio-books", daemon=True)

    def start(self) -> None:
        """Start the thread."""
        self._thread.start()

    def join(self, timeout: float) -> bool:
        """Wait for the books to be done; False when still busy after ``timeout``."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                job()
            except Exception as exc:
                log.error("audio bookkeeper: %s", type(exc).__name__)

    def opened(
        self, token: int, spec: SegmentSpec, path: Path, *, first_frame: int, at: datetime
    ) -> None:
        """A segment's file was created: add its row."""

        def job() -> None:
            self._rows[token] = self.ledger.opened(spec, path, first_frame=first_frame, at=at)

        self._jobs.put(job)

    def paused(self, token: int, *, reason: str, at: datetime) -> None:
        """A segment was paused."""

        def job() -> None:
            row = self._rows.get(token)
            if row is not None:
                self._pauses[token] = self.ledger.paused(row, reason=reason, at=at)

        self._jobs.put(job)

    def gap(self, token: int, *, at_frame: int, lost_s: float, reason: str, at: datetime) -> None:
        """Audio a fault kept out of the segment (a full queue, a device that came back)."""
        log.warning("audio gap: %.2f s at frame %d (%s)", lost_s, at_frame, reason)

        def job() -> None:
            row = self._rows.get(token)
            if row is not None:
                self.ledger.gap(row, at_frame=at_frame, lost_s=lost_s, reason=reason, at=at)

        self._jobs.put(job)

    def problem(self, message: str) -> None:
        """A line for the chair, delivered from this thread."""
        on_problem = self.on_problem
        if on_problem is not None:
            self._jobs.put(lambda: on_problem(message))

    def resumed(self, token: int, *, at: datetime) -> None:
        """A paused segment carried on."""

        def job() -> None:
            pause = self._pauses.pop(token, None)
            if pause is not None:
                self.ledger.resumed(pause, at=at)

        self._jobs.put(job)

    def closed(self, token: int, path: Path, *, state: str, paused_s: float, at: datetime) -> None:
        """A segment's file was closed: check it, hash it, store the result."""

        def job() -> None:
            from mace_tui.audio import recfile

            repair = recfile.repair(path)
            frames = repair.frames if repair is not None else 0
            digest = sha256_file(path) if path.is_file() else ""
            row = self._rows.pop(token, None)
            self._pauses.pop(token, None)
            self.finished.append(FinishedSegment(row, path, state, frames, digest))
            if row is not None:
                self.ledger.finished(
                    row, state=state, frames=frames, sha256=digest, paused_s=paused_s, at=at
                )

        self._jobs.put(job)

    def done(self) -> None:
        """No more events: end the thread once the last is handled."""
        self._jobs.put(None)
