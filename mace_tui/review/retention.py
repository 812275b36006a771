"""Retention: recordings kept longer than the set number of days are listed, and deleted on request.

The period is per kind of meeting: a profile's ``[retention] recordings_days``
(DRMM recordings may go sooner than Level 2's), else ``retention_days`` in
settings.toml, else none (nothing is ever past retention).

Deleting needs a reason, removes the file, marks the recording *deleted* and
writes the deletion to the audit log in the same transaction. The row, its
stored SHA-256 and every earlier audit event stay: the trail outlives the audio.
"""

from __future__ import annotations

import errno
from datetime import date, timedelta
from pathlib import Path

from mace_tui.review.access import Actor, ReviewProblem, describe, find_recording
from mace_tui.review.listed import ListedRecording, listed
from mace_tui.review.periods import (
    PROFILE_SETTING,
    RETENTION_SETTING,
    Period,
    Retention,
    days_for,
    is_expired,
    kept_until,
    retention_policy,
)
from mace_tui.review.words import days_text
from store.audit import append_event
from store.db import Store, all_or_nothing
from store.review import DELETED, ReviewRow, mark_deleted, recordings_before

__all__ = [
    "PROFILE_SETTING",
    "RETENTION_SETTING",
    "Period",
    "Retention",
    "delete_recording",
    "expired_recordings",
    "is_expired",
    "kept_until",
    "retention_policy",
]


def expired_recordings(store: Store, *, today: date, days: Period) -> list[ListedRecording]:
    """Recordings past retention and not yet deleted, oldest first (none when no period is set)."""
    shortest = days.shortest if isinstance(days, Retention) else days
    if shortest is None:
        return []
    with store.session() as session:
        rows = recordings_before(session, before=today - timedelta(days=shortest))
    return [listed(row) for row in rows if is_expired(row, today=today, days=days)]


def delete_recording(
    store: Store, recording_id: int, *, reason: str, actor: Actor, today: date, days: Period
) -> ReviewRow:
    """Delete one recording's file past retention; audited. Refuses one still within the period."""
    reason = reason.strip()
    if not reason:
        raise ReviewProblem("Reason: say why the recording is deleted (e.g. the retention policy).")
    row = find_recording(store, recording_id)
    period = days_for(days, row)
    source = days.source_for(row.profile) if isinstance(days, Retention) else RETENTION_SETTING
    if period is None:
        raise ReviewProblem(
            f"No retention period is set for {row.profile} recordings, so nothing can be deleted. "
            f"Set {RETENTION_SETTING} (e.g. retention_days = 365) or {PROFILE_SETTING} "
            "in the profile."
        )
    if row.state == DELETED:
        raise ReviewProblem(f"recording {recording_id}: its file was already deleted.")
    if not is_expired(row, today=today, days=period):
        until = kept_until(row.meeting_date, period)
        raise ReviewProblem(
            f"recording {recording_id}: kept until {until:%d %b %Y} under {source} "
            f"({days_text(period)}); it can be deleted after that."
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
    with store.session() as session, all_or_nothing(session):
        mark_deleted(session, recording_id=row.id, at=actor.now)
        append_event(
            session,
            action="delete",
            os_user=actor.user,
            at=actor.now,
            recording_id=row.id,
            meeting_id=row.meeting_id,
            detail=f"{describe(row)}: {path.name} deleted after {days_text(period)} "
            f"({source}){note}",
            reason=reason,
        )
    return row
