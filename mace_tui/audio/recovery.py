"""After a crash: find segments left half-finished, repair them, and say what was saved.

A segment whose process died keeps its row in state ``recording``. A sealed
file (what the recorder writes) loses at most its torn last block, cut by the
length fields without the key (:func:`mace_tui.audio.sealed.repair`). A plain
WAV from an earlier version normally has a right header already (libsndfile
rewrote it after every block); if the kill fell between a block and its header
update, or cut a frame in half, the header is corrected from the file's length.
Both repairs are done in place because they are idempotent: what is kept is
derived from the file itself, so a repair interrupted by another crash is
simply done again.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from mace_tui.audio.integrity import read_layout, sha256_file
from mace_tui.audio.lockfile import capture_running
from mace_tui.audio.naming import (
    folder_meeting_id,
    folder_store_id,
    other_store,
    parse_segment_name,
    recording_files,
    store_folder,
)
from mace_tui.audio.problems import seconds_words
from mace_tui.config import Settings
from store.db import Store, all_or_nothing
from store.frozen import record
from store.recordings import (
    RecordingRecord,
    add_recording,
    child_at,
    finish_recording,
    meeting_date,
    recorded_paths,
    recording_pauses,
    unfinished_recordings,
)


@record
class Repair:
    """What repairing one WAV file found."""

    frames: int
    changed: bool


def repair_wav(path: Path) -> Repair | None:
    """Make ``path``'s header match the audio it holds; None when it has no usable header."""
    layout = read_layout(path)
    if layout is None:
        return None
    if layout.consistent:
        return Repair(layout.present_frames, changed=False)
    data = layout.present_frames * layout.block_align
    with path.open("r+b") as handle:
        # Drop a half-written last frame, then state the true sizes.
        handle.truncate(layout.data_offset + data)
        handle.seek(4)
        handle.write((layout.data_offset + data - 8).to_bytes(4, "little"))
        handle.seek(layout.data_offset - 4)
        handle.write(data.to_bytes(4, "little"))
        handle.flush()
        os.fsync(handle.fileno())
    return Repair(layout.present_frames, changed=True)


@record
class RecoveredSegment:
    """One leftover segment and what became of it, with a line for the user."""

    recording_id: int
    item_id: int | None
    path: Path
    state: str
    frames: int
    duration_s: float
    repaired: bool
    message: str


def recover_leftovers(*, store: Store, settings: Settings) -> list[RecoveredSegment]:
    """Repair and close every unfinished recording this computer holds; say what was kept.

    Does nothing while a capture is running on this computer (its segments
    are not leftovers). Rows whose file is elsewhere (another seat's
    recordings folder) are left alone, and so is every file in another
    store's folder (R27): :func:`foreign_files` counts those for the message.
    """
    if capture_running(settings.recordings_dir):
        return []
    with store.session() as session:
        leftovers = unfinished_recordings(session)
    results = []
    for row in leftovers:
        if other_store(Path(row.path), store.store_id) is not None:
            continue
        result = _recover_one(store, settings.recordings_dir, row)
        if result is not None:
            results.append(result)
    results.extend(_adopt_orphans(store, store_folder(settings.recordings_dir, store.store_id)))
    return results


def foreign_files(*, store: Store, settings: Settings) -> str | None:
    """One line when the recordings folder holds files this store left alone, else None.

    Those are another store's (in its ``store-<id>`` folder) or were written
    before stores had ids (a meeting folder at the top): neither is adopted.
    """
    root = settings.recordings_dir
    if not root.is_dir():
        return None
    others = unknown = 0
    stores = set()
    for folder in root.iterdir():
        if not folder.is_dir():
            continue
        owner = folder_store_id(folder)
        if owner is not None and owner != store.store_id:
            count = len(recording_files(folder, "*/*"))
            others += count
            if count:
                stores.add(owner)
        elif owner is None and folder_meeting_id(folder) is not None:
            unknown += len(recording_files(folder))
    parts = []
    if others:
        parts.append(f"{others} recording file(s) of {len(stores)} other store(s)")
    if unknown:
        parts.append(f"{unknown} file(s) from before stores had ids")
    if not parts:
        return None
    return (
        f"{' and '.join(parts)} in {root} were left alone: start-up recovery only adopts "
        "this store's own files."
    )


def _adopt_orphans(store: Store, recordings_dir: Path) -> list[RecoveredSegment]:
    """Files with no row: a crash came after the file was created, before its row was saved.

    The file's folder and name say which meeting and which queue position it
    belongs to; it is attached only when the child's reference matches too.
    """
    if not recordings_dir.is_dir():
        return []
    with store.session() as session:
        known = {Path(p).resolve() for p in recorded_paths(session)}
    results = []
    for folder in sorted(recordings_dir.iterdir()):
        meeting_id = folder_meeting_id(folder)
        if meeting_id is None or not folder.is_dir():
            continue
        for path in recording_files(folder):
            if path.resolve() in known:
                continue
            result = _adopt(store, meeting_id, path)
            if result is not None:
                results.append(result)
    return results


def _adopt(store: Store, meeting_id: int, path: Path) -> RecoveredSegment | None:
    parsed = parse_segment_name(path)
    if parsed is None:
        return None
    with store.session() as session:
        day = meeting_date(session, meeting_id=meeting_id)
        child = None
        if parsed.kind == "child" and parsed.position is not None:
            child = child_at(session, meeting_id=meeting_id, position=parsed.position)
    if day is None or (
        parsed.kind == "child" and (child is None or not parsed.names_child(child.child_ref))
    ):
        return None
    from mace_tui.audio import recfile

    repair = recfile.repair(path)
    frames = repair.frames if repair is not None else 0
    rate = repair.sample_rate if repair is not None and repair.sample_rate else 16_000
    channels = repair.channels if repair is not None else 1
    ended = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    state = "recovered" if frames else "failed"
    with store.session() as session, all_or_nothing(session):
        recording_id = add_recording(
            session,
            meeting_id=meeting_id,
            item_id=child.item_id if child is not None else None,
            kind=parsed.kind,
            path=str(path),
            sample_rate=rate,
            channels=channels,
            first_frame=None,
            started_at=ended - timedelta(seconds=frames / rate),
            store_id=store.store_id,
        )
        finish_recording(
            session,
            recording_id=recording_id,
            state=state,
            frames=frames,
            sha256=sha256_file(path),
            ended_at=ended,
        )
    if child is not None:
        what = f"discussion {parsed.position} ({child.child_ref}) of {day:%d %b %Y}"
    else:
        what = f"the meeting of {day:%d %b %Y} ({path.name})"
    return RecoveredSegment(
        recording_id=recording_id,
        item_id=child.item_id if child is not None else None,
        path=path,
        state=state,
        frames=frames,
        duration_s=frames / rate,
        repaired=repair.changed if repair is not None else False,
        message=_recovered_line(what, frames, rate),
    )


def _recover_one(
    store: Store, recordings_dir: Path, row: RecordingRecord
) -> RecoveredSegment | None:
    path = Path(row.path)
    what = _describe(row, path)
    if not path.is_file():
        if recordings_dir not in path.parents:
            return None
        state, frames, sha, repaired = "missing", 0, "", False
        ended = datetime.now(UTC)
        message = f"The recording for {what} was not found after mace-tui stopped unexpectedly; it is marked missing."
    else:
        from mace_tui.audio import recfile

        repair = recfile.repair(path)
        frames = repair.frames if repair is not None else 0
        repaired = repair.changed if repair is not None else False
        state = "recovered" if frames > 0 else "failed"
        sha = sha256_file(path)
        ended = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        message = _recovered_line(what, frames, row.sample_rate)
    with store.session() as session:
        paused_s = _paused_seconds(session, row.id, ended)
        finish_recording(
            session,
            recording_id=row.id,
            state=state,
            frames=frames,
            sha256=sha,
            ended_at=ended,
            paused_s=paused_s,
        )
    return RecoveredSegment(
        recording_id=row.id,
        item_id=row.item_id,
        path=path,
        state=state,
        frames=frames,
        duration_s=frames / row.sample_rate if row.sample_rate else 0.0,
        repaired=repaired,
        message=message,
    )


def _paused_seconds(session: Session, recording_id: int, ended: datetime) -> float:
    total = 0.0
    for pause in recording_pauses(session, recording_id=recording_id):
        until = pause.resumed_at or ended
        total += max(0.0, (until - pause.paused_at).total_seconds())
    return total


def _recovered_line(what: str, frames: int, rate: int) -> str:
    if not frames:
        return f"The recording for {what} held no audio when mace-tui stopped unexpectedly."
    return (
        f"Recovered {seconds_words(frames / rate)} of audio for {what}, left when mace-tui "
        "stopped unexpectedly; it is filed with it again."
    )


def _describe(row: RecordingRecord, path: Path) -> str:
    """Which discussion, by position and opaque reference only (R18)."""
    day = f"{row.meeting_date:%d %b %Y}"
    if row.item_id is not None and row.position is not None:
        return f"discussion {row.position} ({row.child_ref or 'no reference'}) of {day}"
    return f"the meeting of {day} ({path.name})"
