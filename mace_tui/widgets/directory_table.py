"""The directory's list: agencies or people, narrowed by the words typed in the search box."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from rich.text import Text
from textual.coordinate import Coordinate
from textual.markup import escape
from textual.widgets.data_table import RowDoesNotExist

from mace_tui.directory.records import AgencyEntry, PersonEntry
from mace_tui.profiles import Profile
from mace_tui.rules.vocab import role_label, sector_label
from mace_tui.widgets.cells import plain
from mace_tui.widgets.quick_table import QuickTable

AGENCIES, PEOPLE = "agencies", "people"


def directory_title(showing: str) -> str:
    """The screen's title line, the list shown (``AGENCIES`` or ``PEOPLE``) in reverse."""
    tabs = {AGENCIES: "1 Agencies", PEOPLE: "2 People"}
    shown = " · ".join(
        f"[reverse] {label} [/]" if key == showing else f" {label} " for key, label in tabs.items()
    )
    return f"[b]Directory[/b]  {shown}"


def found(words: Sequence[str], *fields: str) -> bool:
    """True when every word typed appears in one of the fields (any case)."""
    text = " ".join(fields).lower()
    return all(w in text for w in words)


class DirectoryTable(QuickTable[Text]):
    """One row per agency or person, keyed by its id; the cursor stays on the same record."""

    def current_id(self) -> int | None:
        """The id of the highlighted record, or None."""
        if not self.row_count or self.cursor_row < 0:
            return None
        key = self.coordinate_to_cell_key(Coordinate(self.cursor_row, 0)).row_key.value
        return int(key) if key else None

    def _keep(self, record_id: int | None) -> None:
        if record_id is not None:
            # A row filtered out by the search leaves the cursor at the top.
            with contextlib.suppress(RowDoesNotExist):
                self.move_cursor(row=self.get_row_index(str(record_id)))

    def show_agencies(
        self,
        agencies: Sequence[AgencyEntry],
        profiles: Sequence[Profile],
        words: Sequence[str],
        keep: int | None,
    ) -> None:
        """Agencies with the profiles each is a core agency for."""
        self.clear(columns=True)
        for label, width in (
            ("Agency", 28),
            ("Short", 6),
            ("Sector", 16),
            ("Core for", 14),
            ("Contact", 30),
        ):
            self.add_column(Text(label), width=width)  # not markup: see cells.headings
        for a in agencies:
            if not found(words, a.name, a.short_name, a.key, a.sector, a.contact):
                continue
            core = [p.short_name for p in profiles if a.sector in p.core_sectors]
            self.add_row(
                *plain(
                    a.name if a.active else f"{a.name} (inactive)",
                    a.short_name,
                    sector_label(a.sector),
                    ", ".join(core) or "—",
                    a.contact,
                ),
                key=str(a.id),
            )
        self._keep(keep)

    def show_people(
        self, people: Sequence[PersonEntry], words: Sequence[str], keep: int | None
    ) -> None:
        """People with their agency, role and contact."""
        self.clear(columns=True)
        for label, width in (("Name", 24), ("Agency", 18), ("Role", 13), ("Contact", 30)):
            self.add_column(Text(label), width=width)
        for p in people:
            if not found(words, p.name, p.agency, p.agency_key, p.role, p.title, p.contact):
                continue
            name = p.name if p.active else f"{p.name} (inactive)"
            self.add_row(*plain(name, p.agency, role_label(p.role), p.contact), key=str(p.id))
        self._keep(keep)


def agency_detail(a: AgencyEntry | None) -> str:
    """The line under the list for the highlighted agency."""
    if a is None:
        return "No agencies yet: press [b]a[/b] to add one."
    return (
        f"[b]{escape(a.name)}[/b] ({escape(a.key)}) · {a.people} active people · "
        f"point of contact: {escape(a.contact) or 'none yet (e to add)'}"
    )


def person_detail(p: PersonEntry | None) -> str:
    """The line under the list for the highlighted person."""
    if p is None:
        return "Nobody yet: press [b]a[/b] to add a person."
    deputies = ", ".join(p.deputies) or "none (d names one)"
    panels = ", ".join(p.panels) or "none (k adds this profile's)"
    return (
        f"[b]{escape(p.name)}[/b] {escape(p.title)} · deputies: {escape(deputies)} · "
        f"standing panel of: {escape(panels)}"
    )


def gaps_text(gaps: Sequence[str], profiles: Sequence[Profile]) -> str:
    """What the hub's profiles still lack (R26), or that every place is filled."""
    if gaps:
        return "[b yellow]Not filled yet:[/]\n" + "\n".join(escape(g) for g in gaps)
    names = ", ".join(p.short_name for p in profiles)
    return f"[green]Every core agency and required role of {escape(names)} is filled.[/]"
