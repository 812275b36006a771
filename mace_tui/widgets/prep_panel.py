"""Who is expected at the meeting and the known conflicts, as two tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.markup import escape
from textual.widgets import DataTable, Label, Static

from mace_tui.rules.vocab import role_label, sector_label
from mace_tui.widgets.built_later import BuiltAfterFirstFrame
from mace_tui.widgets.cells import headings, plain

if TYPE_CHECKING:
    from mace_tui.prep.meeting import PrepView
    from store.agenda import Invitation, KnownConflict


def role_words(role: str, title: str) -> str:
    """A person's part in the meeting and job title, in a few words."""
    if role == "member":
        return title or role_label(role)
    return f"{role_label(role)}: {title}" if title else role_label(role)


class PrepPanel(Vertical, BuiltAfterFirstFrame):
    """The invitations (with the core agencies nobody covers) and the known conflicts.

    Its parts are built just after the screen's first frame: they are on the second tab, and
    building them took 34 ms of prep's first frame on a busy machine. Until then it shows
    nothing, and what it is given or asked meanwhile (the meeting read, the focus) waits."""

    DEFAULT_CSS = """
    PrepPanel { height: 1fr; }
    PrepPanel #prep-missing { height: auto; padding: 0 1; }
    PrepPanel .prep-heading { padding: 0 1; text-style: bold; margin-top: 1; }
    PrepPanel DataTable { height: 1fr; min-height: 3; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: PrepView | None = None
        self._focus_wanted = False

    def parts_built(self) -> None:
        if self.view is not None:
            self._fill(self.view)
        if self._focus_wanted:
            self._focus_wanted = False
            self.focus_invitations()

    def parts(self) -> ComposeResult:
        yield Static("", id="prep-missing")
        yield Label("Expected at the meeting", classes="prep-heading")
        invited = DataTable[str](id="prep-invited", cursor_type="row", zebra_stripes=True)
        invited.add_columns(*headings("Person", "Covers", "Role", "Agency"))
        yield invited
        yield Label("Known conflicts (shown to the chair)", classes="prep-heading")
        conflicts = DataTable[str](id="prep-conflicts", cursor_type="row", zebra_stripes=True)
        conflicts.add_columns(*headings("#", "Child", "Person", "Reason", "Agency"))
        yield conflicts

    def show(self, view: PrepView) -> None:
        """Fill both tables from the meeting as just read, keeping each cursor's row."""
        self.view = view
        if self.built:
            self._fill(view)

    def _fill(self, view: PrepView) -> None:
        missing = self.query_one("#prep-missing", Static)
        if view.missing:
            missing.update(
                f"[b yellow]No one invited covers: {escape(', '.join(view.missing))}.[/] "
                "Press [b]n[/b] to invite someone."
            )
        else:
            missing.update("Every core agency of the profile has someone invited.")
        invited = self.query_one("#prep-invited", DataTable)
        keep = invited.cursor_row
        invited.clear()
        for invitation in view.invitations:
            person = invitation.person
            invited.add_row(
                *plain(
                    person.name,
                    sector_label(person.sector),
                    role_words(person.role, person.title),
                    person.agency,
                ),
                key=str(invitation.attendance_id),
            )
        if view.invitations:
            invited.move_cursor(row=min(keep, len(view.invitations) - 1))
        conflicts = self.query_one("#prep-conflicts", DataTable)
        keep = conflicts.cursor_row
        conflicts.clear()
        entries = {s.entry.item_id: s.entry for s in view.queue}
        for conflict in view.conflicts:
            entry = entries.get(conflict.item_id)
            conflicts.add_row(
                *plain(
                    str(entry.position) if entry else "",
                    entry.name if entry else "",
                    conflict.person.name,
                    conflict.reason,
                    conflict.person.agency,
                ),
                key=str(conflict.id),
            )
        if view.conflicts:
            conflicts.move_cursor(row=min(keep, len(view.conflicts) - 1))

    def chosen_conflict(self) -> KnownConflict | None:
        """The highlighted conflict, when the conflicts table has the focus."""
        if self.view is None or not self.built or not self.view.conflicts:
            return None
        table = self.query_one("#prep-conflicts", DataTable)
        if not table.has_focus:
            return None
        return self.view.conflicts[min(table.cursor_row, len(self.view.conflicts) - 1)]

    def chosen_invitation(self) -> Invitation | None:
        """The highlighted invitation."""
        if self.view is None or not self.built or not self.view.invitations:
            return None
        table = self.query_one("#prep-invited", DataTable)
        return self.view.invitations[min(table.cursor_row, len(self.view.invitations) - 1)]

    def focus_invitations(self) -> None:
        """Put the focus on the invitations table (once it is there)."""
        if not self.built:
            self._focus_wanted = True
            return
        self.query_one("#prep-invited", DataTable).focus()
