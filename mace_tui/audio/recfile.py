"""A recording file, whichever format it is in: sealed (encrypted), or plain WAV from before.

The recorder and split write sealed files (:mod:`mace_tui.audio.sealed`);
recordings made by earlier versions are plain WAV and still play. Every
reader (start-up recovery, the bookkeeper, verification, playback, export)
comes through here, which tells the two apart by the file's first bytes,
never by its name.

The key is the store's ``recordings`` key (:mod:`mace_tui.keystore`): made,
0600, the first time a sealed file is written; only looked for when one is
read. A sealed file from another store, or one the key does not open, gives
one plain sentence (:class:`RecordingUnreadable`), never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from mace_tui.audio import sealed
from mace_tui.audio.formats import Format, format_by_name, format_words
from mace_tui.audio.integrity import read_layout as read_wav_layout
from mace_tui.audio.problems import AudioProblem
from mace_tui.keystore import KeyFileError, find_key, get_or_create_key
from store.frozen import record

PURPOSE = "recordings"


class RecordingUnreadable(AudioProblem):
    """A recording cannot be read (no key, another store's, damaged); the message says what to do."""


def file_format(path: Path) -> Format | None:
    """``sealed`` or ``wav`` from the file's first bytes; None for anything else."""
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
    except OSError:
        return None
    if head[: len(sealed.MAGIC)] == sealed.MAGIC:
        return "sealed"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    return None


@record
class Layout:
    """What a recording file holds, read without its key."""

    format: Format
    sample_rate: int
    channels: int
    frames: int


def layout(path: Path) -> Layout | None:
    """The file's format, rate, channels and whole frames; None when it is neither format."""
    fmt = file_format(path)
    if fmt == "sealed":
        try:
            found = sealed.read_layout(path)
        except sealed.SealedProblem:
            return None
        head = found.header
        return Layout("sealed", head.sample_rate, head.channels, found.frames)
    if fmt == "wav":
        wav = read_wav_layout(path)
        if wav is None:
            return None
        return Layout("wav", wav.sample_rate, wav.channels, wav.present_frames)
    return None


@record
class Repair:
    """What repairing one file after a crash found."""

    frames: int
    changed: bool
    sample_rate: int
    channels: int


def repair(path: Path) -> Repair | None:
    """Cut what a crash left half-written (idempotent, no key needed); None: not a recording."""
    fmt = file_format(path)
    if fmt == "sealed":
        try:
            before = sealed.read_layout(path)
            after = sealed.repair(path)
        except (sealed.SealedProblem, OSError):
            return None
        head = after.header
        return Repair(after.frames, before.torn, head.sample_rate, head.channels)
    if fmt == "wav":
        from mace_tui.audio.recovery import repair_wav

        fixed = repair_wav(path)
        wav = read_wav_layout(path)
        if fixed is None or wav is None:
            return None
        return Repair(fixed.frames, fixed.changed, wav.sample_rate, wav.channels)
    return None


def writing_key(config_dir: Path, store_id: str, *, keyring: bool = False) -> bytes:
    """The store's recordings key, made the first time (0600 in the config folder, or the
    OS keyring when ``keyring`` and one can be used)."""
    try:
        return get_or_create_key(config_dir, store_id, PURPOSE, keyring=keyring)
    except (KeyFileError, OSError) as exc:
        raise RecordingUnreadable(
            f"The recordings key cannot be made or read ({_reason(exc)}); recordings cannot be "
            "encrypted without it. Check the config folder's keys/ folder."
        ) from None


def reading_key(config_dir: Path, store_id: str) -> bytes | None:
    """The store's recordings key if there is one (never made here)."""
    try:
        return find_key(config_dir, store_id, PURPOSE)
    except KeyFileError as exc:
        raise RecordingUnreadable(str(exc)) from None


def read_samples(path: Path, *, config_dir: Path, store_id: str) -> tuple[np.ndarray, int, Format]:
    """All the file's frames (frames × channels, as stored), its rate and its format.

    A sealed file must be this store's and open with its key; each block's
    tag is checked. Anything else is one plain sentence.
    """
    fmt = file_format(path)
    if fmt == "wav":
        from mace_tui.audio.playback import map_samples

        samples, rate = map_samples(path)
        return samples, rate, "wav"
    if fmt != "sealed":
        raise RecordingUnreadable(
            f"{path.name} is neither an encrypted recording nor a WAV file; verify it (v) "
            "and restore it from a backup."
        )
    try:
        head = sealed.read_header(path)
        if head.store_id != store_id:
            raise RecordingUnreadable(
                f"{path.name} was recorded by another store (store {head.store_id[:8]}…) and "
                "is encrypted with that store's key; open it from that store."
            )
        samples, rate = sealed.open_samples(path, reading_key(config_dir, store_id))
    except sealed.SealedProblem as exc:
        raise RecordingUnreadable(str(exc)) from None
    return samples, rate, "sealed"


def check_blocks(path: Path, *, config_dir: Path, store_id: str) -> str | None:
    """None when every block of a sealed file opens with the key; else what is wrong."""
    try:
        read_samples(path, config_dir=config_dir, store_id=store_id)
    except RecordingUnreadable as exc:
        return str(exc)
    except AudioProblem as exc:
        return str(exc)
    return None


class SealedSinkFactory:
    """Opens each new segment as a sealed file with the store's key (the recorder's ``open_sink``)."""

    def __init__(self, *, config_dir: Path, store_id: str, keyring: bool = False) -> None:
        self.config_dir = config_dir
        self.store_id = store_id
        self.keyring = keyring
        self._key: bytes | None = None

    def key(self) -> bytes:
        """The key, made the first time (so a meeting that records nothing makes none)."""
        if self._key is None:
            self._key = writing_key(self.config_dir, self.store_id, keyring=self.keyring)
        return self._key

    def __call__(self, path: Path, sample_rate: int, channels: int) -> sealed.SealedWriter:
        try:
            key = self.key()
        except RecordingUnreadable as exc:
            # The writer turns OSError into a line for the chair; nothing plain is written.
            raise OSError(5, str(exc), str(path)) from None
        return sealed.SealedWriter(
            path, key=key, store_id=self.store_id, sample_rate=sample_rate, channels=channels
        )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return str(exc)


__all__ = [
    "Format",
    "Layout",
    "RecordingUnreadable",
    "Repair",
    "SealedSinkFactory",
    "check_blocks",
    "file_format",
    "format_by_name",
    "format_words",
    "layout",
    "read_samples",
    "reading_key",
    "repair",
    "writing_key",
]
