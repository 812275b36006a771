"""The hub's directory (R26): agencies, people, named deputies, standing panels, and set-up.

Services for the hub admin's screens and the command line: functions taking a
session and plain values, returning plain records. No Textual here.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mace_tui.directory.agencies import (
        add_agency,
        edit_agency,
        list_agencies,
        set_agency_active,
    )
    from mace_tui.directory.coverage import gap_lines, profile_coverage
    from mace_tui.directory.gaps import ProfileCoverage
    from mace_tui.directory.hub import fill_empty_panels, hub_profiles, is_empty, set_hub_profiles
    from mace_tui.directory.people import (
        add_deputy,
        add_person,
        deputies_of,
        edit_person,
        list_people,
        remove_deputy,
        set_on_panel,
        set_person_active,
    )
    from mace_tui.directory.records import (
        AgencyEntry,
        AgencyFields,
        DeputyEntry,
        DirectoryError,
        PersonEntry,
        PersonFields,
    )

# The screens import the records from here before the store is open: the services load
# the database stack only when one of them is used (PEP 562).
_WHERE = {
    "AgencyEntry": "mace_tui.directory.records",
    "AgencyFields": "mace_tui.directory.records",
    "DeputyEntry": "mace_tui.directory.records",
    "DirectoryError": "mace_tui.directory.records",
    "PersonEntry": "mace_tui.directory.records",
    "PersonFields": "mace_tui.directory.records",
    "ProfileCoverage": "mace_tui.directory.gaps",
    "add_agency": "mace_tui.directory.agencies",
    "add_deputy": "mace_tui.directory.people",
    "add_person": "mace_tui.directory.people",
    "deputies_of": "mace_tui.directory.people",
    "edit_agency": "mace_tui.directory.agencies",
    "edit_person": "mace_tui.directory.people",
    "fill_empty_panels": "mace_tui.directory.hub",
    "gap_lines": "mace_tui.directory.coverage",
    "hub_profiles": "mace_tui.directory.hub",
    "is_empty": "mace_tui.directory.hub",
    "list_agencies": "mace_tui.directory.agencies",
    "list_people": "mace_tui.directory.people",
    "profile_coverage": "mace_tui.directory.coverage",
    "remove_deputy": "mace_tui.directory.people",
    "set_agency_active": "mace_tui.directory.agencies",
    "set_hub_profiles": "mace_tui.directory.hub",
    "set_on_panel": "mace_tui.directory.people",
    "set_person_active": "mace_tui.directory.people",
}


def __getattr__(name: str) -> object:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_WHERE[name]), name)


__all__ = [
    "AgencyEntry",
    "AgencyFields",
    "DeputyEntry",
    "DirectoryError",
    "PersonEntry",
    "PersonFields",
    "ProfileCoverage",
    "add_agency",
    "add_deputy",
    "add_person",
    "deputies_of",
    "edit_agency",
    "edit_person",
    "fill_empty_panels",
    "gap_lines",
    "hub_profiles",
    "is_empty",
    "list_agencies",
    "list_people",
    "profile_coverage",
    "remove_deputy",
    "set_agency_active",
    "set_hub_profiles",
    "set_on_panel",
    "set_person_active",
]
