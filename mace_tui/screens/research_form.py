"""Dialogs of the research screen: one contribution typed in, and choosing an agency to ask."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from mace_tui.prep.research import check_contribution
from store.research import NewResearch

if TYPE_CHECKING:
    from store.research import AgencyName

# Where each field's problem sends the cursor.
FIELD_WIDGETS = {
    "agency": "research-agency",
    "person": "research-person",
    "kind": "research-kind",
    "text": "research-text",
    "received": "research-received",
}


class AgencyPickScreen(ModalScreen[int | None]):
    """Choose one agency from a list (type to filter)."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="research.pick.cancel")]

    def __init__(self, *, title: str, agencies: Sequence[AgencyName]) -> None:
        super().__init__(classes="prep-modal")
        self.title_text = title
        self.agencies = list(agencies)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog search-dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield OptionList(
                *(Option(a.name, id=str(a.id)) for a in self.agencies), id="agency-list"
            )
            if not self.agencies:
                yield Static("No agencies to choose: add them in the directory first.")

    def on_mount(self) -> None:
        options = self.query_one("#agency-list", OptionList)
        options.focus()
        if options.option_count:
            options.highlighted = 0

    @on(OptionList.OptionSelected, "#agency-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0) or None)

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)


class ResearchFormScreen(ModalScreen[NewResearch | None]):
    """What one agency sent on the subject (a child, person or location): agency, who, fact or opinion, the text, when."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="research.form.save"),
        Binding("escape", "cancel", "Cancel", id="research.form.cancel"),
    ]

    def __init__(
        self,
        *,
        child_label: str,
        item_id: int,
        agencies: Sequence[AgencyName],
        meeting_date: date,
        today: date,
    ) -> None:
        super().__init__(classes="prep-modal")
        self.child_label = child_label
        self.item_id = item_id
        self.agencies = list(agencies)
        self.meeting_date = meeting_date
        self.today = min(today, meeting_date)
        self.agency_id: int | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form-dialog"):
            yield Static(f"Research on [b]{escape(self.child_label)}[/b]", classes="dialog-title")
            yield Label("Agency (↑↓, Enter)", classes="form-caption")
            yield OptionList(
                *(Option(a.name, id=str(a.id)) for a in self.agencies), id="research-agency"
            )
            with Horizontal(classes="form-row"):
                yield Label("From (person/team)", classes="form-label")
                yield Input(id="research-person", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Received", classes="form-label")
                yield Input(f"{self.today:%d/%m/%Y}", id="research-received", compact=True)
            with RadioSet(id="research-kind", compact=True):
                yield RadioButton("Fact", value=True, id="kind-fact", compact=True)
                yield RadioButton("Professional opinion", id="kind-opinion", compact=True)
            yield TextArea(
                "",
                id="research-text",
                soft_wrap=True,
                show_line_numbers=False,
                placeholder="What the agency holds on this subject",
            )
            yield Static("", id="form-errors")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        options = self.query_one("#research-agency", OptionList)
        options.focus()
        if options.option_count:
            options.highlighted = 0

    @on(OptionList.OptionSelected, "#research-agency")
    def agency_chosen(self, event: OptionList.OptionSelected) -> None:
        self.agency_id = int(event.option.id or 0) or None
        self.query_one("#research-person", Input).focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Check the form; close with the contribution, or show what to fix."""
        options = self.query_one("#research-agency", OptionList)
        if self.agency_id is None and options.highlighted is not None:
            option = options.get_option_at_index(options.highlighted)
            self.agency_id = int(option.id or 0) or None
        pressed = self.query_one("#research-kind", RadioSet).pressed_button
        entry, errors = check_contribution(
            item_id=self.item_id,
            agency_id=self.agency_id,
            contributor=self.query_one("#research-person", Input).value,
            kind=(pressed.id or "").removeprefix("kind-") if pressed else "",
            text=self.query_one("#research-text", TextArea).text,
            received=self.query_one("#research-received", Input).value,
            meeting_date=self.meeting_date,
        )
        for field, widget_id in FIELD_WIDGETS.items():
            self.query_one(f"#{widget_id}").set_class(
                any(e.field == field for e in errors), "-invalid-field"
            )
        self.query_one("#form-errors", Static).update("\n".join(escape(str(e)) for e in errors))
        if errors:
            self.query_one(f"#{FIELD_WIDGETS[errors[0].field]}").focus()
            return
        self.dismiss(entry)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
