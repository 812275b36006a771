"""One line saying what the directory does not fill for the meeting's profile (R1, R26)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.markup import escape
from textual.widgets import Static

if TYPE_CHECKING:
    from mace_tui.app import MaceApp
    from mace_tui.profiles import Profile
    from store.db import Store


class DirectoryGap(Static):
    """Hidden while the directory fills every core agency and required role of the profile."""

    DEFAULT_CSS = """
    DirectoryGap { height: auto; padding: 0 1; color: $warning; text-style: bold; }
    """

    app: MaceApp

    def on_mount(self) -> None:
        self.display = False
        self.watch(self.app, "store", self._store_changed, init=True)

    def _store_changed(self, store: Store | None) -> None:
        if store is not None:
            self.check(store, self.app.profile)

    @work(thread=True, exclusive=True, group="directory-gap", exit_on_error=False)
    def check(self, store: Store, profile: Profile) -> None:
        """Read what the profile lacks, off the event loop."""
        from mace_tui.directory.coverage import directory_gap

        text = directory_gap(store, profile=profile)
        self.app.call_from_thread(self._show, text)

    def _show(self, text: str) -> None:
        self.update(escape(text))
        self.display = bool(text)
