"""The dialog for a free agenda item (R19): its section (MPRU considerations or any other
business) and its title. Used while preparing, from the queue and from the FORM proposal."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from mace_tui.prep.fields import FreeItemInput
from mace_tui.rules.subject_words import FREE_SECTIONS


class FreeItemModal(ModalScreen[FreeItemInput | None]):
    """Title and section of a free item; Enter or ctrl+s saves, Escape cancels."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="free.save"),
        Binding("escape", "cancel", "Cancel", id="free.cancel"),
    ]

    def __init__(
        self, *, section: str = "aob", title: str = "", heading: str = "Add an other item"
    ) -> None:
        super().__init__(classes="modal")
        self._section = section if section in FREE_SECTIONS else "aob"
        self._title = title
        self._heading = heading

    def compose(self) -> ComposeResult:
        # Here, not at the top: the preparation screen loads this module before the store.
        from store.states import FREE_TITLE_MAX

        with Vertical(classes="dialog"):
            yield Label(f"[b]{self._heading}[/b]", classes="dialog-title")
            yield Static(
                "Not about one child, person or place: discussed with notes and actions, "
                "no THRIVE, no grade.",
                classes="dialog-body",
            )
            yield Label(f"Title (at most {FREE_TITLE_MAX} characters)")
            yield Input(value=self._title, max_length=FREE_TITLE_MAX + 50, id="free-title")
            yield Label("Section (tab, arrows, then space)")
            with RadioSet(id="free-section", compact=True):
                for key, words in FREE_SECTIONS.items():
                    yield RadioButton(
                        words, value=key == self._section, id=f"free-{key}", compact=True
                    )
            yield Static("", id="free-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#free-title", Input).focus()

    @on(Input.Submitted, "#free-title")
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Check the title and hand back the item."""
        from store.states import clean_title

        pressed = self.query_one("#free-section", RadioSet).pressed_button
        section = (pressed.id or "").removeprefix("free-") if pressed else self._section
        try:
            title = clean_title(self.query_one("#free-title", Input).value)
        except ValueError as error:
            self.query_one("#free-error", Static).update(str(error).capitalize())
            return
        self.dismiss(FreeItemInput(section, title))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
