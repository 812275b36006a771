"""Children: found as the coordinator types, matched for an import, recorded with an opaque reference."""

from __future__ import annotations

import secrets
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import islice
from typing import Any

from sqlalchemy import and_, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from store.agenda.meetings import AgendaError
from store.frozen import record
from store.models import Child

_REF_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I to misread


_IN_CHUNK = 500


@record
class ChildMatch:
    """A child found by a search, with what tells two children apart."""

    id: int
    ref: str
    name: str
    date_of_birth: date | None
    local_authority: str
    police_ref: str
    la_ref: str
    npa: str


@record
class NewChild:
    """A child to record in bulk (an import)."""

    name: str
    date_of_birth: date | None
    local_authority: str = ""
    police_ref: str = ""
    la_ref: str = ""
    npa: str = ""


def _chunks(values: Iterable[Any], size: int = _IN_CHUNK) -> Iterator[list[Any]]:
    it = iter(values)
    while chunk := list(islice(it, size)):
        yield chunk


_CHILD_COLUMNS = (
    col(Child.id),
    col(Child.ref),
    col(Child.name),
    col(Child.date_of_birth),
    col(Child.local_authority),
    col(Child.police_ref),
    col(Child.la_ref),
    col(Child.npa),
)


def _matches(session: Session, query: Any) -> list[ChildMatch]:
    return [ChildMatch(*row) for row in session.execute(query)]


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_children(
    session: Session, *, text: str = "", date_of_birth: date | None = None, limit: int = 20
) -> list[ChildMatch]:
    """Children whose name holds every word of ``text``, or (when it has digits) whose reference holds it.

    With ``date_of_birth``, children born that day. Exact reference matches
    come first, then by name.
    """
    words = text.split()
    conditions = []
    if words:
        by_name = and_(*(col(Child.name).ilike(_like(word), escape="\\") for word in words))
        if any(ch.isdigit() for ch in text):
            # References hold digits, names do not: only then look at references.
            needle = _like(text.strip())
            by_name = or_(
                by_name,
                col(Child.ref).ilike(needle, escape="\\"),
                col(Child.police_ref).ilike(needle, escape="\\"),
                col(Child.la_ref).ilike(needle, escape="\\"),
            )
        conditions.append(by_name)
    if date_of_birth is not None:
        conditions.append(col(Child.date_of_birth) == date_of_birth)
    if not conditions:
        return []
    exact = func.upper(text.strip())
    query = (
        sa_select(*_CHILD_COLUMNS)
        .where(or_(*conditions))
        .order_by(
            (
                (func.upper(col(Child.ref)) == exact)
                | (func.upper(col(Child.police_ref)) == exact)
                | (func.upper(col(Child.la_ref)) == exact)
            ).desc(),
            col(Child.name),
            col(Child.date_of_birth),
            col(Child.id),
        )
        .limit(limit)
    )
    return _matches(session, query)


def children_for_import(
    session: Session,
    *,
    refs: Collection[str] = (),
    police_refs: Collection[str] = (),
    born_on: Collection[date] = (),
) -> list[ChildMatch]:
    """Every child with one of these references, police references or dates of birth."""
    found: dict[int, ChildMatch] = {}
    for column, values in (
        (col(Child.ref), refs),
        (col(Child.police_ref), police_refs),
        (col(Child.date_of_birth), born_on),
    ):
        for chunk in _chunks(sorted(set(values))):
            for match in _matches(session, sa_select(*_CHILD_COLUMNS).where(column.in_(chunk))):
                found[match.id] = match
    return list(found.values())


def same_child(session: Session, *, name: str, date_of_birth: date) -> ChildMatch | None:
    """A child already recorded with this name (any case) and date of birth."""
    query = (
        sa_select(*_CHILD_COLUMNS)
        .where(
            func.lower(col(Child.name)) == name.strip().lower(),
            col(Child.date_of_birth) == date_of_birth,
        )
        .limit(1)
    )
    rows = _matches(session, query)
    return rows[0] if rows else None


def new_child_ref(session: Session) -> str:
    """An unused opaque reference: random, never derived from the child's name (R18)."""
    for _ in range(20):
        ref = "C-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))
        if session.exec(select(Child.id).where(Child.ref == ref)).first() is None:
            return ref
    raise AgendaError("child: could not find an unused reference; try again.")


def create_child(
    session: Session,
    *,
    name: str,
    date_of_birth: date | None,
    at: datetime,
    local_authority: str = "",
    police_ref: str = "",
    la_ref: str = "",
    npa: str = "",
    ref: str | None = None,
) -> Child:
    """A new child with a fresh opaque reference (flushed, not committed)."""
    child = Child(
        ref=ref or new_child_ref(session),
        name=name,
        date_of_birth=date_of_birth,
        local_authority=local_authority,
        police_ref=police_ref,
        la_ref=la_ref,
        npa=npa,
        created_at=at,
    )
    session.add(child)
    session.flush()
    return child


def create_children(session: Session, *, children: Sequence[NewChild], at: datetime) -> list[int]:
    """Record many new children at once, each with a fresh opaque reference; their ids in order."""
    refs: list[str] = []
    taken: set[str] = set()
    while len(refs) < len(children):
        wanted = len(children) - len(refs)
        batch = {
            "C-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(8)) for _ in range(wanted)
        }
        batch -= taken
        for chunk in _chunks(batch):
            taken.update(session.exec(select(Child.ref).where(col(Child.ref).in_(chunk))).all())
        fresh = sorted(batch - taken)
        taken.update(fresh)
        refs.extend(fresh[:wanted])
    rows = [
        Child(
            ref=ref,
            name=c.name,
            date_of_birth=c.date_of_birth,
            local_authority=c.local_authority,
            police_ref=c.police_ref,
            la_ref=c.la_ref,
            npa=c.npa,
            created_at=at,
        )
        for ref, c in zip(refs, children, strict=True)
    ]
    session.add_all(rows)
    session.flush()
    return [row.id for row in rows if row.id is not None]


def children_by_id(session: Session, *, ids: Collection[int]) -> dict[int, Child]:
    """Children by id."""
    found: dict[int, Child] = {}
    for chunk in _chunks(sorted(set(ids))):
        for child in session.exec(select(Child).where(col(Child.id).in_(chunk))):
            assert child.id is not None
            found[child.id] = child
    return found
