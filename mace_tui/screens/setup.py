"""First run: which meetings the hub runs, its agencies and people, then the first meeting.

Shown instead of the home, chair or preparation screen while the directory is
empty (a fresh install, R26). Nothing here needs the demo.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import Checkbox, SelectionList, Static

from mace_tui.screens.base import MaceScreen
from mace_tui.screens.setup_import import ImportPath
from mace_tui.widgets.footer import KeysFooter
from mace_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from mace_tui.cipher import Encrypted
    from mace_tui.directory.coverage import SetupCounts
    from mace_tui.profiles import Profile
    from store.db import Store


class SetupScreen(MaceScreen[None]):
    """A short guided set-up of a new hub."""

    CSS_PATH = "directory.tcss"
    AUTO_FOCUS = "#setup-profiles"
    BINDINGS = [
        Binding("i", "import_csv", "Import CSV", id="setup.import"),
        Binding("d", "directory", "Type in", id="setup.directory"),
        Binding("f9", "prepare", "Prepare first meeting", id="setup.prepare"),
        Binding("q", "app.quit", "Quit", id="setup.quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.profiles: dict[str, Profile] = {}
        self.people = 0

    def compose(self) -> ComposeResult:
        from mace_tui.profiles import load_profiles

        self.profiles = load_profiles(self.app.settings.config_dir)
        yield TitleBar()
        yield Static("[b]Setting up the hub[/b] — the directory is empty", classes="screen-title")
        with VerticalScroll(id="setup-body"):
            yield Static("[b]1.[/b] Which meetings does this hub run? (Space ticks, Tab moves on)")
            yield SelectionList[str](
                *(
                    (f"{p.name} ({p.area}) · {key}", key, key == self.app.profile.key)
                    for key, p in self.profiles.items()
                ),
                id="setup-profiles",
            )
            yield from self._encryption()
            yield Static(
                "[b]2.[/b] Agencies and people: [b]i[/b] imports a directory CSV file "
                "(columns in the README), [b]d[/b] opens the directory to type them in."
            )
            yield Static("Reading the directory…", id="setup-status")
            yield Static("", id="setup-problems", classes="error")
            yield Static(
                "[b]3.[/b] [b]F9[/b] goes on to prepare the first meeting. "
                "Change any of this later with [b]mace-tui directory[/b]."
            )
        yield KeysFooter()

    def _encryption(self) -> ComposeResult:
        """The choice to encrypt an SQLite database (on when the driver is installed)."""
        from mace_tui.cipher import can_encrypt, is_encrypted_store

        settings = self.app.settings
        if settings.sqlite_path is None:
            return  # a PostgreSQL server keeps its own data
        if is_encrypted_store(settings):
            yield Static("The database is encrypted.", id="setup-encrypted")
            return
        able = can_encrypt(settings)
        label = (
            "Encrypt the database (its key is kept apart from the data)"
            if able
            else "Encrypt the database (needs sqlcipher3: pip install 'mace-tui[cipher]')"
        )
        yield Checkbox(label, able, id="setup-encrypt", disabled=not able)
        yield Static("", id="setup-encrypted")

    def encrypt_first(self, then: Callable[[], None]) -> None:
        """Encrypt the database first when that is ticked (before anything is written), then
        go on with ``then``."""
        boxes = self.query("#setup-encrypt").results(Checkbox)
        box = next(boxes, None)
        if box is None or not box.value or box.disabled:
            then()
            return
        app, settings = self.app, self.app.settings

        def job() -> Encrypted:
            from mace_tui.cipher import encrypt_store
            from mace_tui.protection import os_user

            return encrypt_store(settings, app.require_store(), user=os_user())

        def done(result: Encrypted) -> None:
            box.display = False
            self.query_one("#setup-encrypted", Static).update(escape(result.message()))
            then()

        def refused(text: str) -> None:
            self.query_one("#setup-problems", Static).update(escape(text))

        self.write("encrypt the database", job, done=done, refused=refused)

    def on_mount(self) -> None:
        self.query_one("#setup-profiles").focus()
        self.watch(self.app, "store", self._store_changed, init=True)

    def _store_changed(self, store: object) -> None:
        if store is not None:
            self.reload()

    def on_screen_resume(self) -> None:
        if self.app.store is not None:
            self.remember_choice()
            self.reload()

    def remember_choice(self) -> None:
        """Once the directory holds anyone, keep the ticked meetings in the store: a set-up
        left before F9 (the app quit after an import, say) still knows what the hub runs.
        Runs on coming back from the import dialog or the directory, queued after their write."""
        chosen, app, at = [p.key for p in self.chosen()], self.app, self.app.clock()
        if not chosen:
            return

        def job() -> bool:
            from mace_tui.directory.hub import remember_hub_profiles

            return remember_hub_profiles(app.require_store(), profiles=chosen, at=at)

        self.write("hub profiles", job)

    def chosen(self) -> list[Profile]:
        """The ticked profiles, in the list's order."""
        ticked = set(self.query_one("#setup-profiles", SelectionList).selected)
        return [p for key, p in self.profiles.items() if key in ticked]

    @on(SelectionList.SelectedChanged, "#setup-profiles")
    def _ticked(self) -> None:
        if self.app.store is not None:
            self.reload()

    def reload(self) -> None:
        """Count the directory and say what each ticked profile still lacks."""
        chosen = self.chosen()

        def job(store: Store) -> SetupCounts:
            from mace_tui.directory.coverage import setup_counts

            return setup_counts(store, profiles=chosen)

        self.read("setup-read", job, self._show)

    def _show(self, counts: SetupCounts) -> None:
        self.people = counts.people
        lines = [f"The directory holds {counts.agencies} agencies and {counts.people} people."]
        if not counts.coverage:
            lines.append("[yellow]Tick at least one meeting above.[/]")
        for cov in counts.coverage:
            if not cov.gaps:
                filled = "; ".join(f"{f.label}: {', '.join(f.by)}" for f in cov.fills)
                lines.append(f"[green]✓ {escape(cov.short_name)}[/] — {escape(filled)}")
            else:
                lines.append(f"[yellow]✗ {escape(cov.short_name)} still lacks:[/]")
                lines += [f"    {escape(g.gap_text())}" for g in cov.gaps]
        self.query_one("#setup-status", Static).update("\n".join(lines))

    def action_directory(self) -> None:
        """Type agencies and people in (Escape comes back here)."""
        from mace_tui.screens.directory import DirectoryScreen

        self.encrypt_first(lambda: self.app.push_screen(DirectoryScreen()))

    def action_import_csv(self) -> None:
        """Import agencies and people from a CSV file."""
        self.encrypt_first(lambda: self.app.push_screen(ImportPath(), self._import_path))

    def _import_path(self, path: Path | None) -> None:
        if path is not None:
            self.import_file(path, [p.key for p in self.profiles.values()])

    def import_file(self, path: Path, profiles: list[str]) -> None:
        """Check the whole file; import every row, or none and list the problems."""
        from mace_tui.directory.csv_io import DirectoryImported

        app = self.app

        def job() -> DirectoryImported | list[str]:
            from mace_tui.directory.csv_io import import_directory_file

            return import_directory_file(app.require_store(), path=path, profiles=profiles)

        def applied(result: DirectoryImported | list[str]) -> None:
            problems = self.query_one("#setup-problems", Static)
            if isinstance(result, list):
                report = "\n".join(escape(line) for line in result)
                problems.update(f"Nothing was imported.\n{report}")
                return
            problems.update("")
            self.notify(
                f"Imported {result.agencies_added + result.agencies_updated} agencies and "
                f"{result.people_added + result.people_updated} people.",
                title="Directory",
            )
            self.reload()

        def refused(text: str) -> None:
            self.query_one("#setup-problems", Static).update(escape(text))

        self.write("directory import", job, done=applied, refused=refused)

    def action_prepare(self) -> None:
        """Record the hub's meetings and go on to prepare the first one."""
        chosen = self.chosen()
        if not chosen:
            self.notify("Tick at least one meeting the hub runs.", severity="warning")
            return
        if not self.people:
            self.notify("Add agencies and people first (i or d).", severity="warning")
            return
        self.encrypt_first(lambda: self.finish(chosen))

    def finish(self, chosen: list[Profile]) -> None:
        """Save the choice, give each profile a standing panel, then open preparation."""
        app, at = self.app, self.app.clock()

        def job() -> dict[str, int]:
            from mace_tui.directory.hub import start_hub

            return start_hub(app.require_store(), profiles=chosen, at=at)

        self.write("hub profiles", job, done=lambda _: self._to_prep(chosen))

    def _to_prep(self, chosen: list[Profile]) -> None:
        if self.app.profile.key not in {p.key for p in chosen}:
            self.app.profile = chosen[0]
            self.app.sub_title = chosen[0].name
        self.app.switch_mode("prep")
