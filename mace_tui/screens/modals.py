"""Small modal screens shared by the chair's screens: confirm, ask for a reason, pick one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

T = TypeVar("T")


class ConfirmModal(ModalScreen[bool]):
    """Yes or no, with the consequence spelled out: the one confirm dialog of the app.

    y confirms, n or Escape cancels; Enter presses the focused button. Before anything
    destructive (``destructive=True``: removing, discarding, deleting) "No" has the focus,
    so a stray Enter keeps what is there.
    """

    BINDINGS = [
        Binding("escape,n", "cancel", "Cancel", id="confirm.cancel"),
        Binding("y", "confirm", "Yes", id="confirm.yes"),
    ]

    def __init__(
        self,
        title: str,
        body: str = "",
        *,
        yes: str = "Yes",
        no: str = "Cancel",
        destructive: bool = False,
    ) -> None:
        super().__init__(classes="modal")
        self._title = title
        self._body = body
        self._yes = yes
        self._no = no
        self.destructive = destructive

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"[b]{escape(self._title)}[/b]", classes="dialog-title")
            if self._body:
                yield Static(escape(self._body), classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    f"{self._yes} (y)", variant="error" if self.destructive else "primary", id="yes"
                )
                yield Button(f"{self._no} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no" if self.destructive else "#yes", Button).focus()

    @on(Button.Pressed, "#yes")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_cancel(self) -> None:
        self.dismiss(False)


def dismiss_asking(form: ModalScreen[Any], *, changed: bool, what: str) -> None:
    """Close ``form`` with no result; when something was typed, ask first.

    The one confirm every form uses on Escape or Cancel, so a typed note or
    action is never thrown away by a single key.
    """
    if not changed:
        form.dismiss(None)
        return

    def answered(discard: bool | None) -> None:
        if discard:
            form.dismiss(None)

    form.app.push_screen(
        ConfirmModal(
            f"Discard this {what}?",
            "What you typed in this form is not saved.",
            yes="Discard",
            no="Keep editing",
            destructive=True,
        ),
        answered,
    )


class ReasonModal(ModalScreen[str | None]):
    """Ask for a short written reason; an empty reason is refused with a message."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="reason.cancel")]

    def __init__(self, title: str, prompt: str, *, placeholder: str = "", value: str = "") -> None:
        super().__init__(classes="modal")
        self._title = title
        self._prompt = prompt
        self._placeholder = placeholder
        self._value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"[b]{escape(self._title)}[/b]", classes="dialog-title")
            yield Static(escape(self._prompt), classes="dialog-body")
            yield Input(value=self._value, placeholder=self._placeholder, id="reason")
            yield Static("", id="reason-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#reason")
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        text = self.query_one("#reason", Input).value.strip()
        if not text:
            self.query_one("#reason-error", Static).update("Reason: write a few words first.")
            return
        self.dismiss(text)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceModal(ModalScreen[T | None], Generic[T]):
    """Pick one item from a list: type to narrow it, arrows to move, Enter to choose, Escape to cancel."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="choice.cancel"),
        Binding("down", "move(1)", "Down", show=False, id="choice.down"),
        Binding("up", "move(-1)", "Up", show=False, id="choice.up"),
    ]

    def __init__(self, title: str, choices: Sequence[tuple[str, T]], *, prompt: str = "") -> None:
        super().__init__(classes="modal")
        self._title = title
        self._prompt = prompt
        self._choices = list(choices)
        self._shown: list[int] = list(range(len(self._choices)))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"[b]{escape(self._title)}[/b]", classes="dialog-title")
            if self._prompt:
                yield Static(escape(self._prompt), classes="dialog-body")
            yield Input(placeholder="Type to narrow the list", id="choice-filter")
            yield OptionList(id="choices")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#choice-filter", Input).focus()

    def _fill(self, text: str) -> None:
        words = text.lower().split()
        self._shown = [
            i
            for i, (label, _) in enumerate(self._choices)
            if all(w in label.lower() for w in words)
        ]
        options = self.query_one("#choices", OptionList)
        options.clear_options()
        options.add_options(
            [Option(escape(self._choices[i][0]), id=str(i)) for i in self._shown]
            or [Option("Nothing matches.", disabled=True)]
        )
        if self._shown:
            options.highlighted = 0

    @on(Input.Changed, "#choice-filter")
    def narrow(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def action_move(self, step: int) -> None:
        options = self.query_one("#choices", OptionList)
        if self._shown:
            current = options.highlighted or 0
            options.highlighted = max(0, min(len(self._shown) - 1, current + step))

    @on(Input.Submitted, "#choice-filter")
    def choose_highlighted(self) -> None:
        options = self.query_one("#choices", OptionList)
        if self._shown and options.highlighted is not None:
            self.dismiss(self._choices[self._shown[options.highlighted]][1])

    @on(OptionList.OptionSelected, "#choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self._choices[int(event.option.id)][1])

    def action_cancel(self) -> None:
        self.dismiss(None)
