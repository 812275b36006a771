"""Agencies: list and search, add, edit, make inactive and back (never deleted, R26).

Each change is one unit of work that commits before it returns.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from mace_tui.directory.fields import check_agency
from mace_tui.directory.records import AgencyEntry, AgencyFields, DirectoryError
from store.models import Agency, Person


def _entry(agency: Agency, people: int = 0) -> AgencyEntry:
    assert agency.id is not None
    return AgencyEntry(
        id=agency.id,
        key=agency.key,
        name=agency.name,
        short_name=agency.short_name,
        sector=agency.sector,
        contact=agency.contact,
        active=agency.active,
        people=people,
    )


def _matches(entry: AgencyEntry, words: list[str]) -> bool:
    hay = " ".join((entry.name, entry.short_name, entry.key, entry.sector, entry.contact)).lower()
    return all(w in hay for w in words)


def list_agencies(
    session: Session, *, search: str = "", include_inactive: bool = True
) -> list[AgencyEntry]:
    """Agencies by name (active first), each with its number of active people."""
    counts = dict(
        session.exec(
            select(Person.agency_id, func.count())
            .where(col(Person.active).is_(True))
            .group_by(col(Person.agency_id))
        ).all()
    )
    query = select(Agency).order_by(col(Agency.active).desc(), col(Agency.name))
    if not include_inactive:
        query = query.where(col(Agency.active).is_(True))
    entries = [_entry(a, counts.get(a.id or 0, 0)) for a in session.exec(query).all()]
    words = search.lower().split()
    return [e for e in entries if _matches(e, words)] if words else entries


def get_agency(session: Session, *, agency_id: int) -> Agency:
    """The agency row, or DirectoryError."""
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise DirectoryError("agency", "no longer exists; reload the directory.")
    return agency


def _check_unique(session: Session, fields: AgencyFields, *, agency_id: int | None) -> None:
    clash = session.exec(select(Agency).where(Agency.key == fields.key)).first()
    if clash is not None and clash.id != agency_id:
        raise DirectoryError("key", "another agency has this key; choose another.")
    same_name = session.exec(
        select(Agency).where(func.lower(Agency.name) == fields.name.lower())
    ).first()
    if same_name is not None and same_name.id != agency_id:
        raise DirectoryError("name", "another agency has this name; edit that one instead.")


def add_agency(session: Session, fields: AgencyFields) -> AgencyEntry:
    """Record a new agency; its key is made from the name when none is given."""
    fields = check_agency(fields)
    _check_unique(session, fields, agency_id=None)
    agency = Agency(
        key=fields.key,
        name=fields.name,
        short_name=fields.short_name,
        sector=fields.sector,
        contact=fields.contact,
    )
    session.add(agency)
    session.commit()
    session.refresh(agency)
    return _entry(agency)


def edit_agency(session: Session, *, agency_id: int, fields: AgencyFields) -> AgencyEntry:
    """Change an agency's name, short name, sector or point of contact (its key stays)."""
    agency = get_agency(session, agency_id=agency_id)
    fields = check_agency(
        AgencyFields(
            name=fields.name,
            sector=fields.sector,
            short_name=fields.short_name,
            contact=fields.contact,
            key=fields.key or agency.key,
        )
    )
    _check_unique(session, fields, agency_id=agency_id)
    agency.key = fields.key
    agency.name = fields.name
    agency.short_name = fields.short_name
    agency.sector = fields.sector
    agency.contact = fields.contact
    session.add(agency)
    session.commit()
    session.refresh(agency)
    return _entry(agency)


def set_agency_active(session: Session, *, agency_id: int, active: bool) -> AgencyEntry:
    """Make an agency inactive (it stays in earlier meetings' records) or active again."""
    agency = get_agency(session, agency_id=agency_id)
    agency.active = active
    session.add(agency)
    session.commit()
    session.refresh(agency)
    return _entry(agency)
