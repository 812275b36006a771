"""The audit log (R18): append-only AuditEvent rows, each chained to the one before by hash.

Each event's hash covers its own fields and the previous event's hash, so
changing, removing or reordering any stored event breaks the chain from that
point on and :func:`verify_chain` names the first event that no longer fits.
This module deliberately has no function that updates or deletes an event.

Appending takes the database's write lock before reading the previous hash
(the row is inserted first, then hashed, in one transaction), so two seats
appending at once cannot both chain onto the same event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import text
from sqlmodel import Session, col, select

from store.models import AuditEvent

# The "previous hash" of the first event.
GENESIS = "0" * 64
# Rows read at a time while verifying: the log may hold years of events.
_BATCH = 2000


@dataclass(frozen=True)
class AuditRecord:
    """One stored audit event."""

    id: int
    at: datetime
    os_user: str
    action: str
    recording_id: int | None
    meeting_id: int | None
    detail: str
    reason: str
    prev_hash: str
    hash: str


def event_hash(
    *,
    id: int,
    at: datetime,
    os_user: str,
    action: str,
    recording_id: int | None,
    meeting_id: int | None,
    detail: str,
    reason: str,
    prev_hash: str,
) -> str:
    """The SHA-256 of an event's fields and the previous event's hash, as 64 hex digits."""
    fields = [
        id,
        at.astimezone(UTC).isoformat(timespec="microseconds"),
        os_user,
        action,
        recording_id,
        meeting_id,
        detail,
        reason,
        prev_hash,
    ]
    canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _record(row: AuditEvent) -> AuditRecord:
    assert row.id is not None
    return AuditRecord(
        id=row.id,
        at=row.at,
        os_user=row.os_user,
        action=row.action,
        recording_id=row.recording_id,
        meeting_id=row.meeting_id,
        detail=row.detail,
        reason=row.reason,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def _lock_for_append(session: Session) -> None:
    """On PostgreSQL, serialise appenders; SQLite's first INSERT takes its write lock anyway."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE audit_event IN SHARE ROW EXCLUSIVE MODE"))


def append_event(
    session: Session,
    *,
    action: str,
    os_user: str,
    at: datetime,
    recording_id: int | None = None,
    meeting_id: int | None = None,
    detail: str = "",
    reason: str = "",
) -> AuditRecord:
    """Add one event at the end of the chain and commit (with any other pending change).

    ``detail`` and ``reason`` must never hold a child's name: use the opaque reference.
    """
    if at.tzinfo is None:
        raise ValueError("at: audit times must carry a timezone")
    _lock_for_append(session)
    row = AuditEvent(
        at=at,
        os_user=os_user[:100],
        action=action[:40],
        recording_id=recording_id,
        meeting_id=meeting_id,
        detail=detail[:2000],
        reason=reason[:2000],
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    previous = session.exec(
        select(AuditEvent.hash)
        .where(col(AuditEvent.id) < row.id)
        .order_by(col(AuditEvent.id).desc())
        .limit(1)
    ).first()
    row.prev_hash = previous if previous is not None else GENESIS
    # Hash the values as they will read back (UTC, microseconds) so verify agrees.
    row.hash = event_hash(
        id=row.id,
        at=row.at,
        os_user=row.os_user,
        action=row.action,
        recording_id=row.recording_id,
        meeting_id=row.meeting_id,
        detail=row.detail,
        reason=row.reason,
        prev_hash=row.prev_hash,
    )
    session.add(row)
    session.commit()
    return _record(row)


def audit_events(
    session: Session,
    *,
    since: datetime | None = None,
    recording_id: int | None = None,
    limit: int | None = None,
) -> list[AuditRecord]:
    """Events in the order they were written, optionally from ``since`` or for one recording."""
    query = select(AuditEvent).order_by(col(AuditEvent.id))
    if since is not None:
        query = query.where(col(AuditEvent.at) >= since)
    if recording_id is not None:
        query = query.where(AuditEvent.recording_id == recording_id)
    if limit is not None:
        query = query.order_by(None).order_by(col(AuditEvent.id).desc()).limit(limit)
        return [_record(r) for r in reversed(session.exec(query).all())]
    return [_record(r) for r in session.exec(query)]


def _all_events(session: Session) -> Iterator[AuditRecord]:
    last = 0
    while True:
        rows = session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.id) > last)
            .order_by(col(AuditEvent.id))
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        for row in rows:
            yield _record(row)
        last = rows[-1].id or last


@dataclass(frozen=True)
class ChainCheck:
    """The result of checking the whole chain."""

    events: int
    last_hash: str
    bad_event_id: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        """True when every event's hash and link are as written."""
        return self.bad_event_id is None


def verify_chain(session: Session) -> ChainCheck:
    """Recompute every event's hash in order; report the first event that does not fit."""
    expected_prev = GENESIS
    count = 0
    for event in _all_events(session):
        count += 1
        if event.prev_hash != expected_prev:
            return ChainCheck(
                count,
                expected_prev,
                event.id,
                "its link to the event before does not match: an earlier event was "
                "removed, added or changed",
            )
        recomputed = event_hash(
            id=event.id,
            at=event.at,
            os_user=event.os_user,
            action=event.action,
            recording_id=event.recording_id,
            meeting_id=event.meeting_id,
            detail=event.detail,
            reason=event.reason,
            prev_hash=event.prev_hash,
        )
        if recomputed != event.hash:
            return ChainCheck(
                count, expected_prev, event.id, "its contents were changed after it was written"
            )
        expected_prev = event.hash
    return ChainCheck(count, expected_prev)
