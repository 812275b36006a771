"""What a recording file holds, checked from its bytes: layout, frame count, SHA-256.

:func:`check_file` takes either format (sealed, or plain WAV from earlier
versions) through :mod:`mace_tui.audio.recfile`; neither check needs the key.
The WAV layout is read directly rather than through libsndfile because the
files this matters most for are the broken ones: a header left stale by a
crash, or a last frame cut in half.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from store.frozen import record

_CHUNK = 1 << 20


@record
class WavLayout:
    """Where a WAV file's audio is, what its header claims, and what is really there."""

    sample_rate: int
    channels: int
    block_align: int
    riff_size: int
    data_offset: int
    declared_bytes: int
    file_size: int

    @property
    def present_frames(self) -> int:
        """Whole frames actually in the file after the header."""
        return max(0, self.file_size - self.data_offset) // self.block_align

    @property
    def consistent(self) -> bool:
        """True when the header, the data and the file length all agree."""
        data = self.present_frames * self.block_align
        return (
            self.declared_bytes == data
            and self.file_size == self.data_offset + data
            and self.riff_size == self.file_size - 8
        )


def read_layout(path: Path) -> WavLayout | None:
    """The layout of a PCM WAV file, or None when it has no usable header."""
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                return None
            file_size = os.fstat(handle.fileno()).st_size
            position = 12
            fmt: bytes | None = None
            while True:
                handle.seek(position)
                chunk = handle.read(8)
                if len(chunk) < 8:
                    return None
                size = int.from_bytes(chunk[4:], "little")
                if chunk[:4] == b"fmt ":
                    fmt = handle.read(min(size, 40))
                elif chunk[:4] == b"data":
                    break
                position += 8 + size + (size & 1)
    except OSError:
        return None
    if fmt is None or len(fmt) < 16:
        return None
    channels = int.from_bytes(fmt[2:4], "little")
    block_align = int.from_bytes(fmt[12:14], "little")
    if channels < 1 or block_align < 1:
        return None
    return WavLayout(
        sample_rate=int.from_bytes(fmt[4:8], "little"),
        channels=channels,
        block_align=block_align,
        riff_size=int.from_bytes(head[4:8], "little"),
        data_offset=position + 8,
        declared_bytes=size,
        file_size=file_size,
    )


def sha256_file(path: Path) -> str:
    """The file's SHA-256 as 64 hex digits."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@record
class FileCheck:
    """A recording file checked against what the store says about it."""

    exists: bool
    frames: int | None
    sha256: str | None
    frames_match: bool
    sha256_match: bool

    @property
    def ok(self) -> bool:
        """True when the file is there and both its frame count and hash match."""
        return self.exists and self.frames_match and self.sha256_match


def check_file(path: Path, *, frames: int | None, sha256: str) -> FileCheck:
    """Compare a file with its stored frame count and SHA-256."""
    if not path.is_file():
        return FileCheck(False, None, None, False, False)
    from mace_tui.audio.recfile import layout as file_layout

    layout = file_layout(path)
    present = layout.frames if layout is not None else None
    digest = sha256_file(path)
    return FileCheck(
        exists=True,
        frames=present,
        sha256=digest,
        frames_match=present is not None and present == frames,
        sha256_match=bool(sha256) and digest == sha256,
    )
