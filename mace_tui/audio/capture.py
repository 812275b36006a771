"""The one capture stream: PortAudio's callback counts frames, measures level, queues blocks.

The callback runs on PortAudio's thread and must never wait on disk or the
database, so it only copies the block, numbers it and queues it; the writer
thread does the rest. Stopping a stream can hang for good when the device's
clock dies (ALSA blocks in a read that never returns), so :meth:`close`
gives up after a timeout and abandons the stream rather than freeze its caller.
"""

from __future__ import annotations

import atexit
import math
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from mace_tui.audio.devices import SAMPLE_FORMAT, InputDevice, portaudio
from mace_tui.audio.problems import StreamOpenFailed
from mace_tui.audio.writer import Block, Item

# The meter's floor: quieter than this shows as an empty bar.
METER_FLOOR_DB = -60.0


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
        items: queue.SimpleQueue[Item],
        first_frame: int = 0,
    ) -> None:
        self.device = device
        self.sample_rate = sample_rate
        self.items = items
        self._lock = threading.Lock()
        self._frames = first_frame
        self._accepting = True
        self._stopping = False
        # Read without a lock by status() and the watchdog: single assignments.
        self.level = 0.0
        self.overflows = 0
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
        # PortAudio reuses its buffer after we return.
        block = indata.copy()
        with self._lock:
            start = self._frames
            self._frames += frames
            self.items.put(Block(start, block))
        self.last_block_at = time.monotonic()
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
