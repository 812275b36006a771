"""The dialog that amends an issued log (R20): pick an action, a note or a grade, change it,
say why. Only the fields of the chosen kind are shown; the service checks every one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from mace_tui.chair.amend import Amendable

# Each kind's fields: (key, label); the reason is asked for every kind.
FIELDS = {
    "action": (("text", "What"), ("owner", "Owner"), ("due", "Due (YYYY-MM-DD)")),
    "note": (("note", "Note"), ("kind", "Fact or opinion")),
    "grade": (("rationale", "Rationale"),),
}


class AmendScreen(ModalScreen[dict[str, str] | None]):
    """Choose what to change (action, note or grade), change it, and give the reason."""

    CSS_PATH = "prep.tcss"
    # Enter moves the focus here: the app holds keys typed after it until ``_focus_now``.
    ENTER_MOVES_FOCUS = True
    BINDINGS = [
        Binding("ctrl+s", "save", "Issue new version", id="amend.save"),
        Binding("escape", "cancel", "Cancel", id="amend.cancel"),
    ]

    def __init__(
        self,
        *,
        version: int,
        choices: Sequence[Amendable],
        values: dict[str, str] | None = None,
        problem: str = "",
    ) -> None:
        super().__init__(classes="prep-modal")
        self.version = version
        self.choices = list(choices)
        self.values = dict(values or {})
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form-dialog"):
            yield Static(
                f"Amend the log: version {self.version} stays as issued; "
                f"this makes version {self.version + 1}",
                classes="dialog-title",
            )
            yield Label("Action, note or grade (↑↓, Enter)", classes="form-caption")
            yield OptionList(
                *(Option(escape(c.label), id=c.key) for c in self.choices),
                id="amend-action",
            )
            for kind, fields in FIELDS.items():
                for key, label in fields:
                    with Horizontal(classes=f"form-row amend-{kind}"):
                        yield Label(label, classes="form-label")
                        yield Input(self.values.get(key, ""), id=f"amend-{key}", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Reason", classes="form-label")
                yield Input(self.values.get("reason", ""), id="amend-reason", compact=True)
            yield Static(escape(self.problem), id="form-errors")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Issue (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def _chosen(self) -> Amendable | None:
        key = self.values.get("key")
        return next((c for c in self.choices if c.key == key), None)

    def _show_fields(self, kind: str | None) -> None:
        for other in FIELDS:
            for row in self.query(f".amend-{other}"):
                row.display = other == kind

    def on_mount(self) -> None:
        options = self.query_one("#amend-action", OptionList)
        chosen = self._chosen()
        self._show_fields(chosen.kind if chosen else None)
        if chosen is not None:
            options.highlighted = self.choices.index(chosen)
            self._first_field(chosen.kind).focus()
        else:
            options.focus()
            if options.option_count:
                options.highlighted = 0

    def _first_field(self, kind: str) -> Input:
        return self.query_one(f"#amend-{FIELDS[kind][0][0]}", Input)

    @on(OptionList.OptionSelected, "#amend-action")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        """Show the chosen thing's fields, filled in as it stands."""
        choice = next(c for c in self.choices if c.key == event.option.id)
        self.values["key"] = choice.key
        for key, value in choice.values:
            self.query_one(f"#amend-{key}", Input).value = value
        self._show_fields(choice.kind)
        self._focus_now(self._first_field(choice.kind))

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        """Enter moves on; on the reason it issues the version."""
        inputs = [i for i in self.query(Input) if i.parent is not None and i.parent.display]
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            self._focus_now(inputs[index + 1])
        else:
            self.action_save()
            self._focus_now(None)

    def _focus_now(self, field: Input | None) -> None:
        """Move the focus at once (not on the next idle, as ``focus()`` does), then let the
        keys typed after Enter go on: they land in the new field, not the one left."""
        if field is not None and field.is_attached:
            self.set_focus(field)
        gate = getattr(self.app, "keygate", None)
        if gate is not None:
            gate.release()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Close with the change; the service checks every field."""
        chosen = self._chosen()
        if chosen is None:
            self.query_one("#form-errors", Static).update(
                "Choose an action, a note or a grade with Enter first."
            )
            self.query_one("#amend-action").focus()
            return
        values = {"key": chosen.key}
        for key, _label in (*FIELDS[chosen.kind], ("reason", "")):
            values[key] = self.query_one(f"#amend-{key}", Input).value
        self.dismiss(values)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close; nothing is amended."""
        self.dismiss(None)
