"""The hub admin's directory: agencies and people, named deputies, standing panels (R26).

Two lists on one screen (1 agencies, 2 people), searched as you type. Every
change goes to a service in ``mace_tui.directory`` from a thread worker; nobody
is deleted, only made inactive.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from mace_tui.directory.records import AgencyEntry, PersonEntry
from mace_tui.screens.directory_forms import (
    AgencyForm,
    PersonForm,
    name_deputy_dialog,
    unname_deputy_dialog,
)
from mace_tui.screens.directory_search import DirectorySearch
from mace_tui.widgets.directory_table import (
    AGENCIES,
    PEOPLE,
    DirectoryTable,
    agency_detail,
    directory_title,
    gaps_text,
    person_detail,
)
from mace_tui.widgets.footer import KeysFooter
from mace_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from mace_tui.directory.view import DirectoryView
    from store.db import Store


# Keys that change the directory: only once the store is open.
CHANGES = {"add", "edit", "toggle_active", "add_deputy", "remove_deputy", "toggle_panel"}


class DirectoryScreen(DirectorySearch):
    """Agencies and people: add, edit, make inactive, deputies, standing panel, search."""

    CSS_PATH = "directory.tcss"
    AUTO_FOCUS = "#dir-table"
    BINDINGS = [
        Binding("1", "show('agencies')", "Agencies", id="directory.agencies"),
        Binding("2", "show('people')", "People", id="directory.people"),
        Binding("a", "add", "Add", id="directory.add"),
        Binding("e,enter", "edit", "Edit", id="directory.edit", key_display="e"),
        Binding("x", "toggle_active", "Inactive/active", id="directory.toggle_active"),
        Binding("d", "add_deputy", "Deputy", id="directory.add_deputy"),
        Binding("D", "remove_deputy", "Remove deputy", id="directory.remove_deputy", show=False),
        Binding("k", "toggle_panel", "Panel", id="directory.toggle_panel"),
        Binding("slash", "search", "Search", id="directory.search", key_display="/"),
        Binding("escape", "back", "Back", id="directory.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.showing = AGENCIES
        self.view: DirectoryView | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="dir-title", classes="screen-title")
        yield Input(placeholder="Search as you type (/)", id="dir-search")
        yield DirectoryTable(id="dir-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="dir-detail")
        yield Static("", id="dir-gaps")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._title()
        self.query_one("#dir-table").focus()
        self.take_early(self._show_early)
        self.watch(self.app, "store", self._store_changed, init=True)

    def _show_early(self, view: DirectoryView) -> None:
        """Both lists as the start-up helper read them (launch.read_directory); changes wait
        for the store."""
        if self.view is None:
            self._show(view)

    def _store_changed(self, store: object) -> None:
        if store is not None:
            self.reload()

    def on_screen_resume(self) -> None:
        if self.app.store is not None:
            self.reload()

    # -- reading -------------------------------------------------------------------

    def reload(self, focus_id: int | None = None) -> None:
        """Read both lists and what each profile still lacks."""
        profile, config_dir = self.app.profile, self.app.settings.config_dir

        def job(store: Store) -> DirectoryView:
            from mace_tui.directory.view import load_directory

            return load_directory(store, app_profile=profile, config_dir=config_dir)

        self.read("directory-read", job, lambda view: self._show(view, focus_id))

    def _title(self) -> None:
        self.query_one("#dir-title", Static).update(directory_title(self.showing))

    def _show(self, view: DirectoryView, focus_id: int | None = None) -> None:
        self.view = view
        self._fill(focus_id)
        self.query_one("#dir-gaps", Static).update(gaps_text(view.gaps, view.profiles))

    def _fill(self, focus_id: int | None = None, *, switched: bool = False) -> None:
        if self.view is None:
            return
        table = self.query_one(DirectoryTable)
        # After switching lists the old cursor's id belongs to the other list.
        keep = None if switched else table.current_id() if focus_id is None else focus_id
        words = self.query_one("#dir-search", Input).value.lower().split()
        if self.showing == AGENCIES:
            table.show_agencies(self.view.agencies, self.view.profiles, words, keep)
        else:
            table.show_people(self.view.people, words, keep)
        self._detail()
        self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#dir-table")
    def _highlighted(self) -> None:
        self._detail()

    def _detail(self) -> None:
        detail = self.query_one("#dir-detail", Static)
        if self.showing == AGENCIES:
            detail.update(agency_detail(self._agency()))
        else:
            detail.update(person_detail(self._person()))

    def _agency(self) -> AgencyEntry | None:
        found = self.query_one(DirectoryTable).current_id()
        return next((a for a in self.view.agencies if a.id == found), None) if self.view else None

    def _person(self) -> PersonEntry | None:
        found = self.query_one(DirectoryTable).current_id()
        return next((p for p in self.view.people if p.id == found), None) if self.view else None

    # -- keys ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CHANGES and self.app.store is None:
            return None  # shown greyed: the lists came early, the store is still opening
        if action in ("add_deputy", "remove_deputy", "toggle_panel"):
            return self.showing == PEOPLE
        return True

    def action_show(self, which: str) -> None:
        """Show the agencies or the people."""
        switched = which != self.showing
        self.showing = which
        self._title()
        self._fill(switched=switched)
        self.query_one("#dir-table").focus()

    def action_back(self) -> None:
        """Leave the search box, or the directory."""
        if self.focused is self.query_one("#dir-search"):
            self.query_one("#dir-table").focus()
        elif len(self.app.screen_stack) > 1 and self.app.current_mode != "directory":
            self.dismiss(None)
        elif self.app.current_mode == "directory":
            self.app.switch_mode("home")

    def action_add(self) -> None:
        """Add an agency or a person."""
        if self.view is None:
            return
        if self.showing == AGENCIES:
            self.app.push_screen(AgencyForm(), self._agency_saved(None))
        elif not any(a.active for a in self.view.agencies):
            self.notify("Add an agency first: people belong to one.", severity="warning")
        else:
            self.app.push_screen(PersonForm(self.view.agencies), self._person_saved(None))

    def action_edit(self) -> None:
        """Edit the highlighted agency or person."""
        if self.view is None:
            return
        if self.showing == AGENCIES and (a := self._agency()) is not None:
            self.app.push_screen(AgencyForm(a), self._agency_saved(a.id))
        elif self.showing == PEOPLE and (p := self._person()) is not None:
            self.app.push_screen(PersonForm(self.view.agencies, p), self._person_saved(p.id))

    def _agency_saved(self, agency_id: int | None) -> Callable[[Any], None]:
        def saved(fields: Any) -> None:
            if fields is None:
                return
            from mace_tui.directory.edits import save_agency

            self.change(
                lambda store: save_agency(store, agency_id=agency_id, fields=fields),
                "Agency added." if agency_id is None else "Saved.",
            )

        return saved

    def _person_saved(self, person_id: int | None) -> Callable[[Any], None]:
        def saved(fields: Any) -> None:
            if fields is None:
                return
            from mace_tui.directory.edits import save_person

            self.change(
                lambda store: save_person(store, person_id=person_id, fields=fields),
                "Person added." if person_id is None else "Saved.",
            )

        return saved

    def action_toggle_active(self) -> None:
        """Make the highlighted agency or person inactive (never deleted), or active again."""
        from mace_tui.directory.edits import agency_active, person_active

        if self.showing == AGENCIES and (a := self._agency()) is not None:
            word = "inactive" if a.active else "active"
            self.change(
                lambda store: agency_active(store, agency_id=a.id, active=not a.active),
                f"{a.name} is {word}.",
            )
        elif self.showing == PEOPLE and (p := self._person()) is not None:
            word = "inactive" if p.active else "active"
            self.change(
                lambda store: person_active(store, person_id=p.id, active=not p.active),
                f"{p.name} is {word}.",
            )

    def action_add_deputy(self) -> None:
        """Name a deputy who may stand in for the highlighted member."""
        self._deputy(naming=True)

    def action_remove_deputy(self) -> None:
        """Stop naming one of the highlighted member's deputies (shift+d)."""
        self._deputy(naming=False)

    def _deputy(self, *, naming: bool) -> None:
        p = self._person()
        if p is None or self.view is None or not (naming or p.deputies):
            return
        from mace_tui.directory.edits import name_deputy, unname_deputy

        step = name_deputy if naming else unname_deputy
        said = "Deputy named." if naming else "Deputy no longer named."

        def chosen(deputy_id: int | None) -> None:
            if deputy_id:
                self.change(lambda store: step(store, member_id=p.id, deputy_id=deputy_id), said)

        ask = name_deputy_dialog if naming else unname_deputy_dialog
        self.app.push_screen(ask(p, self.view.people), chosen)

    def action_toggle_panel(self) -> None:
        """Put the highlighted person on this profile's standing panel, or take them off."""
        p = self._person()
        if p is None:
            return
        from mace_tui.directory.edits import panel_seat

        profile = self.app.profile
        joining = profile.key not in p.panels
        word = "on" if joining else "off"
        self.change(
            lambda store: panel_seat(store, person_id=p.id, profile=profile.key, on_panel=joining),
            f"{p.name} is {word} the {profile.short_name} standing panel.",
        )

    def change(self, edit: Callable[[Store], int], done: str) -> None:
        """Queue one change through a service (in order with every other write), then read
        the directory again; a refusal is shown here."""
        store = self.app.require_store()

        def applied(changed: int) -> None:
            self.notify(done, title="Directory")
            self.reload(changed)

        def refused(text: str) -> None:
            self.notify(text, title="Directory", severity="error")

        self.write("directory", lambda: edit(store), done=applied, refused=refused)
