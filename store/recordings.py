"""Recording and RecordingPause rows: written as a segment starts, pauses and ends.

A row is created, state ``recording``, when its segment file is opened, so a
crash always leaves a row pointing at the file to recover. Finishing stores
the frame count, duration and SHA-256 with state ``complete``; recovery sets
``recovered``; a segment cut short by a fault is ``failed`` (its file still
holds what was captured). Keyword-only functions taking a Session; each
commits, so nothing waits in memory for a crash to lose.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from store.frozen import record
from store.models import AgendaItem, Meeting, Recording, RecordingGap, RecordingPause
from store.subjects import SUBJECT_REF, with_subjects

UNFINISHED = "recording"
FINISHED_STATES = ("complete", "recovered", "failed", "missing")


@record
class RecordingRecord:
    """A recording as the audio layer and the screens read it."""

    id: int
    meeting_id: int
    meeting_date: date
    item_id: int | None
    position: int | None
    child_ref: str | None
    kind: str
    path: str
    sample_rate: int
    channels: int
    frames: int | None
    duration_s: float | None
    sha256: str
    state: str
    first_frame: int | None
    paused_s: float
    started_at: datetime
    ended_at: datetime | None


@record
class PauseRecord:
    """One pause in a recording."""

    id: int
    recording_id: int
    paused_at: datetime
    resumed_at: datetime | None
    reason: str


def add_recording(
    session: Session,
    *,
    meeting_id: int,
    item_id: int | None,
    kind: str,
    path: str,
    sample_rate: int,
    channels: int,
    first_frame: int | None,
    started_at: datetime,
    store_id: str = "",
) -> int:
    """A new row for a segment that is about to be written; returns its id."""
    row = Recording(
        store_id=store_id,
        meeting_id=meeting_id,
        item_id=item_id,
        kind=kind,
        path=path,
        sample_rate=sample_rate,
        channels=channels,
        first_frame=first_frame,
        started_at=started_at,
        state=UNFINISHED,
    )
    session.add(row)
    session.commit()
    assert row.id is not None
    return row.id


def finish_recording(
    session: Session,
    *,
    recording_id: int,
    state: str,
    frames: int,
    sha256: str,
    ended_at: datetime,
    paused_s: float | None = None,
) -> None:
    """Store a finished segment's integrity facts and close any pause left open."""
    if state not in FINISHED_STATES:
        raise ValueError(f"state: {state!r} is not one of {', '.join(FINISHED_STATES)}")
    row = session.get(Recording, recording_id)
    if row is None:
        raise LookupError(f"recording {recording_id} does not exist")
    row.state = state
    row.frames = frames
    row.duration_s = frames / row.sample_rate if row.sample_rate else None
    row.sha256 = sha256
    row.ended_at = ended_at
    if paused_s is not None:
        row.paused_s = paused_s
    session.add(row)
    for pause in session.exec(
        select(RecordingPause).where(
            RecordingPause.recording_id == recording_id, col(RecordingPause.resumed_at).is_(None)
        )
    ):
        pause.resumed_at = ended_at
        session.add(pause)
    session.commit()


def add_pause(session: Session, *, recording_id: int, reason: str, paused_at: datetime) -> int:
    """Record that a segment was paused; returns the pause's id."""
    pause = RecordingPause(recording_id=recording_id, reason=reason[:500], paused_at=paused_at)
    session.add(pause)
    session.commit()
    assert pause.id is not None
    return pause.id


def end_pause(session: Session, *, pause_id: int, resumed_at: datetime) -> None:
    """Record that recording resumed after a pause."""
    pause = session.get(RecordingPause, pause_id)
    if pause is None:
        raise LookupError(f"recording pause {pause_id} does not exist")
    pause.resumed_at = resumed_at
    session.add(pause)
    session.commit()


@record
class GapRecord:
    """Audio a fault kept out of a recording: where in the file, how long, and why."""

    id: int
    recording_id: int
    at_s: float
    lost_s: float
    reason: str
    noted_at: datetime


def add_gap(
    session: Session,
    *,
    recording_id: int,
    at_s: float,
    lost_s: float,
    reason: str,
    noted_at: datetime,
) -> int:
    """Record a gap in a recording; returns its id."""
    gap = RecordingGap(
        recording_id=recording_id, at_s=at_s, lost_s=lost_s, reason=reason[:300], noted_at=noted_at
    )
    session.add(gap)
    session.commit()
    assert gap.id is not None
    return gap.id


def recording_gaps(session: Session, *, recording_ids: list[int]) -> list[GapRecord]:
    """The gaps in these recordings, in the order they were noted."""
    if not recording_ids:
        return []
    rows = session.exec(
        select(RecordingGap)
        .where(col(RecordingGap.recording_id).in_(recording_ids))
        .order_by(col(RecordingGap.id))
    )
    return [
        GapRecord(g.id or 0, g.recording_id, g.at_s, g.lost_s, g.reason, g.noted_at) for g in rows
    ]


def _records(session: Session, *conditions: Any) -> list[RecordingRecord]:
    query = (
        with_subjects(
            sa_select(Recording, col(Meeting.date), col(AgendaItem.position), SUBJECT_REF)
            .join(Meeting, col(Meeting.id) == col(Recording.meeting_id))
            .outerjoin(AgendaItem, col(AgendaItem.id) == col(Recording.item_id))
        )
        .where(*conditions)
        .order_by(col(Recording.id))
    )
    result = []
    for row, meeting_date, position, child_ref in session.execute(query):
        assert row.id is not None
        result.append(
            RecordingRecord(
                id=row.id,
                meeting_id=row.meeting_id,
                meeting_date=meeting_date,
                item_id=row.item_id,
                position=position,
                child_ref=child_ref,
                kind=row.kind,
                path=row.path,
                sample_rate=row.sample_rate,
                channels=row.channels,
                frames=row.frames,
                duration_s=row.duration_s,
                sha256=row.sha256,
                state=row.state,
                first_frame=row.first_frame,
                paused_s=row.paused_s,
                started_at=row.started_at,
                ended_at=row.ended_at,
            )
        )
    return result


def unfinished_recordings(session: Session) -> list[RecordingRecord]:
    """Rows still marked as being recorded: after a crash, the segments to recover."""
    return _records(session, col(Recording.state) == UNFINISHED)


def meeting_recordings(session: Session, *, meeting_id: int) -> list[RecordingRecord]:
    """A meeting's recordings in the order they were started."""
    return _records(session, col(Recording.meeting_id) == meeting_id)


def recording_pauses(session: Session, *, recording_id: int) -> list[PauseRecord]:
    """A recording's pauses in order."""
    rows = session.exec(
        select(RecordingPause)
        .where(RecordingPause.recording_id == recording_id)
        .order_by(col(RecordingPause.id))
    )
    return [
        PauseRecord(
            id=p.id or 0,
            recording_id=p.recording_id,
            paused_at=p.paused_at,
            resumed_at=p.resumed_at,
            reason=p.reason,
        )
        for p in rows
    ]


def recorded_paths(session: Session) -> set[str]:
    """Every file path the Recording table knows."""
    return set(session.exec(select(Recording.path)))


@record
class QueuedChild:
    """The child at one position of a meeting's queue, by opaque reference."""

    item_id: int
    child_ref: str


def child_at(session: Session, *, meeting_id: int, position: int) -> QueuedChild | None:
    """The agenda item at ``position`` of the meeting, with its child's reference."""
    row = session.execute(
        with_subjects(sa_select(col(AgendaItem.id), SUBJECT_REF))
        .where(col(AgendaItem.meeting_id) == meeting_id, col(AgendaItem.position) == position)
        .order_by(col(AgendaItem.id))
    ).first()
    return QueuedChild(row[0], row[1]) if row is not None else None


def meeting_date(session: Session, *, meeting_id: int) -> date | None:
    """The date of a meeting, or None when there is no such meeting."""
    meeting = session.get(Meeting, meeting_id)
    return meeting.date if meeting is not None else None
