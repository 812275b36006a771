"""Asking for the path of a directory CSV file to import."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


class ImportPath(ModalScreen[Path | None]):
    """One line: the file's path. Enter imports, Escape cancels."""

    CSS_PATH = "directory.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="import_path.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("[b]Import the directory from a CSV file[/b]", classes="dialog-title")
            yield Input(placeholder="Path, e.g. ~/hub-directory.csv", id="import-path")
            yield Static(
                "The whole file is checked first: every row is imported, or none.", classes="hint"
            )
            yield Static("", id="import-error", classes="error")

    def __init__(self) -> None:
        super().__init__(classes="modal")

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    @on(Input.Submitted, "#import-path")
    def _submit(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.query_one("#import-error", Static).update("Path: type the file's path.")
            return
        self.dismiss(Path(text).expanduser())

    def action_cancel(self) -> None:
        self.dismiss(None)
