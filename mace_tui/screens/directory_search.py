"""The directory's search box: type to narrow the list shown, Down or Enter to go back to it."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.widgets import Input

from mace_tui.screens.base import MaceScreen


class DirectorySearch(MaceScreen[None]):
    """The search box's keys, for the directory screen."""

    def _fill(self, focus_id: int | None = None, *, switched: bool = False) -> None:
        raise NotImplementedError  # the directory screen's

    def action_search(self) -> None:
        """Type to narrow the list; Down or Enter goes back to it."""
        self.query_one("#dir-search", Input).focus()

    @on(Input.Changed, "#dir-search")
    def _search_changed(self) -> None:
        self._fill()

    @on(Input.Submitted, "#dir-search")
    def _search_done(self) -> None:
        self.query_one("#dir-table").focus()

    def on_key(self, event: Any) -> None:
        if event.key == "down" and self.focused is self.query_one("#dir-search"):
            self.query_one("#dir-table").focus()
            event.stop()
