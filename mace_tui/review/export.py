"""Exporting a plain copy of one recording for an authorised request, with a marked sidecar file.

Recordings are encrypted at rest; this is the one way a plain copy is made.
The copy goes to a chosen folder as WAV (the same samples, decrypted with the
store's key; a plain WAV from an earlier version is copied byte for byte)
or FLAC (the same samples, smaller), beside a text file carrying the meeting,
the child's reference (never the name), the duration, the SHA-256 values and
the OFFICIAL-SENSITIVE marking; both names say OFFICIAL-SENSITIVE too. Both
files are 0600, and an existing file is never replaced: the next free name is used. A reason is required, the
recording is checked first (a damaged file is not exported), and the export
is written to the audit log.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf

from mace_tui.audio.integrity import sha256_file
from mace_tui.reports.files import OutputError, candidates, prepare_folder
from mace_tui.reports.marking import marking_line
from mace_tui.review.access import Actor, ReviewProblem, audit, describe, find_recording
from mace_tui.review.integrity import check_recording
from mace_tui.review.words import duration_text, meeting_name
from store.db import Store
from store.frozen import record
from store.review import VERIFY_FAILED, ReviewRow

FORMATS = ("wav", "flac")
_CHUNK_FRAMES = 1 << 16
NAME_MARK = "OFFICIAL-SENSITIVE"
# libsndfile's subtype for each stored sample type.
_SUBTYPES = {"int16": "PCM_16", "int32": "PCM_32", "float32": "FLOAT", "float64": "DOUBLE"}


@record
class ExportedRecording:
    """The two files an export wrote."""

    audio: Path
    sidecar: Path
    sha256: str


def export_recording(
    store: Store,
    recording_id: int,
    folder: Path,
    *,
    reason: str,
    actor: Actor,
    audio_format: str = "wav",
    config_dir: Path | None = None,
    field: str = "Folder",
) -> ExportedRecording:
    """Check, copy and describe one recording in ``folder``; audited. Nothing half-written is left."""
    reason = reason.strip()
    if not reason:
        raise ReviewProblem(
            "Reason: say who asked for this copy and why (e.g. the request's reference)."
        )
    if audio_format not in FORMATS:
        raise ReviewProblem(f"Format: {audio_format!r} is not one of {', '.join(FORMATS)}.")
    row = find_recording(store, recording_id)
    check = check_recording(row, config_dir=config_dir, store_id=store.store_id)
    if not check.ok:
        audit(
            store,
            actor,
            VERIFY_FAILED,
            row=row,
            detail=f"{describe(row)}: before export: " + "; ".join(check.problems),
            reason=reason,
        )
        raise ReviewProblem(f"Not exported: {check.summary()}")
    try:
        target = prepare_folder(folder, field=field)
    except OutputError as exc:
        raise ReviewProblem(str(exc)) from None
    source = Path(row.path)
    temp = _copy_to_temp(source, target, audio_format, config_dir, store.store_id)
    try:
        digest = sha256_file(temp)
        audio, sidecar = _place(
            temp,
            target,
            f"{source.stem}_{NAME_MARK}",
            audio_format,
            row,
            digest,
            reason,
            actor,
            config_dir,
        )
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    _sync(target)
    audit(
        store,
        actor,
        "export",
        row=row,
        detail=f"{describe(row)} as {audio_format.upper()} to {audio}",
        reason=reason,
    )
    return ExportedRecording(audio, sidecar, digest)


def _copy_to_temp(
    source: Path, folder: Path, audio_format: str, config_dir: Path | None, store_id: str
) -> Path:
    """The plain copy under a hidden name in ``folder`` (0600 from the start)."""
    from mace_tui.audio.recfile import RecordingUnreadable, file_format, read_samples

    fmt = file_format(source)
    if fmt == "sealed" and config_dir is None:
        raise ReviewProblem(
            f"{source.name} is encrypted; export it from the app or the command, which know "
            "where its key is."
        )
    samples = None
    rate = 0
    if fmt == "sealed" or audio_format != "wav":
        try:
            samples, rate, _ = read_samples(
                source, config_dir=config_dir or Path("."), store_id=store_id
            )
        except RecordingUnreadable as exc:
            raise ReviewProblem(f"Not exported: {exc}") from None
    fd, name = tempfile.mkstemp(dir=folder, prefix=f".{source.stem}.", suffix=".partial")
    temp = Path(name)
    try:
        if samples is None:
            # A plain WAV from an earlier version, as it was recorded.
            with os.fdopen(fd, "wb") as out, source.open("rb") as src:
                while chunk := src.read(1 << 20):
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
        else:
            os.close(fd)
            kind = str(samples.dtype.newbyteorder("="))
            subtype = _SUBTYPES.get(kind, "PCM_16")
            if fmt == "sealed":
                from mace_tui.audio.sealed import read_header

                # The bit depth it was recorded or cut at (24-bit samples are held in int32).
                subtype = read_header(source).subtype
            if audio_format == "flac" and subtype != "PCM_16":
                subtype = "PCM_24"  # FLAC's widest; libsndfile scales the samples to it
            with sf.SoundFile(
                str(temp),
                "w",
                samplerate=rate,
                channels=samples.shape[1],
                format=audio_format.upper(),
                subtype=subtype,
            ) as out:
                for start in range(0, len(samples), _CHUNK_FRAMES):
                    block = np.asarray(samples[start : start + _CHUNK_FRAMES])
                    out.write(block)
            with temp.open("rb") as written:
                os.fsync(written.fileno())
        os.chmod(temp, 0o600)
    except (OSError, sf.LibsndfileError) as exc:
        temp.unlink(missing_ok=True)
        raise ReviewProblem(f"Folder {folder}: cannot write the copy ({_reason(exc)}).") from None
    return temp


def _place(
    temp: Path,
    folder: Path,
    stem: str,
    audio_format: str,
    row: ReviewRow,
    digest: str,
    reason: str,
    actor: Actor,
    config_dir: Path | None,
) -> tuple[Path, Path]:
    """Link the copy to the first free name whose sidecar name is free too, then write the sidecar."""
    for audio in candidates(folder, stem, f".{audio_format}"):
        try:
            os.link(temp, audio)
        except FileExistsError:
            continue
        except OSError as exc:
            raise ReviewProblem(
                f"Folder {folder}: cannot write the copy ({_reason(exc)})."
            ) from None
        sidecar = audio.with_suffix(".txt")
        try:
            fd = os.open(sidecar, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            audio.unlink()
            continue
        except OSError as exc:
            audio.unlink()
            raise ReviewProblem(
                f"Folder {folder}: cannot write the sidecar ({_reason(exc)})."
            ) from None
        text = sidecar_text(
            row, audio=audio, digest=digest, reason=reason, actor=actor, config_dir=config_dir
        )
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
        except OSError as exc:
            audio.unlink(missing_ok=True)
            sidecar.unlink(missing_ok=True)
            raise ReviewProblem(
                f"Folder {folder}: cannot write the sidecar ({_reason(exc)})."
            ) from None
        return audio, sidecar
    raise ReviewProblem(
        f"Folder {folder}: too many copies of {stem} already; choose another folder."
    )


def sidecar_text(
    row: ReviewRow,
    *,
    audio: Path,
    digest: str,
    reason: str,
    actor: Actor,
    config_dir: Path | None = None,
) -> str:
    """The sidecar's lines: what the copy is, where it came from, who asked and why."""
    rate = row.sample_rate
    frames = row.frames or 0
    seconds = frames / rate if rate else 0.0
    lines = [
        marking_line(),
        "",
        "Copy of a MACE meeting recording",
        "",
        f"Meeting: {meeting_name(row.profile, config_dir)} ({row.profile}), {row.meeting_date:%A %d %B %Y}",
    ]
    if row.position is not None:
        lines.append(f"Discussion: {row.position} on the queue")
    lines.append(f"Child reference: {row.child_ref or 'none (not a child discussion)'}")
    lines += [
        f"Recorded: {row.started_at:%Y-%m-%d %H:%M:%S} UTC"
        + (f" to {row.ended_at:%H:%M:%S} UTC" if row.ended_at else ""),
        f"Duration: {duration_text(seconds)} ({seconds:.3f} s, {frames:,} frames at {rate} Hz, "
        f"{row.channels} channel{'s' if row.channels != 1 else ''})",
        f"State when recorded: {row.state}",
        "",
        f"Original file: {Path(row.path).name}",
        f"SHA-256 of the original (stored when it was recorded): {row.sha256}",
        "Integrity checked before export: the original matches its stored SHA-256 and frame count.",
        f"This copy: {audio.name} ({_copy_words(row, audio)})",
        f"SHA-256 of this copy: {digest}",
        "",
        f"Exported by: {actor.user} (operating-system account)",
        f"Exported at: {actor.now:%Y-%m-%d %H:%M:%S} UTC",
        f"Reason given: {reason}",
        "",
        marking_line(),
    ]
    return "\n".join(lines) + "\n"


def _copy_words(row: ReviewRow, audio: Path) -> str:
    if audio.suffix == ".flac":
        return "FLAC, lossless: the same samples"
    if Path(row.path).suffix == ".wav":
        return "the original plain WAV file, unchanged"
    return "plain WAV decrypted from the encrypted original: the same samples"


def _sync(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return "the disk is full; free some space or choose another folder"
        if exc.errno in (errno.EACCES, errno.EPERM):
            return "permission denied; choose another folder"
        return exc.strerror or type(exc).__name__
    return type(exc).__name__
