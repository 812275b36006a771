"""The other-item screen's note dialog: what was said, and whether it is a fact or an opinion
(the agency is asked next). Every change is handed to the screen, which keeps it as typed."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet, Static


class NoteModal(ModalScreen[tuple[str, str] | None]):
    """A note's text and whether it is a fact or an opinion (the agency is asked next).

    ``recovered``: the note was kept as typed before the app ended, with no agency yet; it is
    shown again to be finished (Escape leaves it as it is)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="free.note.cancel")]

    def __init__(
        self,
        *,
        on_typed: Callable[[str, str], None] | None = None,
        text: str = "",
        kind: str = "fact",
        recovered: bool = False,
        classes: str | None = None,
    ) -> None:
        super().__init__(classes=classes)
        self._on_typed = on_typed
        self._text = text
        self._kind = kind
        self._recovered = recovered

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("[b]Note on this item[/b]", classes="dialog-title")
            if self._recovered:
                yield Static(
                    "Kept as it was typed before the app closed, with no agency yet: Enter "
                    "asks the agency; Escape leaves it for later."
                )
            else:
                yield Static("What was said; Enter saves, the agency is asked next.")
            # Not selected on focus: a key typed into a kept note adds to it, never replaces it.
            yield Input(self._text, id="note-text", select_on_focus=False)
            with RadioSet(id="note-kind", compact=True):
                yield RadioButton(
                    "Fact", value=self._kind != "opinion", id="note-fact", compact=True
                )
                yield RadioButton(
                    "Opinion", value=self._kind == "opinion", id="note-opinion", compact=True
                )
            yield Static("", id="note-error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#note-text", Input).focus()

    def _written(self) -> tuple[str, str]:
        text = self.query_one("#note-text", Input).value.strip()
        pressed = self.query_one("#note-kind", RadioSet).pressed_button
        kind = "opinion" if pressed is not None and pressed.id == "note-opinion" else "fact"
        return kind, text

    @on(Input.Changed, "#note-text")
    @on(RadioSet.Changed, "#note-kind")
    def typed(self) -> None:
        """Hand what is typed so far to be kept."""
        if self._on_typed is not None:
            self._on_typed(*self._written())

    @on(Input.Submitted, "#note-text")
    def save(self) -> None:
        kind, text = self._written()
        if not text:
            self.query_one("#note-error", Static).update("Note: write a few words first.")
            return
        self.dismiss((kind, text))

    def action_cancel(self) -> None:
        self.dismiss(None)


__all__ = ["NoteModal"]
