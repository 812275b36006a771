"""A new child's details, and why a child is on the queue: the two forms after the search."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Static,
    TextArea,
)

from mace_tui.prep.fields import (
    CHOOSABLE_SOURCES,
    LABELS,
    ChildDetails,
    FieldError,
    ItemDetails,
    check_child,
    check_item,
)
from mace_tui.prep.queue_view import looks_like_date
from mace_tui.rules.vocab import EXPLOITATION_TYPES, REFERRAL_SOURCES
from mace_tui.screens.modals import dismiss_asking

CHILD_FIELDS = ("name", "date_of_birth", "local_authority", "police_ref", "la_ref", "npa")


def _error_lines(errors: Sequence[FieldError]) -> str:
    return "\n".join(escape(str(e)) for e in errors)


class NewChildScreen(ModalScreen[ChildDetails | None]):
    """A new child's details, checked field by field."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="prep.child.save"),
        Binding("escape", "cancel", "Cancel", id="prep.child.cancel"),
    ]

    def __init__(self, *, meeting_date: date, typed: str = "") -> None:
        super().__init__(classes="prep-modal")
        self.meeting_date = meeting_date
        self.typed = typed

    def compose(self) -> ComposeResult:
        prefill_name = "" if looks_like_date(self.typed) else self.typed
        prefill_dob = self.typed if looks_like_date(self.typed) else ""
        values = {"name": prefill_name, "date_of_birth": prefill_dob}
        hints = {"date_of_birth": "DD/MM/YYYY", "name": "required"}
        with Vertical(classes="dialog form-dialog"):
            yield Static("Record a new child", classes="dialog-title")
            for field in CHILD_FIELDS:
                with Horizontal(classes="form-row"):
                    yield Label(LABELS[field], classes="form-label")
                    yield Input(
                        value=values.get(field, ""),
                        placeholder=hints.get(field, "optional"),
                        id=f"child-{field}",
                        compact=True,
                    )
            yield Static("", id="form-errors")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        first = (
            "child-date_of_birth"
            if self.typed and not looks_like_date(self.typed)
            else "child-name"
        )
        self.set_focus(self.query_one(f"#{first}", Input))
        self._opened_with = dict(self.raw())

    def raw(self) -> Mapping[str, str]:
        """What is typed in each field."""
        return {f: self.query_one(f"#child-{f}", Input).value for f in CHILD_FIELDS}

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        if event.input.id == f"child-{CHILD_FIELDS[-1]}":
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Check every field; close with the details, or show what to fix."""
        details, errors = check_child(self.raw(), on=self.meeting_date)
        for field in CHILD_FIELDS:
            self.query_one(f"#child-{field}", Input).set_class(
                any(e.field == field for e in errors), "-invalid-field"
            )
        self.query_one("#form-errors", Static).update(_error_lines(errors))
        if errors:
            self.query_one(f"#child-{errors[0].field}", Input).focus()
            return
        self.dismiss(details)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without recording anyone (asking first if something was typed)."""
        dismiss_asking(self, changed=dict(self.raw()) != self._opened_with, what="child")


class SourceChoice(RadioSet):
    """The referral sources as radio buttons; the cursor starts on the one chosen before."""

    def on_mount(self) -> None:
        # After RadioSet's own mount handling, which puts the cursor on the first button.
        self.call_later(self._cursor_to_pressed)

    def _cursor_to_pressed(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index


class ItemFormScreen(ModalScreen[ItemDetails | None]):
    """Why a child is on the queue: referral source, exploitation types and a reason."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="prep.item.save"),
        Binding("escape", "cancel", "Cancel", id="prep.item.cancel"),
    ]

    def __init__(self, *, child_label: str, current: ItemDetails | None = None) -> None:
        super().__init__(classes="prep-modal")
        self.child_label = child_label
        self.current = current

    def compose(self) -> ComposeResult:
        current = self.current
        chosen = set(current.exploitation_types) if current else set()
        with Vertical(classes="dialog form-dialog"):
            title = "Why is this child on the queue?"
            if self.child_label:
                title = f"Why is [b]{escape(self.child_label)}[/b] on the queue?"
            yield Static(title, classes="dialog-title")
            yield Label(f"{LABELS['referral_source']} (arrows, then space)", classes="form-caption")
            # Radio buttons rather than a drop-down: no overlay, so keys typed ahead are not lost.
            with SourceChoice(id="item-source", compact=True):
                for key in CHOOSABLE_SOURCES:
                    yield RadioButton(
                        REFERRAL_SOURCES[key],
                        value=current is not None and current.referral_source == key,
                        id=f"source-{key}",
                        compact=True,
                    )
            yield Label(f"{LABELS['exploitation_types']} (tab, then space)", classes="form-caption")
            with Horizontal(classes="form-row", id="item-types"):
                for key, label in EXPLOITATION_TYPES.items():
                    yield Checkbox(label, key in chosen, id=f"type-{key}", compact=True)
            yield Label(f"{LABELS['reason']} (one paragraph)", classes="form-caption")
            yield TextArea(
                current.reason if current else "",
                id="item-reason",
                soft_wrap=True,
                show_line_numbers=False,
                placeholder="What happened, and why the child is referred now",
            )
            yield Static("", id="form-errors")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#item-source", SourceChoice))
        reason = self.query_one("#item-reason", TextArea)
        reason.move_cursor(reason.document.end)  # editing a reason goes on from its end
        self._opened_with = dict(self.raw())

    def raw(self) -> Mapping[str, str]:
        """The form's values as text, as the checks take them."""
        pressed = self.query_one("#item-source", RadioSet).pressed_button
        types = [
            key for key in EXPLOITATION_TYPES if self.query_one(f"#type-{key}", Checkbox).value
        ]
        return {
            "referral_source": (pressed.id or "").removeprefix("source-") if pressed else "",
            "exploitation_types": ",".join(types),
            "reason": self.query_one("#item-reason", TextArea).text,
        }

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Check the form; close with the details, or show what to fix."""
        details, errors = check_item(self.raw())
        ids = {
            "referral_source": "item-source",
            "exploitation_types": "type-cse",
            "reason": "item-reason",
        }
        for field, widget_id in ids.items():
            self.query_one(f"#{widget_id}").set_class(
                any(e.field == field for e in errors), "-invalid-field"
            )
        self.query_one("#form-errors", Static).update(_error_lines(errors))
        if errors:
            self.query_one(f"#{ids[errors[0].field]}").focus()
            return
        self.dismiss(details)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing anything (asking first if something was changed)."""
        dismiss_asking(self, changed=dict(self.raw()) != self._opened_with, what="entry")
