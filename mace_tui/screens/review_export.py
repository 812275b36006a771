"""The dialog for exporting one recording as a plain copy: folder, WAV or FLAC, and the reason (required)."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from store.frozen import record


@record
class ExportRequest:
    """Where to put the copy, in which format, and why."""

    folder: Path
    audio_format: str
    reason: str


class ExportRecordingScreen(ModalScreen[ExportRequest | None]):
    """Ask where a recording's copy goes and why; Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="review-export.cancel")]

    def __init__(self, *, what: str, folder: Path) -> None:
        super().__init__(classes="modal")
        self.what = what
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="review-export"):
            yield Label(f"[b]Export {escape(self.what)}[/b]", classes="dialog-title")
            yield Static(
                "A plain (not encrypted) copy named OFFICIAL-SENSITIVE and a marked sidecar "
                "(.txt), readable by you only; existing files are kept. The export and its "
                "reason go in the audit log.",
                classes="hint",
            )
            yield Label("Folder")
            yield Input(
                str(self.folder),
                placeholder="Folder to write into",
                id="export-folder",
                compact=True,
            )
            with RadioSet(id="export-format", compact=True):
                yield RadioButton(
                    "WAV, the samples as recorded", value=True, id="format-wav", compact=True
                )
                yield RadioButton("FLAC, the same sound, smaller", id="format-flac", compact=True)
            yield Label("Reason (required)")
            yield Input(
                placeholder="Who asked, and their reference", id="export-reason", compact=True
            )
            yield Static("", id="export-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="export-ok", compact=True)
                yield Button("Cancel", id="export-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#export-reason", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#export-ok")
    def export_copy(self) -> None:
        folder = self.query_one("#export-folder", Input).value.strip()
        reason = self.query_one("#export-reason", Input).value.strip()
        error = self.query_one("#export-error", Static)
        if not folder:
            error.update("Folder: type where the copy should go, e.g. ~/mace-exports.")
            self.query_one("#export-folder", Input).focus()
            return
        if not reason:
            error.update("Reason: say who asked for this copy and why; it goes in the audit log.")
            self.query_one("#export-reason", Input).focus()
            return
        flac = self.query_one("#format-flac", RadioButton).value
        self.dismiss(ExportRequest(Path(folder).expanduser(), "flac" if flac else "wav", reason))

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)
