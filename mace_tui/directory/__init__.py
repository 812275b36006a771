"""The hub's directory (R26): agencies, people, named deputies, standing panels, and set-up.

Services for the hub admin's screens and the command line: functions taking a
session and plain values, returning plain records. No Textual here.
"""

from mace_tui.directory.agencies import add_agency, edit_agency, list_agencies, set_agency_active
from mace_tui.directory.coverage import ProfileCoverage, gap_lines, profile_coverage
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
