"""The writer thread: takes captured blocks and segment commands off one queue, in order.

The capture callback and the meeting's commands share one queue, and each
command is stamped with the capture frame count at the moment it was queued
(under the same lock the callback holds while it counts and queues a block).
So every block captured before a command is ahead of it in the queue and
every block after it is behind: switching files at the command is switching
at an exact frame, with nothing lost or written twice.

The writer does only file work that cannot wait: claiming a segment's file,
writing blocks, closing it. Everything slower (database rows, repairing and
hashing a closed file, telling the chair) is handed to the bookkeeper thread,
so a block never waits in memory, where a crash would lose it, behind a slow
database. A failed write (a full disk) ends that segment, keeps what it
holds, and drops audio until the next segment starts.

Two bounds hold on a busy machine. Writing is not left to the writer's
thread alone: before the capture callback queues a block it calls
:meth:`SegmentWriter.pump`, which writes whatever is still queued on the
callback's own thread (waiting at most one block's time for a write in
progress). So at any moment at most the newest block is only in memory, and
a kill -9 loses at most that one. And the queue is bounded
(:class:`CaptureQueue`): when the disk stalls for longer than it holds, the
newest blocks are dropped, counted, and the writer marks the hole in the
segment as a gap (a RecordingGap row, and one line for the chair).
"""

from __future__ import annotations

import errno
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

import numpy as np

from mace_tui.audio import problems
from mace_tui.audio.naming import claim_path
from mace_tui.audio.wavfile import SegmentSink, SegmentWav
from store.frozen import record

log = logging.getLogger(__name__)


@record
class SegmentSpec:
    """What a new segment is: its kind, its agenda item, and where its file goes."""

    kind: str
    item_id: int | None
    folder: Path
    stem: str
    # Numbers the meeting's segments, so a failure is pinned on the right one.
    serial: int = 0
    # A segment opened when a device came back after a fault: the time since
    # ``gap_since`` is marked as a gap at its start.
    gap_since: datetime | None = None
    gap_reason: str = ""


@record
class Block:
    """Captured frames, numbered from the start of the meeting's capture."""

    start: int
    data: np.ndarray


@record
class Open:
    """Start writing a new segment at ``frame``."""

    frame: int
    at: datetime
    spec: SegmentSpec


@record
class Close:
    """Finish the current segment at ``frame``; ``state`` is how it ended."""

    frame: int
    at: datetime
    state: str = "complete"


@record
class Pause:
    """Stop writing the current segment at ``frame`` (e.g. a sensitive aside)."""

    frame: int
    at: datetime
    reason: str


@record
class Resume:
    """Carry on writing the current segment from ``frame``."""

    frame: int
    at: datetime


@record
class Shutdown:
    """Finish the current segment and end the thread."""

    frame: int
    at: datetime


Item = Block | Open | Close | Pause | Resume | Shutdown
OpenSink = Callable[[Path, int, int], SegmentSink]


class CaptureQueue:
    """Blocks and commands in capture order; blocks are refused once ``max_blocks`` wait.

    Commands are never refused (they are few and each matters). ``pump`` is
    set by the writer: :meth:`catch_up` runs it on the caller's thread.
    """

    def __init__(self, max_blocks: int) -> None:
        self.max_blocks = max(2, max_blocks)
        self._items: queue.SimpleQueue[Item] = queue.SimpleQueue()
        self.wake = threading.Event()
        self.pump: Callable[[float], bool] | None = None

    def put(self, item: Item) -> None:
        """Queue a command (or a block, unconditionally) and wake the writer."""
        self._items.put(item)
        self.wake.set()

    def offer(self, block: Block) -> bool:
        """Queue a block unless the queue is full; False when it was refused."""
        if self._items.qsize() >= self.max_blocks:
            return False
        self.put(block)
        return True

    def catch_up(self, timeout: float) -> None:
        """Write what is queued on this thread, waiting at most ``timeout`` s for the writer."""
        pump = self.pump
        if pump is not None:
            pump(timeout)

    def get_nowait(self) -> Item:
        """The next item (raises queue.Empty)."""
        return self._items.get_nowait()

    def empty(self) -> bool:
        """True when nothing waits."""
        return self._items.empty()

    def qsize(self) -> int:
        """How many items wait (approximate while others add)."""
        return self._items.qsize()


class Books(Protocol):
    """Where the writer reports segments; the bookkeeper thread, in the app."""

    def opened(
        self, token: int, spec: SegmentSpec, path: Path, *, first_frame: int, at: datetime
    ) -> None: ...
    def paused(self, token: int, *, reason: str, at: datetime) -> None: ...
    def resumed(self, token: int, *, at: datetime) -> None: ...
    def gap(
        self, token: int, *, at_frame: int, lost_s: float, reason: str, at: datetime
    ) -> None: ...
    def closed(
        self, token: int, path: Path, *, state: str, paused_s: float, at: datetime
    ) -> None: ...
    def problem(self, message: str) -> None: ...
    def done(self) -> None: ...


def open_wav(path: Path, sample_rate: int, channels: int) -> SegmentSink:
    """A crash-safe plain WAV file (tests; the app writes sealed files, see recfile)."""
    return SegmentWav(path, sample_rate=sample_rate, channels=channels)


@dataclass
class _Segment:
    sink: SegmentSink
    token: int
    serial: int
    paused_from: int | None = None
    paused_frames: int = 0
    failed: bool = False
    # Frames lost to a full queue in the gap being counted, and where it began.
    gap_frames: int = 0


class SegmentWriter:
    """Drains the capture queue into segment files: on its own thread, or the caller's (pump)."""

    def __init__(
        self,
        *,
        items: CaptureQueue,
        books: Books,
        sample_rate: int,
        channels: int,
        open_sink: OpenSink,
    ) -> None:
        self.items = items
        self.books = books
        self.sample_rate = sample_rate
        self.channels = channels
        self.open_sink = open_sink
        self._tokens = 0
        # Frames written to the current segment: read by status() on other threads.
        self.segment_frames = 0
        # The serial of the latest segment that failed to write, for status().
        self.failed_serial: int | None = None
        # Frames the full queue refused, over the meeting (status() and tests read it).
        self.lost_frames = 0
        self._segment: _Segment | None = None
        self._position: int | None = None
        self._writing = threading.Lock()
        self._finished = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mace-audio-writer", daemon=True)
        items.pump = self.pump

    def start(self) -> None:
        """Start the thread."""
        self._thread.start()

    def join(self, timeout: float) -> bool:
        """Wait for the thread to end; False when it is still busy after ``timeout``."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        while not self._finished.is_set():
            self.items.wake.wait(0.05)
            self.items.wake.clear()
            self.pump(-1)

    def pump(self, timeout: float) -> bool:
        """Handle everything queued, on the calling thread; False if the writer stayed busy.

        ``timeout`` is how long to wait for a write already in progress
        (-1: as long as it takes). Whoever holds the lock drains the queue,
        and looks again after letting go, so nothing queued meanwhile waits.
        """
        while True:
            if not self._writing.acquire(timeout=timeout):
                return False
            try:
                while not self._finished.is_set():
                    try:
                        item = self.items.get_nowait()
                    except queue.Empty:
                        break
                    self._handle(item)
            finally:
                self._writing.release()
            if self._finished.is_set() or self.items.empty():
                return True

    def _handle(self, item: Item) -> None:
        try:
            if isinstance(item, Block):
                self._write(item)
                return
            self._advance(item.frame)
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
                self._finished.set()
                self.books.done()
        except Exception as exc:
            # The writer must survive anything: audio keeps flowing into the queue.
            log.error("audio writer: %s while handling %s", type(exc).__name__, type(item).__name__)

    def _advance(self, frame: int) -> None:
        """Move the queue's position to ``frame``, marking blocks the full queue refused as a gap."""
        if self._position is None:
            self._position = frame
            return
        missing = frame - self._position
        self._position = max(self._position, frame)
        if missing <= 0:
            if missing < 0:
                log.warning("audio writer: frame %d behind the queue at %d", frame, frame - missing)
            return
        self.lost_frames += missing
        segment = self._segment
        if segment is None or segment.failed or segment.paused_from is not None:
            return
        segment.gap_frames += missing
        self.books.gap(
            segment.token,
            at_frame=segment.sink.frames,
            lost_s=missing / self.sample_rate,
            reason=problems.GAP_WRITER_BEHIND,
            at=utc_now(),
        )
        self.books.problem(
            problems.writer_behind(segment.sink.path.parent, missing / self.sample_rate)
        )

    def _write(self, block: Block) -> None:
        self._advance(block.start)
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
                self.books.problem(problems.disk_full(folder))
            else:
                self.books.problem(
                    problems.write_failed(folder, exc.strerror or type(exc).__name__)
                )
            return
        self.segment_frames = segment.sink.frames

    def _open(self, command: Open) -> None:
        self.segment_frames = 0
        spec = command.spec
        try:
            path = claim_path(spec.folder, spec.stem)
            sink = self.open_sink(path, self.sample_rate, self.channels)
        except OSError as exc:
            self.failed_serial = spec.serial
            if exc.errno == errno.ENOSPC:
                self.books.problem(problems.disk_full(spec.folder))
            else:
                self.books.problem(
                    problems.write_failed(spec.folder, exc.strerror or type(exc).__name__)
                )
            return
        self._tokens += 1
        at = command.at
        self.books.opened(self._tokens, spec, path, first_frame=command.frame, at=at)
        self._segment = _Segment(sink=sink, token=self._tokens, serial=spec.serial)
        if spec.gap_since is not None:
            lost = max(0.0, (at - spec.gap_since) / timedelta(seconds=1))
            self.books.gap(self._tokens, at_frame=0, lost_s=lost, reason=spec.gap_reason, at=at)

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


def utc_now() -> datetime:
    """Now, in UTC (the store's clock; imported late to keep this module light)."""
    from store.types import utcnow

    return utcnow()
