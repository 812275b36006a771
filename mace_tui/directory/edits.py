"""The directory screen's changes, each one unit of work on the store (R26).

Each function opens its own session, calls the session-level service of the
same name (in ``agencies`` or ``people``), and returns the id of the row to
keep highlighted. Refusals are ``DirectoryError`` (a ``UserError``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mace_tui.directory import agencies, people
from mace_tui.directory.records import AgencyFields, PersonFields

if TYPE_CHECKING:
    from store.db import Store


def save_agency(store: Store, *, agency_id: int | None, fields: AgencyFields) -> int:
    """Add an agency (``agency_id`` None) or change one; its id."""
    with store.session() as session:
        if agency_id is None:
            return agencies.add_agency(session, fields).id
        return agencies.edit_agency(session, agency_id=agency_id, fields=fields).id


def save_person(store: Store, *, person_id: int | None, fields: PersonFields) -> int:
    """Add a person (``person_id`` None) or change one; their id."""
    with store.session() as session:
        if person_id is None:
            return people.add_person(session, fields)
        return people.edit_person(session, person_id=person_id, fields=fields)


def agency_active(store: Store, *, agency_id: int, active: bool) -> int:
    """Make an agency inactive or active again; its id."""
    with store.session() as session:
        return agencies.set_agency_active(session, agency_id=agency_id, active=active).id


def person_active(store: Store, *, person_id: int, active: bool) -> int:
    """Make a person inactive or active again; their id."""
    with store.session() as session:
        return people.set_person_active(session, person_id=person_id, active=active)


def name_deputy(store: Store, *, member_id: int, deputy_id: int) -> int:
    """Name a deputy for a member; the member's id."""
    with store.session() as session:
        return people.add_deputy(session, member_id=member_id, deputy_id=deputy_id)


def unname_deputy(store: Store, *, member_id: int, deputy_id: int) -> int:
    """Stop naming a deputy for a member; the member's id."""
    with store.session() as session:
        return people.remove_deputy(session, member_id=member_id, deputy_id=deputy_id)


def panel_seat(store: Store, *, person_id: int, profile: str, on_panel: bool) -> int:
    """Put a person on a profile's standing panel or take them off; their id."""
    with store.session() as session:
        return people.set_on_panel(session, person_id=person_id, profile=profile, on_panel=on_panel)
