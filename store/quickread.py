"""The chair's first screen read with the standard library's sqlite3 (start-up speed).

Importing SQLAlchemy and SQLModel costs more than painting the whole UI. The
forked helper (mace_tui/early.py) uses this module to read what the register
shows, straight from an SQLite file, in a few milliseconds; the app opens the
real store afterwards and does everything else through it.

It only reads, and only a database at the schema revision this version was
built for, holding the meeting already; in every other case it answers None
and the caller takes the normal path. ``tests/store/test_quickread.py`` checks
its records equal the store's queries on the same database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from store.frozen import record
from store.records import AgencyRecord, AttendanceRecord, MeetingRecord, QueueEntry
from store.revision import HEAD

T = TypeVar("T")


class NotPermitted(Exception):
    """The account at the keyboard may not see this screen: nothing is read early (the app's
    own check then refuses, audited, and says why)."""


def may_read(conn: Any, *, account: str, roles: Sequence[str]) -> bool:
    """True when ``account`` holds one of ``roles``, or the store has no login yet (its first
    user is given every role); as ``mace_tui.access.service.may``, without writing."""
    row = conn.execute("SELECT roles FROM login WHERE os_account = ?", (account,)).fetchone()
    if row is None:
        return not conn.execute("SELECT EXISTS(SELECT 1 FROM login)").fetchone()[0]
    return bool({r for r in row[0].split(",") if r} & set(roles))


@record
class FirstScreen:
    """The meeting, and (at the register) its people, agencies and queue."""

    meeting: MeetingRecord
    people: tuple[AttendanceRecord, ...] = ()
    agencies: tuple[AgencyRecord, ...] = ()
    queue: tuple[QueueEntry, ...] = ()


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _stamp(value: str | None) -> datetime | None:
    """SQLite keeps UTC without a zone (see store.types.UTCDateTime)."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


MEETING = """
    SELECT id, profile, date, status, stage, scheduled_start, scheduled_minutes,
           started_at, ended_at, current_item_id, extraordinary
    FROM meeting WHERE profile = ? AND date = ? ORDER BY id LIMIT 1
"""
PEOPLE = """
    SELECT a.id, p.id, p.name, p.title, p.role, g.id, g.name, g.sector, a.status,
           a.deputy_for_id, d.name, a.invited, a.walk_in, a.joined_at, a.left_at
    FROM attendance a
    JOIN person p ON p.id = a.person_id
    JOIN agency g ON g.id = p.agency_id
    LEFT JOIN person d ON d.id = a.deputy_for_id
    WHERE a.meeting_id = ?
    ORDER BY g.name, p.name
"""
AGENCIES = "SELECT id, key, name, sector, contact FROM agency ORDER BY name"
QUEUE = """
    SELECT i.id, i.position, i.status, i.child_id,
           COALESCE(c.ref, p.ref, l.ref, ''), COALESCE(c.name, p.name, l.name, i.title),
           COALESCE(c.date_of_birth, p.date_of_birth),
           COALESCE(c.local_authority, l.local_authority, ''),
           i.referral_source, i.exploitation_types, i.reason, i.late_change, i.started_at,
           i.subject_kind, COALESCE(i.child_id, i.concern_person_id, i.concern_location_id, i.id),
           i.free_section
    FROM agenda_item i
    LEFT JOIN child c ON c.id = i.child_id
    LEFT JOIN concern_person p ON p.id = i.concern_person_id
    LEFT JOIN concern_location l ON l.id = i.concern_location_id
    WHERE i.meeting_id = ? AND i.status != 'removed'
    ORDER BY i.position ASC
"""


def meeting_record(row: Any) -> MeetingRecord:
    """A meeting row of ``MEETING`` as the store's record."""
    return MeetingRecord(
        id=row[0],
        profile=row[1],
        date=date.fromisoformat(row[2]),
        status=row[3],
        stage=row[4],
        scheduled_start=row[5],
        scheduled_minutes=row[6],
        started_at=_stamp(row[7]),
        ended_at=_stamp(row[8]),
        current_item_id=row[9],
        extraordinary=bool(row[10]),
    )


def queue_entries(conn: Any, meeting_id: int) -> tuple[QueueEntry, ...]:
    """The meeting's queue, as ``store.queries.meeting_queue`` reads it."""
    return tuple(
        QueueEntry(
            item_id=r[0],
            position=r[1],
            status=r[2],
            child_id=r[3],
            child_ref=r[4],
            name=r[5],
            date_of_birth=_day(r[6]),
            local_authority=r[7],
            referral_source=r[8],
            exploitation_types=r[9],
            reason=r[10],
            late_change=bool(r[11]),
            started_at=_stamp(r[12]),
            subject_kind=r[13],
            subject_id=r[14],
            free_section=r[15],
        )
        for r in conn.execute(QUEUE, (meeting_id,))
    )


def connect(path: Path, key: bytes | None, *, read_only: bool = False) -> Any | None:
    """sqlite3 on a plain file; SQLCipher with ``key`` on an encrypted one (None if it cannot)."""
    from store.cipher import read_only_uri

    target, uri = (read_only_uri(path), True) if read_only else (str(path), False)
    if key is None:
        try:
            return sqlite3.connect(target, uri=uri, timeout=2.0)
        except sqlite3.Error:
            return None
    from store.cipher import dbapi, unlock

    try:
        conn = dbapi().connect(target, uri=uri, timeout=2.0)
    except Exception:
        return None
    unlock(conn, key)
    return conn


def read_checked(
    path: Path,
    *,
    key: bytes | None,
    access: tuple[str, Sequence[str]] | None,
    then: Callable[[Any], T | None],
) -> T | None:
    """``then(conn)`` in one read transaction (a consistent picture) on a file at this
    version's schema, once the login is checked; None when the file is not one this
    version reads, or on any error (the normal path then answers and says what is wrong).

    ``key`` opens an encrypted file (store/cipher.py). ``access`` (the account and the roles
    that may see it): NotPermitted if the account holds none of them."""
    if not path.is_file():
        return None
    conn = connect(path, key)
    if conn is None:
        return None
    try:
        with conn:
            conn.execute("BEGIN")
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchall()
            if revision != [(HEAD,)]:
                return None
            if access is not None and not may_read(conn, account=access[0], roles=access[1]):
                raise NotPermitted
            return then(conn)
    except NotPermitted:
        raise
    except Exception:
        # sqlite3's or SQLCipher's error, or a value not as expected.
        return None
    finally:
        conn.close()


def read_meeting(
    path: Path,
    *,
    profile: str,
    on: date,
    key: bytes | None,
    access: tuple[str, Sequence[str]] | None,
    then: Callable[[Any, MeetingRecord], T],
) -> T | None:
    """``then(conn, meeting)`` for the meeting of ``profile`` on ``on`` (``read_checked``);
    None when there is no such meeting."""

    def found(conn: Any) -> T | None:
        row = conn.execute(MEETING, (profile, on.isoformat())).fetchone()
        return None if row is None else then(conn, meeting_record(row))

    return read_checked(path, key=key, access=access, then=found)


def first_screen(
    path: Path,
    *,
    profile: str,
    on: date,
    key: bytes | None = None,
    access: tuple[str, Sequence[str]] | None = None,
) -> FirstScreen | None:
    """The meeting of ``profile`` on ``on`` and, at the register, what it shows; else None
    (see ``read_meeting``)."""

    def register(conn: Any, meeting: MeetingRecord) -> FirstScreen:
        if meeting.stage != "attendance":
            return FirstScreen(meeting)
        people = tuple(
            AttendanceRecord(
                id=r[0],
                person_id=r[1],
                name=r[2],
                title=r[3],
                role=r[4],
                agency_id=r[5],
                agency=r[6],
                sector=r[7],
                status=r[8],
                deputy_for_id=r[9],
                deputy_for=r[10],
                invited=bool(r[11]),
                walk_in=bool(r[12]),
                joined_at=_stamp(r[13]),
                left_at=_stamp(r[14]),
            )
            for r in conn.execute(PEOPLE, (meeting.id,))
        )
        agencies = tuple(AgencyRecord(*r) for r in conn.execute(AGENCIES))
        return FirstScreen(meeting, people, agencies, queue_entries(conn, meeting.id))

    return read_meeting(path, profile=profile, on=on, key=key, access=access, then=register)


def directory_is_empty(path: Path, *, key: bytes | None = None) -> bool | None:
    """True when the SQLite file holds no agency and no person (or does not exist yet).

    None when it cannot tell (a locked or foreign file): the caller then takes
    its normal path, which reports any real problem. ``key`` opens an encrypted file.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return True
    conn = connect(path, key, read_only=True)
    if conn is None:
        return None
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "agency" not in tables or "person" not in tables:
            return True
        row = conn.execute(
            "SELECT EXISTS(SELECT 1 FROM agency) OR EXISTS(SELECT 1 FROM person)"
        ).fetchone()
        return not row[0]
    except Exception:
        return None  # sqlite3's or SQLCipher's error: the normal path says what is wrong
    finally:
        conn.close()
