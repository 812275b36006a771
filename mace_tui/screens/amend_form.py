"""The dialog that amends one action of an issued log (R20): pick it, change it, say why."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from mace_tui.reports.records import ActionEntry


def _label(action: ActionEntry) -> str:
    due = f"{action.due:%d/%m/%Y}" if action.due else "no date"
    who = f"{action.child.ref} · " if action.child.ref else ""
    return f"A{action.id} {who}{action.owner or 'no owner'}, {due}: {action.text}"


class AmendActionScreen(ModalScreen[dict[str, str] | None]):
    """Choose an action, change what, owner or due date, and give the reason for version N+1."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Issue new version", id="amend.save"),
        Binding("escape", "cancel", "Cancel", id="amend.cancel"),
    ]

    def __init__(
        self,
        *,
        version: int,
        actions: Sequence[ActionEntry],
        values: dict[str, str] | None = None,
        problem: str = "",
    ) -> None:
        super().__init__(classes="prep-modal")
        self.version = version
        self.actions = list(actions)
        self.values = dict(values or {})
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form-dialog"):
            yield Static(
                f"Amend the log: version {self.version} stays as issued; "
                f"this makes version {self.version + 1}",
                classes="dialog-title",
            )
            yield Label("Action (↑↓, Enter)", classes="form-caption")
            yield OptionList(
                *(Option(escape(_label(a)), id=str(a.id)) for a in self.actions),
                id="amend-action",
            )
            for key, label in (("text", "What"), ("owner", "Owner"), ("due", "Due (YYYY-MM-DD)")):
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    yield Input(self.values.get(key, ""), id=f"amend-{key}", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Reason", classes="form-label")
                yield Input(self.values.get("reason", ""), id="amend-reason", compact=True)
            yield Static(escape(self.problem), id="form-errors")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Issue (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        options = self.query_one("#amend-action", OptionList)
        chosen = self.values.get("action_id")
        index = next((i for i, a in enumerate(self.actions) if str(a.id) == chosen), None)
        if index is not None:
            options.highlighted = index
            self.query_one("#amend-owner", Input).focus()
        else:
            options.focus()
            if options.option_count:
                options.highlighted = 0

    @on(OptionList.OptionSelected, "#amend-action")
    def action_chosen(self, event: OptionList.OptionSelected) -> None:
        """Fill the fields with the chosen action as it stands."""
        action = next(a for a in self.actions if str(a.id) == event.option.id)
        self.values["action_id"] = str(action.id)
        self.query_one("#amend-text", Input).value = action.text
        self.query_one("#amend-owner", Input).value = action.owner
        self.query_one("#amend-due", Input).value = f"{action.due:%Y-%m-%d}" if action.due else ""
        self.query_one("#amend-owner", Input).focus()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        """Enter moves on; on the reason it issues the version."""
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self.action_save()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Close with the change; the service checks every field."""
        if "action_id" not in self.values:
            self.query_one("#form-errors", Static).update("Action: choose one with Enter first.")
            self.query_one("#amend-action").focus()
            return
        values = {"action_id": self.values["action_id"]}
        for key in ("text", "owner", "due", "reason"):
            values[key] = self.query_one(f"#amend-{key}", Input).value
        self.dismiss(values)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close; nothing is amended."""
        self.dismiss(None)
