"""A virtual microphone on the real stack: sounddevice → PortAudio → ALSA, no sound card.

ALSA's ``file`` plugin reads what a capture "hears" from a file of raw
16-bit samples (see shared/AUDIO-TESTING.md). Two devices are defined:

* ``fifomic`` reads from a named pipe the test writes to. Capture gets
  exactly what was fed, and stalls when the test stops feeding, so a test
  decides which frames land before and after each switch, and a "microphone
  whose sound stops" is simply a test that stops feeding. Writes are whole
  1024-frame blocks (2048 bytes, atomic on a pipe) and the recorder reads
  1024-frame blocks, so every read gets exactly one write.
* ``filemic`` reads a plain file (ALSA's null clock: thousands of times
  faster than real time); used for listing and choosing devices.

The ALSA configuration is set once per test session, before PortAudio
starts, and the pipe is held open for reading and writing all session so
that opening the device never blocks.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

RATE = 16_000
BLOCK = 1024
ALSA_BASE = Path("/usr/share/alsa/alsa.conf")

CONF = """
pcm.pipe_source {{
    type file
    slave.pcm "null"
    file "{dir}/fifo_played.raw"
    infile "{dir}/fifo_in.raw"
    format "raw"
}}
pcm.fifomic {{
    type plug
    slave {{ pcm "pipe_source" format S16_LE rate {rate} channels 1 }}
    hint.description "Test microphone fed through a pipe"
}}
pcm.plain_source {{
    type file
    slave.pcm "null"
    file "{dir}/file_played.raw"
    infile "{dir}/file_in.raw"
    format "raw"
}}
pcm.filemic {{
    type plug
    slave {{ pcm "plain_source" format S16_LE rate {rate} channels 1 }}
    hint.description "Test microphone reading a file"
}}
"""


def require_portaudio() -> None:
    """Skip, with the reason, when the PortAudio library is not installed."""
    try:
        import sounddevice  # noqa: F401
    except OSError:
        pytest.skip(
            "PortAudio is not installed (Debian package libportaudio2); .ci/run installs it"
        )


def tone(freq: float, blocks: int, *, amplitude: int = 12_000, phase: float = 0.0) -> np.ndarray:
    """``blocks`` × 1024 frames of a sine at ``freq`` Hz, as int16."""
    t = np.arange(blocks * BLOCK) / RATE
    return (amplitude * np.sin(2 * np.pi * freq * t + phase)).astype(np.int16)


def ramp(frames: int, *, start: int = 0) -> np.ndarray:
    """A counting signal: frame ``i`` holds ``(start + i)`` wrapped to int16, unique within 4 s."""
    return ((np.arange(start, start + frames) % 65536) - 32768).astype(np.int16)


class FifoMic:
    """The test's end of ``fifomic``: feed it frames, or stop feeding to silence the device."""

    name = "fifomic"

    def __init__(self, path: Path) -> None:
        self.path = path
        # Held open read+write all session: opening the device then never blocks,
        # and the pipe never reports end-of-file.
        self._keepalive = os.open(path, os.O_RDWR | os.O_NONBLOCK)
        self._writer = os.open(path, os.O_WRONLY)
        self._pending: queue.SimpleQueue[tuple[np.ndarray, float | None] | None] = (
            queue.SimpleQueue()
        )
        self.fed = 0
        self._queued = 0
        self._thread = threading.Thread(target=self._feed_loop, name="fifomic-feeder", daemon=True)
        self._thread.start()

    def feed(self, samples: np.ndarray, *, speed: float | None = None) -> None:
        """Queue ``samples`` (whole blocks) for the device; ``speed`` × real time, None = at once."""
        assert samples.dtype == np.int16 and len(samples) % BLOCK == 0
        self._queued += len(samples)
        self._pending.put((samples, speed))

    def _feed_loop(self) -> None:
        while (job := self._pending.get()) is not None:
            samples, speed = job
            started = time.monotonic()
            for offset in range(0, len(samples), BLOCK):
                if speed is not None:
                    due = started + offset / RATE / speed
                    if (delay := due - time.monotonic()) > 0:
                        time.sleep(delay)
                os.write(self._writer, samples[offset : offset + BLOCK].tobytes())
                self.fed += BLOCK

    @contextlib.contextmanager
    def flowing(self) -> Iterator[None]:
        """Keep silence arriving at real time (one block every 64 ms) while the block runs.

        A stream waiting for sound cannot stop until its read returns, so a
        test that stops recording on a live microphone stops inside this.
        """
        self.wait_fed()
        done = threading.Event()

        def trickle() -> None:
            # On a schedule, as a sound card's clock: a late block is caught up, so a
            # busy machine does not make this "microphone" run slow (the pace check
            # would rightly stop it). Half a second late is a pause: start afresh.
            silence = bytes(BLOCK * 2)
            # The first block a block's time from now, as a device would: what the
            # test does on entering (e.g. stop) comes before any of this silence.
            started, sent = time.monotonic() + BLOCK / RATE, 0
            while not done.is_set():
                delay = started + sent * BLOCK / RATE - time.monotonic()
                if delay > 0:
                    done.wait(delay)
                    continue
                if delay < -0.5:
                    started, sent = time.monotonic(), 0
                os.write(self._writer, silence)
                sent += 1

        thread = threading.Thread(target=trickle, name="fifomic-trickle", daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join(5)

    @property
    def queued(self) -> int:
        """Frames handed to :meth:`feed` so far."""
        return self._queued

    def wait_fed(self, timeout: float = 20.0) -> None:
        """Wait until everything queued is in the pipe."""
        wait_for(lambda: self.fed >= self._queued, timeout, what="the feeder")

    def unread(self) -> int:
        """Bytes fed into the pipe that no stream has read yet."""
        import fcntl
        import struct
        import termios

        raw = fcntl.ioctl(self._keepalive, termios.FIONREAD, b"\0\0\0\0")
        return int(struct.unpack("i", raw)[0])

    def wait_read(self, timeout: float = 20.0) -> None:
        """Wait until everything queued is in the pipe and a stream has read it all."""
        self.wait_fed(timeout)
        wait_for(lambda: self.unread() == 0, timeout, what="the stream to read the pipe")

    def settle(self, timeout: float = 20.0) -> None:
        """Let the feeder finish, throwing away what no stream reads, then empty the pipe."""
        deadline = time.monotonic() + timeout
        while self.fed < self._queued and time.monotonic() < deadline:
            self.drain()
            time.sleep(0.005)
        self.drain()

    def drain(self) -> None:
        """Throw away anything left in the pipe (between tests, with no stream reading)."""
        with contextlib.suppress(BlockingIOError):
            while os.read(self._keepalive, 65536):
                pass

    def close(self) -> None:
        """End the feeder and close the pipe."""
        self._pending.put(None)
        self._thread.join(5)
        os.close(self._writer)
        os.close(self._keepalive)


def wait_for(condition: Callable[[], bool], timeout: float = 20.0, *, what: str = "it") -> None:
    """Poll ``condition`` until true; fail the test after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.002)


class VirtualAudio:
    """The session's ALSA configuration and its devices."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.conf = root / "asound.conf"
        self.conf.write_text(CONF.format(dir=root, rate=RATE))
        np.zeros(RATE * 5, dtype=np.int16).tofile(root / "file_in.raw")
        os.mkfifo(root / "fifo_in.raw")
        self.fifomic = FifoMic(root / "fifo_in.raw")
        self.alsa_config_path = f"{ALSA_BASE}:{self.conf}"

    def env(self) -> dict[str, str]:
        """Environment for a subprocess that should see the same devices."""
        return {"ALSA_CONFIG_PATH": self.alsa_config_path, "JACK_NO_START_SERVER": "1"}


@pytest.fixture(scope="session")
def virtual_audio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtualAudio]:
    """The virtual devices, with PortAudio (re)started to see them."""
    if not ALSA_BASE.is_file():
        pytest.skip(f"ALSA's base configuration {ALSA_BASE} is missing")
    require_portaudio()
    setup = VirtualAudio(tmp_path_factory.mktemp("alsa"))
    previous = {k: os.environ.get(k) for k in setup.env()}
    os.environ.update(setup.env())
    import sounddevice as sd

    # PortAudio reads the ALSA configuration when it starts: restart it now.
    sd._terminate()
    sd._initialize()
    yield setup
    setup.fifomic.close()
    for key, value in previous.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture
def fifomic(virtual_audio: VirtualAudio) -> Iterator[FifoMic]:
    """The pipe-fed microphone, empty at the start of the test."""
    mic = virtual_audio.fifomic
    close_leftover_streams(mic)
    mic.settle()
    yield mic
    close_leftover_streams(mic)
    mic.settle()


def close_leftover_streams(mic: FifoMic) -> None:
    """Close any capture stream of this process an earlier test left open or abandoned.

    A recorder stopped while nothing arrives gives up on its stream, which stays
    in a read on the pipe: it would take the first blocks the next test feeds,
    and that test would wait for sound that never reaches its own stream.
    """
    from mace_tui.audio.capture import unclosed

    left = unclosed()
    if not left:
        return
    with mic.flowing():
        for capture in left:
            capture.close(timeout=5)
    still = unclosed()
    assert not still, f"{len(still)} capture stream(s) would not close on the virtual microphone"
