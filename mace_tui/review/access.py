"""Who is at the keyboard, and writing their access to a recording into the audit log (R18)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from mace_tui.protection import os_user as os_user  # where screens and commands find it
from store.audit import AuditRecord, append_event
from store.db import Store
from store.errors import UserError
from store.frozen import record
from store.review import ReviewRow, review_row


class ReviewProblem(UserError):
    """A review task cannot go ahead; the message names the field or file and what to do."""


@record
class Actor:
    """Who does something, and the clock they do it by."""

    user: str
    now: datetime


def describe(row: ReviewRow) -> str:
    """A recording in words fit for logs and messages: position and opaque reference, no name."""
    day = f"{row.meeting_date:%Y-%m-%d}"
    if row.position is not None:
        return (
            f"discussion {row.position} ({row.child_ref or 'no reference'}) of {row.profile} {day}"
        )
    return f"{row.kind} recording #{row.id} of {row.profile} {day}"


def find_recording(store: Store, recording_id: int) -> ReviewRow:
    """The recording, or a plain error naming the id."""
    with store.session() as session:
        row = review_row(session, recording_id=recording_id)
    if row is None:
        raise ReviewProblem(f"recording {recording_id}: there is no such recording.")
    # Playback, verification, export and retention all come through here (R27).
    from mace_tui.audio.naming import other_store

    owner = other_store(Path(row.path), store.store_id)
    if owner is not None:
        raise ReviewProblem(
            f"recording {recording_id}: its file is in another store's folder "
            f"(store-{owner[:8]}…), so this store leaves it alone; open that store to use it."
        )
    return row


def audit(
    store: Store,
    actor: Actor,
    action: str,
    *,
    row: ReviewRow | None = None,
    meeting_id: int | None = None,
    detail: str = "",
    reason: str = "",
) -> AuditRecord:
    """Write one audit event for ``row`` (or the meeting) by ``actor``."""
    with store.session() as session:
        return append_event(
            session,
            action=action,
            os_user=actor.user,
            at=actor.now,
            recording_id=row.id if row is not None else None,
            meeting_id=row.meeting_id if row is not None else meeting_id,
            detail=detail,
            reason=reason,
        )


PLAYBACK = "playback"


def record_playback(store: Store, recording_id: int, *, actor: Actor, from_s: float = 0.0) -> None:
    """Write that ``actor`` started playing a recording, and from where."""
    row = find_recording(store, recording_id)
    minutes, seconds = divmod(int(from_s), 60)
    detail = f"{describe(row)} from {minutes}:{seconds:02d}"
    audit(store, actor, PLAYBACK, row=row, detail=detail)
