"""The one capture stream: PortAudio's callback counts frames, measures level, queues blocks.

The callback runs on PortAudio's thread and must never wait on the
database, so it copies the block, numbers it and queues it. Before queueing
it lets the writer catch up on this thread (``CaptureQueue.catch_up``,
waiting at most one block's time), so a writer starved of CPU never holds
more than the newest block in memory. A full queue (a stalled disk) refuses
the block: it is counted here and marked as a gap by the writer. Every block
is also checked against the wall clock (:mod:`mace_tui.audio.pace`): a stream
running far too fast or too slow stops being accepted and is named. Stopping a stream can hang for good when the device's
clock dies (ALSA blocks in a read that never returns), so :meth:`close`
gives up after a timeout and abandons the stream rather than freeze its caller.
"""

from __future__ import annotations

import atexit
import math
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

from mace_tui.audio.devices import SAMPLE_FORMAT, InputDevice, portaudio
from mace_tui.audio.pace import PaceCheck, PaceLimits
from mace_tui.audio.problems import StreamOpenFailed
from mace_tui.audio.writer import Block, CaptureQueue, Item

# The meter's floor: quieter than this shows as an empty bar.
METER_FLOOR_DB = -60.0

# Every stream of this process not yet really closed: an abandoned one can
# still be waiting in a read on its device.
_UNCLOSED: weakref.WeakSet[Capture] = weakref.WeakSet()


def unclosed() -> list[Capture]:
    """This process's capture streams still open, or stopping but not yet closed."""
    return [c for c in list(_UNCLOSED) if not c.closed.is_set()]


def meter_level(block: np.ndarray) -> float:
    """A block's peak on a 0..1 scale that follows loudness (-60 dBFS → 0, full scale → 1)."""
    if block.size == 0:
        return 0.0
    peak = max(int(block.max()), -int(block.min())) / 32768.0
    if peak <= 0.0:
        return 0.0
    db = 20.0 * math.log10(peak)
    return min(1.0, max(0.0, (db - METER_FLOOR_DB) / -METER_FLOOR_DB))


class Capture:
    """An open input stream feeding numbered blocks into the writer's queue."""

    def __init__(
        self,
        *,
        device: InputDevice,
        sample_rate: int,
        channels: int,
        block_frames: int,
        items: CaptureQueue,
        first_frame: int = 0,
        pace: PaceLimits | None = None,
        hold: bool = False,
    ) -> None:
        self.device = device
        self.sample_rate = sample_rate
        self.items = items
        self.first_frame = first_frame
        # How long a block may wait for a write in progress: one block's time.
        self._catch_up_s = block_frames / sample_rate
        self._pace = PaceCheck(sample_rate, pace) if pace is not None else None
        self._lock = threading.Lock()
        self._frames = first_frame
        self._accepting = True
        # A stream opened by a retry holds its blocks back (counting them) until
        # the meeting sees it deliver sound at a sane pace: see release().
        self._holding = hold
        self.first_block_at: float | None = None
        self._stopping = False
        # Read without a lock by status() and the watchdog: single assignments.
        self.level = 0.0
        self.overflows = 0
        # Blocks the full queue refused, and their frames (the writer marks the gap).
        self.dropped_blocks = 0
        self.dropped_frames = 0
        # Set (to delivered ÷ real time) when the stream's pace was out of bounds.
        self.pace_fault: float | None = None
        self.last_block_at = time.monotonic()
        self.abandoned = False
        # Set when PortAudio ends the stream by itself (e.g. the device was unplugged).
        self.ended = False
        # Set once the stream is really stopped and closed (late, for an abandoned one).
        self.closed = threading.Event()
        sd = portaudio()
        self._stream: Any = None
        try:
            self._stream = sd.InputStream(
                device=device.index,
                samplerate=sample_rate,
                channels=channels,
                dtype=SAMPLE_FORMAT,
                blocksize=block_frames,
                callback=self._on_block,
                finished_callback=self._on_finished,
            )
            self._stream.start()
            _UNCLOSED.add(self)
        except sd.PortAudioError as exc:
            if self._stream is not None:
                self._stream.close(ignore_errors=True)
            raise StreamOpenFailed(device.name, str(exc).split(" [PaErrorCode")[0]) from None

    @property
    def frames(self) -> int:
        """Frames captured since the meeting's capture began."""
        return self._frames

    def _on_block(self, indata: np.ndarray, frames: int, _time: Any, status: Any) -> None:
        if status.input_overflow:
            self.overflows += 1
        if not self._accepting:
            return
        now = time.monotonic()
        if self._pace is not None:
            pace = self._pace.observe(now, frames)
            if pace is not None:
                # Not sound from the room: take no more, and let the watchdog name it.
                with self._lock:
                    self._accepting = False
                self.pace_fault = pace
                return
        if self.first_block_at is None:
            self.first_block_at = now
        if self._holding:
            with self._lock:
                self._frames += frames
            self.last_block_at = now
            self.level = meter_level(indata)
            return
        # PortAudio reuses its buffer after we return.
        block = indata.copy()
        # Anything the writer has not yet written is written now, on this thread.
        self.items.catch_up(self._catch_up_s)
        with self._lock:
            start = self._frames
            self._frames += frames
            if not self.items.offer(Block(start, block)):
                self.dropped_blocks += 1
                self.dropped_frames += frames
        self.last_block_at = now
        self.level = meter_level(block)

    def _on_finished(self) -> None:
        # PortAudio's thread: only note it; the meeting's watchdog acts on it.
        if not self._stopping:
            self.ended = True

    def queue_at_now(self, build: Callable[[int], Item]) -> int:
        """Queue ``build(frame)`` at the current frame, in order with the blocks; return the frame."""
        with self._lock:
            frame = self._frames
            self.items.put(build(frame))
        return frame

    @property
    def holding(self) -> bool:
        """True while a retried stream's blocks are counted but not kept."""
        return self._holding

    def release(self, build: Callable[[int], Item] | None) -> int:
        """Keep blocks from now on, queueing ``build(frame)`` first; return that frame."""
        with self._lock:
            self._holding = False
            if build is not None:
                self.items.put(build(self._frames))
            return self._frames

    def finish(self, build: Callable[[int], Item] | None = None) -> int:
        """Take no more blocks; queue ``build(frame)`` after the last one; return that frame."""
        with self._lock:
            self._accepting = False
            self.level = 0.0
            if build is not None:
                self.items.put(build(self._frames))
            return self._frames

    def close(self, timeout: float) -> bool:
        """Stop and close the stream; False when it did not stop within ``timeout`` s."""
        self.finish()
        if self._stopping:
            return self.closed.wait(timeout)
        self._stopping = True

        def stop() -> None:
            try:
                self._stream.stop()
                self._stream.close()
            except Exception:
                pass
            self.closed.set()

        threading.Thread(target=stop, name="mace-audio-stop", daemon=True).start()
        if self.closed.wait(timeout):
            return True
        self.abandoned = True
        forget_portaudio_at_exit()
        return False


def forget_portaudio_at_exit() -> None:
    """Stop sounddevice shutting PortAudio down at exit, which would hang on a stuck stream.

    Its exit handler closes every open stream and waits for each, forever for
    one whose device stopped. Skipping it only skips tidying the process is
    about to lose anyway.
    """
    sd = portaudio()
    handler = getattr(sd, "_exit_handler", None)
    if handler is not None:
        atexit.unregister(handler)
