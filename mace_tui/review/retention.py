"""Retention: recordings kept longer than the set number of days are listed, and deleted on request.

Deleting needs a reason, removes the file, marks the recording *deleted* and
writes the deletion to the audit log in the same transaction. The row, its
stored SHA-256 and every earlier audit event stay: the trail outlives the audio.
"""

from __future__ import annotations

import errno
from datetime import date, timedelta
from pathlib import Path

from mace_tui.review.access import Actor, ReviewProblem, describe, find_recording
from mace_tui.review.listing import ListedRecording, listed
from mace_tui.review.words import days_text
from store.audit import append_event
from store.db import Store
from store.review import DELETED, ReviewRow, mark_deleted, recordings_before

RETENTION_SETTING = "retention_days in settings.toml"


def kept_until(meeting_date: date, days: int) -> date:
    """The last day a meeting's recordings are kept."""
    return meeting_date + timedelta(days=days)


def is_expired(row: ReviewRow, *, today: date, days: int | None) -> bool:
    """True when the recording has been kept longer than the retention period."""
    return days is not None and row.state != DELETED and today > kept_until(row.meeting_date, days)


def expired_recordings(store: Store, *, today: date, days: int | None) -> list[ListedRecording]:
    """Recordings past retention and not yet deleted, oldest first (none when no period is set)."""
    if days is None:
        return []
    with store.session() as session:
        rows = recordings_before(session, before=today - timedelta(days=days))
    return [listed(row) for row in rows]


def delete_recording(
    store: Store, recording_id: int, *, reason: str, actor: Actor, today: date, days: int | None
) -> ReviewRow:
    """Delete one recording's file past retention; audited. Refuses one still within the period."""
    reason = reason.strip()
    if days is None:
        raise ReviewProblem(
            f"No retention period is set, so nothing can be deleted. Set {RETENTION_SETTING} "
            "(e.g. retention_days = 365)."
        )
    if not reason:
        raise ReviewProblem("Reason: say why the recording is deleted (e.g. the retention policy).")
    row = find_recording(store, recording_id)
    if row.state == DELETED:
        raise ReviewProblem(f"recording {recording_id}: its file was already deleted.")
    if not is_expired(row, today=today, days=days):
        until = kept_until(row.meeting_date, days)
        raise ReviewProblem(
            f"recording {recording_id}: kept until {until:%d %b %Y} under {RETENTION_SETTING} "
            f"({days_text(days)}); it can be deleted after that."
        )
    path = Path(row.path)
    note = ""
    try:
        path.unlink()
    except FileNotFoundError:
        note = " (the file was already gone)"
    except OSError as exc:
        why = "permission denied" if exc.errno in (errno.EACCES, errno.EPERM) else exc.strerror
        raise ReviewProblem(
            f"{path.name}: cannot delete it ({why}). Nothing was changed."
        ) from None
    with store.session() as session:
        mark_deleted(session, recording_id=row.id, at=actor.now)
        append_event(
            session,
            action="delete",
            os_user=actor.user,
            at=actor.now,
            recording_id=row.id,
            meeting_id=row.meeting_id,
            detail=f"{describe(row)}: {path.name} deleted after {days_text(days)}{note}",
            reason=reason,
        )
    return row
