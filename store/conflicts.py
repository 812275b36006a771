"""Conflicts of interest during a meeting (R3) and the per-child quorum override (R2).

A conflict is one person for one child. Recorded while preparing (source
"prepared"), it applies when the child's discussion starts unless the chair
clears it with a reason (source becomes "cleared"). Declared when the child
comes up ("asked") or during the discussion ("raised"), the person leaves at
once. Everyone out for a child rejoins when the next child starts, or when
the meeting ends. Every function commits its own change.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from store.errors import UserError
from store.frozen import record
from store.models import Agency, AgendaItem, Attendance, ClearedOverride, Conflict, Person
from store.types import utcnow

ACTIVE = ("prepared", "asked", "raised")
DECLARED_NOW = ("asked", "raised")


class ConflictError(UserError):
    """A conflict change that cannot be made; the message names the field and what to do."""


# The subject in a message, by its kind (R22).
_THIS = {"child": "this child", "person": "this person", "location": "this location"}


@record
class ItemConflict:
    """One person's conflict for one child, as the chair's screens show it."""

    id: int
    item_id: int
    person_id: int
    name: str
    agency: str
    reason: str
    source: str
    declared_at: datetime
    left_at: datetime | None
    rejoined_at: datetime | None

    @property
    def active(self) -> bool:
        """The person is (or will be, once the child starts) out of the room for this child."""
        return self.source in ACTIVE


def item_conflicts(session: Session, *, item_id: int) -> list[ItemConflict]:
    """Every conflict recorded for one child's discussion, in the order declared."""
    rows = session.execute(
        sa_select(
            *(
                col(Conflict.id),
                col(Conflict.item_id),
                col(Conflict.person_id),
                col(Person.name),
                col(Agency.name),
                col(Conflict.reason),
                col(Conflict.source),
                col(Conflict.declared_at),
                col(Conflict.left_at),
                col(Conflict.rejoined_at),
            )
        )
        .join(Person, col(Person.id) == col(Conflict.person_id))
        .join(Agency, col(Agency.id) == col(Person.agency_id))
        .where(col(Conflict.item_id) == item_id)
        .order_by(col(Conflict.declared_at), col(Conflict.id))
    )
    return [ItemConflict(*row) for row in rows]


def conflicted_ids(session: Session, *, item_id: int) -> set[int]:
    """The people out of the room for this child."""
    rows = session.exec(
        select(Conflict.person_id).where(
            Conflict.item_id == item_id, col(Conflict.source).in_(ACTIVE)
        )
    ).all()
    return set(rows)


def _item(session: Session, item_id: int) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise ConflictError(f"agenda item {item_id} no longer exists.")
    return item


def _in_room(session: Session, meeting_id: int, person_id: int) -> bool:
    seat = session.exec(
        select(Attendance).where(
            Attendance.meeting_id == meeting_id, Attendance.person_id == person_id
        )
    ).first()
    return seat is not None and seat.status == "present" and seat.left_at is None


def declare(
    session: Session, *, item_id: int, person_id: int, reason: str, source: str, at: datetime
) -> None:
    """A person in the room declares a conflict for this child and leaves for it at once."""
    if source not in DECLARED_NOW:
        raise ConflictError(f"Conflict source: {source!r} must be asked or raised.")
    reason = " ".join(reason.split())
    if not reason:
        raise ConflictError("Reason: say in a few words why there is a conflict.")
    item = _item(session, item_id)
    if item.status in ("done", "deferred", "removed"):
        raise ConflictError("This child's discussion is closed; no conflict can be declared now.")
    if not _in_room(session, item.meeting_id, person_id):
        raise ConflictError("Person: only someone in the room can declare a conflict.")
    row = session.exec(
        select(Conflict).where(Conflict.item_id == item_id, Conflict.person_id == person_id)
    ).first()
    if row is not None and row.source in ACTIVE:
        this = _THIS.get(item.subject_kind, "this child")
        raise ConflictError(f"Person: they already have a conflict for {this}.")
    if row is None:
        row = Conflict(item_id=item_id, person_id=person_id)
        session.add(row)
    row.reason = reason
    row.source = source
    row.declared_at = at
    # Before the child starts, they leave when it does (see apply_at_start).
    row.left_at = at if item.status == "in-discussion" else None
    row.rejoined_at = None
    session.commit()


def clear_prepared(session: Session, *, conflict_id: int, reason: str) -> None:
    """The chair sets aside a conflict, before the child starts: one recorded while preparing,
    or one declared as the child came up (entered for the wrong person, say)."""
    reason = " ".join(reason.split())
    if not reason:
        raise ConflictError("Reason: say why the recorded conflict does not apply.")
    row = session.get(Conflict, conflict_id)
    if row is None:
        raise ConflictError(f"conflict {conflict_id} no longer exists.")
    if row.source not in ("prepared", "asked") or row.left_at is not None:
        raise ConflictError(
            "Only a conflict recorded beforehand or declared as the child came up can be "
            "cleared, and only before the child starts."
        )
    when = "recorded beforehand" if row.source == "prepared" else "declared"
    recorded = f" ({when}: {row.reason})" if row.reason else ""
    row.reason = f"Cleared by the chair: {reason}{recorded}"[:1000]
    row.source = "cleared"
    session.commit()


def apply_at_start(session: Session, *, item_id: int, at: datetime) -> int:
    """The child's discussion starts: everyone in the room with a conflict for it leaves now.

    Someone not in the room (absent, or gone) stays out for this child without a leave
    time: they did not leave it, and if they arrive during it they do not take part.
    """
    item = _item(session, item_id)
    rows = session.exec(
        select(Conflict).where(
            Conflict.item_id == item_id,
            col(Conflict.source).in_(ACTIVE),
            col(Conflict.left_at).is_(None),
        )
    ).all()
    left = 0
    for row in rows:
        if _in_room(session, item.meeting_id, row.person_id):
            row.left_at = at
            left += 1
    session.commit()
    return left


def rejoin_all(
    session: Session, *, meeting_id: int, except_item_id: int | None, at: datetime
) -> int:
    """Everyone out for an earlier child rejoins (the next child starts, or the meeting ends)."""
    items = select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id)
    query = select(Conflict).where(
        col(Conflict.item_id).in_(items),
        col(Conflict.left_at).is_not(None),
        col(Conflict.rejoined_at).is_(None),
    )
    if except_item_id is not None:
        query = query.where(Conflict.item_id != except_item_id)
    rows = session.exec(query).all()
    back = 0
    for row in rows:
        # Someone who has left the meeting meanwhile does not come back with the others.
        if _in_room(session, meeting_id, row.person_id):
            row.rejoined_at = at
            back += 1
    session.commit()
    return back


def carry_to(session: Session, *, from_item_id: int, to_item_id: int) -> int:
    """A deferred child's conflicts go with it to the next meeting, as recorded beforehand."""
    rows = session.exec(
        select(Conflict).where(Conflict.item_id == from_item_id, col(Conflict.source).in_(ACTIVE))
    ).all()
    taken = {
        c.person_id
        for c in session.exec(select(Conflict).where(Conflict.item_id == to_item_id)).all()
    }
    added = 0
    for row in rows:
        if row.person_id in taken:
            continue
        session.add(
            Conflict(
                item_id=to_item_id,
                person_id=row.person_id,
                reason=row.reason,
                source="prepared",
                declared_at=row.declared_at,
            )
        )
        added += 1
    return added


def set_quorum_override(
    session: Session,
    *,
    item_id: int,
    reason: str,
    gaps: Collection[str],
    at: datetime | None = None,
) -> None:
    """The chair goes ahead with this child although a conflict left it inquorate (R2).

    ``gaps``: what the child's quorum lacks as the reason is written (sectors and roles);
    the override stands only while the child lacks no more than these. An override with
    another reason that it replaces is kept, as a cleared one, for the action log."""
    reason = " ".join(reason.split())
    if not reason:
        raise ConflictError("Override reason: say why the child is discussed without full quorum.")
    if not gaps:
        raise ConflictError("Quorate for this child: no override is needed.")
    item = _item(session, item_id)
    if item.quorum_override_reason and item.quorum_override_reason != reason:
        session.add(
            ClearedOverride(
                item_id=item_id, reason=item.quorum_override_reason, cleared_at=at or utcnow()
            )
        )
    item.quorum_override_reason = reason
    item.quorum_override_gaps = ",".join(sorted(set(gaps)))
    session.commit()


def override_gaps(item: AgendaItem) -> frozenset[str] | None:
    """The gaps the child's override was written for; None when not known (written before
    they were kept): such an override stands as it always did."""
    if not item.quorum_override_gaps:
        return None
    return frozenset(item.quorum_override_gaps.split(","))


def clear_quorum_override(session: Session, *, item_id: int, at: datetime | None = None) -> None:
    """The override no longer stands: quorum is back, or the room changed after it was written.

    Its reason is kept, with the time it was cleared (R2: the log still shows it)."""
    item = _item(session, item_id)
    if item.quorum_override_reason:
        session.add(
            ClearedOverride(
                item_id=item_id, reason=item.quorum_override_reason, cleared_at=at or utcnow()
            )
        )
    item.quorum_override_reason = ""
    item.quorum_override_gaps = ""
    session.commit()


def cleared_overrides(session: Session, *, item_id: int) -> list[tuple[str, datetime]]:
    """Overrides written for this child that were cleared later: (reason, cleared at)."""
    rows = session.exec(
        select(ClearedOverride)
        .where(ClearedOverride.item_id == item_id)
        .order_by(col(ClearedOverride.cleared_at))
    ).all()
    return [(row.reason, row.cleared_at) for row in rows]


def quorum_override(session: Session, *, item_id: int) -> str:
    """The override reason written for this child, if any."""
    return _item(session, item_id).quorum_override_reason


def check_may_take_part(
    session: Session, *, item_id: int, person_id: int | None, as_what: str
) -> None:
    """Refuse a conflicted person as a note's author or an action's owner for this child."""
    if person_id is None:
        return
    if person_id in conflicted_ids(session, item_id=item_id):
        person = session.get(Person, person_id)
        who = person.name if person is not None else "This person"
        item = session.get(AgendaItem, item_id)
        this = _THIS.get(item.subject_kind if item is not None else "child", "this child")
        raise ConflictError(
            f"{as_what.capitalize()}: {who} has a conflict for {this} and cannot be the "
            f"{as_what}; choose someone else."
        )


@record
class DeputyChoice:
    """Someone who could join the room to cover a sector or role a conflict left empty."""

    person_id: int
    name: str
    agency: str
    sector: str
    role: str
    listed: bool


def deputy_choices(
    session: Session, *, meeting_id: int, sectors: tuple[str, ...], roles: tuple[str, ...]
) -> list[DeputyChoice]:
    """Active people of the missing sectors or roles who are not in the room now and have not
    left the meeting."""
    if not sectors and not roles:
        return []
    in_room = select(Attendance.person_id).where(
        Attendance.meeting_id == meeting_id,
        Attendance.status == "present",
        col(Attendance.left_at).is_(None),
    )
    # Someone who has left the meeting (and not come back) is not offered: they are gone.
    gone = select(Attendance.person_id).where(
        Attendance.meeting_id == meeting_id, col(Attendance.left_at).is_not(None)
    )
    listed = set(
        session.exec(select(Attendance.person_id).where(Attendance.meeting_id == meeting_id)).all()
    )
    rows = session.execute(
        sa_select(
            col(Person.id), col(Person.name), col(Agency.name), col(Agency.sector), col(Person.role)
        )
        .join(Agency, col(Agency.id) == col(Person.agency_id))
        .where(col(Person.active), col(Agency.active), col(Person.id).not_in(in_room))
        .where(col(Person.id).not_in(gone))
        .where(col(Agency.sector).in_(sectors) | col(Person.role).in_(roles))
        .order_by(col(Agency.name), col(Person.name))
    ).all()
    return [
        DeputyChoice(int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), int(r[0]) in listed)
        for r in rows
    ]
