"""A small dialog asking which folder the action log is exported to."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


class ExportFolderScreen(ModalScreen[Path | None]):
    """Type a folder; Enter exports there, Escape cancels. Returns the folder or None."""

    CSS_PATH = "action_log.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]

    def __init__(self, *, what: str, folder: Path, formats: str = "Markdown, CSV and Word") -> None:
        super().__init__()
        self.what = what
        self.folder = folder
        self.formats = formats

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            yield Label(f"Export {escape(self.what)}", id="export-title")
            yield Static(
                f"{self.formats} files, each marked OFFICIAL-SENSITIVE and readable by "
                "you only. Existing files are kept: a new name is used instead.",
                id="export-explain",
            )
            yield Input(str(self.folder), placeholder="Folder to write into", id="export-folder")
            yield Static("", id="export-problem")
            with Horizontal(id="export-buttons"):
                yield Button("Export", variant="primary", id="export-ok")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        field = self.query_one("#export-folder", Input)
        field.focus()
        field.cursor_position = len(field.value)

    @on(Input.Submitted, "#export-folder")
    @on(Button.Pressed, "#export-ok")
    def export_to_folder(self) -> None:
        text = self.query_one("#export-folder", Input).value.strip()
        if not text:
            self.query_one("#export-problem", Static).update(
                "Folder: type where the files should go, e.g. ~/mace-exports."
            )
            return
        self.dismiss(Path(text).expanduser())

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)
