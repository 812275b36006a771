"""Cutting one external recording of a whole meeting into per-child files, sample-exact.

When a meeting was recorded by another tool (the video-call platform, a
dictaphone) as one file, each child's discussion is cut out of it by the
start and end times the chair's screen stored. Times become frame numbers
with exact arithmetic, so a cut is never a sample off; the samples are copied
unchanged (same bit depth) into a sealed (encrypted) file per child, written
block by block with the store's recordings key: no plain copy is made on disk.

``offset_s`` says where in the file the meeting started: positive when the
file began before the meeting (the usual case), negative when it began late.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import datetime
from fractions import Fraction
from pathlib import Path

import numpy as np
import soundfile as sf

from mace_tui.audio.integrity import sha256_file
from mace_tui.audio.naming import claim_path
from mace_tui.audio.sealed import SealedWriter
from store.errors import UserError
from store.frozen import record

# libsndfile's names for the containers we cut; others get a message saying how to convert.
SUPPORTED_FORMATS = {"WAV": "WAV", "WAVEX": "WAV", "RF64": "WAV", "FLAC": "FLAC"}
# How each input sample format is read and written back without changing a sample.
_SAMPLES = {
    "PCM_S8": ("int16", "PCM_16"),
    "PCM_U8": ("int16", "PCM_16"),
    "PCM_16": ("int16", "PCM_16"),
    "PCM_24": ("int32", "PCM_24"),
    "PCM_32": ("int32", "PCM_32"),
    "FLOAT": ("float32", "FLOAT"),
    "DOUBLE": ("float64", "DOUBLE"),
}
_CHUNK_FRAMES = 1 << 16


class SplitProblem(UserError):
    """The file or the timeline cannot be split as asked; the message says what to do."""


def convert_hint(path: Path) -> str:
    """How to turn an unsupported file into one we can cut (both tools keep every sample)."""
    target = path.with_suffix(".wav").name
    return (
        f"Convert it to WAV or FLAC first, e.g. `ffmpeg -i {path.name} -c:a pcm_s16le {target}` "
        f"or `sox {path.name} {target}`, then split the converted file."
    )


@record
class SourceFile:
    """What the external recording holds."""

    path: Path
    container: str
    subtype: str
    sample_rate: int
    channels: int
    frames: int

    @property
    def duration_s(self) -> float:
        """Its length in seconds."""
        return self.frames / self.sample_rate


def inspect_source(path: Path, *, field: str = "FILE") -> SourceFile:
    """Open the external recording's header; refuse other formats with how to convert them."""
    if not path.exists():
        raise SplitProblem(f"{field}: {path} does not exist; give the path of the recording.")
    if not path.is_file():
        raise SplitProblem(f"{field}: {path} is not a file; give the path of the recording.")
    try:
        info = sf.info(str(path))
    except (sf.LibsndfileError, RuntimeError, OSError):
        raise SplitProblem(
            f"{field}: {path.name} is not a WAV or FLAC recording that can be read. "
            + convert_hint(path)
        ) from None
    container = SUPPORTED_FORMATS.get(info.format)
    if container is None or info.subtype not in _SAMPLES:
        raise SplitProblem(
            f"{field}: {path.name} is {info.format_info or info.format} "
            f"({info.subtype_info or info.subtype}); only WAV and FLAC can be split. "
            + convert_hint(path)
        )
    if info.frames <= 0:
        raise SplitProblem(f"{field}: {path.name} holds no audio.")
    return SourceFile(
        path=path,
        container=container,
        subtype=info.subtype,
        sample_rate=int(info.samplerate),
        channels=int(info.channels),
        frames=int(info.frames),
    )


@record
class Discussion:
    """One child's discussion on the meeting's stored timeline."""

    item_id: int
    position: int
    child_ref: str
    started_at: datetime
    ended_at: datetime


@record
class Cut:
    """The frames of one discussion in the external file: ``start`` up to, not including, ``end``."""

    discussion: Discussion
    start: int
    end: int

    @property
    def frames(self) -> int:
        """How many frames the cut holds."""
        return self.end - self.start


def frame_at(moment: datetime, *, zero: datetime, offset_s: Fraction, sample_rate: int) -> int:
    """The frame of ``moment`` in a file whose frame 0 is ``offset_s`` seconds before ``zero``."""
    delta = moment - zero
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    seconds = Fraction(micros, 1_000_000) + offset_s
    return round(seconds * sample_rate)


def clock(seconds: float) -> str:
    """``1:02:05`` or ``4:07``, for messages."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def plan_cuts(
    discussions: Sequence[Discussion],
    *,
    zero: datetime,
    offset_s: float | Fraction,
    source: SourceFile,
) -> list[Cut]:
    """The frames to cut for each discussion; refuses a timeline the file does not cover."""
    if not discussions:
        raise SplitProblem(
            "--meeting: no discussion of this meeting has both a start and an end time, "
            "so there is nothing to cut it by."
        )
    offset = Fraction(offset_s).limit_denominator(1_000_000)
    rate = source.sample_rate
    cuts = []
    for discussion in discussions:
        start = frame_at(discussion.started_at, zero=zero, offset_s=offset, sample_rate=rate)
        end = frame_at(discussion.ended_at, zero=zero, offset_s=offset, sample_rate=rate)
        cuts.append(Cut(discussion, start, max(start, end)))
    early = [c for c in cuts if c.start < 0]
    if early:
        first = early[0]
        need = float(offset) - first.start / rate
        raise SplitProblem(
            f"--offset: discussion {first.discussion.position} starts "
            f"{clock(-first.start / rate)} before {source.path.name} begins (offset "
            f"{float(offset):g} s). If the file started late, nothing can be cut for it; "
            f"if the offset is wrong, give --offset {need:.3f} or more. Nothing was written."
        )
    late = [c for c in cuts if c.end > source.frames]
    if late:
        last = max(late, key=lambda c: c.end)
        positions = ", ".join(str(c.discussion.position) for c in late)
        raise SplitProblem(
            f"The meeting's timeline is longer than {source.path.name}: discussion "
            f"{last.discussion.position} ends at {clock(last.end / rate)} in the file, which "
            f"holds {clock(source.duration_s)} of audio (discussions past the end: {positions}). "
            f"Check --offset (now {float(offset):g} s) and that this is the whole recording. "
            "Nothing was written."
        )
    return cuts


@record
class CutFile:
    """A per-child file written from the external recording."""

    cut: Cut
    path: Path
    frames: int
    sha256: str


def cut_source(
    source: SourceFile,
    cuts: Sequence[Cut],
    *,
    folder: Path,
    stems: Sequence[str],
    key: bytes,
    store_id: str,
) -> list[CutFile]:
    """Write each cut to its own private sealed file in ``folder``; all of them, or none.

    ``stems`` names each file (``stem.sealed``, or ``stem-2.sealed`` when
    taken). A failure part-way removes every file this call wrote.
    """
    dtype, subtype = _SAMPLES[source.subtype]
    written: list[CutFile] = []
    try:
        with sf.SoundFile(str(source.path)) as reader:
            for cut, stem in zip(cuts, stems, strict=True):
                path = claim_path(folder, stem)
                written.append(CutFile(cut, path, 0, ""))
                sink = SealedWriter(
                    path,
                    key=key,
                    store_id=store_id,
                    sample_rate=source.sample_rate,
                    channels=source.channels,
                    subtype=subtype,
                )
                try:
                    frames = _copy_frames(reader, cut, sink, source, dtype=dtype)
                finally:
                    sink.close()
                written[-1] = CutFile(cut, path, frames, sha256_file(path))
    except BaseException:
        for done in written:
            with contextlib.suppress(OSError):
                done.path.unlink()
        raise
    return written


def _copy_frames(
    reader: sf.SoundFile, cut: Cut, out: SealedWriter, source: SourceFile, *, dtype: str
) -> int:
    reader.seek(cut.start)
    copied = 0
    while copied < cut.frames:
        block: np.ndarray = reader.read(
            min(_CHUNK_FRAMES, cut.frames - copied), dtype=dtype, always_2d=True
        )
        if not len(block):
            break
        out.write(block)
        copied += len(block)
    if copied != cut.frames:
        raise SplitProblem(
            f"FILE: {source.path.name} ended early while cutting discussion "
            f"{cut.discussion.position} ({copied} of {cut.frames} frames read); the file may "
            "be damaged. Nothing was written."
        )
    return copied
