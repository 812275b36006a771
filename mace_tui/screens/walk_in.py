"""Adding someone who arrives without an invitation: name, agency, job title, meeting role."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from mace_tui.rules.vocab import ROLE_LABELS
from store.frozen import record
from store.records import AgencyRecord


@record
class WalkIn:
    """A person to add to the meeting."""

    name: str
    agency_id: int
    title: str
    role: str


class WalkInModal(ModalScreen[WalkIn | None]):
    """A small form; each missing field is named when Save is pressed."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="walk_in.cancel"),
        Binding("ctrl+s", "add", "Add", id="walk_in.add"),
    ]

    def __init__(self, agencies: Sequence[AgencyRecord]) -> None:
        super().__init__(classes="modal")
        self._agencies = list(agencies)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("[b]Someone has joined[/b]", classes="dialog-title")
            yield Input(placeholder="Name", id="walk-name")
            yield Select(
                [(a.name, a.id) for a in self._agencies], prompt="Agency", id="walk-agency"
            )
            yield Input(placeholder="Job title (optional)", id="walk-title")
            yield Select(
                [(label, key) for key, label in ROLE_LABELS.items()],
                value="member",
                allow_blank=False,
                id="walk-role",
            )
            yield Static("", id="walk-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add", variant="primary", id="walk-add")
                yield Button("Cancel", id="walk-cancel")

    def on_mount(self) -> None:
        self.query_one("#walk-name", Input).focus()

    def action_add(self) -> None:
        """ctrl+s, as in the other forms."""
        self.add()

    @on(Button.Pressed, "#walk-add")
    @on(Input.Submitted)
    def add(self) -> None:
        name = " ".join(self.query_one("#walk-name", Input).value.split())
        agency = self.query_one("#walk-agency", Select).value
        error = self.query_one("#walk-error", Static)
        if not name:
            error.update("Name: type the person's name.")
            self.query_one("#walk-name", Input).focus()
            return
        if not isinstance(agency, int):
            error.update("Agency: choose the person's agency.")
            self.query_one("#walk-agency", Select).focus()
            return
        role = self.query_one("#walk-role", Select).value
        self.dismiss(
            WalkIn(
                name=name,
                agency_id=agency,
                title=self.query_one("#walk-title", Input).value.strip(),
                role=role if isinstance(role, str) else "member",
            )
        )

    @on(Button.Pressed, "#walk-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
