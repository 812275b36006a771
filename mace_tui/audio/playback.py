"""Playing a recording back: one output stream, play/pause, seek, position and level.

A sealed recording (what the recorder writes) is decrypted into memory when
it is opened, every block's tag checked, so a changed block is refused before
a sound is made and no plain copy ever touches the disk. A plain WAV from an
earlier version is mapped from disk rather than read into memory; PortAudio's callback only copies the
next block and moves the position on. Pausing stops the stream (a stream left
running on silence would still be writing somewhere); starting and stopping
are done by the caller's worker thread, never the UI's, and stopping gives up
after a timeout rather than hang on a device that stopped answering.

Every method is safe from any thread; :meth:`Player.snapshot` is cheap enough
for a screen's timer.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Literal

import numpy as np

from mace_tui.audio.capture import meter_level
from mace_tui.audio.devices import portaudio
from mace_tui.audio.integrity import read_layout
from mace_tui.audio.problems import AudioProblem
from store.frozen import record

PlayState = Literal["stopped", "playing", "paused", "ended"]
SEEK_STEP_S = 10.0
_BLOCK = 1024


class PlaybackProblem(AudioProblem):
    """A recording cannot be played; the message says why and what to do."""


def _reason(exc: BaseException) -> str:
    return str(exc).split(" [PaErrorCode", 1)[0].strip() or type(exc).__name__


@record
class PlaybackStatus:
    """What the screen shows about playback."""

    state: PlayState
    position_s: float
    duration_s: float
    level: float
    frames_played: int


def map_samples(path: Path) -> tuple[np.ndarray, int]:
    """A 16-bit PCM WAV file's frames (frames × channels, read from disk as needed) and its rate."""
    layout = read_layout(path)
    if layout is None:
        raise PlaybackProblem(
            f"{path.name} is not a WAV file that can be played; verify it (v) to see what is wrong."
        )
    if layout.block_align != 2 * layout.channels:
        raise PlaybackProblem(f"{path.name} is not 16-bit audio, which is all playback supports.")
    frames = layout.present_frames
    if frames == 0:
        return np.zeros((0, layout.channels), dtype=np.int16), layout.sample_rate
    samples = np.memmap(
        path, dtype="<i2", mode="r", offset=layout.data_offset, shape=(frames, layout.channels)
    )
    return samples, layout.sample_rate


class Player:
    """Plays one recording file through one output device (None: the system default).

    ``config_dir`` and ``store_id`` find the key of a sealed recording; a
    plain WAV needs neither. ``format`` says which the file was.
    """

    def __init__(
        self,
        path: Path,
        *,
        device: str | int | None = None,
        config_dir: Path | None = None,
        store_id: str | None = None,
    ) -> None:
        from mace_tui.audio.recfile import file_format, read_samples

        self.path = path
        self.device = device
        if not path.is_file():
            raise PlaybackProblem(f"{path.name} is not on disk, so it cannot be played.")
        self.format = file_format(path)
        if self.format == "sealed":
            if config_dir is None or store_id is None:
                raise PlaybackProblem(
                    f"{path.name} is encrypted; open it from its store so its key can be found."
                )
            samples, self.sample_rate, _ = read_samples(
                path, config_dir=config_dir, store_id=store_id
            )
            if samples.dtype != np.dtype("<i2"):
                raise PlaybackProblem(
                    f"{path.name} is not 16-bit audio, which is all playback supports."
                )
            self._samples = samples
        else:
            self._samples, self.sample_rate = map_samples(path)
        self.frames = len(self._samples)
        self.channels = self._samples.shape[1]
        self._lock = threading.Lock()
        self._position = 0
        self._state: PlayState = "stopped"
        self._stream: Any = None
        self._stopping = False
        # Read by snapshot() without the lock: single assignments.
        self.level = 0.0
        self.frames_played = 0
        self.ended = threading.Event()

    # -- what the screen reads ---------------------------------------------------------

    @property
    def duration_s(self) -> float:
        """The recording's length in seconds."""
        return self.frames / self.sample_rate if self.sample_rate else 0.0

    @property
    def position(self) -> int:
        """The next frame to be played."""
        return self._position

    def snapshot(self) -> PlaybackStatus:
        """State, position, length and level, for a display."""
        return PlaybackStatus(
            state=self._state,
            position_s=self._position / self.sample_rate if self.sample_rate else 0.0,
            duration_s=self.duration_s,
            level=self.level if self._state == "playing" else 0.0,
            frames_played=self.frames_played,
        )

    # -- the stream ----------------------------------------------------------------------

    def _on_block(self, outdata: np.ndarray, frames: int, _time: Any, _status: Any) -> None:
        with self._lock:
            start = self._position
            count = max(0, min(frames, self.frames - start))
            if count:
                block = self._samples[start : start + count]
                outdata[:count] = block
                self.level = meter_level(np.asarray(block))
            outdata[count:] = 0
            self._position = start + count
            self.frames_played += count
            at_end = self._position >= self.frames
        if at_end:
            raise portaudio().CallbackStop

    def _on_finished(self) -> None:
        # PortAudio's thread: the stream ended by itself (the end of the file) or was stopped.
        self.level = 0.0
        if not self._stopping:
            with self._lock:
                if self._position >= self.frames:
                    self._state = "ended"
            self.ended.set()

    def play(self) -> PlaybackStatus:
        """Start, or resume, from the current position (from the start once it has ended)."""
        with self._lock:
            if self._state == "playing":
                return self.snapshot()
            if self._position >= self.frames:
                self._position = 0
        self._close_stream(timeout=2.0)
        sd = portaudio()
        self.ended.clear()
        try:
            stream = sd.OutputStream(
                device=self.device,
                samplerate=self.sample_rate,
                channels=self.channels,
                dtype="int16",
                blocksize=_BLOCK,
                callback=self._on_block,
                finished_callback=self._on_finished,
            )
        except (sd.PortAudioError, ValueError) as exc:
            raise PlaybackProblem(
                f"The recording cannot be played on this computer's audio output ({_reason(exc)}). "
                "Check the speakers or headset, then try again."
            ) from None
        with self._lock:
            self._stream = stream
            self._stopping = False
            self._state = "playing"
        try:
            stream.start()
        except sd.PortAudioError as exc:
            with self._lock:
                self._state = "stopped"
            self._close_stream(timeout=1.0)
            raise PlaybackProblem(
                f"The audio output would not start ({_reason(exc)}). Check that no other "
                "program holds it, then try again."
            ) from None
        return self.snapshot()

    def pause(self, timeout: float = 2.0) -> PlaybackStatus:
        """Stop sound at the current position; :meth:`play` carries on from there."""
        with self._lock:
            if self._state == "playing":
                self._state = "paused"
        self._close_stream(timeout)
        return self.snapshot()

    def toggle(self) -> PlaybackStatus:
        """Pause when playing, otherwise play."""
        return self.pause() if self._state == "playing" else self.play()

    def seek(self, seconds: float) -> PlaybackStatus:
        """Move by ``seconds`` (negative: back), kept within the recording; playing carries on."""
        with self._lock:
            target = self._position + round(seconds * self.sample_rate)
            self._position = max(0, min(self.frames, target))
            if self._state == "ended" and self._position < self.frames:
                self._state = "paused"
        return self.snapshot()

    def close(self, timeout: float = 2.0) -> bool:
        """Stop for good; False when the device did not let go within ``timeout``."""
        with self._lock:
            self._state = "stopped" if self._state != "ended" else "ended"
        # The mapping is left to the garbage collector: a stream that did not stop in
        # time may still be reading it.
        return self._close_stream(timeout)

    def _close_stream(self, timeout: float) -> bool:
        with self._lock:
            stream, self._stream = self._stream, None
            self._stopping = True
        if stream is None:
            return True
        done = threading.Event()

        def stop() -> None:
            try:
                stream.stop()
                stream.close()
            except Exception:
                pass
            done.set()

        threading.Thread(target=stop, name="mace-playback-stop", daemon=True).start()
        return done.wait(timeout)
