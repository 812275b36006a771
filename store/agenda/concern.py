"""Persons and locations of concern, their links to children, and queue items about them (R22).

Keyword-only functions taking a Session; they flush but never commit, like the
rest of ``store.agenda``: the caller's unit of work commits once.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from store.agenda.children import _like
from store.agenda.items import queue_items
from store.agenda.meetings import LATE_ADD_STATUSES, AgendaError, ensure_editable
from store.frozen import record
from store.models import (
    Action,
    AgendaItem,
    Child,
    ConcernLink,
    ConcernLocation,
    ConcernPerson,
    Grading,
    Meeting,
)
from store.records import HistoryEntry
from store.states import SUBJECT_COLUMNS, LocationKind, SubjectKind

_REF_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_PREFIX = {SubjectKind.PERSON: "P-", SubjectKind.LOCATION: "L-"}
_TABLE: dict[str, Any] = {SubjectKind.PERSON: ConcernPerson, SubjectKind.LOCATION: ConcernLocation}
_OPEN = ("open", "in-progress", "not-done")
_DISCUSSED = ("done", "deferred")


@record
class SubjectMatch:
    """A person or a location of concern found by a search."""

    kind: str
    id: int
    ref: str
    name: str
    # For a person: aliases and date of birth; for a location: its kind and local authority.
    detail: str


@record
class LinkRecord:
    """One link between a child and a person or location of concern, seen from either end."""

    id: int
    child_id: int
    child_name: str
    subject_kind: str
    subject_id: int
    subject_name: str
    relation: str


def _new_ref(session: Session, kind: SubjectKind) -> str:
    table = _TABLE[kind]
    for _ in range(20):
        ref = _PREFIX[kind] + "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))
        if session.exec(select(table.id).where(table.ref == ref)).first() is None:
            return str(ref)
    raise AgendaError(f"{kind}: could not find an unused reference; try again.")


def create_person(
    session: Session,
    *,
    name: str,
    at: datetime,
    aliases: str = "",
    date_of_birth: date | None = None,
    areas: str = "",
    police_ref: str = "",
) -> ConcernPerson:
    """A new person of concern with a fresh opaque reference (flushed, not committed)."""
    if not name.strip():
        raise AgendaError("name: a person of concern needs a name.")
    person = ConcernPerson(
        ref=_new_ref(session, SubjectKind.PERSON),
        name=name.strip(),
        aliases=aliases.strip(),
        date_of_birth=date_of_birth,
        areas=areas.strip(),
        police_ref=police_ref.strip(),
        created_at=at,
    )
    session.add(person)
    session.flush()
    return person


def create_location(
    session: Session,
    *,
    name: str,
    kind: str,
    at: datetime,
    address: str = "",
    local_authority: str = "",
) -> ConcernLocation:
    """A new location of concern; AgendaError when its kind is not one of LocationKind."""
    if not name.strip():
        raise AgendaError("name: a location of concern needs a name.")
    if kind not in {k.value for k in LocationKind}:
        choices = ", ".join(k.value for k in LocationKind)
        raise AgendaError(f"kind: a location is one of {choices}.")
    location = ConcernLocation(
        ref=_new_ref(session, SubjectKind.LOCATION),
        name=name.strip(),
        kind=kind,
        address=address.strip(),
        local_authority=local_authority.strip(),
        created_at=at,
    )
    session.add(location)
    session.flush()
    return location


def search_subjects(
    session: Session, *, kind: str, text: str, limit: int = 20
) -> list[SubjectMatch]:
    """Persons (aliases too) or locations whose name holds every word of ``text``."""
    words = text.split()
    if not words:
        return []
    table = _TABLE[kind]
    found: list[SubjectMatch] = []
    if kind == SubjectKind.PERSON:
        cond = [
            or_(
                col(table.name).ilike(_like(w), escape="\\"),
                col(table.aliases).ilike(_like(w), escape="\\"),
            )
            for w in words
        ]
        exact = text.strip().upper()
        by_ref = or_(
            func.upper(col(table.ref)) == exact, func.upper(col(table.police_ref)) == exact
        )
        rows = session.exec(select(table).where(or_(and_(*cond), by_ref)).limit(limit)).all()
        for p in rows:
            born = f"born {p.date_of_birth:%d %b %Y}" if p.date_of_birth else ""
            bits = [f"aka {p.aliases}" if p.aliases else "", born]
            found.append(SubjectMatch(kind, p.id, p.ref, p.name, " · ".join(b for b in bits if b)))
    else:
        cond = [col(table.name).ilike(_like(w), escape="\\") for w in words]
        rows = session.exec(select(table).where(and_(*cond)).limit(limit)).all()
        for loc in rows:
            bits = [loc.kind, loc.local_authority]
            found.append(
                SubjectMatch(kind, loc.id, loc.ref, loc.name, " · ".join(b for b in bits if b))
            )
    return sorted(found, key=lambda m: (m.name, m.id))


def add_subject_item(
    session: Session,
    *,
    meeting: Meeting,
    kind: str,
    subject_id: int,
    reason: str,
    at: datetime,
    late: bool,
    referral_source: str = "intelligence",
) -> AgendaItem:
    """Put a person or a location at the end of the queue; AgendaError if already on it.

    Children go through ``store.agenda.add_item``; the queue, conflicts and
    recording then treat every kind the same.
    """
    if kind not in (SubjectKind.PERSON, SubjectKind.LOCATION):
        raise AgendaError("subject: a person or a location of concern.")
    ensure_editable(meeting, adding=True)
    late = late or meeting.status in LATE_ADD_STATUSES
    assert meeting.id is not None
    visible = queue_items(session, meeting_id=meeting.id)
    for existing in visible:
        if getattr(existing, SUBJECT_COLUMNS[SubjectKind(kind)]) == subject_id:
            raise AgendaError(f"{kind}: already on this queue at position {existing.position}.")
    item = AgendaItem(
        meeting_id=meeting.id,
        subject_kind=kind,
        child_id=None,
        meeting_date=meeting.date,
        profile=meeting.profile,
        position=len(visible) + 1,
        referral_source=referral_source,
        exploitation_types="",
        reason=reason,
        status="waiting",
        late_change=late,
        added_at=at,
    )
    setattr(item, SUBJECT_COLUMNS[SubjectKind(kind)], subject_id)
    session.add(item)
    session.flush()
    return item


def link(
    session: Session, *, child_id: int, kind: str, subject_id: int, relation: str, at: datetime
) -> ConcernLink:
    """Link a child with a person or location, saying what the link is; the same link once."""
    relation = " ".join(relation.split())
    if not relation:
        raise AgendaError("link: say what the link is (e.g. seen with, goes to).")
    if kind not in (SubjectKind.PERSON, SubjectKind.LOCATION):
        raise AgendaError("link: a child is linked with a person or a location of concern.")
    column = SUBJECT_COLUMNS[SubjectKind(kind)]
    existing = session.exec(
        select(ConcernLink).where(
            ConcernLink.child_id == child_id,
            getattr(ConcernLink, column) == subject_id,
            func.lower(ConcernLink.relation) == relation.lower(),
        )
    ).first()
    if existing is not None:
        return existing
    row = ConcernLink(child_id=child_id, relation=relation, created_at=at)
    setattr(row, column, subject_id)
    session.add(row)
    session.flush()
    return row


def unlink(session: Session, *, link_id: int) -> None:
    """Remove one link (a mistaken entry)."""
    row = session.get(ConcernLink, link_id)
    if row is not None:
        session.delete(row)
        session.flush()


def links(
    session: Session,
    *,
    child_ids: Sequence[int] = (),
    person_ids: Sequence[int] = (),
    location_ids: Sequence[int] = (),
) -> list[LinkRecord]:
    """Every link touching these children, persons or locations, oldest first."""
    conditions = []
    if child_ids:
        conditions.append(col(ConcernLink.child_id).in_(child_ids))
    if person_ids:
        conditions.append(col(ConcernLink.concern_person_id).in_(person_ids))
    if location_ids:
        conditions.append(col(ConcernLink.concern_location_id).in_(location_ids))
    if not conditions:
        return []
    query = (
        sa_select(
            col(ConcernLink.id),
            col(ConcernLink.child_id),
            col(Child.name),
            col(ConcernLink.concern_person_id),
            col(ConcernLink.concern_location_id),
            func.coalesce(col(ConcernPerson.name), col(ConcernLocation.name)),
            col(ConcernLink.relation),
        )
        .join(Child, col(Child.id) == col(ConcernLink.child_id))
        .outerjoin(ConcernPerson, col(ConcernPerson.id) == col(ConcernLink.concern_person_id))
        .outerjoin(ConcernLocation, col(ConcernLocation.id) == col(ConcernLink.concern_location_id))
        .where(or_(*conditions))
        .order_by(col(ConcernLink.id))
    )
    found = []
    for link_id, child_id, child_name, person_id, location_id, name, relation in session.execute(
        query
    ):
        kind = SubjectKind.PERSON if person_id is not None else SubjectKind.LOCATION
        found.append(
            LinkRecord(
                id=link_id,
                child_id=child_id,
                child_name=child_name,
                subject_kind=kind.value,
                subject_id=person_id if person_id is not None else location_id,
                subject_name=name,
                relation=relation,
            )
        )
    return found


def subject_histories(
    session: Session, *, kind: str, ids: Sequence[int], before: date, per_subject: int = 10
) -> dict[int, list[HistoryEntry]]:
    """Earlier discussions of each person or location, newest first."""
    if not ids:
        return {}
    column = col(getattr(AgendaItem, SUBJECT_COLUMNS[SubjectKind(kind)]))
    query = (
        sa_select(
            column,
            col(AgendaItem.id),
            col(AgendaItem.meeting_date),
            col(AgendaItem.profile),
            col(AgendaItem.status),
            col(Grading.grade),
            col(Grading.outcome),
            col(Grading.rationale),
        )
        .outerjoin(Grading, col(Grading.item_id) == col(AgendaItem.id))
        .where(column.in_(ids))
        .where(col(AgendaItem.status).in_(_DISCUSSED))
        .where(col(AgendaItem.meeting_date) < before)
        .order_by(col(AgendaItem.meeting_date).desc(), col(AgendaItem.id).desc())
    )
    found: dict[int, list[HistoryEntry]] = {i: [] for i in ids}
    for subject_id, *rest in session.execute(query):
        if len(found[subject_id]) < per_subject:
            found[subject_id].append(HistoryEntry(*rest))
    return found


def subject_open_actions(
    session: Session, *, kind: str, ids: Sequence[int], before: date
) -> dict[int, int]:
    """How many actions agreed on each person or location before ``before`` are still open."""
    if not ids:
        return {}
    column = col(getattr(AgendaItem, SUBJECT_COLUMNS[SubjectKind(kind)]))
    query = (
        sa_select(column, func.count(col(Action.id)))
        .join(AgendaItem, col(AgendaItem.id) == col(Action.item_id))
        .where(column.in_(ids))
        .where(col(Action.status).in_(_OPEN))
        .where(col(Action.meeting_date) < before)
        .group_by(column)
    )
    found = dict.fromkeys(ids, 0)
    for subject_id, count in session.execute(query):
        found[subject_id] = count
    return found


def subject_of(session: Session, item: AgendaItem) -> tuple[str, int, str]:
    """An agenda item's subject: its kind, its id in its own table, and its name.

    A free item (R19) has no subject: its own id and its title stand in."""
    if item.subject_kind == SubjectKind.FREE:
        assert item.id is not None
        return item.subject_kind, item.id, item.title
    table: Any = {
        SubjectKind.CHILD: Child,
        SubjectKind.PERSON: ConcernPerson,
        SubjectKind.LOCATION: ConcernLocation,
    }[SubjectKind(item.subject_kind)]
    subject_id = getattr(item, SUBJECT_COLUMNS[SubjectKind(item.subject_kind)])
    row = session.get(table, subject_id)
    assert row is not None
    return item.subject_kind, subject_id, row.name


def subject_ref(session: Session, item: AgendaItem) -> str:
    """An agenda item's subject's opaque reference, whatever its kind (never a name); "" for a
    free item, which has none."""
    if item.subject_kind == SubjectKind.FREE:
        return ""
    table: Any = {
        SubjectKind.CHILD: Child,
        SubjectKind.PERSON: ConcernPerson,
        SubjectKind.LOCATION: ConcernLocation,
    }[SubjectKind(item.subject_kind)]
    row = session.get(table, getattr(item, SUBJECT_COLUMNS[SubjectKind(item.subject_kind)]))
    assert row is not None
    return str(row.ref)


def person(session: Session, *, person_id: int) -> ConcernPerson | None:
    """A person of concern by id."""
    return session.get(ConcernPerson, person_id)


def location(session: Session, *, location_id: int) -> ConcernLocation | None:
    """A location of concern by id."""
    return session.get(ConcernLocation, location_id)
