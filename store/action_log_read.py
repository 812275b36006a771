"""Reading one meeting's whole record for its action log (R11), as plain frozen rows.

Keyword-only functions taking a Session; each row type copies the columns the log
uses, under the same names as the table's, so the report (``mace_tui.reports.action_log``)
never touches the tables. Orders are the ones the log prints in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import fields
from typing import Any, TypeVar

from sqlmodel import Session, col, select

from store import models as m
from store.frozen import record

Row = TypeVar("Row")


def _copy(kind: type[Row], row: Any) -> Row:
    """The ``kind`` record of a table row: its same-named columns."""
    return kind(**{f.name: getattr(row, f.name) for f in fields(kind)})  # type: ignore[arg-type]


@record
class LogMeeting:
    """A meeting, as its log's heading and checks need it."""

    id: int
    profile: str
    date: dt.date
    status: str
    chair_id: int | None
    scheduled_start: str
    scheduled_minutes: int
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    statements_confirmed_at: dt.datetime | None
    rearranged_date: dt.date | None
    inquorate_reason: str
    extraordinary: bool


@record
class LogPerson:
    """Someone in the directory."""

    id: int
    name: str
    role: str
    agency_id: int


@record
class LogAgency:
    """An agency in the directory."""

    id: int
    key: str
    name: str
    sector: str
    contact: str


@record
class LogSeat:
    """One person's attendance at the meeting."""

    person_id: int
    status: str
    joined_at: dt.datetime | None
    left_at: dt.datetime | None
    deputy_for_id: int | None
    walk_in: bool


@record
class LogBreak:
    """A time someone stepped out of the meeting and came back."""

    person_id: int
    left_at: dt.datetime
    back_at: dt.datetime


@record
class LogItem:
    """One item on the meeting's agenda (a child, a person or place of concern, a free item)."""

    id: int
    subject_kind: str
    child_id: int | None
    concern_person_id: int | None
    concern_location_id: int | None
    title: str
    free_section: str
    position: int
    referral_source: str
    exploitation_types: str
    reason: str
    status: str
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    deferred_reason: str
    deferred_from_id: int | None
    quorum_override_reason: str


@record
class LogChild:
    """A child as the log names them."""

    id: int
    ref: str
    name: str
    date_of_birth: dt.date | None
    local_authority: str
    police_ref: str
    la_ref: str
    npa: str


@record
class LogConcernPerson:
    """A person of concern (R22)."""

    ref: str
    name: str
    date_of_birth: dt.date | None
    police_ref: str
    aliases: str


@record
class LogConcernLocation:
    """A location of concern (R22)."""

    ref: str
    name: str
    local_authority: str
    kind: str
    address: str


@record
class LogConflict:
    """A conflict of interest declared on an item."""

    item_id: int
    person_id: int
    reason: str
    source: str
    declared_at: dt.datetime
    left_at: dt.datetime | None
    rejoined_at: dt.datetime | None


@record
class LogClearedOverride:
    """A quorum override withdrawn on an item."""

    item_id: int
    reason: str
    cleared_at: dt.datetime


@record
class LogNote:
    """A THRIVE note on an item."""

    id: int
    item_id: int
    section: str
    agency_id: int | None
    person_id: int | None
    kind: str
    text: str
    created_at: dt.datetime


@record
class LogGrading:
    """An item's grade and outcome."""

    item_id: int
    grade: str
    rationale: str
    proposed_outcome: str
    outcome: str
    team_name: str
    outcome_reason: str
    override_reason: str


@record
class LogAction:
    """An action, agreed at this meeting or an earlier one."""

    id: int
    item_id: int | None
    child_id: int | None
    meeting_date: dt.date
    kind: str
    text: str
    owner: str
    owner_person_id: int | None
    agency_id: int | None
    due: dt.date | None
    agreed: bool
    status: str
    share_what: str
    share_with: str
    share_why: str
    allocated_professional: bool
    topic: str
    tactic: str


@record
class LogRecording:
    """A recording made at the meeting, with its gaps (at, lost, why)."""

    id: int
    item_id: int | None
    path: str
    duration_s: float | None
    sha256: str
    state: str
    gaps: tuple[tuple[float, float, str], ...] = ()


@record
class LogReview:
    """An update given on an earlier action (R12)."""

    action_id: int
    status: str
    note: str
    given_by_id: int | None


@record
class LogVersionRow:
    """A version of the log issued after the first (R20)."""

    number: int
    reason: str
    change: str
    issued_by: str
    issued_at: dt.datetime


def _meetings(rows: Iterable[m.Meeting]) -> list[LogMeeting]:
    return [_copy(LogMeeting, row) for row in rows]


def latest_meeting_in(session: Session, *, statuses: Collection[str]) -> LogMeeting | None:
    """The latest meeting (by date, then id) with one of ``statuses``."""
    row = session.exec(
        select(m.Meeting)
        .where(col(m.Meeting.status).in_(statuses))
        .order_by(col(m.Meeting.date).desc(), col(m.Meeting.id).desc())
        .limit(1)
    ).first()
    return None if row is None else _copy(LogMeeting, row)


def meetings_on(session: Session, *, on: dt.date) -> list[LogMeeting]:
    """Every meeting on ``on``, by profile key."""
    query = select(m.Meeting).where(m.Meeting.date == on).order_by(col(m.Meeting.profile))
    return _meetings(session.exec(query))


def log_meeting(session: Session, *, meeting_id: int) -> LogMeeting | None:
    """One meeting, or None."""
    row = session.get(m.Meeting, meeting_id)
    return None if row is None or row.id is None else _copy(LogMeeting, row)


def previous_meeting(
    session: Session, *, profile: str, before: dt.date, status: str
) -> LogMeeting | None:
    """The latest meeting of ``profile`` before ``before`` with ``status``."""
    row = session.exec(
        select(m.Meeting)
        .where(m.Meeting.profile == profile, m.Meeting.date < before, m.Meeting.status == status)
        .order_by(col(m.Meeting.date).desc())
        .limit(1)
    ).first()
    return None if row is None else _copy(LogMeeting, row)


def directory(session: Session) -> tuple[dict[int, LogPerson], dict[int, LogAgency]]:
    """Everyone and every agency (active or not), by id."""
    people = {p.id: _copy(LogPerson, p) for p in session.exec(select(m.Person)) if p.id is not None}
    agencies = {
        a.id: _copy(LogAgency, a) for a in session.exec(select(m.Agency)) if a.id is not None
    }
    return people, agencies


def seats(session: Session, *, meeting_id: int) -> list[LogSeat]:
    """The meeting's attendance, in the order recorded."""
    query = (
        select(m.Attendance)
        .where(m.Attendance.meeting_id == meeting_id)
        .order_by(col(m.Attendance.id))
    )
    return [_copy(LogSeat, row) for row in session.exec(query)]


def presence_breaks(session: Session, *, meeting_id: int) -> list[LogBreak]:
    """The times people stepped out, earliest first."""
    query = (
        select(m.PresenceBreak)
        .where(m.PresenceBreak.meeting_id == meeting_id)
        .order_by(col(m.PresenceBreak.left_at))
    )
    return [_copy(LogBreak, row) for row in session.exec(query)]


def items(session: Session, *, meeting_id: int) -> list[LogItem]:
    """The meeting's agenda items, those removed left out (in no particular order)."""
    query = select(m.AgendaItem).where(
        m.AgendaItem.meeting_id == meeting_id, m.AgendaItem.status != "removed"
    )
    return [_copy(LogItem, row) for row in session.exec(query)]


def item_dates(session: Session, *, item_ids: Collection[int]) -> dict[int, dt.date]:
    """The meeting date of each of these items."""
    query = select(m.AgendaItem).where(col(m.AgendaItem.id).in_(item_ids))
    return {row.id: row.meeting_date for row in session.exec(query) if row.id is not None}


def children(session: Session, *, ids: Collection[int | None]) -> dict[int, LogChild]:
    """These children, by id."""
    query = select(m.Child).where(col(m.Child.id).in_(ids))
    return {row.id: _copy(LogChild, row) for row in session.exec(query) if row.id is not None}


def concern_person(session: Session, *, person_id: int | None) -> LogConcernPerson:
    """A person of concern, who must exist."""
    row = session.get(m.ConcernPerson, person_id)
    assert row is not None
    return _copy(LogConcernPerson, row)


def concern_location(session: Session, *, location_id: int | None) -> LogConcernLocation:
    """A location of concern, which must exist."""
    row = session.get(m.ConcernLocation, location_id)
    assert row is not None
    return _copy(LogConcernLocation, row)


def conflicts(session: Session, *, item_ids: Collection[int]) -> list[LogConflict]:
    """Conflicts declared on these items, in the order declared."""
    query = (
        select(m.Conflict)
        .where(col(m.Conflict.item_id).in_(item_ids))
        .order_by(col(m.Conflict.declared_at), col(m.Conflict.id))
    )
    return [_copy(LogConflict, row) for row in session.exec(query)]


def cleared_overrides(session: Session, *, item_ids: Collection[int]) -> list[LogClearedOverride]:
    """Quorum overrides withdrawn on these items, in the order withdrawn."""
    query = (
        select(m.ClearedOverride)
        .where(col(m.ClearedOverride.item_id).in_(item_ids))
        .order_by(col(m.ClearedOverride.cleared_at), col(m.ClearedOverride.id))
    )
    return [_copy(LogClearedOverride, row) for row in session.exec(query)]


def notes(session: Session, *, item_ids: Collection[int]) -> list[LogNote]:
    """THRIVE notes on these items (in no particular order; ``id`` 0 for an unsaved one)."""
    query = select(m.ThriveNote).where(col(m.ThriveNote.item_id).in_(item_ids))
    return [
        LogNote(**{**{f.name: getattr(row, f.name) for f in fields(LogNote)}, "id": row.id or 0})
        for row in session.exec(query)
    ]


def gradings(session: Session, *, item_ids: Collection[int]) -> dict[int, LogGrading]:
    """Each graded item's grading, by item id."""
    query = select(m.Grading).where(col(m.Grading.item_id).in_(item_ids))
    return {row.item_id: _copy(LogGrading, row) for row in session.exec(query)}


def meeting_actions(session: Session, *, meeting_id: int) -> list[LogAction]:
    """The actions agreed at the meeting, in the order made."""
    query = select(m.Action).where(m.Action.meeting_id == meeting_id).order_by(col(m.Action.id))
    return [_copy(LogAction, row) for row in session.exec(query)]


def actions(session: Session, *, ids: Collection[int]) -> dict[int, LogAction]:
    """These actions, by id."""
    query = select(m.Action).where(col(m.Action.id).in_(ids))
    return {row.id: _copy(LogAction, row) for row in session.exec(query) if row.id is not None}


def overdue_actions(
    session: Session, *, profile: str, before: dt.date, statuses: Collection[str]
) -> list[LogAction]:
    """Actions of ``profile`` agreed before ``before``, due before it and still in one of
    ``statuses``: soonest due first."""
    query = (
        select(m.Action)
        .where(
            m.Action.profile == profile,
            m.Action.meeting_date < before,
            col(m.Action.due) < before,
            col(m.Action.status).in_(statuses),
        )
        .order_by(col(m.Action.due), col(m.Action.id))
    )
    return [_copy(LogAction, row) for row in session.exec(query)]


def recordings(session: Session, *, meeting_id: int) -> list[LogRecording]:
    """The meeting's recordings in the order started, each with its gaps."""
    rows = list(
        session.exec(
            select(m.Recording)
            .where(m.Recording.meeting_id == meeting_id)
            .order_by(col(m.Recording.started_at), col(m.Recording.id))
        )
    )
    gaps: dict[int, list[tuple[float, float, str]]] = {}
    for gap in session.exec(
        select(m.RecordingGap)
        .where(col(m.RecordingGap.recording_id).in_([r.id for r in rows]))
        .order_by(col(m.RecordingGap.id))
    ):
        gaps.setdefault(gap.recording_id, []).append((gap.at_s, gap.lost_s, gap.reason))
    found = []
    for row in rows:
        assert row.id is not None
        found.append(
            LogRecording(
                id=row.id,
                item_id=row.item_id,
                path=row.path,
                duration_s=row.duration_s,
                sha256=row.sha256,
                state=row.state,
                gaps=tuple(gaps.get(row.id, ())),
            )
        )
    return found


def reviews(session: Session, *, meeting_id: int) -> list[LogReview]:
    """Updates given at the meeting on earlier actions, in the order given."""
    query = (
        select(m.ActionReview)
        .where(m.ActionReview.meeting_id == meeting_id)
        .order_by(col(m.ActionReview.reviewed_at), col(m.ActionReview.id))
    )
    return [_copy(LogReview, row) for row in session.exec(query)]


def statuses_before(
    session: Session, *, action_ids: Collection[int], before: dt.date
) -> dict[int, str]:
    """Each action's status as last given at a meeting before ``before`` (those with none
    left out)."""
    earlier: dict[int, str] = {}
    for review in session.exec(
        select(m.ActionReview)
        .join(m.Meeting, col(m.Meeting.id) == col(m.ActionReview.meeting_id))
        .where(col(m.ActionReview.action_id).in_(action_ids), m.Meeting.date < before)
        .order_by(col(m.Meeting.date), col(m.ActionReview.reviewed_at), col(m.ActionReview.id))
    ):
        earlier[review.action_id] = review.status
    return earlier


def later_versions(session: Session, *, meeting_id: int) -> list[LogVersionRow]:
    """The versions of the meeting's log issued after the first, oldest first (R20)."""
    query = (
        select(m.LogVersion)
        .where(m.LogVersion.meeting_id == meeting_id, col(m.LogVersion.number) > 1)
        .order_by(col(m.LogVersion.number))
    )
    return [_copy(LogVersionRow, row) for row in session.exec(query)]
