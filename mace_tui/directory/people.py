"""People, their named deputies and standing panels: list and search, add, edit, make inactive.

Nobody is ever deleted: someone who leaves is made inactive, so earlier
meetings keep their name (R26). Each change commits before it returns.
"""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, col, select

from mace_tui.directory.agencies import get_agency
from mace_tui.directory.fields import check_person
from mace_tui.directory.records import DeputyEntry, DirectoryError, PersonEntry, PersonFields
from store.models import Agency, NamedDeputy, PanelMember, Person


def _people_rows(session: Session, person_id: int | None = None) -> list[tuple[Person, Agency]]:
    query = (
        select(Person, Agency)
        .join(Agency, col(Agency.id) == col(Person.agency_id))
        .order_by(col(Person.active).desc(), col(Agency.name), col(Person.name))
    )
    if person_id is not None:
        query = query.where(Person.id == person_id)
    return [(p, a) for p, a in session.exec(query).all()]


def _matches(entry: PersonEntry, words: list[str]) -> bool:
    hay = " ".join(
        (entry.name, entry.agency, entry.agency_key, entry.role, entry.title, entry.contact)
    ).lower()
    return all(w in hay for w in words)


def list_people(
    session: Session, *, search: str = "", include_inactive: bool = True
) -> list[PersonEntry]:
    """People by agency then name (active first), with their deputies and standing panels."""
    rows = _people_rows(session)
    names = {p.id: p.name for p, _ in rows}
    deputies: dict[int, list[str]] = defaultdict(list)
    for link in session.exec(select(NamedDeputy).order_by(col(NamedDeputy.id))).all():
        deputies[link.member_id].append(names.get(link.deputy_id, "?"))
    panels: dict[int, list[str]] = defaultdict(list)
    for seat in session.exec(select(PanelMember).order_by(col(PanelMember.profile))).all():
        panels[seat.person_id].append(seat.profile)
    entries = [
        PersonEntry(
            id=p.id or 0,
            name=p.name,
            agency_id=a.id or 0,
            agency=a.name,
            agency_key=a.key,
            sector=a.sector,
            title=p.title,
            role=p.role,
            contact=p.email,
            active=p.active,
            deputies=tuple(deputies.get(p.id or 0, ())),
            panels=tuple(panels.get(p.id or 0, ())),
        )
        for p, a in rows
        if include_inactive or p.active
    ]
    words = search.lower().split()
    return [e for e in entries if _matches(e, words)] if words else entries


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise DirectoryError("person", "no longer exists; reload the directory.")
    return person


def _check_agency(session: Session, agency_id: int) -> None:
    if not get_agency(session, agency_id=agency_id).active:
        raise DirectoryError("agency", "is inactive; make it active first or choose another.")


def add_person(session: Session, fields: PersonFields) -> int:
    """Record a new person; their id."""
    fields = check_person(fields)
    _check_agency(session, fields.agency_id)
    person = Person(
        name=fields.name,
        agency_id=fields.agency_id,
        role=fields.role,
        title=fields.title,
        email=fields.contact,
    )
    session.add(person)
    session.commit()
    assert person.id is not None
    return person.id


def edit_person(session: Session, *, person_id: int, fields: PersonFields) -> int:
    """Change a person's name, agency, role, job title or contact; their id."""
    person = _person(session, person_id)
    fields = check_person(fields)
    if fields.agency_id != person.agency_id:
        _check_agency(session, fields.agency_id)
    person.name = fields.name
    person.agency_id = fields.agency_id
    person.role = fields.role
    person.title = fields.title
    person.email = fields.contact
    session.add(person)
    session.commit()
    return person_id


def set_person_active(session: Session, *, person_id: int, active: bool) -> int:
    """Make someone inactive (they left: earlier meetings keep their name) or active again."""
    person = _person(session, person_id)
    person.active = active
    session.add(person)
    session.commit()
    return person_id


def deputies_of(session: Session, *, member_id: int) -> list[DeputyEntry]:
    """The named deputies of one member."""
    query = (
        select(NamedDeputy, Person, Agency)
        .join(Person, col(Person.id) == col(NamedDeputy.deputy_id))
        .join(Agency, col(Agency.id) == col(Person.agency_id))
        .where(NamedDeputy.member_id == member_id)
        .order_by(col(Person.name))
    )
    return [
        DeputyEntry(
            member_id=member_id,
            deputy_id=p.id or 0,
            deputy=p.name,
            agency=a.name,
            active=p.active,
        )
        for _, p, a in session.exec(query).all()
    ]


def add_deputy(session: Session, *, member_id: int, deputy_id: int) -> int:
    """Name ``deputy_id`` as a deputy who may stand in for ``member_id``; the member's id."""
    if member_id == deputy_id:
        raise DirectoryError("deputy", "a person cannot be their own deputy; choose someone else.")
    _person(session, member_id)
    if not _person(session, deputy_id).active:
        raise DirectoryError("deputy", "is inactive; choose someone active.")
    existing = session.exec(
        select(NamedDeputy).where(
            NamedDeputy.member_id == member_id, NamedDeputy.deputy_id == deputy_id
        )
    ).first()
    if existing is not None:
        raise DirectoryError("deputy", "is already named for this member.")
    session.add(NamedDeputy(member_id=member_id, deputy_id=deputy_id))
    session.commit()
    return member_id


def remove_deputy(session: Session, *, member_id: int, deputy_id: int) -> int:
    """No longer name ``deputy_id`` as a deputy for ``member_id`` (a link, not a person)."""
    link = session.exec(
        select(NamedDeputy).where(
            NamedDeputy.member_id == member_id, NamedDeputy.deputy_id == deputy_id
        )
    ).first()
    if link is not None:
        session.delete(link)
        session.commit()
    return member_id


def set_on_panel(session: Session, *, person_id: int, profile: str, on_panel: bool) -> int:
    """Put a person on a profile's standing panel (invited to each new meeting), or take them off."""
    _person(session, person_id)
    seat = session.exec(
        select(PanelMember).where(
            PanelMember.profile == profile, PanelMember.person_id == person_id
        )
    ).first()
    if on_panel and seat is None:
        session.add(PanelMember(profile=profile, person_id=person_id))
    elif not on_panel and seat is not None:
        session.delete(seat)
    session.commit()
    return person_id
