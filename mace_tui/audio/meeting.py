"""MeetingAudio: the one thing the chair's screen talks to about recording.

It keeps what *should* be recorded now (a child's discussion, a part of the
meeting, or nothing) apart from whether a microphone is open. Each change of
part is queued at an exact capture frame; when no microphone could be opened,
the wanted part is remembered, and a later successful :meth:`start` (a
retry) records it from then on. Device problems never raise: they set the
status and are reported once, as one plain line, through ``on_problem``
(called on a background thread; hand it to the UI with ``call_from_thread``).

After a fault on a stream that was recording (no sound for ``watchdog_s``,
the device gone, a clock far off real time) the recorder keeps trying the
device by itself, with growing waits up to half a minute, and at once on
:meth:`retry_now` (the chair's key). A stream opened by a retry holds its
sound back until it has delivered for a moment at a sane pace: then the
current part gets a new segment, whose first row in ``recording_gap`` says
how long nothing was recorded and why, and the chair is told. A retry on a
still-dead (or still-racing) device leaves no file behind.

Every method may be called from Textual thread workers; :meth:`status` is
cheap and safe on the UI thread. Nothing here ever calls the stream's
``stop()`` without a timeout.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Literal

from mace_tui.audio import problems
from mace_tui.audio.bookkeeper import Bookkeeper, FinishedSegment
from mace_tui.audio.capture import Capture
from mace_tui.audio.devices import InputDevice, check_input, find_input_device
from mace_tui.audio.ledger import StoreLedger
from mace_tui.audio.lockfile import CaptureLock
from mace_tui.audio.naming import child_stem, meeting_folder, meeting_part_stem
from mace_tui.audio.pace import PaceLimits
from mace_tui.audio.status import AudioState, AudioStatus
from mace_tui.audio.timeline import SegmentTimeline
from mace_tui.audio.watchdog import Watchdog
from mace_tui.audio.writer import (
    CaptureQueue,
    Close,
    Open,
    OpenSink,
    Pause,
    Resume,
    SegmentSpec,
    SegmentWriter,
    Shutdown,
)
from mace_tui.config import Settings
from store.db import Store
from store.frozen import record
from store.types import utcnow

# How long a retried stream must deliver sound (at a sane pace) before it is trusted.
_PROBATION_S = 0.2


@record
class _Part:
    """A stretch of the meeting: one child's discussion, or the meeting's own business."""

    kind: Literal["child", "meeting"]
    label: str
    record: bool
    stem: str
    item_id: int | None = None


class MeetingAudio:
    """One meeting's capture stream and its per-child segment files.

    ``meeting_audio`` and ``record_children`` come from the profile
    (``[recording] meeting_audio`` and ``per_child``). ``watchdog_s`` is how
    long without sound counts as a dead microphone. ``block_frames`` is the
    capture block, the most a crash can lose. ``max_queued_s`` is how much
    audio may wait for the disk before blocks are dropped (and marked as a
    gap). ``pace`` bounds how far the stream may run ahead of or behind the
    wall clock (None: not checked). ``retry_s`` is the first wait before
    trying a failed device again. ``open_sink`` makes each segment's file:
    by default sealed (encrypted) with the store's recordings key from the
    config folder (tests pass a named fake for a disk that fills up). The device and
    sample rate come from ``settings``.
    """

    def __init__(
        self,
        *,
        store: Store,
        settings: Settings,
        meeting_id: int,
        meeting_date: date,
        meeting_audio: str = "separate",
        record_children: bool = True,
        on_problem: Callable[[str], None] | None = None,
        watchdog_s: float = 5.0,
        block_frames: int = 1024,
        channels: int = 1,
        open_sink: OpenSink | None = None,
        max_queued_s: float = 30.0,
        pace: PaceLimits | None = PaceLimits(),  # noqa: B008 - frozen, shared safely
        retry_s: float = 2.0,
    ) -> None:
        self.store = store
        self.settings = settings
        self.meeting_id = meeting_id
        self.meeting_date = meeting_date
        self.meeting_audio = meeting_audio
        self.record_children = record_children
        self.on_problem = on_problem
        self.watchdog_s = watchdog_s
        self.block_frames = block_frames
        self.channels = channels
        self.sample_rate = settings.sample_rate
        self.folder = meeting_folder(
            settings.recordings_dir,
            store_id=store.store_id,
            meeting_date=meeting_date,
            meeting_id=meeting_id,
        )
        if open_sink is None:
            from mace_tui.audio.recfile import SealedSinkFactory

            open_sink = SealedSinkFactory(
                config_dir=settings.config_dir,
                store_id=store.store_id,
                keyring=settings.use_keyring,
            )
        self._open_sink = open_sink
        self.pace = pace
        self.retry_s = retry_s
        self._control = threading.RLock()
        self._items = CaptureQueue(round(max_queued_s * self.sample_rate / block_frames))
        self._lock = CaptureLock(settings.recordings_dir)
        self._writer: SegmentWriter | None = None
        self._books: Bookkeeper | None = None
        self._capture: Capture | None = None
        # Streams given up on: one stuck on a dead device may still close later.
        self.retired: list[Capture] = []
        self._device: InputDevice | None = None
        self._watchdog: Watchdog | None = None
        self._stopped = False
        # What should be recorded now, and where its segment stands.
        self._part: _Part | None = None
        self._segment = SegmentTimeline()
        # Faults: no stream at all, a stream that died, and the latest line for the chair.
        self._unavailable = False
        self._stream_failed = False
        self._problem: str | None = None
        self._frames_base = 0
        self._frozen_elapsed = 0.0
        # After a fault: when recording stopped and why (for the gap), whether the
        # stream now open is a retry waiting for its first sound, and the retry loop.
        self._gap_since: datetime | None = None
        self._gap_reason = ""
        self._probation = False
        self._retry_wake = threading.Event()
        self._retrying = False
        self._retry_delay = retry_s

    # -- the stream -------------------------------------------------------------------------

    def start(self) -> AudioStatus:
        """Open the capture stream (or retry after a fault); never raises for device problems."""
        message = None
        with self._control:
            if self._stopped or self._capture is not None:
                return self.status()
            after_fault = self._stream_failed
            try:
                if not self._lock.acquire():
                    raise problems.CaptureBusy(self.settings.recordings_dir)
                device = find_input_device(self.settings.audio_device)
                check_input(device, sample_rate=self.sample_rate, channels=self.channels)
                capture = Capture(
                    device=device,
                    sample_rate=self.sample_rate,
                    channels=self.channels,
                    block_frames=self.block_frames,
                    items=self._items,
                    first_frame=self._frames_base,
                    pace=self.pace,
                    hold=after_fault,
                )
            except problems.AudioProblem as exc:
                if self._writer is None:
                    self._lock.release()
                if not after_fault:
                    # After a fault the chair already has its line; the retries go on quietly.
                    self._unavailable = True
                    message = self._problem = str(exc)
            else:
                self._device = device
                self._capture = capture
                self._unavailable = False
                # A retry counts only once sound arrives (the watchdog sees it).
                self._probation = after_fault
                if not after_fault:
                    self._problem = None
                self._start_threads()
                if self._part is not None and self._part.record and not after_fault:
                    self._open_segment(self._part)
        if message is not None:
            self._report(message)
        return self.status()

    def retry_now(self) -> AudioStatus:
        """The chair's key: try the microphone again at once (after a fault, or none at start)."""
        with self._control:
            retrying = self._retrying
            self._retry_delay = self.retry_s
        if retrying:
            self._retry_wake.set()
            return self.status()
        return self.start()

    def _schedule_retry(self) -> None:
        """Start the retry loop unless it runs already (one per meeting at a time)."""
        with self._control:
            if self._retrying or self._stopped:
                return
            self._retrying = True
        threading.Thread(target=self._retry_loop, name="mace-audio-retry", daemon=True).start()

    def _retry_loop(self) -> None:
        while True:
            with self._control:
                delay = self._retry_delay
            self._retry_wake.wait(delay)
            self._retry_wake.clear()
            with self._control:
                if self._stopped or self._capture is not None:
                    self._retrying = False
                    return
                self._retry_delay = min(30.0, self._retry_delay * 2)
                # A stream stuck on a dead device holds a thread: never pile them up.
                stuck = sum(1 for c in self.retired if not c.closed.is_set())
            if stuck < 3:
                self.start()

    def _check_recovered(self, capture: Capture) -> None:
        """The watchdog's tick: a retried stream delivering sound for a moment records again."""
        if not capture.holding or capture.first_block_at is None:
            return
        if time.monotonic() - capture.first_block_at < _PROBATION_S:
            return
        with self._control:
            if self._capture is not capture or not self._probation:
                return
            self._probation = False
            self._stream_failed = False
            self._problem = None
            self._retry_delay = self.retry_s
            since = self._gap_since or utcnow()
            part = self._part
            if part is not None and part.record:
                spec = self._spec(part, gap_since=since)
                frame = capture.release(lambda f: Open(f, utcnow(), spec))
                self._segment.opened(frame)
            else:
                capture.release(None)
            gap_s = (utcnow() - since) / timedelta(seconds=1)
            label = part.label if part is not None and part.record else ""
            device = self._device.name if self._device is not None else "?"
        self._report(problems.recording_resumed(device, gap_s, label))
        # The line is news, not a fault: the indicator shows recording again.
        self._problem = None

    def _start_threads(self) -> None:
        if self._writer is None:
            ledger = StoreLedger(
                store=self.store,
                meeting_id=self.meeting_id,
                sample_rate=self.sample_rate,
                channels=self.channels,
                on_problem=self._store_problem,
            )
            self._books = Bookkeeper(ledger, on_problem=self._report)
            self._books.start()
            self._writer = SegmentWriter(
                items=self._items,
                books=self._books,
                sample_rate=self.sample_rate,
                channels=self.channels,
                open_sink=self._open_sink,
            )
            self._writer.start()
        if self._watchdog is None:
            self._watchdog = Watchdog(
                current=lambda: self._capture,
                on_fault=self._capture_failed,
                stall_s=self.watchdog_s,
                on_tick=self._check_recovered,
            )
            self._watchdog.start()

    def stop(self, timeout: float = 5.0) -> bool:
        """Finish the current segment and close the stream; True when all ended within ``timeout``.

        Safe from a worker thread and never hangs: a stream stuck on a dead
        device is abandoned, and a writer still busy is left to finish on its own.
        """
        deadline = time.monotonic() + timeout
        with self._control:
            if self._stopped:
                return True
            self._stopped = True
            self._retry_wake.set()
            if self._watchdog is not None:
                self._watchdog.halt()
            self._part = None
            self._segment.closed()
            clean = True
            capture, self._capture = self._capture, None
            if capture is not None:
                self.retired.append(capture)
                capture.finish(lambda frame: Shutdown(frame, utcnow()))
                clean = capture.close(timeout=max(0.1, (deadline - time.monotonic()) / 2))
            elif self._writer is not None:
                self._items.put(Shutdown(self._frames_base, utcnow()))
            if self._writer is not None:
                clean = self._writer.join(max(0.1, deadline - time.monotonic())) and clean
            if self._books is not None:
                clean = self._books.join(max(0.1, deadline - time.monotonic())) and clean
            self._lock.release()
        return clean

    def _capture_failed(self, capture: Capture, message: str, reason: str) -> None:
        with self._control:
            if self._capture is not capture:
                return
            # A retry that never delivered sound is not news: the chair was told once.
            quiet = self._probation
            if not quiet:
                self._frozen_elapsed = self._segment.elapsed(capture.frames, self.sample_rate)
                self._gap_since = utcnow()
                self._gap_reason = reason
                self._problem = message
            state = "failed"
            build = (lambda f: Close(f, utcnow(), state)) if self._segment.is_open else None
            self._frames_base = capture.finish(build)
            self._capture = None
            self._probation = False
            self.retired.append(capture)
            self._stream_failed = True
            self._segment.closed()
        if not quiet:
            self._report(message)
        self._schedule_retry()
        # Outside the lock: this may wait, and the UI must be able to ask for status meanwhile.
        capture.close(timeout=1.0)

    # -- the meeting's parts ----------------------------------------------------------------

    def begin_child(self, *, item_id: int, position: int, child_ref: str) -> int | None:
        """Close the current segment and open this child's at the current frame; returns it."""
        part = _Part(
            kind="child",
            label=f"Discussion {position} · {child_ref}",
            record=self.record_children,
            stem=child_stem(meeting_date=self.meeting_date, position=position, child_ref=child_ref),
            item_id=item_id,
        )
        return self._switch(part)

    def begin_meeting_part(self, label: str) -> int | None:
        """Introductions, AOB…: a separate meeting file, or nothing when the profile says off."""
        part = _Part(
            kind="meeting",
            label=label,
            record=self.meeting_audio == "separate",
            stem=meeting_part_stem(meeting_date=self.meeting_date, label=label),
        )
        return self._switch(part)

    def end_segment(self) -> int | None:
        """Finish the current file (its frames, duration and SHA-256 are stored)."""
        with self._control:
            self._part = None
            return self._close_segment()

    def pause(self, reason: str = "") -> int | None:
        """Stop writing the current segment (stored as a RecordingPause); returns the frame."""
        with self._control:
            capture = self._capture
            if capture is None or not self._segment.is_open or self._segment.is_paused:
                return None
            frame = capture.queue_at_now(lambda f: Pause(f, utcnow(), reason))
            self._segment.paused(frame, reason)
            return frame

    def resume(self) -> int | None:
        """Carry on writing the current segment; returns the frame."""
        with self._control:
            capture = self._capture
            if capture is None or not self._segment.is_paused:
                return None
            frame = capture.queue_at_now(lambda f: Resume(f, utcnow()))
            self._segment.resumed(frame)
            return frame

    def _switch(self, part: _Part) -> int | None:
        with self._control:
            if self._stopped:
                return None
            self._part = part
            if self._capture is None:
                return None
            if not self._stream_failed:
                self._problem = None
            if part.record:
                return self._open_segment(part)
            return self._close_segment()

    def _spec(self, part: _Part, *, gap_since: datetime | None = None) -> SegmentSpec:
        return SegmentSpec(
            kind=part.kind,
            item_id=part.item_id,
            folder=self.folder,
            stem=part.stem,
            serial=self._segment.next_serial(),
            gap_since=gap_since,
            gap_reason=self._gap_reason if gap_since is not None else "",
        )

    def _open_segment(self, part: _Part) -> int | None:
        """Queue a new segment (the writer closes the previous one at the same frame).

        Not while a retried stream is still on probation: its segment opens
        when it is trusted (``_check_recovered``), for whatever part is current then.
        """
        assert self._capture is not None
        if self._probation:
            self._segment.closed()
            return None
        spec = self._spec(part)
        frame = self._capture.queue_at_now(lambda f: Open(f, utcnow(), spec))
        self._segment.opened(frame)
        return frame

    def _close_segment(self) -> int | None:
        capture = self._capture
        if capture is None or not self._segment.is_open:
            self._segment.closed()
            return None
        frame = capture.queue_at_now(lambda f: Close(f, utcnow()))
        self._segment.closed()
        return frame

    # -- what the chair sees ----------------------------------------------------------------

    def status(self) -> AudioStatus:
        """A snapshot for the screen: cheap, lock-free, callable from the UI thread."""
        capture = self._capture
        part = self._part
        frames = capture.frames if capture is not None else self._frames_base
        state, elapsed = self._state(capture, part, frames)
        return AudioStatus(
            state=state,
            label=part.label if part is not None else "",
            elapsed_s=elapsed,
            level=capture.level if capture is not None else 0.0,
            device_name=self._device.name if self._device is not None else None,
            message=self._problem,
            paused_reason=self._segment.paused_reason if state == "paused" else "",
            frames_captured=frames,
            overflows=capture.overflows if capture is not None else 0,
            dropped_s=self._writer.lost_frames / self.sample_rate if self._writer else 0.0,
        )

    def _state(
        self, capture: Capture | None, part: _Part | None, frames: int
    ) -> tuple[AudioState, float]:
        if self._unavailable:
            return "unavailable", 0.0
        if self._stream_failed:
            return "failed", self._frozen_elapsed
        if part is None or capture is None:
            return "idle", 0.0
        if not part.record:
            return "off", 0.0
        segment = self._segment
        elapsed = segment.elapsed(frames, self.sample_rate)
        writer = self._writer
        if writer is not None and segment.is_open and writer.failed_serial == segment.serial:
            return "failed", elapsed
        if segment.is_paused:
            return "paused", elapsed
        return "recording", elapsed

    @property
    def finished_segments(self) -> list[FinishedSegment]:
        """Segments closed so far, as their files were found (for checks and tests)."""
        return list(self._books.finished) if self._books is not None else []

    @property
    def dropped_frames(self) -> int:
        """Frames the full queue refused over the meeting (counted by every capture)."""
        return sum(
            c.dropped_frames for c in [*self.retired, *([self._capture] if self._capture else [])]
        )

    def _store_problem(self, message: str) -> None:
        self._problem = message
        self._report(message)

    def _report(self, message: str) -> None:
        self._problem = message
        if self.on_problem is not None:
            self.on_problem(message)
