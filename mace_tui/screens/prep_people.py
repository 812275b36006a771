"""Choosing a person: to invite to the meeting, or to record a known conflict for a child."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from mace_tui.prep.fields import FieldError, optional_text
from mace_tui.rules.vocab import role_label
from store.frozen import record

if TYPE_CHECKING:
    from store.agenda import PersonChoice


@record
class PersonPick:
    """The person chosen, and the reason typed (conflicts only)."""

    person_id: int
    reason: str = ""


def person_prompt(person: PersonChoice, *, invited: bool) -> Text:
    """A person as a line: name, title, agency and sector."""
    text = Text(person.name, style="bold")
    text.append(f"  · {person.agency}", style="dim")
    if person.role not in ("member", ""):
        text.append(f" · {role_label(person.role)}", style="dim")
    if invited:
        text.append("  · invited", style="italic")
    return text


class PersonPickerScreen(ModalScreen[PersonPick | None]):
    """Filter the people by typing, choose one; for a conflict, add a reason."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="prep.person.cancel"),
        Binding("ctrl+s", "save", "Save", id="prep.person.save"),
        Binding("down", "to_list", "People", show=False, id="prep.person.list"),
    ]

    def __init__(
        self,
        *,
        title: str,
        people: Sequence[PersonChoice],
        invited: frozenset[int] = frozenset(),
        exclude: frozenset[int] = frozenset(),
        ask_reason: bool = False,
    ) -> None:
        super().__init__(classes="prep-modal")
        self.title_text = title
        # Invited people first: they are the ones most likely meant.
        self.people = sorted(
            (p for p in people if p.id not in exclude),
            key=lambda p: (p.id not in invited, p.agency, p.name),
        )
        self.invited = invited
        self.ask_reason = ask_reason
        self.chosen: PersonChoice | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog search-dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Input(
                placeholder="Type to filter by name or agency", id="person-filter", compact=True
            )
            yield OptionList(id="person-list")
            if self.ask_reason:
                yield Static("Chosen: nobody yet", id="person-chosen")
                yield Input(
                    placeholder="Reason (optional), e.g. a neighbour of the family",
                    id="person-reason",
                    compact=True,
                )
            yield Static("", id="form-errors")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self._fill("")
        self.set_focus(self.query_one("#person-filter", Input))

    def _fill(self, text: str) -> None:
        words = text.lower().split()
        options = self.query_one("#person-list", OptionList)
        options.clear_options()
        for person in self.people:
            haystack = f"{person.name} {person.title} {person.agency} {person.sector}".lower()
            if all(word in haystack for word in words):
                options.add_option(
                    Option(
                        person_prompt(person, invited=person.id in self.invited), id=str(person.id)
                    )
                )
        if not options.option_count:
            options.add_option(Option("Nobody matches.", disabled=True))

    @on(Input.Changed, "#person-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#person-filter")
    def action_to_list(self) -> None:
        """Move to the list."""
        options = self.query_one("#person-list", OptionList)
        options.focus()
        if options.highlighted is None and options.option_count:
            options.highlighted = 0

    @on(OptionList.OptionSelected, "#person-list")
    def person_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is None:
            return
        self.chosen = next(p for p in self.people if str(p.id) == event.option.id)
        if not self.ask_reason:
            self.action_save()
            return
        self.query_one("#person-chosen", Static).update(
            f"Chosen: [b]{escape(self.chosen.name)}[/b]"
        )
        self.query_one("#person-reason", Input).focus()

    @on(Input.Submitted, "#person-reason")
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Close with the chosen person, or say who is missing."""
        errors = self.query_one("#form-errors", Static)
        if self.chosen is None:
            errors.update("Person: choose someone from the list (↓, then Enter).")
            return
        reason = ""
        if self.ask_reason:
            try:
                reason = optional_text(
                    self.query_one("#person-reason", Input).value, field="conflict_reason"
                )
            except FieldError as exc:
                errors.update(escape(str(exc)))
                return
        assert self.chosen is not None
        self.dismiss(PersonPick(person_id=self.chosen.id, reason=reason))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
