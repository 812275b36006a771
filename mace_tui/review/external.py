"""Registering an external recording's per-child cuts as the meeting's recordings; audited.

The cutting itself is :mod:`mace_tui.audio.split`. Here the meeting's stored
timeline is read, the files are written into the meeting's recordings folder,
and each becomes a Recording row (kind ``external``) with its frames and
SHA-256, so review, verification and export treat it like any other.
"""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

from sqlmodel import Session

from mace_tui.audio.naming import child_stem, meeting_folder
from mace_tui.audio.split import (
    CutFile,
    Discussion,
    SourceFile,
    SplitProblem,
    cut_source,
    inspect_source,
    plan_cuts,
)
from mace_tui.review.access import Actor
from store.audit import append_event
from store.db import Store, after_commit, all_or_nothing
from store.frozen import record
from store.recordings import add_recording, finish_recording
from store.review import external_recordings, meeting_timeline, meetings_on

EXTERNAL = "external"


@record
class SplitResult:
    """What a split wrote."""

    source: SourceFile
    files: list[CutFile]
    recording_ids: list[int]


def find_meeting_id(store: Store, *, on: date, profile: str | None) -> int:
    """The meeting held on ``on`` (of ``profile`` when several sat that day)."""
    with store.session() as session:
        found = meetings_on(session, on=on)
    if profile is not None:
        found = [m for m in found if m[1] == profile]
    if not found:
        what = f"{profile} meeting" if profile else "meeting"
        raise SplitProblem(f"--meeting: there is no {what} on {on:%Y-%m-%d}.")
    if len(found) > 1:
        names = ", ".join(f"{on:%Y-%m-%d}:{p}" for _, p in found)
        raise SplitProblem(f"--meeting: several meetings sat on {on:%Y-%m-%d}; name one: {names}.")
    return found[0][0]


def split_into_meeting(
    store: Store,
    *,
    recordings_dir: Path,
    source_path: Path,
    meeting_id: int,
    offset_s: float,
    actor: Actor,
    config_dir: Path,
    keyring: bool = False,
) -> SplitResult:
    """Cut ``source_path`` by the meeting's timeline and register each child's file.

    Each file is sealed with the store's recordings key, found or made as the
    recorder does (the config folder, or the OS keyring with ``keyring``).
    """
    source = inspect_source(source_path)
    with store.session() as session:
        timeline = meeting_timeline(session, meeting_id=meeting_id)
        already = external_recordings(session, meeting_id=meeting_id)
    if timeline is None:
        raise SplitProblem(f"--meeting: meeting {meeting_id} does not exist.")
    if already:
        raise SplitProblem(
            f"--meeting: this meeting already has {already} recordings cut from an external "
            "file; review them with `mace-tui review` rather than cutting again."
        )
    discussions = [
        Discussion(d.item_id, d.position, d.child_ref, d.started_at, d.ended_at)
        for d in timeline.discussions
    ]
    zero = timeline.started_at or (discussions[0].started_at if discussions else None)
    if zero is None:
        raise SplitProblem(
            "--meeting: no discussion of this meeting has both a start and an end time, "
            "so there is nothing to cut it by."
        )
    cuts = plan_cuts(discussions, zero=zero, offset_s=offset_s, source=source)
    store_id = store.store_id
    folder = meeting_folder(
        recordings_dir,
        store_id=store_id,
        meeting_date=timeline.meeting_date,
        meeting_id=meeting_id,
    )
    stems = [
        child_stem(
            meeting_date=timeline.meeting_date,
            position=cut.discussion.position,
            child_ref=cut.discussion.child_ref,
        )
        + "_external"
        for cut in cuts
    ]
    from mace_tui.audio.recfile import writing_key

    key = writing_key(config_dir, store_id, keyring=keyring)
    files = cut_source(source, cuts, folder=folder, stems=stems, key=key, store_id=store_id)
    ids: list[int] = []
    committed: list[bool] = []
    try:
        # Every cut's row, or none: a split killed part-way would otherwise leave some
        # children registered and a second run refused ("already has … recordings").
        with store.session() as session, all_or_nothing(session):
            after_commit(session, lambda: committed.append(True))  # before the audit anchor
            for made in files:
                ids.append(_register(session, store_id, made, source, meeting_id, actor))
    except BaseException:
        # No row was written, so every file would be a stray: remove them all.
        if not committed:
            for made in files:
                with contextlib.suppress(OSError):
                    made.path.unlink()
        raise
    return SplitResult(source, files, ids)


def _register(
    session: Session,
    store_id: str,
    made: CutFile,
    source: SourceFile,
    meeting_id: int,
    actor: Actor,
) -> int:
    """One cut's Recording row and its audit event, in the caller's ``all_or_nothing`` block."""
    discussion = made.cut.discussion
    recording_id = add_recording(
        session,
        meeting_id=meeting_id,
        item_id=discussion.item_id,
        kind=EXTERNAL,
        path=str(made.path),
        sample_rate=source.sample_rate,
        channels=source.channels,
        first_frame=made.cut.start,
        started_at=discussion.started_at,
        store_id=store_id,
    )
    finish_recording(
        session,
        recording_id=recording_id,
        state="complete",
        frames=made.frames,
        sha256=made.sha256,
        ended_at=discussion.ended_at,
    )
    append_event(
        session,
        action="split",
        os_user=actor.user,
        at=actor.now,
        recording_id=recording_id,
        meeting_id=meeting_id,
        detail=(
            f"discussion {discussion.position} ({discussion.child_ref}): frames "
            f"{made.cut.start}-{made.cut.end} of {source.path.name} into {made.path.name}"
        ),
    )
    return recording_id
