"""The writer thread: takes captured blocks and segment commands off one queue, in order.

The capture callback and the meeting's commands share one queue, and each
command is stamped with the capture frame count at the moment it was queued
(under the same lock the callback holds while it counts and queues a block).
So every block captured before a command is ahead of it in the queue and
every block after it is behind: switching files at the command is switching
at an exact frame, with nothing lost or written twice.

The writer does only file work that cannot wait: claiming a segment's file,
writing blocks, closing it. Everything slower (database rows, repairing and
hashing a closed file) is handed to the bookkeeper thread, so a block never
waits in memory, where a crash would lose it, behind a slow database. A
failed write (a full disk) ends that segment, keeps what it holds, and
drops audio until the next segment starts.
"""

from __future__ import annotations

import errno
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

import numpy as np

from mace_tui.audio import problems
from mace_tui.audio.naming import claim_path
from mace_tui.audio.wavfile import SegmentSink, SegmentWav

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SegmentSpec:
    """What a new segment is: its kind, its agenda item, and where its file goes."""

    kind: str
    item_id: int | None
    folder: Path
    stem: str
    # Numbers the meeting's segments, so a failure is pinned on the right one.
    serial: int = 0


@dataclass(frozen=True)
class Block:
    """Captured frames, numbered from the start of the meeting's capture."""

    start: int
    data: np.ndarray


@dataclass(frozen=True)
class Open:
    """Start writing a new segment at ``frame``."""

    frame: int
    at: datetime
    spec: SegmentSpec


@dataclass(frozen=True)
class Close:
    """Finish the current segment at ``frame``; ``state`` is how it ended."""

    frame: int
    at: datetime
    state: str = "complete"


@dataclass(frozen=True)
class Pause:
    """Stop writing the current segment at ``frame`` (e.g. a sensitive aside)."""

    frame: int
    at: datetime
    reason: str


@dataclass(frozen=True)
class Resume:
    """Carry on writing the current segment from ``frame``."""

    frame: int
    at: datetime


@dataclass(frozen=True)
class Shutdown:
    """Finish the current segment and end the thread."""

    frame: int
    at: datetime


Item = Block | Open | Close | Pause | Resume | Shutdown
OpenSink = Callable[[Path, int, int], SegmentSink]


class Books(Protocol):
    """Where the writer reports segments; the bookkeeper thread, in the app."""

    def opened(
        self, token: int, spec: SegmentSpec, path: Path, *, first_frame: int, at: datetime
    ) -> None: ...
    def paused(self, token: int, *, reason: str, at: datetime) -> None: ...
    def resumed(self, token: int, *, at: datetime) -> None: ...
    def closed(
        self, token: int, path: Path, *, state: str, paused_s: float, at: datetime
    ) -> None: ...
    def done(self) -> None: ...


def open_wav(path: Path, sample_rate: int, channels: int) -> SegmentSink:
    """The sink the app uses: a crash-safe WAV file."""
    return SegmentWav(path, sample_rate=sample_rate, channels=channels)


@dataclass
class _Segment:
    sink: SegmentSink
    token: int
    serial: int
    paused_from: int | None = None
    paused_frames: int = 0
    failed: bool = False


class SegmentWriter:
    """Drains the capture queue into segment files on its own thread."""

    def __init__(
        self,
        *,
        items: queue.SimpleQueue[Item],
        books: Books,
        sample_rate: int,
        channels: int,
        on_problem: Callable[[str], None],
        open_sink: OpenSink = open_wav,
    ) -> None:
        self.items = items
        self.books = books
        self.sample_rate = sample_rate
        self.channels = channels
        self.on_problem = on_problem
        self.open_sink = open_sink
        self._tokens = 0
        # Frames written to the current segment: read by status() on other threads.
        self.segment_frames = 0
        # The serial of the latest segment that failed to write, for status().
        self.failed_serial: int | None = None
        self._segment: _Segment | None = None
        self._position: int | None = None
        self._thread = threading.Thread(target=self._run, name="mace-audio-writer", daemon=True)

    def start(self) -> None:
        """Start the thread."""
        self._thread.start()

    def join(self, timeout: float) -> bool:
        """Wait for the thread to end; False when it is still busy after ``timeout``."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        while True:
            item = self.items.get()
            try:
                if isinstance(item, Block):
                    self._write(item)
                    continue
                self._check_order(item.frame)
                if isinstance(item, Open):
                    self._finish(item.at, "complete")
                    self._open(item)
                elif isinstance(item, Close):
                    self._finish(item.at, item.state)
                elif isinstance(item, Pause):
                    self._pause(item)
                elif isinstance(item, Resume):
                    self._resume(item)
                elif isinstance(item, Shutdown):
                    self._finish(item.at, "complete")
                    self.books.done()
                    return
            except Exception as exc:
                # The thread must survive anything: audio keeps flowing into the queue.
                log.error(
                    "audio writer: %s while handling %s", type(exc).__name__, type(item).__name__
                )

    def _check_order(self, frame: int) -> None:
        if self._position is not None and frame != self._position:
            log.warning("audio writer: command at frame %d, queue at %d", frame, self._position)

    def _write(self, block: Block) -> None:
        self._position = block.start + len(block.data)
        segment = self._segment
        if segment is None or segment.failed:
            return
        if segment.paused_from is not None:
            return
        try:
            segment.sink.write(block.data)
        except OSError as exc:
            segment.failed = True
            self.failed_serial = segment.serial
            folder = segment.sink.path.parent
            if exc.errno == errno.ENOSPC:
                self.on_problem(problems.disk_full(folder))
            else:
                self.on_problem(problems.write_failed(folder, exc.strerror or type(exc).__name__))
            return
        self.segment_frames = segment.sink.frames

    def _open(self, command: Open) -> None:
        spec = command.spec
        self.segment_frames = 0
        try:
            path = claim_path(spec.folder, spec.stem)
            sink = self.open_sink(path, self.sample_rate, self.channels)
        except OSError as exc:
            self.failed_serial = spec.serial
            if exc.errno == errno.ENOSPC:
                self.on_problem(problems.disk_full(spec.folder))
            else:
                self.on_problem(
                    problems.write_failed(spec.folder, exc.strerror or type(exc).__name__)
                )
            return
        self._tokens += 1
        self.books.opened(self._tokens, spec, path, first_frame=command.frame, at=command.at)
        self._segment = _Segment(sink=sink, token=self._tokens, serial=spec.serial)

    def _pause(self, command: Pause) -> None:
        segment = self._segment
        if segment is None or segment.paused_from is not None:
            return
        segment.paused_from = command.frame
        self.books.paused(segment.token, reason=command.reason, at=command.at)

    def _resume(self, command: Resume) -> None:
        segment = self._segment
        if segment is None or segment.paused_from is None:
            return
        segment.paused_frames += command.frame - segment.paused_from
        segment.paused_from = None
        self.books.resumed(segment.token, at=command.at)

    def _finish(self, at: datetime, state: str) -> None:
        segment = self._segment
        if segment is None:
            return
        self._segment = None
        if segment.paused_from is not None and self._position is not None:
            segment.paused_frames += self._position - segment.paused_from
        segment.sink.close()
        self.books.closed(
            segment.token,
            segment.sink.path,
            state="failed" if segment.failed else state,
            paused_s=segment.paused_frames / self.sample_rate,
            at=at,
        )
