"""One segment file: 16-bit WAV whose header is rewritten after every write.

A plain WAV header states the data length only when the file is closed, so a
killed process leaves a header claiming no audio. libsndfile can rewrite the
header after each write (``SFC_SET_UPDATE_HEADER_AUTO``); with it, a kill
loses at most the block being written. soundfile has no public call for it,
so the one private access lives in :func:`keep_header_current`, which its
test exercises: an upgrade that moves it fails loudly, not silently.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import soundfile as sf

SFC_SET_UPDATE_HEADER_AUTO = 0x1061
# Below this much free space a failed write is taken to be a full disk.
_FULL_DISK_BYTES = 1 << 20


class SegmentSink(Protocol):
    """Where the writer puts a segment's audio; a WAV file, or a test's stand-in."""

    path: Path

    @property
    def frames(self) -> int:
        """Frames written so far."""
        ...

    def write(self, block: np.ndarray) -> None:
        """Append a block of int16 frames (shape frames × channels)."""
        ...

    def close(self) -> None:
        """Finish the file; safe to call twice."""
        ...


def keep_header_current(handle: sf.SoundFile) -> None:
    """Make libsndfile rewrite ``handle``'s header after every write (crash safety)."""
    try:
        lib: Any = sf._snd
        ffi: Any = sf._ffi
        raw: Any = handle._file
    except AttributeError:
        raise RuntimeError(
            "soundfile no longer exposes its libsndfile handle, so crash-safe WAV headers "
            "cannot be enabled; install the soundfile version mace-tui was tested with."
        ) from None
    if lib.sf_command(raw, SFC_SET_UPDATE_HEADER_AUTO, ffi.NULL, 1) != 1:
        raise RuntimeError("libsndfile refused to keep the WAV header current.")


def create_private(path: Path) -> None:
    """Create ``path`` empty, readable only by this user (R18); never overwrite a file."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


class SegmentWav:
    """A WAV segment being written; its header is valid after every block.

    ``path`` is normally claimed first (created empty and private by
    :func:`mace_tui.audio.naming.claim_path`); libsndfile then truncates it.
    """

    def __init__(self, path: Path, *, sample_rate: int, channels: int) -> None:
        self.path = path
        if not path.exists():
            create_private(path)
        try:
            self._file = sf.SoundFile(
                path, "w", samplerate=sample_rate, channels=channels, format="WAV", subtype="PCM_16"
            )
            keep_header_current(self._file)
        except sf.LibsndfileError as exc:
            raise _as_os_error(exc, path) from None
        self._frames = 0

    @property
    def frames(self) -> int:
        """Frames written so far."""
        return self._frames

    def write(self, block: np.ndarray) -> None:
        """Append ``block``; a failure comes out as OSError (ENOSPC for a full disk)."""
        try:
            self._file.write(block)
        except sf.LibsndfileError as exc:
            raise _as_os_error(exc, self.path) from None
        self._frames += len(block)

    def close(self) -> None:
        """Close the file; errors here (e.g. a full disk) are left to recovery to repair."""
        if self._file.closed:
            return
        with contextlib.suppress(sf.LibsndfileError, OSError):
            self._file.close()


def _as_os_error(exc: sf.LibsndfileError, path: Path) -> OSError:
    """libsndfile reports no errno; a nearly full disk is the likely cause of a failed write."""
    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        free = None
    code = errno.ENOSPC if free is not None and free < _FULL_DISK_BYTES else errno.EIO
    return OSError(code, exc.error_string or os.strerror(code), str(path))
