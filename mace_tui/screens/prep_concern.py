"""Adding a person or a location of concern to the queue, and linking queue entries (R22)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from mace_tui.prep.concern_words import LINK_WORDS, LOCATION_KINDS
from mace_tui.screens.modals import dismiss_asking
from store.frozen import record

if TYPE_CHECKING:
    from mace_tui.csv_rows import Problem
    from mace_tui.prep.concern_csv import ConcernRow

# Fields shown for each kind: (column, caption, placeholder)
PERSON_FIELDS = (
    ("name", "Name", "Full name as known"),
    ("aliases", "Also known as", "Other names, separated by ;"),
    ("date_of_birth", "Date of birth, if known", "DD/MM/YYYY"),
    ("areas", "Known addresses or areas", "Where they live or are seen"),
    ("police_ref", "Police reference", "e.g. TP/900001/DEMO"),
)
LOCATION_FIELDS = (
    ("name", "Name", "What the place is called"),
    ("address", "Address or description", "A postal address, or how to find it online"),
    ("local_authority", "Local authority", "e.g. Testshire County Council"),
)

Checker = Callable[[dict[str, str]], "tuple[ConcernRow | None, tuple[Problem, ...]]"]


class ConcernFormScreen(ModalScreen["ConcernRow | None"]):
    """A new person or location of concern and why it is on the queue; checked before closing."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="prep.concern.save"),
        Binding("escape", "cancel", "Cancel", id="prep.concern.cancel"),
    ]

    def __init__(self, *, check: Checker) -> None:
        super().__init__(classes="prep-modal")
        self._check = check
        self._checking = False  # a check is running: a second ctrl+s waits for it

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form-dialog"):
            yield Static("Add a person or a location of concern", classes="dialog-title")
            with VerticalScroll(id="concern-fields"):
                with RadioSet(id="concern-kind", compact=True):
                    yield RadioButton(
                        "Person of concern", value=True, id="kind-person", compact=True
                    )
                    yield RadioButton("Location of concern", id="kind-location", compact=True)
                for column, caption, hint in PERSON_FIELDS:
                    yield Label(caption, classes="form-caption person-field")
                    yield Input(placeholder=hint, id=f"person-{column}", classes="person-field")
                yield Label("Kind of place", classes="form-caption location-field")
                with RadioSet(id="location-kind", compact=True, classes="location-field"):
                    for key, label in LOCATION_KINDS.items():
                        yield RadioButton(label, id=f"place-{key}", compact=True)
                for column, caption, hint in LOCATION_FIELDS:
                    yield Label(caption, classes="form-caption location-field")
                    yield Input(placeholder=hint, id=f"location-{column}", classes="location-field")
                yield Label("Why it is on the queue", classes="form-caption")
                yield Input(placeholder="One paragraph", id="concern-reason")
            yield Static("", id="form-errors")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self._show_kind()
        self.set_focus(self.query_one("#concern-kind", RadioSet))
        self._opened_with = self.raw()

    @property
    def kind(self) -> str:
        """person or location, as chosen."""
        pressed = self.query_one("#concern-kind", RadioSet).pressed_button
        return "location" if pressed is not None and pressed.id == "kind-location" else "person"

    @on(RadioSet.Changed, "#concern-kind")
    def _show_kind(self) -> None:
        for widget in self.query(".person-field"):
            widget.display = self.kind == "person"
        for widget in self.query(".location-field"):
            widget.display = self.kind == "location"

    def raw(self) -> dict[str, str]:
        """The form's values under the CSV's column names."""
        kind = self.kind
        fields = PERSON_FIELDS if kind == "person" else LOCATION_FIELDS
        raw = {"kind": kind, "reason": self.query_one("#concern-reason", Input).value}
        for column, _, _ in fields:
            raw[column] = self.query_one(f"#{kind}-{column}", Input).value
        if kind == "location":
            pressed = self.query_one("#location-kind", RadioSet).pressed_button
            raw["location_kind"] = (
                LOCATION_KINDS[(pressed.id or "").removeprefix("place-")] if pressed else ""
            )
        return raw

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Check the form (it looks in the store for the same subject: off the event loop);
        close with the subject, or say what to fix."""
        if self._checking:
            return
        self._checking = True
        raw, check, app = self.raw(), self._check, self.app

        def job() -> None:
            row, problems = check(raw)
            app.call_from_thread(self._checked, row, problems)

        self.run_worker(job, thread=True, group="concern-check", exit_on_error=False)

    def _checked(self, row: Any, problems: Sequence[Any]) -> None:
        self._checking = False
        if problems:
            self.query_one("#form-errors", Static).update(
                "\n".join(escape(f"{p.column}: {p.reason}") for p in problems)
            )
            return
        self.dismiss(row)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close; nothing is added (asking first if something was typed)."""
        dismiss_asking(self, changed=self.raw() != self._opened_with, what="subject")


@record
class LinkChoice:
    """The queue position to link the highlighted entry with, and what the link is."""

    position: int
    relation: str


class LinkScreen(ModalScreen[LinkChoice | None]):
    """Link the highlighted entry with another on the queue: a child with a person or location."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="prep.link.save"),
        Binding("escape", "cancel", "Cancel", id="prep.link.cancel"),
    ]

    def __init__(self, *, label: str, choices: list[tuple[int, str]]) -> None:
        super().__init__(classes="prep-modal")
        self.label = label
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form-dialog"):
            yield Static(f"Link [b]{escape(self.label)}[/b] with…", classes="dialog-title")
            yield Static("\n".join(f"{n}. {escape(text)}" for n, text in self.choices))
            # One line, number then words: keys typed ahead never land in another field.
            yield Label("Queue position, then what the link is", classes="form-caption")
            yield Input(placeholder=f"e.g. 1 {LINK_WORDS[2]}", id="link-text")
            yield Static("Words often used: " + ", ".join(LINK_WORDS), classes="dialog-hint")
            yield Static("", id="form-errors")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#link-text", Input))

    @on(Input.Submitted, "#link-text")
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Close with the choice, or say what is missing."""
        number, _, words = self.query_one("#link-text", Input).value.strip().partition(" ")
        relation = " ".join(words.split())
        positions = {n for n, _ in self.choices}
        errors = []
        if not number.isdigit() or int(number) not in positions:
            errors.append("Queue position: start with one of the numbers listed above.")
        if not relation:
            errors.append("What the link is: after the number, a few words, e.g. 1 seen with.")
        if errors:
            self.query_one("#form-errors", Static).update("\n".join(errors))
            return
        self.dismiss(LinkChoice(int(number), relation))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close; nothing is linked."""
        self.dismiss(None)
