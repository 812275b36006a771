"""Dialogs of the NPA referrals screen: the form's text, and one step (sent, outcome, closed)."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea


class ReferralTextScreen(ModalScreen[str | None]):
    """The referral form as text, to check and edit before it goes to the NPA."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="npa.text.save"),
        Binding("escape", "cancel", "Cancel", id="npa.text.cancel"),
    ]

    def __init__(self, *, title: str, text: str) -> None:
        super().__init__(classes="prep-modal")
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form-dialog npa-text-dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(
                "# starts a heading, - a list line. ctrl+s keeps it; esc leaves it as it was.",
                classes="dialog-hint",
            )
            yield TextArea(self.text, id="npa-text", soft_wrap=True, show_line_numbers=False)

    def on_mount(self) -> None:
        self.query_one("#npa-text", TextArea).focus()

    def action_save(self) -> None:
        """Close with the text as typed."""
        self.dismiss(self.query_one("#npa-text", TextArea).text)

    def action_cancel(self) -> None:
        """Close, keeping the form as it was."""
        self.dismiss(None)


class ReferralStepScreen(ModalScreen[dict[str, str] | None]):
    """A few labelled one-line fields for one step of the referral; the service checks them."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="npa.step.save"),
        Binding("escape", "cancel", "Cancel", id="npa.step.cancel"),
    ]

    def __init__(
        self, *, title: str, fields: Sequence[tuple[str, str, str]], problem: str = ""
    ) -> None:
        """``fields``: (key, label, value shown at first)."""
        super().__init__(classes="prep-modal")
        self.title_text = title
        self.fields = list(fields)
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form-dialog npa-step-dialog"):
            yield Static(self.title_text, classes="dialog-title")
            for key, label, value in self.fields:
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    yield Input(value, id=f"npa-{key}", compact=True)
            yield Static(escape(self.problem), id="form-errors")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        """Enter moves to the next field; on the last one it saves."""
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self.action_save()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Close with what was typed, field by field."""
        self.dismiss(
            {key: self.query_one(f"#npa-{key}", Input).value for key, _label, _v in self.fields}
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without recording anything."""
        self.dismiss(None)
