"""Sealed recordings: audio encrypted at rest, block by block, so a crash still loses at most one.

What the recorder (and split) writes: see the README, "Recordings at rest".
:mod:`mace_tui.audio.recfile` reads both this and the plain WAV of earlier versions.

The layout (little-endian)::

    header  "MACESEA1" | store id (32 ASCII hex) | rate u32 | channels u16 | sample code u16 | nonce prefix (8)
    chunk*  length u32 | AES-256-GCM(key, nonce = prefix ‖ chunk number u32 BE,
                                     data = the block's PCM, associated = header ‖ chunk number)

Each captured block is sealed and written on its own, in one write, so a
kill leaves every earlier chunk whole and at most the last one torn; repair
cuts a torn tail by the length fields alone, without the key. The chunk
number is in both nonce and associated data, and the header (with the
store id) in every chunk's associated data: chunks cannot be reordered,
moved between files, or claimed by another store. The key is the store's
``recordings`` key from :mod:`mace_tui.keystore`, kept in the config
folder, never beside the data: a copied data folder alone plays nothing.

What a recording's SHA-256 covers: the sealed file's bytes as stored. It is
checked without the key, and the GCM tag of every chunk proves the audio
itself on reading.

``cryptography`` is imported only when a file is sealed or opened, never on
the chair's start-up path.
"""

from __future__ import annotations

import errno
import os
import secrets
import struct
from pathlib import Path
from typing import Any

import numpy as np

from mace_tui.audio.formats import SEALED_SUFFIX as SUFFIX
from store.errors import UserError
from store.frozen import record

MAGIC = b"MACESEA1"
_HEADER = struct.Struct("<8s32sIHH8s")
_LENGTH = struct.Struct("<I")
_TAG = 16
# No block is anywhere near this: a larger length field is damage, not audio.
_MAX_CHUNK = 1 << 24
# The sample code in the header: bits per sample, with 0x8000 set for floating point.
# 24-bit samples are kept in 32-bit integers (as libsndfile reads them), unchanged.
SAMPLE_CODES = {
    "PCM_16": (16, "<i2"),
    "PCM_24": (24, "<i4"),
    "PCM_32": (32, "<i4"),
    "FLOAT": (0x8000 | 32, "<f4"),
    "DOUBLE": (0x8000 | 64, "<f8"),
}
_BY_CODE = {code: (subtype, dtype) for subtype, (code, dtype) in SAMPLE_CODES.items()}


class SealedProblem(UserError):
    """A sealed recording cannot be read; the message says why and what to do."""


@record
class SealedHeader:
    """What a sealed file says about itself before any key is used."""

    store_id: str
    sample_rate: int
    channels: int
    raw: bytes
    subtype: str = "PCM_16"

    @property
    def dtype(self) -> str:
        """The samples' numpy type as stored."""
        return _BY_CODE[SAMPLE_CODES[self.subtype][0]][1]

    @property
    def frame_bytes(self) -> int:
        """Bytes per frame."""
        return np.dtype(self.dtype).itemsize * self.channels


def _aead(key: bytes) -> Any:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def _nonce(prefix: bytes, number: int) -> bytes:
    return prefix + number.to_bytes(4, "big")


class SealedWriter:
    """A segment being written sealed: the same calls as a WAV segment (SegmentSink)."""

    def __init__(
        self,
        path: Path,
        *,
        key: bytes,
        store_id: str,
        sample_rate: int,
        channels: int,
        subtype: str = "PCM_16",
    ) -> None:
        self.path = path
        self._aead = _aead(key)
        prefix = secrets.token_bytes(8)
        code, self._dtype = SAMPLE_CODES[subtype]
        self._header = _HEADER.pack(
            MAGIC, store_id.encode("ascii"), sample_rate, channels, code, prefix
        )
        self._prefix = prefix
        self._fd: int | None = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self._size = 0
        self._append(self._header)
        self._chunks = 0
        self._frames = 0

    @property
    def frames(self) -> int:
        """Frames written so far."""
        return self._frames

    def write(self, block: np.ndarray) -> None:
        """Seal ``block`` (frames × channels, int16 unless another subtype) and append it in one write."""
        assert self._fd is not None
        data = np.ascontiguousarray(block, dtype=self._dtype).tobytes()
        number = self._chunks.to_bytes(4, "big")
        sealed = self._aead.encrypt(_nonce(self._prefix, self._chunks), data, self._header + number)
        self._append(_LENGTH.pack(len(sealed)) + sealed)
        self._chunks += 1
        self._frames += len(block)

    def _append(self, data: bytes) -> None:
        """Write ``data`` whole, or cut the file back to where it was and raise (a full disk)."""
        assert self._fd is not None
        written = os.write(self._fd, data)
        if written != len(data):
            os.ftruncate(self._fd, self._size)
            os.lseek(self._fd, self._size, os.SEEK_SET)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.path))
        self._size += written

    def close(self) -> None:
        """Close the file; safe to call twice."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def read_header(path: Path) -> SealedHeader:
    """The header of a sealed file, or SealedProblem naming the file."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(_HEADER.size)
    except OSError as exc:
        raise SealedProblem(f"{path.name}: cannot read it ({exc.strerror}).") from None
    if len(raw) < _HEADER.size or raw[:8] != MAGIC:
        raise SealedProblem(f"{path.name} is not a sealed mace-tui recording.")
    _, store_id, rate, channels, code, _ = _HEADER.unpack(raw)
    if code not in _BY_CODE or channels < 1 or rate < 1:
        raise SealedProblem(f"{path.name}: its header is damaged.")
    return SealedHeader(store_id.decode("ascii", "replace"), rate, channels, raw, _BY_CODE[code][0])


@record
class SealedLayout:
    """Where a sealed file's whole chunks end, and how many frames they hold."""

    header: SealedHeader
    chunks: int
    frames: int
    whole_bytes: int
    file_size: int

    @property
    def torn(self) -> bool:
        """True when bytes after the last whole chunk were cut short by a crash."""
        return self.file_size != self.whole_bytes


def read_layout(path: Path) -> SealedLayout:
    """Walk the length fields (no key needed): whole chunks, their frames, any torn tail."""
    header = read_header(path)
    size = path.stat().st_size
    position, chunks, frames = _HEADER.size, 0, 0
    with path.open("rb") as handle:
        handle.seek(position)
        while True:
            field = handle.read(_LENGTH.size)
            if len(field) < _LENGTH.size:
                break
            (length,) = _LENGTH.unpack(field)
            if length < _TAG or length > _MAX_CHUNK or position + 4 + length > size:
                break
            handle.seek(length, os.SEEK_CUR)
            position += 4 + length
            chunks += 1
            frames += (length - _TAG) // header.frame_bytes
    return SealedLayout(header, chunks, frames, position, size)


def repair(path: Path) -> SealedLayout:
    """Cut a torn last chunk (a crash mid-write); idempotent, needs no key."""
    layout = read_layout(path)
    if layout.torn:
        with path.open("r+b") as handle:
            handle.truncate(layout.whole_bytes)
            handle.flush()
            os.fsync(handle.fileno())
        layout = read_layout(path)
    return layout


def is_sealed(path: Path) -> bool:
    """True when ``path`` starts like a sealed recording (False when unreadable)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def open_samples(path: Path, key: bytes | None) -> tuple[np.ndarray, int]:
    """Every whole chunk's frames (frames × channels, as stored) and the rate; checks each tag."""
    layout = read_layout(path)
    header = layout.header
    if key is None:
        raise SealedProblem(
            f"{path.name} is encrypted, and the key of the store that made it "
            f"(store {header.store_id[:8]}…) is not in this computer's config folder. Restore the "
            "config folder's keys/ from your backup; without the key it cannot be played."
        )
    aead = _aead(key)
    from cryptography.exceptions import InvalidTag

    parts = []
    with path.open("rb") as handle:
        handle.seek(_HEADER.size)
        for number in range(layout.chunks):
            (length,) = _LENGTH.unpack(handle.read(_LENGTH.size))
            sealed = handle.read(length)
            try:
                data = aead.decrypt(
                    _nonce(header.raw[-8:], number), sealed, header.raw + number.to_bytes(4, "big")
                )
            except InvalidTag:
                if number == 0:
                    raise SealedProblem(
                        f"{path.name} cannot be opened with this store's key (store "
                        f"{header.store_id[:8]}…): the key file was replaced or the file "
                        "came from another copy of the store. Restore the store's keys/ folder "
                        "from your backup."
                    ) from None
                raise SealedProblem(
                    f"{path.name}: block {number + 1} of {layout.chunks} has been changed or "
                    "damaged since it was recorded; verify it (v) and report it."
                ) from None
            parts.append(np.frombuffer(data, dtype=header.dtype))
    flat = np.concatenate(parts) if parts else np.zeros(0, dtype=header.dtype)
    return flat.reshape(-1, header.channels), header.sample_rate


__all__ = [
    "SAMPLE_CODES",
    "SUFFIX",
    "SealedHeader",
    "SealedLayout",
    "SealedProblem",
    "SealedWriter",
    "is_sealed",
    "open_samples",
    "read_header",
    "read_layout",
    "repair",
]
